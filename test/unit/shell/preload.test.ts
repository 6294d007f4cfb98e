// The preload against a fake `electron`: it exposes exactly the WizardApi, each method an invoke on its
// own channel, and onEvent never hands the page Electron's event object.
import './fixtures/register-fake-electron.ts';
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { WIZARD_API_METHODS, type OperationEvent, type WizardApi } from '../../../shared/api/wizard-api.ts';

interface FakeState {
  exposed: Map<string, Record<string, unknown>>;
  invokes: [string, unknown[]][];
  invokeReply: ((ch: string, args: unknown[]) => unknown) | null;
  rendererListeners: Map<string, Set<(...a: unknown[]) => void>>;
}
let state: FakeState;
let api: WizardApi;

before(async () => {
  await import('../../../electron/shell/preload.ts');
  state = (globalThis as unknown as { __fakeElectron: FakeState }).__fakeElectron;
  api = state.exposed.get('tcw') as unknown as WizardApi;
});

test('exposes one object, window.tcw, with exactly the WizardApi methods', () => {
  assert.deepEqual([...state.exposed.keys()], ['tcw']);
  assert.deepEqual(Object.keys(api).sort(), [...WIZARD_API_METHODS, 'onEvent'].sort());
  for (const k of Object.keys(api)) assert.equal(typeof (api as unknown as Record<string, unknown>)[k], 'function');
});

test('each method invokes its own channel with its arguments and unwraps the envelope', async () => {
  state.invokeReply = (ch) =>
    ch === 'tcw:api:listProjects'
      ? { ok: true, result: [{ id: 'a', name: 'A', savedAt: 'x' }] }
      : { ok: true, result: null };
  assert.deepEqual(await api.listProjects(), [{ id: 'a', name: 'A', savedAt: 'x' }]);
  await api.cancel('op-1');
  assert.deepEqual(state.invokes.slice(-2), [
    ['tcw:api:listProjects', []],
    ['tcw:api:cancel', ['op-1']],
  ]);
});

test('an error envelope becomes an Error with the message only', async () => {
  state.invokeReply = () => ({ ok: false, error: { message: 'The project has no region "zz".' } });
  await assert.rejects(
    api.info(),
    (e: unknown) => e instanceof Error && e.message === 'The project has no region "zz".',
  );
  state.invokeReply = () => undefined;
  await assert.rejects(api.info(), /did not answer/);
  state.invokeReply = null;
});

test('onEvent passes the payload only and unsubscribes cleanly', () => {
  const got: unknown[][] = [];
  const off = api.onEvent((...args: unknown[]) => got.push(args));
  const listeners = [...(state.rendererListeners.get('tcw:event') ?? [])];
  assert.equal(listeners.length, 1);
  const ev: OperationEvent = { opId: 'o', kind: 'progress', message: 'm', fraction: 0.1 };
  listeners[0]!({ sender: 'ELECTRON-EVENT-OBJECT', ports: [] }, ev);
  listeners[0]!({ sender: 'x' }, { junk: true });
  assert.deepEqual(got, [[ev]]);
  off();
  assert.equal(state.rendererListeners.get('tcw:event')!.size, 0);
  assert.throws(() => api.onEvent('nope' as never), /needs a function/);
});
