// The Azure services against the HTTPS emulator, with the real SDK clients and credentials.
import '../../support/azure-emulator/trust.ts';
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceCodeCredential } from '@azure/identity';
import {
  startEmulator,
  tokenContext,
  secretContext,
  endpointsFor,
  countWaves,
  defaultState,
  USERS,
  ROLE,
  type AzureEmulator,
} from '../../support/azure-emulator/emulator-helpers.ts';
import {
  preflight,
  preflightWithSnapshot,
  prepare,
  publicIp,
  signIn,
  createCredentials,
  configureTokenCache,
  saveAuthenticationRecord,
  loadAuthenticationRecord,
} from '../../../electron/services/azure/azure-layer.ts';
import { exampleProject, exampleRegion } from '../../../shared/model/example.ts';
import type { Project } from '../../../shared/model/project.ts';
import type { Finding } from '../../../shared/model/finding.ts';

const SUB = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const STATIC_RG = 'contoso-TeamsConn-eu-static-RG';
const codes = (f: Finding[]) => f.map((x) => x.code).sort();
const errors = (f: Finding[]) => f.filter((x) => x.severity === 'error');

function project(overrides: Parameters<typeof exampleRegion>[0] = {}): Project {
  const p = exampleProject();
  p.regions = [exampleRegion(overrides)];
  return p;
}

let emu: AzureEmulator;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.close();
});
beforeEach(() => {
  // Fresh Azure for every test; the listeners stay.
  Object.assign(emu.state, defaultState());
  emu.clearFaults();
  emu.requests.splice(0);
  emu.latencyMs = 0;
});

const armOnly = () => emu.requests.filter((r) => r.listener !== 'login');

// ---------------------------------------------------------------------------------------------
// sign-in

test('sign-in: a real ClientSecretCredential gets its token from the emulator (OpenID discovery + token endpoint)', async () => {
  const r = await signIn(secretContext(emu));
  assert.equal(r.account.tenantId, emu.state.tenantId);
  assert.deepEqual(
    r.account.subscriptions.map((s) => s.id),
    [SUB],
  );
  assert.equal(r.tenants[0]?.defaultDomain, 'contoso.onmicrosoft.com');
  const login = emu.requests.filter((x) => x.listener === 'login').map((x) => `${x.method} ${x.path}`);
  assert.ok(login.includes(`GET /${emu.state.tenantId}/v2.0/.well-known/openid-configuration`), login.join('\n'));
  assert.ok(
    login.includes(`POST /${emu.state.tenantId}/oauth2/v2.0/token`),
    'login.includes(`POST /${emu.state.tenantId}/oauth2/v2.0/token`)',
  );
});

test('sign-in: environment service principal (EnvironmentCredential) and a wrong secret', async () => {
  const endpoints = endpointsFor(emu);
  const c = emu.state.clients[1]!;
  const env = { AZURE_TENANT_ID: emu.state.tenantId, AZURE_CLIENT_ID: c.clientId, AZURE_CLIENT_SECRET: c.secret };
  const saved = { ...process.env };
  Object.assign(process.env, env); // EnvironmentCredential reads process.env
  try {
    const ok = await signIn({ endpoints, credentials: createCredentials({ method: 'environment', endpoints, env }) });
    assert.equal(ok.account.userPrincipalName, 'alice@contoso.com');
    process.env.AZURE_CLIENT_SECRET = 'wrong';
    const bad = await preflight(
      {
        endpoints,
        credentials: createCredentials({
          method: 'environment',
          endpoints,
          env: { ...env, AZURE_CLIENT_SECRET: 'wrong' },
        }),
        retry: { maxRetries: 0 },
      },
      { project: project(), region: 'eu' },
    );
    assert.deepEqual(codes(bad.findings), ['azure.auth-failed'], 'one sign-in finding, not one per check');
    assert.match(bad.findings[0]!.message, /Sign in again/);
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  const missing = createCredentials({ method: 'environment', endpoints, env: {} });
  await assert.rejects(missing.arm.getToken(endpoints.armScope), /AZURE_TENANT_ID/);
});

test('sign-in: pre-obtained tokens; an unknown token is an auth finding', async () => {
  const r = await signIn(tokenContext(emu, USERS.alice));
  assert.equal(r.account.userPrincipalName, 'alice@contoso.com');
  const endpoints = endpointsFor(emu);
  const bogus = {
    endpoints,
    credentials: createCredentials({ method: 'token', endpoints, armToken: 'not-a-token' }),
    retry: { maxRetries: 0 },
  };
  const p = await preflight(bogus, { project: project(), region: 'eu' });
  assert.deepEqual(codes(p.findings), ['azure.auth-failed']);
  const noGraph = createCredentials({ method: 'token', endpoints, armToken: 'x' });
  await assert.rejects(noGraph.graph.getToken(endpoints.graphScope), /--graph-token-env/);
});

test('sign-in: device code shown through the callback; the record and the protected cache give a silent second sign-in', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcw-cache-'));
  // Stand-in for Electron safeStorage: reversible, and visibly not plain text.
  const protector = {
    protect: (s: string) => Buffer.from(`P1:${Buffer.from(s).toString('base64').split('').reverse().join('')}`),
    unprotect: (b: Buffer) => Buffer.from(b.toString().slice(3).split('').reverse().join(''), 'base64').toString(),
  };
  configureTokenCache({ dir, protector });
  try {
    const endpoints = endpointsFor(emu);
    const prompts: string[] = [];
    const first = createCredentials({
      method: 'device-code',
      endpoints,
      tenantId: emu.state.tenantId,
      clientId: 'bbbbbbbb-0000-4000-8000-00000000000b',
      cacheName: 'tcw-test',
      onDeviceCode: (p) => prompts.push(p.userCode),
    });
    const r1 = await signIn({ endpoints, credentials: first });
    assert.equal(prompts.length, 1, 'the user was shown one code');
    assert.match(prompts[0]!, /^EMU-/);
    assert.ok(r1.authenticationRecord, 'an authentication record to keep');
    assert.equal(r1.authenticationRecord!.username, 'alice@contoso.com');
    saveAuthenticationRecord(dir, r1.authenticationRecord!);
    const files = readdirSync(dir);
    assert.ok(
      files.some((f) => f.endsWith('.tokencache')),
      files.join(','),
    );
    for (const f of files.filter((x) => x.endsWith('.tokencache'))) {
      const raw = readFileSync(join(dir, f), 'utf8');
      assert.ok(raw.startsWith('P1:'), 'written through the protector');
      assert.doesNotMatch(raw, /access_token|AccessToken|secret/i);
    }
    // A new process would do this: load the record, build the credential, ask for a token.
    const devicecodeCalls = () => emu.requests.filter((x) => x.path.endsWith('/devicecode')).length;
    const before = devicecodeCalls();
    const record = loadAuthenticationRecord(dir);
    const second = new DeviceCodeCredential({
      tenantId: emu.state.tenantId,
      clientId: 'bbbbbbbb-0000-4000-8000-00000000000b',
      authorityHost: endpoints.authorityHost,
      disableInstanceDiscovery: true,
      authenticationRecord: record,
      tokenCachePersistenceOptions: { enabled: true, name: 'tcw-test' },
      disableAutomaticAuthentication: true,
    });
    const t = await second.getToken(endpoints.armScope);
    assert.ok(t.token, 't.token');
    assert.equal(devicecodeCalls(), before, 'no new device-code prompt: silent from the cache');
  } finally {
    configureTokenCache(null);
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// preflight

test('preflight: a good region has no error and sends its reads in one wave', async () => {
  emu.latencyMs = 40;
  const progress: number[] = [];
  const r = await preflight(
    tokenContext(emu, USERS.owner),
    { project: project(), region: 'eu' },
    { onProgress: (_m, f) => progress.push(f ?? -1) },
  );
  assert.deepEqual(errors(r.findings), []);
  assert.deepEqual(r.facts, {
    skuAvailable: true,
    automationAvailable: true,
    fsFamilyFree: 20,
    regionalFree: 16,
    vcpuNeeded: 12,
    staticGroupExists: false,
    canActAsOwner: null,
    deletedKeyVaults: [],
  });
  assert.ok(
    codes(r.findings).includes('azure.owner-unverified'),
    'before the group exists the Owner check says it could not be made',
  );
  assert.equal(countWaves(armOnly()), 1);
  assert.equal(emu.armWrites().length, 0, 'reads only');
  assert.equal(progress.at(-1), 1);
  const sku = emu.requests.find((x) => x.path.endsWith('/skus'))!;
  assert.equal(sku.query.get('$filter'), "location eq 'westeurope'");
});

test('preflight: Standard_F4s restricted for the subscription, and absent', async () => {
  const restricted = await preflight(tokenContext(emu, USERS.owner), {
    project: project({ PxAzureLocation: 'northeurope' }),
    region: 'eu',
  });
  assert.equal(restricted.facts.skuAvailable, false);
  assert.match(
    restricted.findings.find((f) => f.code === 'azure.sku-unavailable')!.message,
    /NotAvailableForSubscription/,
  );
  const absent = await preflight(tokenContext(emu, USERS.owner), {
    project: project({ PxAzureLocation: 'brazilsouth' }),
    region: 'eu',
  });
  assert.ok(
    codes(absent.findings).includes('azure.sku-unavailable'),
    "codes(absent.findings).includes('azure.sku-unavailable')",
  );
  assert.ok(
    codes(absent.findings).includes('azure.automation-unavailable'),
    "codes(absent.findings).includes('azure.automation-unavailable')",
  );
  assert.equal(absent.facts.automationAvailable, false);
});

test('preflight: quota short on the regional total, with free and needed numbers', async () => {
  const r = await preflight(tokenContext(emu, USERS.owner), {
    project: project({ PxTeamsConnInstanceCount: '5' }),
    region: 'eu',
  });
  const q = r.findings.filter((f) => f.code === 'azure.quota-insufficient');
  assert.equal(q.length, 1, 'Fs family (20 free) suffices; regional total (16 free) does not');
  assert.match(q[0]!.message, /16 vCPU free/);
  assert.match(q[0]!.message, /need 20/);
  assert.equal(r.facts.vcpuNeeded, 20);
  const both = await preflight(tokenContext(emu, USERS.owner), {
    project: project({ PxTeamsConnInstanceCount: '6' }),
    region: 'eu',
  });
  assert.equal(both.findings.filter((f) => f.code === 'azure.quota-insufficient').length, 2);
});

test('preflight: not Owner (Contributor), then Owner on the group after prepare', async () => {
  const before = await preflight(tokenContext(emu, USERS.alice), { project: project(), region: 'eu' });
  assert.equal(before.facts.canActAsOwner, null, 'no group yet: not verifiable (and said so)');
  assert.ok(codes(before.findings).includes('azure.owner-unverified'));
  await prepare(tokenContext(emu, USERS.owner), { project: project(), region: 'eu', owner: null, dryRun: false });
  const alice = await preflight(tokenContext(emu, USERS.alice), { project: project(), region: 'eu' });
  assert.equal(alice.facts.canActAsOwner, false);
  assert.ok(codes(alice.findings).includes('azure.not-owner'), "codes(alice.findings).includes('azure.not-owner')");
  await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'alice@contoso.com' },
    dryRun: false,
  });
  const again = await preflight(tokenContext(emu, USERS.alice), { project: project(), region: 'eu' });
  assert.equal(again.facts.canActAsOwner, true);
  assert.equal(again.facts.staticGroupExists, true);
  assert.ok(!codes(again.findings).includes('azure.not-owner'), "!codes(again.findings).includes('azure.not-owner')");
});

test('preflight: soft-deleted Key Vaults from the static group or with the base-name prefix, in the same location only', async () => {
  const vid = (rg: string, n: string) =>
    `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${n}`;
  emu.state.deletedVaults = [
    {
      name: 'pxkv-a1b2c3',
      location: 'westeurope',
      vaultId: vid(STATIC_RG, 'pxkv-a1b2c3'),
      deletionDate: '2024-05-01T00:00:00Z',
      scheduledPurgeDate: '2024-07-30T00:00:00Z',
    },
    {
      name: 'contosoeukv',
      location: 'westeurope',
      vaultId: vid('other-rg', 'contosoeukv'),
      deletionDate: '2024-05-01T00:00:00Z',
      scheduledPurgeDate: '2024-07-30T00:00:00Z',
    },
    {
      name: 'contosoother',
      location: 'eastus',
      vaultId: vid(STATIC_RG, 'contosoother'),
      deletionDate: '2024-05-01T00:00:00Z',
      scheduledPurgeDate: '2024-07-30T00:00:00Z',
    },
    {
      name: 'unrelated',
      location: 'westeurope',
      vaultId: vid('unrelated-rg', 'unrelated'),
      deletionDate: '2024-05-01T00:00:00Z',
      scheduledPurgeDate: '2024-07-30T00:00:00Z',
    },
  ];
  const r = await preflight(tokenContext(emu, USERS.owner), { project: project(), region: 'eu' });
  assert.deepEqual(r.facts.deletedKeyVaults.sort(), ['contosoeukv', 'pxkv-a1b2c3']);
  const f = r.findings.filter((x) => x.code === 'azure.deleted-key-vault');
  assert.equal(f.length, 2);
  assert.match(f[0]!.message, /Remove-AzKeyVault -VaultName '.+' -Location 'westeurope' -InRemovedState -Force/);
});

test('preflight: unregistered provider is a warning; static group in another location is an error', async () => {
  emu.state.providers.find((p) => p.namespace === 'Microsoft.BotService')!.registrationState = 'NotRegistered';
  emu.state.resourceGroups.push({ subscriptionId: SUB, name: STATIC_RG, location: 'eastus', tags: {} });
  const r = await preflight(tokenContext(emu, USERS.owner), { project: project(), region: 'eu' });
  const pr = r.findings.find((f) => f.code === 'azure.provider-unregistered')!;
  assert.equal(pr.severity, 'warning');
  assert.match(pr.message, /Register-AzResourceProvider -ProviderNamespace 'Microsoft.BotService'/);
  assert.equal(r.findings.find((f) => f.code === 'azure.rg-location-mismatch')?.severity, 'error');
});

test('preflight: a refused read (403) leaves that fact unknown and the rest checked', async () => {
  emu.inject({ listener: 'arm', path: /usages$/, status: 403, code: 'AuthorizationFailed', message: 'no' });
  const r = await preflight(tokenContext(emu, USERS.owner), { project: project(), region: 'eu' });
  assert.equal(r.facts.fsFamilyFree, null);
  assert.equal(r.facts.skuAvailable, true);
  const f = r.findings.find((x) => x.code === 'azure.check-failed')!;
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /vCPU quota/);
});

test('preflight: 429 with Retry-After and a dropped connection are retried by the SDK pipeline', async () => {
  emu.inject({ listener: 'arm', path: /\/skus$/, status: 429, code: 'TooManyRequests', retryAfterSeconds: 1 });
  emu.inject({ listener: 'arm', path: /deletedVaults$/i, drop: true });
  const started = Date.now();
  const r = await preflight(tokenContext(emu, USERS.owner), { project: project(), region: 'eu' });
  assert.deepEqual(errors(r.findings), []);
  assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
  assert.equal(emu.requests.filter((x) => x.path.endsWith('/skus')).length, 2);
  assert.equal(emu.requests.filter((x) => /deletedVaults$/i.test(x.path)).length, 2);
});

// ---------------------------------------------------------------------------------------------
// prepare

test('prepare: creates the group with tags and assigns Owner with a deterministic name; a re-run changes nothing', async () => {
  const ctx = tokenContext(emu, USERS.owner);
  const req = { project: project(), region: 'eu', owner: { upn: 'alice@contoso.com' }, dryRun: false };
  emu.latencyMs = 150; // long enough that parallel requests overlap even on a busy 2-core machine (TLS set-up included)
  const r = await prepare(ctx, req);
  emu.latencyMs = 0;
  assert.deepEqual(errors(r.findings), []);
  assert.deepEqual(r.remaining, []);
  assert.equal(r.done.length, 2);
  const g = emu.state.resourceGroups.filter((x) => x.name === STATIC_RG);
  assert.equal(g.length, 1);
  assert.equal(g[0]!.location, 'westeurope');
  assert.deepEqual(g[0]!.tags, { ResourceOwner: 'video-team@example.com', CostCenter: 'Video Services' });
  const owners = () =>
    emu.state.roleAssignments.filter((a) => a.principalId === USERS.alice && a.roleDefinitionId.endsWith(ROLE.owner));
  assert.equal(owners().length, 1);
  assert.equal(owners()[0]!.scope, `/subscriptions/${SUB}/resourceGroups/${STATIC_RG}`);
  const name = owners()[0]!.name;
  assert.equal(countWaves(armOnly()), 3, 'read ∥ Graph lookup, create group, assign role');

  emu.requests.splice(0);
  const again = await prepare(ctx, req);
  assert.deepEqual(errors(again.findings), []);
  assert.match(again.done.join('\n'), /already there, nothing to change/);
  assert.match(again.done.join('\n'), /already assigned/);
  assert.equal(emu.state.resourceGroups.length, 1, 'no duplicate group');
  assert.equal(owners().length, 1, 'no duplicate assignment');
  assert.equal(owners()[0]!.name, name);
  assert.deepEqual(
    emu.armWrites().map((w) => w.method),
    ['PUT'],
    'only the role PUT, answered RoleAssignmentExists',
  );
  assert.equal(emu.armWrites()[0]!.status, 409);
});

test('preflight + prepare with the preflight snapshot: 3 sequential waves, no second read of the group', async () => {
  const ctx = tokenContext(emu, USERS.owner);
  const req = { project: project(), region: 'eu' };
  emu.latencyMs = 300; // long enough that parallel requests overlap even on a busy 2-core machine (TLS set-up included)
  const pf = await preflightWithSnapshot(ctx, req);
  const pfWaves = countWaves(armOnly());
  assert.equal(pf.staticGroup?.group, null, 'the group does not exist yet');
  assert.equal(pf.staticGroup?.name, STATIC_RG);
  emu.requests.splice(0);
  const r = await prepare(
    ctx,
    { ...req, owner: { upn: 'alice@contoso.com' }, dryRun: false },
    { knownStaticGroup: pf.staticGroup },
  );
  emu.latencyMs = 0;
  assert.deepEqual(errors(r.findings), []);
  assert.deepEqual(r.remaining, []);
  assert.equal(pfWaves, 1);
  assert.equal(countWaves(armOnly()), 2, 'create group ∥ Graph lookup, then assign role');
  assert.equal(
    armOnly().filter((x) => x.method === 'GET' && x.listener === 'arm').length,
    0,
    'no GET of the group in prepare',
  );
  assert.equal(emu.state.resourceGroups.filter((x) => x.name === STATIC_RG).length, 1);
  assert.ok(emu.state.roleAssignments.some((a) => a.principalId === USERS.alice && a.scope.endsWith(STATIC_RG)));
});

test('prepare with a snapshot of an existing group merges its tags; stale or foreign snapshots are not used', async () => {
  emu.state.resourceGroups.push({
    subscriptionId: SUB,
    name: STATIC_RG,
    location: 'westeurope',
    tags: { Keep: 'me', CostCenter: 'old' },
  });
  const ctx = tokenContext(emu, USERS.owner);
  const req = { project: project(), region: 'eu' };
  const { staticGroup } = await preflightWithSnapshot(ctx, req);
  assert.deepEqual(staticGroup?.group, { location: 'westeurope', tags: { Keep: 'me', CostCenter: 'old' } });
  emu.requests.splice(0);
  const r = await prepare(ctx, { ...req, owner: null, dryRun: false }, { knownStaticGroup: staticGroup });
  assert.deepEqual(errors(r.findings), []);
  assert.deepEqual(emu.state.resourceGroups[0]!.tags, {
    Keep: 'me',
    CostCenter: 'Video Services',
    ResourceOwner: 'video-team@example.com',
  });
  assert.deepEqual(
    emu.requests.filter((x) => x.listener === 'arm').map((x) => x.method),
    ['PUT'],
    'the tag PUT only',
  );

  // Too old, another group name, or another subscription: prepare reads the group itself.
  emu.state.resourceGroups[0]!.tags = { Added: 'later' };
  for (const snap of [
    { ...staticGroup!, readAt: Date.now() - 11 * 60_000 },
    { ...staticGroup!, name: 'other-RG' },
    { ...staticGroup!, subscriptionId: '00000000-0000-4000-8000-000000000000' },
  ]) {
    emu.requests.splice(0);
    const again = await prepare(ctx, { ...req, owner: null, dryRun: false }, { knownStaticGroup: snap });
    assert.deepEqual(errors(again.findings), []);
    assert.equal(emu.requests.filter((x) => x.listener === 'arm' && x.method === 'GET').length, 1, 'read first');
    assert.equal(emu.state.resourceGroups[0]!.tags.Added, 'later', 'a tag added since the snapshot is kept');
  }
});

test('prepare with a snapshot: a group in another location stops before any request; an unknown owner leaves the created group reported', async () => {
  const ctx = tokenContext(emu, USERS.owner);
  const base = { subscriptionId: SUB, name: STATIC_RG, readAt: Date.now() };
  const r = await prepare(
    ctx,
    { project: project(), region: 'eu', owner: { upn: 'alice@contoso.com' }, dryRun: false },
    { knownStaticGroup: { ...base, group: { location: 'eastus', tags: {} } } },
  );
  assert.deepEqual(codes(errors(r.findings)), ['azure.rg-location-mismatch']);
  assert.equal(armOnly().length, 0);
  assert.equal(r.remaining.length, 2);

  const nobody = await prepare(
    ctx,
    { project: project(), region: 'eu', owner: { upn: 'nobody@contoso.com' }, dryRun: false },
    { knownStaticGroup: { ...base, group: null } },
  );
  const e = errors(nobody.findings);
  assert.deepEqual(codes(e), ['azure.owner-not-found']);
  assert.match(e[0]!.message, /was created; nothing else was changed/);
  assert.match(nobody.done.join('\n'), /created/);
  assert.deepEqual(nobody.remaining, [`Owner role on ${STATIC_RG} for nobody@contoso.com`]);
  assert.equal(emu.state.roleAssignments.filter((a) => a.scope.endsWith(STATIC_RG)).length, 0);

  const dry = await prepare(
    ctx,
    { project: project(), region: 'eu', owner: { upn: 'alice@contoso.com' }, dryRun: true },
    { knownStaticGroup: { ...base, group: null } },
  );
  assert.deepEqual(errors(dry.findings), []);
  assert.deepEqual(
    dry.requests.map((w) => w.method),
    ['PUT', 'PUT'],
    'dry run: group and role, nothing sent',
  );
});

test('prepare: an existing group keeps its other tags and gets the missing ones', async () => {
  emu.state.resourceGroups.push({
    subscriptionId: SUB,
    name: STATIC_RG,
    location: 'westeurope',
    tags: { Keep: 'me', CostCenter: 'old' },
  });
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: null,
    dryRun: false,
  });
  assert.deepEqual(errors(r.findings), []);
  assert.deepEqual(emu.state.resourceGroups[0]!.tags, {
    Keep: 'me',
    CostCenter: 'Video Services',
    ResourceOwner: 'video-team@example.com',
  });
  assert.match(r.done[0]!, /existed; tags added/);
});

test('prepare: a group in another location is an error and nothing is written', async () => {
  emu.state.resourceGroups.push({ subscriptionId: SUB, name: STATIC_RG, location: 'eastus', tags: {} });
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'alice@contoso.com' },
    dryRun: false,
  });
  assert.deepEqual(codes(errors(r.findings)), ['azure.rg-location-mismatch']);
  assert.equal(emu.armWrites().length, 0);
  assert.equal(r.remaining.length, 2);
});

test('prepare: a guest given by mail address is found as the #EXT# account', async () => {
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'bob@fabrikam.com' },
    dryRun: false,
  });
  assert.deepEqual(errors(r.findings), []);
  assert.ok(
    emu.state.roleAssignments.some((a) => a.principalId === USERS.bobGuest && a.scope.endsWith(STATIC_RG)),
    'emu.state.roleAssignments.some((a) => a.principalId === USERS.bobGuest && a.scop',
  );
  assert.match(
    r.powershell,
    /New-AzRoleAssignment -ObjectId '33333333-3333-4333-8333-333333333333' -RoleDefinitionName "Owner"/,
  );
  const filter = emu.requests
    .filter((x) => x.listener === 'graph' && x.path === '/v1.0/users')
    .map((x) => x.query.get('$filter'));
  assert.ok(filter.includes("startswith(userPrincipalName,'bob_fabrikam.com#EXT#')"), filter.join(' | '));
});

test('prepare: unknown user and malformed object id stop before any write', async () => {
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'nobody@contoso.com' },
    dryRun: false,
  });
  assert.deepEqual(codes(errors(r.findings)), ['azure.owner-not-found']);
  const bad = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { objectId: 'alice' },
    dryRun: false,
  });
  assert.deepEqual(codes(errors(bad.findings)), ['azure.owner-not-found']);
  assert.equal(emu.armWrites().length, 0);
  assert.equal(emu.state.resourceGroups.length, 0);
});

test('prepare: AuthorizationFailed on the role assignment is explained, nothing further attempted, half-way state reported', async () => {
  const r = await prepare(tokenContext(emu, USERS.alice), {
    project: project(),
    region: 'eu',
    owner: { objectId: USERS.alice },
    dryRun: false,
  });
  const e = errors(r.findings);
  assert.deepEqual(codes(e), ['azure.authorization-failed']);
  assert.match(e[0]!.message, /Owner of the subscription/);
  assert.match(r.done.join(), /created/);
  assert.deepEqual(r.remaining, [`Owner role on ${STATIC_RG} for object id ${USERS.alice}`]);
  assert.equal(emu.armWrites().filter((w) => w.path.includes('roleAssignments')).length, 1, 'no retry of a 403');
});

test('prepare: AuthorizationFailed creating the group leaves both steps remaining', async () => {
  emu.inject({
    listener: 'arm',
    method: 'PUT',
    path: /resourcegroups\/[^/]+$/i,
    status: 403,
    code: 'AuthorizationFailed',
    message: 'denied',
  });
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'alice@contoso.com' },
    dryRun: false,
  });
  assert.deepEqual(codes(errors(r.findings)), ['azure.authorization-failed']);
  assert.deepEqual(r.done, []);
  assert.equal(r.remaining.length, 2);
  assert.equal(emu.armWrites().length, 1);
});

test('prepare: PrincipalNotFound (replication) is retried with bounded backoff', async () => {
  emu.state.users.find((u) => u.id === USERS.alice)!.replicationDelay = 2;
  const ok = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { objectId: USERS.alice },
    dryRun: false,
  });
  assert.deepEqual(errors(ok.findings), []);
  assert.equal(emu.armWrites().filter((w) => w.path.includes('roleAssignments')).length, 3);

  Object.assign(emu.state, defaultState());
  emu.requests.splice(0);
  emu.state.users.find((u) => u.id === USERS.alice)!.replicationDelay = 100;
  const ctx = tokenContext(emu, USERS.owner, { principalNotFoundDelaysMs: [10, 10] });
  const gave = await prepare(ctx, {
    project: project(),
    region: 'eu',
    owner: { objectId: USERS.alice },
    dryRun: false,
  });
  assert.deepEqual(codes(errors(gave.findings)), ['azure.principal-not-found']);
  assert.equal(
    emu.armWrites().filter((w) => w.path.includes('roleAssignments')).length,
    3,
    'first try + 2 bounded retries',
  );
  assert.match(gave.done.join(), /created/);
  assert.equal(gave.remaining.length, 1);
});

test('prepare: 429 honours Retry-After and 500 is retried once by the SDK, never doubled by us', async () => {
  emu.inject({
    listener: 'arm',
    method: 'PUT',
    path: /resourcegroups\/[^/]+$/i,
    status: 429,
    code: 'TooManyRequests',
    retryAfterSeconds: 1,
  });
  emu.inject({ listener: 'arm', method: 'PUT', path: /roleAssignments/i, status: 500, code: 'InternalServerError' });
  const t0 = Date.now();
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'alice@contoso.com' },
    dryRun: false,
  });
  assert.deepEqual(errors(r.findings), []);
  assert.ok(Date.now() - t0 >= 950, 'Date.now() - t0 >= 950');
  const puts = emu.armWrites();
  assert.deepEqual(
    puts.map((p) => p.status),
    [429, 201, 500, 201],
  );
});

test('prepare: a persistent 500 ends after the SDK retry budget with the state reported', async () => {
  emu.inject({
    listener: 'arm',
    method: 'PUT',
    path: /roleAssignments/i,
    status: 500,
    code: 'InternalServerError',
    times: 50,
  });
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'alice@contoso.com' },
    dryRun: false,
  });
  assert.deepEqual(codes(errors(r.findings)), ['azure.request-failed']);
  assert.equal(
    emu.armWrites().filter((w) => w.path.includes('roleAssignments')).length,
    4,
    'maxRetries 3 → 4 attempts',
  );
  assert.match(r.done.join(), /created/);
  assert.equal(r.remaining.length, 1);
});

test('prepare dry run: sends no writes, lists the exact ARM requests and the PowerShell', async () => {
  const r = await prepare(tokenContext(emu, USERS.owner), {
    project: project(),
    region: 'eu',
    owner: { upn: 'alice@contoso.com' },
    dryRun: true,
  });
  assert.equal(emu.armWrites().length, 0);
  assert.equal(emu.state.resourceGroups.length, 0);
  assert.deepEqual(
    r.requests.map((q) => q.method),
    ['PUT', 'PUT'],
  );
  assert.ok(
    r.requests[0]!.url.startsWith(`${emu.urls.arm}/subscriptions/${SUB}/resourcegroups/${STATIC_RG}?api-version=`),
    'r.requests[0]!.url.startsWith(`${emu.urls.arm}/subscriptions/${SUB}/resourcegrou',
  );
  assert.deepEqual(r.requests[0]!.body, {
    location: 'westeurope',
    tags: { ResourceOwner: 'video-team@example.com', CostCenter: 'Video Services' },
  });
  assert.match(
    r.requests[1]!.url,
    /\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}\?api-version=/,
  );
  assert.equal((r.requests[1]!.body as { properties: { principalId: string } }).properties.principalId, USERS.alice);
  assert.match(
    r.powershell,
    /New-AzResourceGroup -Name 'contoso-TeamsConn-eu-static-RG' -Location 'westeurope' -Force -Tag \$tags/,
  );
  assert.match(
    r.powershell,
    /New-AzRoleAssignment -SignInName 'alice@contoso.com' -RoleDefinitionName "Owner" -ResourceGroupName 'contoso-TeamsConn-eu-static-RG'/,
  );
  const offline = await prepare(null, {
    project: project(),
    region: 'eu',
    owner: { upn: 'alice@contoso.com' },
    dryRun: true,
  });
  assert.deepEqual(offline.requests, []);
  assert.ok(
    codes(offline.findings).includes('azure.dry-run-offline'),
    "codes(offline.findings).includes('azure.dry-run-offline')",
  );
  assert.match(offline.powershell, /New-AzRoleAssignment/);
});

test('prepare: cancelling mid-way reports what exists and what remains', async () => {
  emu.latencyMs = 150;
  const ac = new AbortController();
  const p = prepare(
    tokenContext(emu, USERS.owner),
    { project: project(), region: 'eu', owner: { objectId: USERS.alice }, dryRun: false },
    {
      signal: ac.signal,
      onProgress: (m) => {
        if (m.startsWith('Creating')) setTimeout(() => ac.abort(), 20);
      },
    },
  );
  const r = await p;
  assert.ok(codes(r.findings).includes('azure.cancelled'), JSON.stringify(r.findings));
  assert.ok(r.remaining.length >= 1, 'r.remaining.length >= 1');
});

// ---------------------------------------------------------------------------------------------
// public IP

test('public IP: load balancer in the dynamic group → Public IP in the static group → DNS A line', async () => {
  emu.state.resourceGroups.push(
    { subscriptionId: SUB, name: 'contoso-TeamsConn-eu-RG', location: 'westeurope', tags: {} },
    { subscriptionId: SUB, name: STATIC_RG, location: 'westeurope', tags: {} },
  );
  emu.state.loadBalancers.push({
    resourceGroup: 'contoso-TeamsConn-eu-RG',
    name: 'contosoeu-lb',
    location: 'westeurope',
    frontendPublicIpIds: [
      `/subscriptions/${SUB}/resourceGroups/${STATIC_RG}/providers/Microsoft.Network/publicIPAddresses/contosoeu-pip`,
    ],
  });
  emu.state.publicIps.push({
    resourceGroup: STATIC_RG,
    name: 'contosoeu-pip',
    location: 'westeurope',
    ipAddress: '20.1.2.3',
  });
  const r = await publicIp(tokenContext(emu, USERS.alice), { project: project(), region: 'eu' });
  assert.deepEqual(r.findings, []);
  assert.equal(r.ip, '20.1.2.3');
  assert.equal(r.dnsRecord, 'pexip-teamsconn-eu.teams.example.com. IN A 20.1.2.3');
  assert.equal(countWaves(armOnly()), 2);
});

test('public IP: no dynamic group, no load balancer', async () => {
  const none = await publicIp(tokenContext(emu, USERS.alice), { project: project(), region: 'eu' });
  assert.deepEqual(codes(none.findings), ['azure.rg-not-found']);
  emu.state.resourceGroups.push({
    subscriptionId: SUB,
    name: 'contoso-TeamsConn-eu-RG',
    location: 'westeurope',
    tags: {},
  });
  const noLb = await publicIp(tokenContext(emu, USERS.alice), { project: project(), region: 'eu' });
  assert.deepEqual(codes(noLb.findings), ['azure.lb-not-found']);
  assert.equal(noLb.ip, null);
});

// ---------------------------------------------------------------------------------------------
// the emulator itself keeps to the REST contract the SDK relies on

test('emulator: api-version is required; errors use the { error: { code, message } } body', async () => {
  const token = emu.issueToken(USERS.owner, 'arm');
  const get = (path: string) =>
    new Promise<{ status: number; body: { error?: { code: string; message: string } } }>((resolve, reject) => {
      const req = request(`${emu.urls.arm}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let s = '';
        res.on('data', (c) => (s += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(s) }));
      });
      req.on('error', reject);
      req.end();
    });
  const a = await get(`/subscriptions/${SUB}/resourcegroups/x`);
  assert.equal(a.status, 400);
  assert.equal(a.body.error?.code, 'MissingApiVersionParameter');
  const b = await get(`/subscriptions/${SUB}/resourcegroups/x?api-version=2025-04-01`);
  assert.equal(b.status, 404);
  assert.equal(b.body.error?.code, 'ResourceGroupNotFound');
});
