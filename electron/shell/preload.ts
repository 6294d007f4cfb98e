// Preload (sandboxed): exposes exactly the WizardApi as window.tcw. Each method is an ipcRenderer.invoke
// on its own channel; onEvent wraps the listener so the page never sees Electron's event object.
import { contextBridge, ipcRenderer } from 'electron';
import { WIZARD_API_METHODS, type OperationEvent, type WizardApi } from '../../shared/api/wizard-api.ts';
import { EVENT_CHANNEL, channelOf, type IpcEnvelope as Envelope } from '../../shared/api/channels.ts';

const api: Record<string, unknown> = {};
for (const method of WIZARD_API_METHODS) {
  api[method] = async (...args: unknown[]) => {
    const reply = (await ipcRenderer.invoke(channelOf(method), ...args)) as Envelope;
    if (reply && reply.ok === true) return reply.result;
    throw new Error(reply && reply.ok === false ? reply.error.message : 'The wizard did not answer.');
  };
}
api.onEvent = (listener: (event: OperationEvent) => void) => {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
  const wrapped = (_event: unknown, payload: OperationEvent) => {
    if (payload && typeof payload.opId === 'string' && typeof payload.message === 'string') listener(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, wrapped);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  };
};

contextBridge.exposeInMainWorld('tcw', api as unknown as WizardApi);
