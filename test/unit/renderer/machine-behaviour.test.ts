// The journeys running for real: actors started, the in-process WizardApi generating, importing and
// saving; Azure and certificate answers from a double of the bridge. Plus the NEXT guards per step,
// cancel and progress plumbing, and persistence without secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createActor, transition, initialTransition, type AnyMachineSnapshot } from 'xstate';
import { exampleProject } from '../../../shared/model/example.ts';
import {
  firstInstallMachine,
  PREREQUISITES,
  type FirstInstallEvent,
} from '../../../renderer/machines/first-install.ts';
import { changesSince, checksPass } from '../../../renderer/machines/redeploy.ts';
import {
  readStoredJourney,
  persistAtStepBoundaries,
  restoreSnapshot,
  STORAGE_KEY,
  MACHINE_VERSION,
  atStepBoundary,
} from '../../../renderer/machines/persist.ts';
import { withApi } from '../../../renderer/machines/kit.ts';
import { fieldKey, stepHasErrors } from '../../../renderer/machines/findings-and-edits.ts';
import { apiDouble, until, PREFLIGHT } from './helpers.ts';

type Snap = ReturnType<ReturnType<typeof createActor<typeof firstInstallMachine>>['getSnapshot']>;
const at = (x: unknown, v: object): boolean => (x as AnyMachineSnapshot).matches(v as never);
const top = (s: { value: unknown }) => (typeof s.value === 'string' ? s.value : Object.keys(s.value as object)[0]);

function confirmed() {
  let [s] = initialTransition(firstInstallMachine, { project: exampleProject() });
  for (const key of PREREQUISITES) [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  return s;
}

test('prerequisites: Next stays disabled until every item is confirmed', () => {
  let [s] = initialTransition(firstInstallMachine, { project: exampleProject() });
  for (const key of PREREQUISITES) {
    assert.equal(s.can({ type: 'NEXT' }), false, `blocked before ${key}`);
    [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  }
  assert.equal(s.can({ type: 'NEXT' }), true);
});

// One broken value per step: Next is disabled on that step and the finding sits on that field.
const breakers: { step: string; steps: number; broken: FirstInstallEvent; field: string; fixed: FirstInstallEvent }[] =
  [
    {
      step: 'naming',
      steps: 1,
      broken: { type: 'SET_REGION', patch: { PxBaseConnName: '9contoso-too-long' } },
      field: 'PxBaseConnName',
      fixed: { type: 'SET_REGION', patch: { PxBaseConnName: 'contoso' } },
    },
    {
      step: 'naming',
      steps: 1,
      broken: { type: 'SET_REGION', patch: { PxTeamsConnFqdn: 'not a name' } },
      field: 'PxTeamsConnFqdn',
      fixed: { type: 'SET_REGION', patch: { PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com' } },
    },
    {
      step: 'azure',
      steps: 2,
      broken: { type: 'SET_REGION', patch: { PxSubscriptionId: 'abc' } },
      field: 'PxSubscriptionId',
      fixed: { type: 'SET_REGION', patch: { PxSubscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } },
    },
    {
      step: 'azure',
      steps: 2,
      broken: { type: 'SET_REGION', patch: { PxTeamsConnInstanceCount: '0' } },
      field: 'PxTeamsConnInstanceCount',
      fixed: { type: 'SET_REGION', patch: { PxTeamsConnInstanceCount: '2' } },
    },
    {
      step: 'certificate',
      steps: 3,
      broken: { type: 'SET_REGION', patch: { PxPfxCertFileName: '' } },
      field: 'PxPfxCertFileName',
      fixed: { type: 'SET_REGION', patch: { PxPfxCertFileName: '.\\connector.pfx' } },
    },
    {
      step: 'nodes',
      steps: 4,
      broken: { type: 'SET_REGION', patch: { PxNodeFqdns: ['*.vc.example.com'] } },
      field: 'PxNodeFqdns',
      fixed: { type: 'SET_REGION', patch: { PxNodeFqdns: ['px.vc.example.com'] } },
    },
    {
      step: 'nodes',
      steps: 4,
      broken: { type: 'SET_NODES', pool: '' },
      field: 'pool',
      fixed: { type: 'SET_NODES', pool: 'px.vc.example.com' },
    },
    {
      step: 'network',
      steps: 5,
      broken: { type: 'SET_REGION', patch: { PxNodesSourceAddressPrefixes: ['91.90.42.96/26'] } },
      field: 'PxNodesSourceAddressPrefixes',
      fixed: { type: 'SET_REGION', patch: { PxNodesSourceAddressPrefixes: ['91.90.42.64/26'] } },
    },
    {
      step: 'admin',
      steps: 6,
      broken: { type: 'SET_REGION', patch: { PxWinAdminUser: 'administrator' } },
      field: 'PxWinAdminUser',
      fixed: { type: 'SET_REGION', patch: { PxWinAdminUser: 'pexadmin' } },
    },
    {
      step: 'admin',
      steps: 6,
      broken: { type: 'SET_SECRET', key: 'adminPassword', value: 'Password1' },
      field: 'PxWinAdminPassword',
      fixed: { type: 'SET_SECRET', key: 'adminPassword', value: 'Kq7#vRt2!mXz' },
    },
    {
      step: 'options',
      steps: 7,
      broken: { type: 'SET_REGION', patch: { PxCustomerUsageAttribution: null } },
      field: 'PxCustomerUsageAttribution',
      fixed: { type: 'SET_REGION', patch: { PxCustomerUsageAttribution: true } },
    },
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
    assert.ok(
      onField.every((f) => f.message.length > 20),
      'message says what to do',
    );
    // Back still works while the step has errors.
    assert.equal(s.can({ type: 'BACK' }), true);
    [s] = transition(firstInstallMachine, s, b.fixed);
    assert.equal(s.can({ type: 'NEXT' }), true, 'fixed: Next enabled');
  });
}

test('an empty new deployment cannot leave the naming step; errors are placed on the naming fields', () => {
  let [s] = initialTransition(firstInstallMachine, {});
  for (const key of PREREQUISITES) [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  [s] = transition(firstInstallMachine, s, { type: 'NEXT' });
  assert.equal(top(s), 'naming');
  assert.equal(s.can({ type: 'NEXT' }), false);
  assert.ok(stepHasErrors(s.context.findings, 'naming', null));
  [s] = transition(firstInstallMachine, s, {
    type: 'SET_REGION',
    patch: { PxBaseConnName: 'contoso', PxVmssRegion: 'eu', PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com' },
  });
  assert.equal(s.can({ type: 'NEXT' }), true, 'naming complete even though later steps are still empty');
  [s] = transition(firstInstallMachine, s, { type: 'NEXT' });
  assert.equal(s.can({ type: 'NEXT' }), false, 'azure step is still empty');
});

test('first install end to end with the real in-process API: generate, save, capture the App ID', async () => {
  const { api, calls } = apiDouble();
  const actor = createActor(withApi(firstInstallMachine, api), { input: { project: exampleProject() } }).start();
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  for (let i = 0; i < 8; i++) actor.send({ type: 'NEXT' });
  assert.equal(top(actor.getSnapshot()), 'preparation');
  assert.equal(actor.getSnapshot().can({ type: 'NEXT' }), false, 'preparation needs a choice');
  actor.send({ type: 'SET_PREPARE_MODE', mode: 'handover' });
  actor.send({ type: 'NEXT' });
  let s: Snap = await until(actor, (x) => at(x, { review: 'editing' }));
  const kinds = s.context.generated?.artifacts.map((a) => a.kind) ?? [];
  for (const k of [
    'init-script',
    'static-rg-script',
    'install-script',
    'redeploy-script',
    'dns-records',
    'teams-commands',
    'firewall',
    'runbook',
  ])
    assert.ok(
      kinds.includes(k as never),
      `artifact ${k}; got ${kinds.join(',')} ${JSON.stringify(s.context.generated?.findings)}`,
    );
  assert.ok(!s.context.generated?.artifacts.some((a) => a.containsSecrets), 'no secret unless asked');

  const folder = mkdtempSync(join(tmpdir(), 'tcw-save-'));
  actor.send({ type: 'SAVE_ALL', folder });
  s = await until(actor, (x) => at(x, { review: 'editing' }) && x.context.saved !== null);
  assert.ok(s.context.saved!.files.length >= 8);
  for (const f of s.context.saved!.files) assert.ok(existsSync(f), f);

  actor.send({ type: 'NEXT' });
  const appId = '0b6a0f2e-1111-4222-8333-944444444444';
  actor.send({
    type: 'SET_INSTALL_OUTPUT',
    text: `...\n------\n$AppId = "${appId}"\n$AppPassword = "s3cr3t-app-pw"\n------\n`,
  });
  actor.send({ type: 'CAPTURE_OUTPUT' });
  s = await until(actor, (x) => at(x, { after: 'editing' }) && x.context.project.app.appId !== null);
  assert.equal(s.context.project.app.appId, appId);
  assert.equal(s.context.transient.appPassword, 's3cr3t-app-pw');
  const redeploy = s.context.generated?.artifacts.find((a) => a.kind === 'redeploy-script');
  assert.ok(redeploy?.content.includes(appId), 'redeploy script regenerated with the App ID');
  assert.ok(!redeploy?.content.includes('s3cr3t-app-pw'), 'app password not written unless asked');
  assert.ok(
    calls.some(
      (c) =>
        c.method === 'importScripts' && typeof (c.args[0] as { installOutput?: string }).installOutput === 'string',
    ),
  );

  actor.send({ type: 'FINISH' });
  assert.equal(actor.getSnapshot().status, 'done');
  actor.stop();
});

test('install output without an $AppId line: the finding sits on the paste box', async () => {
  const { api } = apiDouble();
  const actor = createActor(withApi(firstInstallMachine, api), { input: { project: exampleProject() } }).start();
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  for (let i = 0; i < 8; i++) actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_PREPARE_MODE', mode: 'handover' });
  actor.send({ type: 'NEXT' });
  await until(actor, (x) => at(x, { review: 'editing' }));
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_INSTALL_OUTPUT', text: 'Deployment failed: quota exceeded' });
  actor.send({ type: 'CAPTURE_OUTPUT' });
  const s = await until(actor, (x) => at(x, { after: 'editing' }) && x.context.importFindings.length > 0);
  assert.ok(s.context.importFindings.some((f) => f.field === 'installOutput' && f.severity === 'error'));
  assert.equal(s.context.project.app.appId, null);
  actor.stop();
});

test('persistence: an allow-list at step boundaries; a reload resumes at the same step with the project; another version or an old key is discarded', async () => {
  const { api } = apiDouble();
  const store = new Map<string, string>();
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };
  const actor = createActor(withApi(firstInstallMachine, api), { input: { project: exampleProject() } }).start();
  persistAtStepBoundaries(actor, 'first-install', storage);
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  actor.send({ type: 'SET_SECRET', key: 'adminPassword', value: 'Kq7#vRt2!mXz' });
  actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_REGION', patch: { PxBaseConnName: 'fabrikam' } });
  actor.send({ type: 'NEXT' });
  const stored = readStoredJourney(storage);
  assert.ok(stored);
  assert.deepEqual(Object.keys(stored.context).sort(), [
    'includeSecrets',
    'ownerUpn',
    'prepareMode',
    'prereqs',
    'project',
    'regionIndex',
  ]);
  assert.ok(!JSON.stringify(stored).includes('Kq7#vRt2!mXz'));
  assert.ok(atStepBoundary(stored.step));
  const resumed = createActor(withApi(firstInstallMachine, api), {
    input: {},
    snapshot: restoreSnapshot(firstInstallMachine, stored) as never,
  }).start();
  assert.equal(top(resumed.getSnapshot()), 'azure');
  assert.equal(resumed.getSnapshot().context.project.regions[0]?.variables.PxBaseConnName, 'fabrikam');
  assert.equal(resumed.getSnapshot().context.transient.adminPassword, undefined, 'passwords are asked again');
  assert.ok(resumed.getSnapshot().context.findings.length >= 0);
  resumed.send({ type: 'NEXT' });
  assert.equal(top(resumed.getSnapshot()), 'certificate', 'the resumed journey goes on');
  // Another machine version, or the deny-list key of before: removed, never half-restored.
  store.set(STORAGE_KEY, JSON.stringify({ ...stored, version: MACHINE_VERSION['first-install'] + 1 }));
  assert.equal(readStoredJourney(storage), null);
  assert.equal(store.has(STORAGE_KEY), false);
  store.set('tcw.journey/1', '{"journey":"first-install","snapshot":{"context":{"generated":"secret"}}}');
  assert.equal(readStoredJourney(storage), null);
  assert.equal(store.has('tcw.journey/1'), false);
  actor.stop();
  resumed.stop();
});

test('redeploy: a "no" from Azure beats a checkbox; a confirmed PFX and Owner let it on', () => {
  assert.equal(
    checksPass({
      cert: null,
      confirmedPfx: true,
      preflight: { ...PREFLIGHT, facts: { ...PREFLIGHT.facts, canActAsOwner: false } },
      confirmedOwner: true,
    }),
    false,
  );
  assert.equal(checksPass({ cert: null, confirmedPfx: true, preflight: null, confirmedOwner: true }), true);
  assert.equal(checksPass({ cert: null, confirmedPfx: false, preflight: PREFLIGHT, confirmedOwner: false }), false);
  assert.equal(changesSince('$tags = @{}', 'Remove-AzResourceGroup').find((c) => c.id === 'tags')?.applies, false);
});

test('fieldKey maps rule fields onto form fields', () => {
  assert.equal(fieldKey('PxBaseConnName'), 'PxBaseConnName');
  assert.equal(fieldKey('nodes.pool'), 'pool');
  assert.equal(fieldKey('infinity.primaryDomain'), 'primaryDomain');
  assert.equal(fieldKey('tags.CostCenter'), 'tags');
  assert.equal(fieldKey('PxNodeFqdns[1]'), 'PxNodeFqdns');
  assert.equal(fieldKey(null), null);
});
