// The journey kit's pieces, once: the operation state (id, tags, label, progress, failure wording,
// Cancel reaching the worker), the API supplied with provide, and the source machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, setup } from 'xstate';
import type { WizardApi, OperationEvent, ImportRequest, ImportResult } from '../../../shared/api/wizard-api.ts';
import {
  KIT_ACTORS,
  OP_SLOTS,
  operations,
  onProgress,
  onDismissError,
  withApi,
  busyOf,
  failureMessage,
  type OpSlots,
} from '../../../renderer/machines/kit.ts';
import { sourceMachine, type SourceReadyEvent } from '../../../renderer/machines/source.ts';
import { apiDouble, until } from './helpers.ts';
import { exampleProject } from '../../../shared/model/example.ts';

interface Ctx extends OpSlots {
  account: string | null;
}
type Ev = { type: 'GO' } | { type: 'CANCEL' } | { type: 'DISMISS_ERROR' } | { type: 'PROGRESS'; event: OperationEvent };
const op = operations<Ctx, Ev>();

const tiny = setup({ types: { context: {} as Ctx, events: {} as Ev }, actors: KIT_ACTORS }).createMachine({
  id: 'tiny',
  context: { ...OP_SLOTS, account: null },
  initial: 'editing',
  on: { PROGRESS: onProgress, DISMISS_ERROR: onDismissError },
  states: {
    editing: { on: { GO: 'signingIn' } },
    signingIn: op({
      src: 'signIn',
      label: 'Signing in to Azure',
      failed: 'Sign-in did not complete',
      cancellable: true,
      request: () => ({ method: 'device-code' as const }),
      done: (_, account) => ({ account: account.userPrincipalName }),
    }),
  },
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

test('an operation state: fresh id, busy and cancellable tags, label in meta, its own progress only, result assigned', async () => {
  const d = deferred<Awaited<ReturnType<WizardApi['azureSignIn']>>>();
  const { api, emit } = apiDouble({ azureSignIn: () => d.promise });
  const actor = createActor(withApi(tiny, api)).start();
  api.onEvent((e) => actor.send({ type: 'PROGRESS', event: e }));
  assert.equal(busyOf(actor.getSnapshot()), null);
  actor.send({ type: 'GO' });
  const s = actor.getSnapshot();
  assert.deepEqual(busyOf(s), { label: 'Signing in to Azure', cancellable: true });
  const opId = s.context.opId as string;
  assert.match(opId, /^signIn-/);
  emit({ opId: 'someone-else', kind: 'progress', message: 'not ours' } as OperationEvent);
  assert.equal(actor.getSnapshot().context.progress, null);
  emit({ opId, kind: 'progress', message: 'Waiting for the code', fraction: 0.5 } as OperationEvent);
  assert.equal(actor.getSnapshot().context.progress?.message, 'Waiting for the code');
  d.resolve({ userPrincipalName: 'admin@example.com', tenantId: 't', subscriptions: [] });
  const end = await until(actor, (x) => x.matches('editing'));
  assert.equal(end.context.account, 'admin@example.com');
  assert.equal(end.context.opId, null);
  assert.equal(end.context.progress, null);
});

test('Cancel leaves the operation and reaches the worker with its id; a late answer is ignored', async () => {
  const d = deferred<Awaited<ReturnType<WizardApi['azureSignIn']>>>();
  const cancelled: string[] = [];
  const { api } = apiDouble({
    azureSignIn: () => d.promise,
    cancel: async (id) => {
      cancelled.push(id);
    },
  });
  const actor = createActor(withApi(tiny, api)).start();
  actor.send({ type: 'GO' });
  const opId = actor.getSnapshot().context.opId;
  actor.send({ type: 'CANCEL' });
  assert.ok(actor.getSnapshot().matches('editing'));
  assert.deepEqual(cancelled, [opId]);
  d.resolve({ userPrincipalName: 'late@example.com', tenantId: 't', subscriptions: [] });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(actor.getSnapshot().context.account, null);
});

test('a failure has one wording everywhere, and DISMISS_ERROR clears it', async () => {
  const { api } = apiDouble({
    azureSignIn: async () => {
      throw new Error('The tenant was not found.');
    },
  });
  const actor = createActor(withApi(tiny, api)).start();
  actor.send({ type: 'GO' });
  const s = await until(actor, (x) => x.context.error !== null);
  assert.equal(s.context.error, 'Sign-in did not complete: The tenant was not found. Your entries are kept.');
  assert.equal(failureMessage('X failed', 'why'), 'X failed: why. Your entries are kept.');
  actor.send({ type: 'DISMISS_ERROR' });
  assert.equal(actor.getSnapshot().context.error, null);
});

test('without withApi the machine says the services are missing instead of calling anything', async () => {
  const actor = createActor(tiny).start();
  actor.send({ type: 'GO' });
  const s = await until(actor, (x) => x.context.error !== null);
  assert.match(s.context.error ?? '', /not connected to its services/);
});

test('the source machine reads scripts and reports the project, the app password (memory) and what changes, once', async () => {
  const { api } = apiDouble();
  const init =
    (await api.generate({ project: exampleProject(), journey: 'first-install', includeSecrets: false })).artifacts.find(
      (a) => a.kind === 'init-script',
    )?.content ?? '';
  const got: SourceReadyEvent[] = [];
  const parent = setup({
    types: { events: {} as SourceReadyEvent | { type: 'X' } },
    actors: { source: sourceMachine },
  }).createMachine({
    invoke: { id: 'source', src: 'source', input: { list: true } },
    on: {
      'SOURCE.READY': {
        actions: ({ event }) => {
          got.push(event as SourceReadyEvent);
        },
      },
    },
  });
  const actor = createActor(withApi(parent, api, { source: sourceMachine })).start();
  const child = actor.getSnapshot().children.source as unknown as ReturnType<typeof createActor<typeof sourceMachine>>;
  await until(child, (s) => s.matches('editing'));
  child.send({
    type: 'SET_SCRIPTS',
    initScript: init,
    redeployScript: "$AppId = '4a1c2b3d-0000-4000-8000-000000000001'\n$AppPassword = 'S3cret-app-pass'\n",
  });
  child.send({ type: 'IMPORT' });
  assert.deepEqual(busyOf(child.getSnapshot()), { label: 'Reading your scripts', cancellable: false });
  await until(child, (s) => s.matches('editing') && got.length > 0);
  const r = got[0]?.result;
  assert.equal(r?.project.regions[0]?.variables.PxVmssRegion, exampleProject().regions[0]?.variables.PxVmssRegion);
  assert.equal(r?.secrets.appPassword, 'S3cret-app-pass');
  assert.ok(r?.changes.some((c) => c.id === 'redeploy-script' && c.applies));
  actor.stop();
});

test('the source machine keeps the admin on the page with a clear message when nothing was read', async () => {
  const { api } = apiDouble({
    importScripts: async (_r: ImportRequest): Promise<ImportResult> => ({ project: null, findings: [], secrets: {} }),
  });
  const actor = createActor(withApi(sourceMachine, api), { input: { list: false } }).start();
  actor.send({ type: 'SET_SCRIPTS', initScript: 'hello' });
  actor.send({ type: 'IMPORT' });
  const s = await until(actor, (x) => x.matches('editing') && x.context.error !== null);
  assert.match(s.context.error ?? '', /variables initialization script/);
});

test('"what changes" is the source\'s, whichever way redeploy was reached (start page or its first step)', async () => {
  const { redeployMachine } = await import('../../../renderer/machines/redeploy.ts');
  const { changesSince } = await import('../../../renderer/machines/source.ts');
  const changes = changesSince('$tags = @{}', 'Remove-AzResourceGroup -Name x');
  const fromStart = createActor(redeployMachine, {
    input: { source: { project: exampleProject(), findings: [], secrets: { appPassword: 'in-memory' }, changes } },
  }).start();
  assert.deepEqual(fromStart.getSnapshot().context.changes, changes);
  assert.equal(fromStart.getSnapshot().context.transient.appPassword, 'in-memory');
  const fromStep = createActor(redeployMachine, { input: {} }).start();
  fromStep.send({ type: 'SOURCE.READY', result: { project: exampleProject(), findings: [], secrets: {}, changes } });
  assert.deepEqual(fromStep.getSnapshot().context.changes, changes);
  assert.ok(fromStep.getSnapshot().can({ type: 'NEXT' }));
  fromStart.stop();
  fromStep.stop();
});

test('the source machine keeps what is typed while saved projects are still being listed', async () => {
  let release!: () => void;
  const listed = new Promise<void>((r) => {
    release = r;
  });
  const { api } = apiDouble({
    listProjects: async () => {
      await listed;
      return [];
    },
  });
  const actor = createActor(withApi(sourceMachine, api), { input: { list: true } }).start();
  assert.equal(actor.getSnapshot().value as string, 'listing');
  actor.send({ type: 'SET_SCRIPTS', initScript: "$PxBaseConnName = 'contoso'" });
  release();
  const s = await until(actor, (x) => x.matches('editing'));
  assert.equal(s.context.initScript, "$PxBaseConnName = 'contoso'");
  assert.ok(s.can({ type: 'IMPORT' }), 'Read the scripts is available at once');
});
