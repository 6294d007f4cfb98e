// The journeys running for real: actors started, the in-process WizardApi generating, importing and
// saving; Azure and certificate answers from a double of the bridge. Plus the NEXT guards per step,
// cancel and progress plumbing, and persistence without secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createActor, transition, initialTransition } from 'xstate';
import { exampleProject } from '../../../shared/model/example.ts';
import { firstInstallMachine, PREREQUISITES, type FirstInstallEvent } from '../../../renderer/machines/firstInstall.ts';
import { addRegionMachine } from '../../../renderer/machines/addRegion.ts';
import { redeployMachine, changesSince, checksPass } from '../../../renderer/machines/redeploy.ts';
import { serializeSnapshot, rehydrate, readStoredJourney, persistAtStepBoundaries, STORAGE_KEY, atStepBoundary } from '../../../renderer/machines/persist.ts';
import { fieldKey, stepHasErrors, forwardProgress } from '../../../renderer/machines/common.ts';
import { apiDouble, until, PREFLIGHT } from './helpers.ts';

type Snap = ReturnType<ReturnType<typeof createActor<typeof firstInstallMachine>>['getSnapshot']>;
const top = (s: { value: unknown }) => (typeof s.value === 'string' ? s.value : Object.keys(s.value as object)[0]);

function confirmed() {
  const { api } = apiDouble();
  let [s] = initialTransition(firstInstallMachine, { api, project: exampleProject() });
  for (const key of PREREQUISITES) [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  return s;
}

test('prerequisites: Next stays disabled until every item is confirmed', () => {
  const { api } = apiDouble();
  let [s] = initialTransition(firstInstallMachine, { api, project: exampleProject() });
  for (const key of PREREQUISITES) {
    assert.equal(s.can({ type: 'NEXT' }), false, `blocked before ${key}`);
    [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  }
  assert.equal(s.can({ type: 'NEXT' }), true);
});

// One broken value per step: Next is disabled on that step and the finding sits on that field.
const breakers: { step: string; steps: number; broken: FirstInstallEvent; field: string; fixed: FirstInstallEvent }[] = [
  { step: 'naming', steps: 1, broken: { type: 'SET_REGION', patch: { PxBaseConnName: '9contoso-too-long' } }, field: 'PxBaseConnName', fixed: { type: 'SET_REGION', patch: { PxBaseConnName: 'contoso' } } },
  { step: 'naming', steps: 1, broken: { type: 'SET_REGION', patch: { PxTeamsConnFqdn: 'not a name' } }, field: 'PxTeamsConnFqdn', fixed: { type: 'SET_REGION', patch: { PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com' } } },
  { step: 'azure', steps: 2, broken: { type: 'SET_REGION', patch: { PxSubscriptionId: 'abc' } }, field: 'PxSubscriptionId', fixed: { type: 'SET_REGION', patch: { PxSubscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } } },
  { step: 'azure', steps: 2, broken: { type: 'SET_REGION', patch: { PxTeamsConnInstanceCount: '0' } }, field: 'PxTeamsConnInstanceCount', fixed: { type: 'SET_REGION', patch: { PxTeamsConnInstanceCount: '2' } } },
  { step: 'certificate', steps: 3, broken: { type: 'SET_REGION', patch: { PxPfxCertFileName: '' } }, field: 'PxPfxCertFileName', fixed: { type: 'SET_REGION', patch: { PxPfxCertFileName: '.\\connector.pfx' } } },
  { step: 'nodes', steps: 4, broken: { type: 'SET_REGION', patch: { PxNodeFqdns: ['*.vc.example.com'] } }, field: 'PxNodeFqdns', fixed: { type: 'SET_REGION', patch: { PxNodeFqdns: ['px.vc.example.com'] } } },
  { step: 'nodes', steps: 4, broken: { type: 'SET_NODES', pool: '' }, field: 'pool', fixed: { type: 'SET_NODES', pool: 'px.vc.example.com' } },
  { step: 'network', steps: 5, broken: { type: 'SET_REGION', patch: { PxNodesSourceAddressPrefixes: ['91.90.42.96/26'] } }, field: 'PxNodesSourceAddressPrefixes', fixed: { type: 'SET_REGION', patch: { PxNodesSourceAddressPrefixes: ['91.90.42.64/26'] } } },
  { step: 'admin', steps: 6, broken: { type: 'SET_REGION', patch: { PxWinAdminUser: 'administrator' } }, field: 'PxWinAdminUser', fixed: { type: 'SET_REGION', patch: { PxWinAdminUser: 'pexadmin' } } },
  { step: 'admin', steps: 6, broken: { type: 'SET_SECRET', key: 'adminPassword', value: 'Password1' }, field: 'PxWinAdminPassword', fixed: { type: 'SET_SECRET', key: 'adminPassword', value: 'Kq7#vRt2!mXz' } },
  { step: 'options', steps: 7, broken: { type: 'SET_REGION', patch: { PxCustomerUsageAttribution: null } }, field: 'PxCustomerUsageAttribution', fixed: { type: 'SET_REGION', patch: { PxCustomerUsageAttribution: true } } },
];

for (const b of breakers) {
  test(`${b.step}: an error on ${b.field} disables Next on that step only, and sits on that field`, () => {
    let s = confirmed();
    for (let i = 0; i < b.steps; i++) [s] = transition(firstInstallMachine, s, { type: 'NEXT' });
    assert.equal(top(s), b.step);
    [s] = transition(firstInstallMachine, s, b.broken);
    assert.equal(s.can({ type: 'NEXT' }), false, 'Next disabled');
    const onField = s.context.findings.filter((f) => fieldKey(f.field) === b.field && f.severity === 'error');
    assert.ok(onField.length > 0, `a finding on ${b.field}: ${JSON.stringify(s.context.findings.map((f) => f.field))}`);
    assert.ok(onField.every((f) => f.message.length > 20), 'message says what to do');
    // Back still works while the step has errors.
    assert.equal(s.can({ type: 'BACK' }), true);
    [s] = transition(firstInstallMachine, s, b.fixed);
    assert.equal(s.can({ type: 'NEXT' }), true, 'fixed: Next enabled');
  });
}

test('an empty new deployment cannot leave the naming step; errors are placed on the naming fields', () => {
  const { api } = apiDouble();
  let [s] = initialTransition(firstInstallMachine, { api });
  for (const key of PREREQUISITES) [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  [s] = transition(firstInstallMachine, s, { type: 'NEXT' });
  assert.equal(top(s), 'naming');
  assert.equal(s.can({ type: 'NEXT' }), false);
  assert.ok(stepHasErrors(s.context.findings, 'naming', null));
  [s] = transition(firstInstallMachine, s, { type: 'SET_REGION', patch: { PxBaseConnName: 'contoso', PxVmssRegion: 'eu', PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com' } });
  assert.equal(s.can({ type: 'NEXT' }), true, 'naming complete even though later steps are still empty');
  [s] = transition(firstInstallMachine, s, { type: 'NEXT' });
  assert.equal(s.can({ type: 'NEXT' }), false, 'azure step is still empty');
});

test('first install end to end with the real in-process API: generate, save, capture the App ID', async () => {
  const { api, calls } = apiDouble();
  const actor = createActor(firstInstallMachine, { input: { api, project: exampleProject() } }).start();
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  for (let i = 0; i < 8; i++) actor.send({ type: 'NEXT' });
  assert.equal(top(actor.getSnapshot()), 'preparation');
  assert.equal(actor.getSnapshot().can({ type: 'NEXT' }), false, 'preparation needs a choice');
  actor.send({ type: 'SET_PREPARE_MODE', mode: 'handover' });
  actor.send({ type: 'NEXT' });
  let s: Snap = await until(actor, (x) => x.matches({ review: 'editing' }));
  const kinds = s.context.generated?.artifacts.map((a) => a.kind) ?? [];
  for (const k of ['init-script', 'static-rg-script', 'install-script', 'redeploy-script', 'dns-records', 'teams-commands', 'firewall', 'runbook']) assert.ok(kinds.includes(k as never), `artifact ${k}; got ${kinds.join(',')} ${JSON.stringify(s.context.generated?.findings)}`);
  assert.ok(!s.context.generated?.artifacts.some((a) => a.containsSecrets), 'no secret unless asked');

  const folder = mkdtempSync(join(tmpdir(), 'tcw-save-'));
  actor.send({ type: 'SAVE_ALL', folder });
  s = await until(actor, (x) => x.matches({ review: 'editing' }) && x.context.saved !== null);
  assert.ok(s.context.saved!.files.length >= 8);
  for (const f of s.context.saved!.files) assert.ok(existsSync(f), f);

  actor.send({ type: 'NEXT' });
  const appId = '0b6a0f2e-1111-4222-8333-944444444444';
  actor.send({ type: 'SET_INSTALL_OUTPUT', text: `...\n------\n$AppId = "${appId}"\n$AppPassword = "s3cr3t-app-pw"\n------\n` });
  actor.send({ type: 'CAPTURE_OUTPUT' });
  s = await until(actor, (x) => x.matches({ after: 'editing' }) && x.context.project.app.appId !== null);
  assert.equal(s.context.project.app.appId, appId);
  assert.equal(s.context.transient.appPassword, 's3cr3t-app-pw');
  const redeploy = s.context.generated?.artifacts.find((a) => a.kind === 'redeploy-script');
  assert.ok(redeploy?.content.includes(appId), 'redeploy script regenerated with the App ID');
  assert.ok(!redeploy?.content.includes('s3cr3t-app-pw'), 'app password not written unless asked');
  assert.ok(calls.some((c) => c.method === 'importScripts' && typeof (c.args[0] as { installOutput?: string }).installOutput === 'string'));

  actor.send({ type: 'FINISH' });
  assert.equal(actor.getSnapshot().status, 'done');
  actor.stop();
});

test('install output without an $AppId line: the finding sits on the paste box', async () => {
  const { api } = apiDouble();
  const actor = createActor(firstInstallMachine, { input: { api, project: exampleProject() } }).start();
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  for (let i = 0; i < 8; i++) actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_PREPARE_MODE', mode: 'handover' });
  actor.send({ type: 'NEXT' });
  await until(actor, (x) => x.matches({ review: 'editing' }));
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_INSTALL_OUTPUT', text: 'Deployment failed: quota exceeded' });
  actor.send({ type: 'CAPTURE_OUTPUT' });
  const s = await until(actor, (x) => x.matches({ after: 'editing' }) && x.context.importFindings.length > 0);
  assert.ok(s.context.importFindings.some((f) => f.field === 'installOutput' && f.severity === 'error'));
  assert.equal(s.context.project.app.appId, null);
  actor.stop();
});

test('Azure operations get the project, the region and an operation id; cancel reaches the API and leaves the step usable', async () => {
  let release: (() => void) | null = null;
  const { api, calls, emit } = apiDouble({
    azurePreflight: (_req, _opId) => new Promise((resolve) => { release = () => resolve(PREFLIGHT); }),
  });
  const actor = createActor(firstInstallMachine, { input: { api, project: exampleProject() } }).start();
  const unsubscribe = forwardProgress(api, actor);
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'PREFLIGHT' });
  assert.ok(actor.getSnapshot().matches({ azure: 'editing' }), 'preflight needs a sign-in');
  actor.send({ type: 'SIGN_IN', method: 'device-code' });
  await until(actor, (x) => x.context.account !== null);
  assert.deepEqual(calls.find((c) => c.method === 'azureSignIn')?.args[0], { method: 'device-code' });

  actor.send({ type: 'PREFLIGHT' });
  const s1 = actor.getSnapshot();
  assert.ok(s1.matches({ azure: 'preflighting' }));
  const call = calls.find((c) => c.method === 'azurePreflight')!;
  const opId = call.args[1] as string;
  assert.equal((call.args[0] as { region: string }).region, 'eu');
  assert.equal(opId, s1.context.opId);
  emit({ opId: 'someone-else', kind: 'progress', message: 'not ours' });
  assert.equal(actor.getSnapshot().context.progress, null, 'progress of other operations is ignored');
  emit({ opId, kind: 'progress', message: 'Reading quota', fraction: 0.5 });
  assert.deepEqual(actor.getSnapshot().context.progress, { message: 'Reading quota', kind: 'progress', fraction: 0.5 });

  actor.send({ type: 'CANCEL' });
  assert.ok(actor.getSnapshot().matches({ azure: 'editing' }));
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(calls.some((c) => c.method === 'cancel' && c.args[0] === opId), 'the API was told to cancel that operation');
  (release as (() => void) | null)?.();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(actor.getSnapshot().context.preflight, null, 'a cancelled result is ignored');
  assert.equal(actor.getSnapshot().can({ type: 'NEXT' }), true);
  unsubscribe();
  actor.stop();
});

test('a failed operation shows a plain message and keeps the step usable', async () => {
  const { api } = apiDouble({ azureSignIn: async () => { throw new Error('The sign-in window was closed.'); } });
  const actor = createActor(firstInstallMachine, { input: { api, project: exampleProject() } }).start();
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'SIGN_IN', method: 'browser' });
  const s = await until(actor, (x) => x.context.error !== null);
  assert.match(s.context.error!, /Sign-in did not complete: The sign-in window was closed/);
  assert.ok(s.matches({ azure: 'editing' }));
  actor.send({ type: 'DISMISS_ERROR' });
  assert.equal(actor.getSnapshot().context.error, null);
  actor.stop();
});

test('persistence: saved at step boundaries, without the API, passwords or PFX bytes; a reload resumes at the same step', async () => {
  const { api } = apiDouble();
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
  const actor = createActor(firstInstallMachine, { input: { api, project: exampleProject() } }).start();
  const steps: string[] = [];
  const stop = persistAtStepBoundaries(actor, 'first-install', storage, (s) => steps.push(s));
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_SECRET', key: 'pfxPassword', value: 'pfx-Secret-123' });
  actor.send({ type: 'SET_PFX_FILE', file: { name: 'connector.pfx', dataBase64: 'UEZYQllURVM=' } });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_SECRET', key: 'adminPassword', value: 'Adm1n-Secret!x' });
  actor.send({ type: 'NEXT' });
  stop();
  assert.deepEqual(steps, ['prerequisites', 'naming', 'azure', 'certificate', 'nodes', 'network', 'admin', 'options']);
  const text = store.get(STORAGE_KEY)!;
  for (const secret of ['pfx-Secret-123', 'Adm1n-Secret!x', 'UEZYQllURVM=']) assert.ok(!text.includes(secret), `no ${secret} in storage`);
  assert.ok(!text.includes('"api"'));

  const stored = readStoredJourney(storage)!;
  assert.equal(stored.journey, 'first-install');
  const { api: api2 } = apiDouble();
  const resumed = createActor(firstInstallMachine, { input: { api: api2 }, snapshot: rehydrate(stored.snapshot, api2) }).start();
  const s = resumed.getSnapshot();
  assert.equal(top(s), 'options');
  assert.equal(s.context.project.regions[0]?.variables.PxBaseConnName, 'contoso');
  assert.deepEqual(s.context.transient, {});
  assert.equal(s.context.api, api2);
  resumed.send({ type: 'BACK' });
  assert.equal(top(resumed.getSnapshot()), 'admin');
  resumed.stop();

  storage.setItem(STORAGE_KEY, '{not json');
  assert.equal(readStoredJourney(storage), null, 'unreadable storage is dropped');
  assert.equal(store.has(STORAGE_KEY), false);
  assert.equal(atStepBoundary({ azure: 'preflighting' }), false);
  assert.equal(atStepBoundary({ azure: 'editing' }), true);
  assert.ok(serializeSnapshot('redeploy', { status: 'active', output: undefined, error: undefined } as never).includes('"redeploy"'));
});

test('add region: regional values only, uniqueness across regions, generated for the new region', async () => {
  const { api, calls } = apiDouble();
  const actor = createActor(addRegionMachine, { input: { api, project: exampleProject() } }).start();
  await until(actor, (x) => x.matches({ source: 'editing' }));
  actor.send({ type: 'NEXT' });
  let s = actor.getSnapshot();
  assert.equal(top(s), 'region');
  const added = s.context.project!.regions[1]!;
  assert.equal(added.variables.PxBaseConnName, 'contoso', 'carried over');
  assert.equal(added.variables.PxSubscriptionId, exampleProject().regions[0]!.variables.PxSubscriptionId);
  assert.equal(added.variables.PxVmssRegion, '', 'regional value asked');
  actor.send({ type: 'SET_REGION', patch: { PxVmssRegion: 'eu', PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com', PxAzureLocation: 'eastus', PxNodeFqdns: ['px.us.example.com'] } });
  actor.send({ type: 'SET_NODES', pool: 'px.us.example.com' });
  s = actor.getSnapshot();
  assert.equal(s.can({ type: 'NEXT' }), false, 'duplicate region name and host name block Next');
  const dup = s.context.findings.filter((f) => f.severity === 'error' && (f.field === 'PxVmssRegion' || f.field === 'PxTeamsConnFqdn'));
  assert.ok(dup.length >= 2, JSON.stringify(s.context.findings));
  actor.send({ type: 'SET_REGION', patch: { PxVmssRegion: 'us', PxTeamsConnFqdn: 'pexip-teamsconn-us.teams.example.com' } });
  assert.equal(actor.getSnapshot().can({ type: 'NEXT' }), true);
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_PREPARE_MODE', mode: 'handover' });
  actor.send({ type: 'NEXT' });
  s = await until(actor, (x) => x.matches({ review: 'editing' }));
  const gen = calls.find((c) => c.method === 'generate')!.args[0] as { journey: string; region: string };
  assert.equal(gen.journey, 'add-region');
  assert.equal(gen.region, 'us');
  assert.ok((s.context.generated?.artifacts.length ?? 0) > 0, JSON.stringify(s.context.generated?.findings));
  assert.ok(s.context.generated!.artifacts.every((a) => a.region === 'us' || a.region === null));
  actor.send({ type: 'BACK' });
  actor.send({ type: 'BACK' });
  actor.send({ type: 'BACK' });
  actor.send({ type: 'BACK' });
  assert.equal(top(actor.getSnapshot()), 'source');
  assert.equal(actor.getSnapshot().context.project!.regions.length, 1, 'going back removes the unfinished region');
  actor.stop();
});

test('redeploy: imports the saved scripts, lists the version-26 changes, needs both checks, emits the redeploy set', async () => {
  const { api } = apiDouble();
  // The admin's saved scripts: generated by the same emitters for an earlier deployment, then "aged" to version 25.
  const gen = await api.generate({ project: { ...exampleProject(), app: { appId: '0b6a0f2e-1111-4222-8333-944444444444' } }, journey: 'first-install', includeSecrets: false });
  const init = gen.artifacts.find((a) => a.kind === 'init-script')!.content.replace(/^\s*\$tags\s*=.*$/m, '');
  const actor = createActor(redeployMachine, { input: { api } }).start();
  actor.send({ type: 'NEXT' });
  assert.equal(top(actor.getSnapshot()), 'import', 'nothing imported yet');
  actor.send({ type: 'SET_SCRIPTS', initScript: init, redeployScript: '$AppId = "0b6a0f2e-1111-4222-8333-944444444444"\n$AppPassword = "pw-from-file"\n' });
  actor.send({ type: 'IMPORT' });
  let s = await until(actor, (x) => x.matches({ import: 'editing' }) && x.context.project !== null);
  assert.equal(s.context.region, 'eu');
  assert.equal(s.context.project?.app.appId, '0b6a0f2e-1111-4222-8333-944444444444');
  assert.equal(s.context.transient.appPassword, 'pw-from-file');
  const changes = changesSince(s.context.initScript, s.context.redeployScript);
  assert.equal(changes.find((c) => c.id === 'tags')?.applies, true, 'no $tags in the old script');
  assert.equal(changes.find((c) => c.id === 'redeploy-script')?.applies, true);
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'NEXT' });
  s = actor.getSnapshot();
  assert.equal(top(s), 'checks');
  assert.equal(s.can({ type: 'NEXT' }), false, 'PFX and Owner must be checked or confirmed');
  actor.send({ type: 'CONFIRM', what: 'pfx', value: true });
  assert.equal(actor.getSnapshot().can({ type: 'NEXT' }), false);
  actor.send({ type: 'SIGN_IN', method: 'browser' });
  await until(actor, (x) => x.context.account !== null);
  actor.send({ type: 'CHECK_OWNER' });
  s = await until(actor, (x) => x.context.preflight !== null);
  assert.equal(s.can({ type: 'NEXT' }), true, 'Owner confirmed by Azure');
  assert.equal(checksPass({ cert: null, confirmedPfx: true, preflight: { ...PREFLIGHT, facts: { ...PREFLIGHT.facts, canActAsOwner: false } }, confirmedOwner: true }), false, 'a "no" from Azure beats a checkbox');
  actor.send({ type: 'NEXT' });
  s = await until(actor, (x) => x.matches({ review: 'editing' }));
  const kinds = s.context.generated!.artifacts.map((a) => a.kind);
  assert.ok(kinds.includes('redeploy-script') && kinds.includes('init-script'), kinds.join(','));
  const redeploy = s.context.generated!.artifacts.find((a) => a.kind === 'redeploy-script')!;
  assert.ok(redeploy.content.includes('0b6a0f2e-1111-4222-8333-944444444444'));
  assert.ok(s.context.generated!.artifacts.find((a) => a.kind === 'init-script')!.content.includes('$tags'), 'the new init script has $tags');
  actor.send({ type: 'FINISH' });
  assert.equal(actor.getSnapshot().status, 'done');
  actor.stop();
});

test('fieldKey maps rule fields onto form fields', () => {
  assert.equal(fieldKey('PxBaseConnName'), 'PxBaseConnName');
  assert.equal(fieldKey('nodes.pool'), 'pool');
  assert.equal(fieldKey('infinity.primaryDomain'), 'primaryDomain');
  assert.equal(fieldKey('tags.CostCenter'), 'tags');
  assert.equal(fieldKey('PxNodeFqdns[1]'), 'PxNodeFqdns');
  assert.equal(fieldKey(null), null);
});

