// "Check the deployment" on the After-deployment step: the first-install machine with the in-process
// API and a double of the doctor (Azure is the bridge's business). The request names the project and
// the region (and the analysed PFX's thumbprint), the report lands in context, Cancel reaches the
// worker, the check needs a sign-in, and the report is never persisted. Look-after uses the same operation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, transition, initialTransition, type AnyMachineSnapshot } from 'xstate';
import { exampleProject } from '../../../shared/model/example.ts';
import { doctorRequestSchema, type DoctorRequest } from '../../../shared/doctor/doctor-schemas.ts';
import type { WizardApi } from '../../../shared/api/wizard-api.ts';
import { firstInstallMachine, PREREQUISITES } from '../../../renderer/machines/first-install.ts';
import { addRegionMachine } from '../../../renderer/machines/add-region.ts';
import { withApi, busyOf } from '../../../renderer/machines/kit.ts';
import { serializeJourney } from '../../../renderer/machines/persist.ts';
import { withLookAfterApi } from '../../../renderer/machines/look-after.ts';
import { apiDouble, until, ACCOUNT, CERT_OK, DOCTOR_REPORT } from './helpers.ts';

const at = (x: unknown, v: object): boolean => (x as AnyMachineSnapshot).matches(v as never);

/** The first install at its After-deployment step, the PFX analysed on the way (its thumbprint is "AA"). */
async function atAfterStep(overrides: Partial<WizardApi>) {
  const double = apiDouble(overrides);
  const actor = createActor(withApi(firstInstallMachine, double.api), { input: { project: exampleProject() } }).start();
  for (const key of PREREQUISITES) actor.send({ type: 'SET_PREREQ', key, value: true });
  for (let i = 0; i < 3; i++) actor.send({ type: 'NEXT' });
  assert.ok(at(actor.getSnapshot(), { certificate: 'editing' }));
  actor.send({ type: 'SET_PFX_FILE', file: { name: 'connector.pfx', dataBase64: 'AA==' } });
  actor.send({ type: 'ANALYZE_PFX' });
  await until(actor, (x) => at(x, { certificate: 'editing' }) && x.context.cert !== null);
  for (let i = 0; i < 5; i++) actor.send({ type: 'NEXT' });
  actor.send({ type: 'SET_PREPARE_MODE', mode: 'handover' });
  actor.send({ type: 'NEXT' });
  await until(actor, (x) => at(x, { review: 'editing' }));
  actor.send({ type: 'NEXT' });
  assert.ok(at(actor.getSnapshot(), { after: 'editing' }));
  return { ...double, actor };
}

test('after step: the check needs a sign-in; then the doctor is asked about the project and its region, and the report lands in context', async () => {
  const requests: { req: DoctorRequest; opId: string }[] = [];
  const { actor, calls } = await atAfterStep({
    doctor: async (req, opId) => {
      // What the bridge's dispatch would accept (the double skips it).
      requests.push({ req: doctorRequestSchema.parse(req), opId });
      return DOCTOR_REPORT;
    },
  });
  assert.equal(CERT_OK.certificate?.thumbprintSha1, 'AA');
  assert.equal(actor.getSnapshot().can({ type: 'DOCTOR' }), false, 'not signed in: no check');
  actor.send({ type: 'DOCTOR' });
  assert.ok(at(actor.getSnapshot(), { after: 'editing' }));
  assert.equal(requests.length, 0);

  actor.send({ type: 'SIGN_IN', method: 'browser' });
  await until(actor, (x) => at(x, { after: 'editing' }) && x.context.account !== null);
  assert.equal(actor.getSnapshot().can({ type: 'DOCTOR' }), true);

  actor.send({ type: 'DOCTOR', resolver: ' 127.0.0.1:5353 ' });
  const busy = busyOf(actor.getSnapshot());
  assert.deepEqual(busy, { label: 'Checking the deployment (Azure, DNS, certificate)', cancellable: true });
  const s = await until(actor, (x) => at(x, { after: 'editing' }) && x.context.doctor !== null);
  assert.equal(requests.length, 1);
  const { req, opId } = requests[0]!;
  assert.deepEqual(req.project, s.context.project, 'the project as it stands');
  assert.equal(req.region, 'eu');
  assert.equal(req.region, s.context.project.regions[0]!.variables.PxVmssRegion);
  assert.equal(req.expectedThumbprint, 'AA', 'the PFX analysed on the certificate step');
  assert.equal(req.resolver, '127.0.0.1:5353');
  assert.match(opId, /^doctor-/);
  assert.deepEqual(s.context.doctor, DOCTOR_REPORT);
  assert.equal(s.context.opId, null);
  assert.equal(s.context.error, null);
  assert.ok(calls.some((c) => c.method === 'doctor'));

  // Memory only: the stored journey has neither the key nor anything of the report.
  const stored = serializeJourney('first-install', s);
  assert.ok(!('doctor' in (JSON.parse(stored) as { context: object }).context));
  assert.ok(!stored.includes('NSG rule RDP'));
  actor.stop();
});

test('after step: Cancel stops the check, tells the worker, and leaves no report', async () => {
  let started: (opId: string) => void = () => undefined;
  const startedP = new Promise<string>((resolve) => {
    started = resolve;
  });
  const cancelled: string[] = [];
  const { actor } = await atAfterStep({
    // A check that only ends when cancelled.
    doctor: (_req, opId) => {
      started(opId);
      return new Promise(() => undefined);
    },
    cancel: async (opId) => {
      cancelled.push(opId);
    },
  });
  actor.send({ type: 'SIGN_IN', method: 'browser' });
  await until(actor, (x) => at(x, { after: 'editing' }) && x.context.account !== null);
  actor.send({ type: 'DOCTOR' });
  const opId = await startedP;
  assert.ok(at(actor.getSnapshot(), { after: 'doctoring' }));
  assert.equal(actor.getSnapshot().context.opId, opId);
  actor.send({ type: 'CANCEL' });
  const s = actor.getSnapshot();
  assert.ok(at(s, { after: 'editing' }));
  assert.equal(s.context.doctor, null);
  assert.equal(s.context.opId, null);
  assert.equal(busyOf(s), null);
  await until(actor, () => cancelled.length > 0);
  assert.deepEqual(cancelled, [opId], 'the worker is told which operation to stop');
  actor.stop();
});

test('after step: a failed check says so and keeps the step', async () => {
  const { actor } = await atAfterStep({
    doctor: async () => {
      throw new Error('Reader role missing on the subscription');
    },
  });
  actor.send({ type: 'SIGN_IN', method: 'browser' });
  await until(actor, (x) => at(x, { after: 'editing' }) && x.context.account !== null);
  actor.send({ type: 'DOCTOR' });
  const s = await until(actor, (x) => at(x, { after: 'editing' }) && x.context.error !== null);
  assert.equal(
    s.context.error,
    'The deployment could not be checked: Reader role missing on the subscription. Your entries are kept.',
  );
  assert.equal(s.context.doctor, null);
  actor.stop();
});

test('add region, after step: the check asks about the new region, only when signed in', () => {
  const project = exampleProject();
  const us = structuredClone(project.regions[0]!);
  us.variables = {
    ...us.variables,
    PxVmssRegion: 'us',
    PxTeamsConnFqdn: 'pexip-teamsconn-us.teams.example.com',
    PxAzureLocation: 'eastus',
  };
  const two = { ...project, regions: [...project.regions, us] };
  let [s] = initialTransition(addRegionMachine, { project: two });
  // At the After-deployment step of the new region (index 1), as the journey leaves it there.
  s = addRegionMachine.resolveState({ value: { after: 'editing' }, context: { ...s.context, regionIndex: 1 } });
  assert.equal(s.can({ type: 'DOCTOR' }), false, 'not signed in');
  s = addRegionMachine.resolveState({ value: { after: 'editing' }, context: { ...s.context, account: ACCOUNT } });
  const [next, actions] = transition(addRegionMachine, s, { type: 'DOCTOR' });
  assert.ok(at(next, { after: 'doctoring' }));
  assert.ok(busyOf(next)?.cancellable);
  const spawn = actions.find((a) => a.type === 'xstate.spawnChild') as
    { params?: { src?: unknown; input?: { request: DoctorRequest } } } | undefined;
  assert.equal(spawn?.params?.src, 'doctor');
  assert.equal(spawn?.params?.input?.request.region, 'us');
  assert.deepEqual(spawn?.params?.input?.request.project, two);
  const [back] = transition(addRegionMachine, next, { type: 'CANCEL' });
  assert.ok(at(back, { after: 'editing' }));
});

test('look after: its check runs through the same kit doctor operation', async () => {
  const requests: DoctorRequest[] = [];
  const { api } = apiDouble({
    doctor: async (req) => {
      requests.push(doctorRequestSchema.parse(req));
      return DOCTOR_REPORT;
    },
  });
  const actor = createActor(withLookAfterApi(api), { input: { project: exampleProject() } }).start();
  actor.send({ type: 'SIGN_IN', method: 'browser' });
  await until(actor, (x) => at(x, { check: 'editing' }) && x.context.account !== null);
  actor.send({ type: 'CHECK' });
  const s = await until(actor, (x) => at(x, { check: 'editing' }) && x.context.report !== null);
  assert.deepEqual(s.context.report, DOCTOR_REPORT);
  assert.equal(requests[0]?.region, 'eu');
  actor.stop();
});
