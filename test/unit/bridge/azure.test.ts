// The Azure services through the browser-mode bridge, against the local HTTPS Azure emulator (real SDK
// clients, real HTTP bridge, the renderer's HTTP client): sign-in with a pre-obtained token, progress
// events, preflight, prepare (dry run and real), public IP, sign-out.
import '../../support/azure-emulator/trust.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, USERS, type AzureEmulator } from '../../support/azure-emulator/emulator-helpers.ts';
import { availableBackends } from '../../../electron/services/wizard-api/backends.ts';
import { createHttpClient } from '../../../renderer/bridge/http-client.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import type { OperationEvent, WizardApi } from '../../../shared/api/wizard-api.ts';
import { startFixture, type Fixture } from './helpers.ts';

let emu: AzureEmulator;
let f: Fixture;
let api: WizardApi;
const project = exampleProject();
const region = project.regions[0]!.variables.PxVmssRegion;

before(async () => {
  emu = await startEmulator();
  const env = {
    TCW_AZURE_ARM_ENDPOINT: emu.urls.arm,
    TCW_AZURE_GRAPH_ENDPOINT: emu.urls.graph,
    TCW_AZURE_AUTHORITY_HOST: emu.urls.login,
    TCW_AZURE_ACCESS_TOKEN: emu.issueToken(USERS.owner, 'arm'),
    TCW_AZURE_GRAPH_TOKEN: emu.issueToken(USERS.owner, 'graph'),
  };
  const { azure } = availableBackends(env);
  f = await startFixture({ azure: azure! });
  api = createHttpClient({ baseUrl: f.bridge.origin, token: f.bridge.token, reconnectDelayMs: 50 });
});
after(async () => {
  await f.cleanup();
  await emu.close();
});

test('Azure calls before sign-in say to sign in first', async () => {
  assert.equal((await api.info()).azureSignedIn, false);
  await assert.rejects(api.azurePreflight({ project, region }, 'pre-0'), /Sign in to Azure first/);
});

test('sign-in, preflight, prepare and public IP over the bridge, with progress events', async () => {
  const events: OperationEvent[] = [];
  const off = api.onEvent((e) => events.push(e));
  try {
    await new Promise((r) => setTimeout(r, 100));
    const account = await api.azureSignIn({ method: 'browser' }, 'signin-1');
    assert.deepEqual(
      account.subscriptions.map((s) => s.id),
      [project.regions[0]!.variables.PxSubscriptionId],
    );
    assert.equal((await api.info()).azureSignedIn, true);

    const pre = await api.azurePreflight({ project, region }, 'pre-1');
    assert.equal(pre.facts.vcpuNeeded, 4 * Number(project.regions[0]!.variables.PxTeamsConnInstanceCount));
    assert.equal(typeof pre.facts.skuAvailable, 'boolean');

    const dry = await api.azurePrepare({ project, region, owner: null, dryRun: true }, 'prep-dry');
    assert.match(dry.powershell, /New-AzResourceGroup/);
    assert.ok(dry.requests.length > 0 && dry.requests.every((r) => r.method !== 'GET'));
    assert.equal(
      emu.state.resourceGroups.some((g) => /static-RG/.test(g.name)),
      false,
      'a dry run creates nothing',
    );

    const real = await api.azurePrepare({ project, region, owner: null, dryRun: false }, 'prep-1');
    assert.ok(real.done.length > 0, JSON.stringify(real));
    assert.equal(
      emu.state.resourceGroups.some((g) => g.name === 'contoso-TeamsConn-eu-static-RG'),
      true,
    );

    const ip = await api.azurePublicIp({ project, region }, 'ip-1');
    assert.ok(Array.isArray(ip.findings));

    await new Promise((r) => setTimeout(r, 100));
    const ops = new Set(events.map((e) => e.opId));
    for (const id of ['signin-1', 'pre-1', 'prep-1'])
      assert.ok(ops.has(id), `no events for ${id}: ${JSON.stringify(events)}`);
    assert.ok(
      events.some((e) => e.opId === 'signin-1' && e.kind === 'log' && /TCW_AZURE_ACCESS_TOKEN/.test(e.message)),
    );
    // Tokens never travel to the page.
    assert.doesNotMatch(JSON.stringify(events), /\.emu\b/);
  } finally {
    off();
  }
});

test('sign-out forgets the session', async () => {
  await api.azureSignOut();
  assert.equal((await api.info()).azureSignedIn, false);
  await assert.rejects(api.azurePublicIp({ project, region }, 'ip-2'), /Sign in to Azure first/);
});

test('an unknown sign-in method is refused with the choices', async () => {
  await assert.rejects(
    api.azureSignIn({ method: 'magic' as never }, 'signin-x'),
    /method: .*browser.*device-code.*azure-cli/,
  );
});
