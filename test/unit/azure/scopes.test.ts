// Every SDK client asks for the token of the cloud it talks to. The modular clients (resources 8,
// network 39, compute 25, keyvault 5) default to the public cloud's scope and host when `endpoint`
// and `credentials.scopes` are missing, which fails on US Gov and China; pre-issued tokens in the
// emulator tests cannot notice that. Here a credential refuses any other scope and a recording
// transport answers without touching the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { CLOUD_NAMES, resolveEndpoints, type AzureEndpoints } from '../../../electron/services/azure/clouds.ts';
import { armClients, graphGet, type AzureContext } from '../../../electron/services/azure/arm-context.ts';
import { listSubscriptions } from '../../../electron/services/azure/account.ts';

class ScopeAssertingCredential implements TokenCredential {
  readonly asked: string[] = [];
  constructor(
    private readonly expected: string,
    private readonly label: string,
  ) {}
  async getToken(scopes: string | string[], _o?: GetTokenOptions): Promise<AccessToken> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    this.asked.push(...list);
    assert.deepEqual(list, [this.expected], `${this.label} credential was asked for ${list.join(' ')}`);
    return { token: `token-for-${this.expected}`, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: 'Bearer' };
  }
}

function recorder(): HttpClient & { seen: PipelineRequest[] } {
  const seen: PipelineRequest[] = [];
  return {
    seen,
    async sendRequest(request) {
      seen.push(request);
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        bodyAsText: JSON.stringify({ value: [], id: 'x', location: 'westeurope', name: 'x' }),
      };
    },
  };
}

async function drain<T>(it: AsyncIterable<T>): Promise<void> {
  for await (const _ of it) {
    /* pages are empty */
  }
}

for (const cloud of CLOUD_NAMES) {
  test(`${cloud}: every ARM client and Graph ask for this cloud's scope and send only to its hosts`, async () => {
    const endpoints: AzureEndpoints = resolveEndpoints({ cloud });
    const arm = new ScopeAssertingCredential(endpoints.armScope, 'ARM');
    const graph = new ScopeAssertingCredential(endpoints.graphScope, 'Graph');
    const http = recorder();
    const ctx: AzureContext = {
      endpoints,
      credentials: { method: 'token', arm, graph },
      httpClient: http,
      retry: { maxRetries: 0 },
    };
    const sub = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const c = armClients(ctx, sub);
    await c.resources.resourceGroups.get('rg');
    await drain(c.resources.providers.list());
    await drain(c.compute.resourceSkus.list());
    await drain(c.compute.usage.list('westeurope'));
    await drain(c.keyVault.vaults.listDeleted());
    await drain(c.authorization.permissions.listForResourceGroup('rg'));
    await c.network.publicIPAddresses.get('rg', 'ip');
    await drain(c.network.loadBalancers.list('rg'));
    await listSubscriptions(ctx);
    await graphGet(ctx, '/v1.0/users/someone');

    const armHost = new URL(endpoints.arm).host;
    const graphHost = new URL(endpoints.graph).host;
    assert.equal(http.seen.length, 10);
    for (const r of http.seen) {
      const host = new URL(r.url).host;
      assert.ok(host === armHost || host === graphHost, `${r.url} is not on ${armHost} or ${graphHost}`);
      const scope = host === graphHost ? endpoints.graphScope : endpoints.armScope;
      assert.equal(r.headers.get('authorization'), `Bearer token-for-${scope}`, r.url);
    }
    assert.equal(arm.asked.length >= 1, true);
    assert.ok(graph.asked.length >= 1);
  });
}

test('the three clouds have three different ARM scopes (the test above would not notice a shared default otherwise)', () => {
  const scopes = new Set(CLOUD_NAMES.map((c) => resolveEndpoints({ cloud: c }).armScope));
  assert.equal(scopes.size, 3);
});
