// IPC channel names, shared by the preload (renderer side) and the IPC handler (main) so the two can
// never disagree: one channel per WizardApi method, plus one for operation events.
import type { WizardApiMethod } from './wizard-api.ts';

export const IPC_PREFIX = 'tcw:api:';
export const EVENT_CHANNEL = 'tcw:event';

export type IpcChannel<M extends WizardApiMethod = WizardApiMethod> = `${typeof IPC_PREFIX}${M}`;

export function channelOf<M extends WizardApiMethod>(method: M): IpcChannel<M> {
  return `${IPC_PREFIX}${method}`;
}

/** The plain envelope every IPC answer travels in (no Error object, stack or Electron prefix). */
export type IpcEnvelope<T = unknown> = { ok: true; result: T } | { ok: false; error: { message: string } };
