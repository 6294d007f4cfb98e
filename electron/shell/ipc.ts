// The IPC half of the bridge, free of `electron` imports (main.ts passes ipcMain in): one handler per
// WizardApi method, each checking the sender frame, answering with a plain envelope so no Error object,
// stack or Electron prefix reaches the page.
import { WIZARD_API_METHODS, type OperationEvent, type WizardApi, type WizardApiMethod } from '../../shared/api/wizard-api.ts';
import type { WizardApiImpl } from '../services/app/service.ts';
import { ApiError, publicMessage } from '../services/app/errors.ts';
import { isTrustedSender, type SenderInfo } from './policy.ts';

export const IPC_PREFIX = 'tcw:api:';
export const EVENT_CHANNEL = 'tcw:event';

export type IpcChannel<M extends WizardApiMethod = WizardApiMethod> = `${typeof IPC_PREFIX}${M}`;

/** Typed channel → signature map: what each channel takes and answers. */
export type IpcChannelMap = {
  [M in WizardApiMethod as IpcChannel<M>]: NonNullable<WizardApi[M]>;
};

export type IpcEnvelope<T = unknown> = { ok: true; result: T } | { ok: false; error: { message: string } };

export function channelOf<M extends WizardApiMethod>(method: M): IpcChannel<M> {
  return `${IPC_PREFIX}${method}`;
}

/** What main.ts needs from ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** Defaults to the app-origin top-frame check. */
  isTrusted?: (event: SenderInfo) => boolean;
  /** Told about refused senders (never about arguments). */
  onRefused?: (channel: string, url: string | undefined) => void;
}

const MAX_ARGS = 4;

export function registerIpcHandlers(ipc: IpcMainLike, service: WizardApiImpl, opts: IpcOptions = {}): () => void {
  const trusted = opts.isTrusted ?? isTrustedSender;
  for (const method of WIZARD_API_METHODS) {
    const channel = channelOf(method);
    ipc.handle(channel, async (event, ...args): Promise<IpcEnvelope> => {
      if (!trusted(event)) {
        opts.onRefused?.(channel, event.senderFrame?.url);
        return { ok: false, error: { message: 'Refused: this request did not come from the wizard page.' } };
      }
      if (args.length > MAX_ARGS) return { ok: false, error: { message: 'Too many arguments.' } };
      try {
        const fn = service[method] as (...a: unknown[]) => Promise<unknown>;
        const result = await fn.apply(service, args);
        return { ok: true, result: result === undefined ? null : result };
      } catch (e) {
        return { ok: false, error: { message: e instanceof ApiError || e instanceof Error ? publicMessage(e) : 'Unexpected error.' } };
      }
    });
  }
  return () => {
    for (const method of WIZARD_API_METHODS) ipc.removeHandler(channelOf(method));
  };
}

/** Forwards operation events to one page; returns the unsubscribe function. */
export function forwardEvents(service: WizardApiImpl, send: (channel: string, event: OperationEvent) => void): () => void {
  return service.subscribe((event) => send(EVENT_CHANNEL, event));
}
