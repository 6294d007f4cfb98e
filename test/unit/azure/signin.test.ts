// Sign-in as real tenants see it, against the emulator with the real @azure/identity credentials:
// prompts counted at the login endpoints (device codes handed out), sign-out leaving nothing on
// disk, two tenants, claims challenges and paged lists.
import '../../support/azure-emulator/trust.ts';
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmulator,
  defaultState,
  endpointsFor,
  tokenContext,
  USERS,
  ROLE,
  type AzureEmulator,
} from '../../support/azure-emulator/emulator-helpers.ts';
import { createAzureBackend } from '../../../electron/services/wizard-api/azure-backend.ts';
import type { OpContext } from '../../../electron/services/wizard-api/operation-hub.ts';
import {
  createCredentials,
  preflight,
  prepare,
  signIn,
  type AzureContext,
} from '../../../electron/services/azure/azure-layer.ts';
import { TEST_RETRY } from '../../support/azure-emulator/emulator-helpers.ts';
import { main } from '../../../electron/cli/main.ts';
import type { CliIo } from '../../../electron/cli/io.ts';
import { exampleProject, exampleRegion } from '../../../shared/model/example.ts';
import type { Project } from '../../../shared/model/project.ts';

const SUB = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SUB_B = '9b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
const TENANT_B = 'f00dbabe-0000-4000-8000-00000000000b';

let emu: AzureEmulator;
let dir: string;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.close();
});
beforeEach(() => {
  Object.assign(emu.state, defaultState());
  // The device-code user (Alice) is Owner too, so prepare goes all the way.
  emu.state.roleAssignments.push({
    name: 'a0a0a0a0-0000-4000-8000-000000000001',
    scope: `/subscriptions/${SUB}`,
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}`,
    principalId: USERS.alice,
    principalType: 'User',
  });
  emu.clearFaults();
  emu.requests.splice(0);
  dir = mkdtempSync(join(tmpdir(), 'tcw-signin-'));
});

function project(overrides: Parameters<typeof exampleRegion>[0] = {}): Project {
  const p = exampleProject();
  p.regions = [exampleRegion(overrides)];
  return p;
}

/** A second tenant where Alice is a guest, with one subscription of its own. */
function addTenantB() {
  emu.state.otherTenants.push({
    tenantId: TENANT_B,
    displayName: 'Fabrikam',
    defaultDomain: 'fabrikam.onmicrosoft.com',
    members: [USERS.alice],
  });
  emu.state.subscriptions.push({
    subscriptionId: SUB_B,
    displayName: 'Fabrikam Video',
    state: 'Enabled',
    tenantId: TENANT_B,
  });
  emu.state.roleAssignments.push({
    name: 'b0b0b0b0-0000-4000-8000-000000000002',
    scope: `/subscriptions/${SUB_B}`,
    roleDefinitionId: `/subscriptions/${SUB_B}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}`,
    principalId: USERS.alice,
    principalType: 'User',
  });
}

const protector = {
  protect: (s: string) => Buffer.from(`P1:${Buffer.from(s).toString('base64')}`),
  unprotect: (b: Buffer) => Buffer.from(b.toString().slice(3), 'base64').toString(),
};

function op(codes: string[] = []): OpContext {
  return {
    opId: 'op',
    signal: new AbortController().signal,
    progress: () => undefined,
    log: () => undefined,
    deviceCode: (m) => void codes.push(m),
  };
}

function emuEnv() {
  return {
    TCW_AZURE_ARM_ENDPOINT: emu.urls.arm,
    TCW_AZURE_GRAPH_ENDPOINT: emu.urls.graph,
    TCW_AZURE_AUTHORITY_HOST: emu.urls.login,
  };
}

test('app: one device code for sign-in, none for the listing, preflight and prepare that follow; sign-out leaves an empty folder', async () => {
  const backend = createAzureBackend({ env: emuEnv(), devSwitches: true, persist: { dir, protector } });
  try {
    const codes: string[] = [];
    const account = await backend.signIn({ method: 'device-code' }, op(codes));
    assert.deepEqual(
      account.subscriptions.map((s) => s.id),
      [SUB],
    );
    assert.equal(emu.prompts().deviceCode, 1, 'one device code for the sign-in');
    assert.equal(codes.length, 1);
    const p = project();
    const region = p.regions[0]!.variables.PxVmssRegion;
    await backend.preflight({ project: p, region }, op());
    const r = await backend.prepare({ project: p, region, owner: { upn: 'owner@contoso.com' }, dryRun: false }, op());
    assert.ok(r.done.length >= 2, JSON.stringify(r));
    assert.deepEqual(emu.prompts(), { deviceCode: 1, authorize: 0 }, 'no further prompt for preflight and prepare');

    const files = readdirSync(dir);
    assert.ok(files.includes('tcw.tokencache'), `the real cache file name: ${files.join(', ')}`);
    assert.ok(files.includes('azure-account.json'), files.join(', '));
    await backend.signOut();
    assert.deepEqual(readdirSync(dir), [], 'sign-out removes every cache file and the record');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sign-out also removes cache files under the names @azure/identity may use and left-over temp files', async () => {
  const { clearTokenCache } = await import('../../../electron/services/azure/azure-layer.ts');
  for (const f of [
    'tcw.tokencache',
    'tcw.cae.tokencache',
    'tcw.nocae.tokencache',
    'tcw.tokencache.0a1b2c3d4e5f.tmp',
    'azure-account.json',
    'settings.json',
  ])
    writeFileSync(join(dir, f), 'x');
  clearTokenCache(dir);
  assert.deepEqual(readdirSync(dir), ['settings.json'], 'only what is not ours stays');
  rmSync(dir, { recursive: true, force: true });
});

test('services: parallel callers wait for the first flow (4 clients at once: one device code)', async () => {
  const endpoints = endpointsFor(emu);
  const codes: string[] = [];
  const credentials = createCredentials({
    method: 'device-code',
    endpoints,
    onDeviceCode: (c) => codes.push(c.userCode),
  });
  const ctx: AzureContext = { endpoints, credentials, retry: TEST_RETRY };
  // No authenticate(): straight into a preflight, whose parallel wave would start a flow per client.
  const r = await preflight(ctx, { project: project(), region: 'eu' });
  assert.equal(r.facts.skuAvailable, true, JSON.stringify(r.findings));
  assert.equal(emu.prompts().deviceCode, 1);
  assert.equal(codes.length, 1);
});

async function tcw(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: { TCW_CONFIG_DIR: dir },
    cwd: dir,
    interactive: false,
  };
  const code = await main(['azure', ...args], io);
  return { code, out, err };
}
const cliEndpoints = () => [
  '--arm-endpoint',
  emu.urls.arm,
  '--graph-endpoint',
  emu.urls.graph,
  '--authority-host',
  emu.urls.login,
];

test('CLI: login prompts once; a preflight and a prepare with the saved record prompt once each (a new process, no token cache), never once per client', async () => {
  try {
    writeFileSync(join(dir, 'project.json'), JSON.stringify(project()));
    const login = await tcw(['login', '--device-code', ...cliEndpoints(), '--json']);
    assert.equal(login.code, 0, login.err + login.out);
    assert.equal(emu.prompts().deviceCode, 1);
    const pre = await tcw(['preflight', 'project.json', '--device-code', ...cliEndpoints(), '--json']);
    assert.equal(pre.code, 0, pre.out);
    assert.equal(emu.prompts().deviceCode, 2, 'one for the whole preflight (before: 4, one per parallel client)');
    const prep = await tcw([
      'prepare',
      'project.json',
      '--device-code',
      '--owner-upn',
      'owner@contoso.com',
      '--yes',
      ...cliEndpoints(),
      '--json',
    ]);
    assert.equal(prep.code, 0, prep.out);
    assert.equal(emu.prompts().deviceCode, 3);
    assert.equal(emu.prompts().authorize, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("two tenants: sign-in lists both tenants and each one's subscriptions with that tenant's token; work in the other tenant uses its token", async () => {
  addTenantB();
  const endpoints = endpointsFor(emu);
  const credentials = createCredentials({ method: 'device-code', endpoints });
  const ctx: AzureContext = { endpoints, credentials, retry: TEST_RETRY };
  const r = await signIn(ctx);
  assert.deepEqual(r.tenants.map((t) => t.tenantId).sort(), [emu.state.tenantId, TENANT_B].sort());
  assert.deepEqual(
    r.account.subscriptions.map((s) => [s.id, s.tenantId]).sort(),
    [
      [SUB, emu.state.tenantId],
      [SUB_B, TENANT_B],
    ].sort(),
  );
  const listings = emu.requests.filter((q) => q.listener === 'arm' && q.path === '/subscriptions');
  assert.equal(listings.length, 2, 'one listing per tenant');
  emu.requests.splice(0);
  const p = project({ PxSubscriptionId: SUB_B });
  const pre = await preflight(ctx, { project: p, region: 'eu' });
  assert.equal(pre.facts.skuAvailable, true, JSON.stringify(pre.findings));
  assert.equal(emu.requests.filter((q) => q.status === 401).length, 0, "no request with the wrong tenant's token");
  assert.equal(emu.prompts().deviceCode, 0, 'no prompt after the sign-in');
});

test('two tenants: without a listing, InvalidAuthenticationTokenTenant is answered by asking for the tenant ARM names (CLI)', async () => {
  addTenantB();
  try {
    writeFileSync(join(dir, 'project.json'), JSON.stringify(project({ PxSubscriptionId: SUB_B })));
    const pre = await tcw(['preflight', 'project.json', '--device-code', ...cliEndpoints(), '--json']);
    assert.equal(pre.code, 0, pre.out);
    const wrong = emu.requests.filter((q) => q.status === 401);
    assert.ok(wrong.length > 0, 'the first wave met the wrong tenant');
    const facts = (JSON.parse(pre.out) as { facts: { skuAvailable: boolean } }).facts;
    assert.equal(facts.skuAvailable, true);
    assert.equal(emu.prompts().deviceCode, 1, "the other tenant's token came silently");
    // A subscription the home tenant's token is refused for, with a pre-obtained token: a clear auth finding.
    const ctx = tokenContext(emu, USERS.alice);
    const r = await preflight(ctx, { project: project({ PxSubscriptionId: SUB_B }), region: 'eu' });
    assert.ok(
      r.findings.some((f) => f.code === 'azure.auth-failed'),
      JSON.stringify(r.findings),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a claims challenge (CAE) is answered silently with a new token, and the request goes through', async () => {
  const endpoints = endpointsFor(emu);
  const credentials = createCredentials({ method: 'device-code', endpoints });
  const ctx: AzureContext = { endpoints, credentials, retry: TEST_RETRY };
  await signIn(ctx);
  emu.requests.splice(0);
  emu.inject({ listener: 'arm', method: 'GET', path: /\/providers$/, claims: true });
  const r = await preflight(ctx, { project: project(), region: 'eu' });
  assert.equal(r.facts.automationAvailable, true, JSON.stringify(r.findings));
  const tokenCalls = emu.requests.filter((q) => q.listener === 'login' && q.path.endsWith('/token'));
  assert.ok(
    tokenCalls.some((q) => JSON.stringify(q.body).includes('claims')),
    'the token request carried the claims',
  );
  assert.equal(emu.prompts().deviceCode, 0);
});

test('paged lists: subscriptions and tenants follow nextLink', async () => {
  emu.state.pageSize = 1;
  for (let i = 0; i < 3; i += 1)
    emu.state.subscriptions.push({
      subscriptionId: `00000000-0000-4000-8000-00000000000${i}`,
      displayName: `Extra ${i}`,
      state: 'Enabled',
      tenantId: emu.state.tenantId,
    });
  const r = await signIn(tokenContext(emu, USERS.owner));
  assert.equal(r.account.subscriptions.length, 4);
  assert.ok(emu.requests.filter((q) => q.path === '/subscriptions').length >= 4, 'one request per page');
  const pre = await preflight(tokenContext(emu, USERS.owner), { project: project(), region: 'eu' });
  assert.equal(pre.facts.automationAvailable, true, 'providers read across pages');
});

test('prepare: owner by object id gets the principal type Graph reports (a group); a wrong type is UnmatchedPrincipalType in the emulator', async () => {
  const GROUP = '44444444-4444-4444-8444-444444444444';
  emu.state.principals.push({ id: GROUP, displayName: 'Teams Connector admins', type: 'Group' });
  const ctx = tokenContext(emu, USERS.owner);
  const r = await prepare(ctx, { project: project(), region: 'eu', owner: { objectId: GROUP }, dryRun: false });
  assert.ok(
    r.findings.some((f) => f.code === 'azure.role-assigned'),
    JSON.stringify(r.findings),
  );
  const put = emu.requests.find((q) => q.method === 'PUT' && /roleassignments/i.test(q.path));
  assert.equal((put?.body as { properties: { principalType?: string } }).properties.principalType, 'Group');
  // The emulator refuses a mismatch the way ARM does.
  const { armClients } = await import('../../../electron/services/azure/arm-context.ts');
  const { authorization } = armClients(ctx, SUB);
  await assert.rejects(
    authorization.roleAssignments.create(`subscriptions/${SUB}`, '5a5a5a5a-0000-4000-8000-000000000005', {
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}`,
      principalId: GROUP,
      principalType: 'User',
    }),
    (e: { code?: string }) => e.code === 'UnmatchedPrincipalType',
  );
});

test('prepare: a static group still being deleted is explained and never PUT; a policy denial says so', async () => {
  const p = project();
  const rg = 'contoso-TeamsConn-eu-static-RG';
  emu.state.resourceGroups.push({
    subscriptionId: SUB,
    name: rg,
    location: 'westeurope',
    tags: {},
    provisioningState: 'Deleting',
  });
  const ctx = tokenContext(emu, USERS.owner);
  const pre = await preflight(ctx, { project: p, region: 'eu' });
  assert.ok(
    pre.findings.some((f) => f.code === 'azure.rg-being-deleted'),
    JSON.stringify(pre.findings),
  );
  const r = await prepare(ctx, { project: p, region: 'eu', owner: null, dryRun: false });
  assert.ok(
    r.findings.some((f) => f.code === 'azure.rg-being-deleted'),
    JSON.stringify(r.findings),
  );
  assert.equal(emu.armWrites().length, 0, 'no PUT on a deleting group');

  emu.state.resourceGroups.splice(0);
  emu.inject({
    listener: 'arm',
    method: 'PUT',
    path: /resourcegroups/i,
    status: 403,
    code: 'RequestDisallowedByPolicy',
    message:
      'Resource \'x\' was disallowed by policy. Policy identifiers: \'[{"policyAssignment":{"name":"Allowed locations"}}]\'.',
  });
  const denied = await prepare(ctx, { project: p, region: 'eu', owner: null, dryRun: false });
  const f = denied.findings.find((x) => x.code === 'azure.policy-denied');
  assert.ok(f, JSON.stringify(denied.findings));
  assert.match(f.message, /Allowed locations/);
});

test('preflight: a QuotaId restriction is a subscription-type limit, not a quota request', async () => {
  emu.state.skus = [
    {
      name: 'Standard_F4s',
      family: 'standardFSFamily',
      locations: ['westeurope'],
      restrictions: [{ type: 'Location', values: ['westeurope'], reasonCode: 'QuotaId' }],
    },
  ];
  const r = await preflight(tokenContext(emu, USERS.owner), { project: project(), region: 'eu' });
  const f = r.findings.find((x) => x.code === 'azure.sku-unavailable');
  assert.ok(f, JSON.stringify(r.findings));
  assert.match(f.message, /subscription/);
  assert.doesNotMatch(f.message, /support request/);
});

test('preflight before the static group exists: says the Owner check could not be made, with no silent subscription-scope call', async () => {
  const r = await preflight(tokenContext(emu, USERS.alice), { project: project(), region: 'eu' });
  assert.equal(r.facts.canActAsOwner, null);
  assert.ok(
    r.findings.some((f) => f.code === 'azure.owner-unverified'),
    JSON.stringify(r.findings),
  );
  assert.equal(
    emu.requests.filter((q) =>
      /^\/subscriptions\/[^/]+\/providers\/microsoft\.authorization\/permissions$/i.test(q.path),
    ).length,
    0,
  );
});
