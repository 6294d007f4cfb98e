// The IPC half of the bridge, free of `electron` imports (main.ts passes ipcMain in): one handler per
// WizardApi method, each checking the sender frame, then handing the call to the same dispatch the
// HTTP bridge uses, and answering with a plain envelope so no Error object, stack or Electron prefix
// reaches the page.
import { WIZARD_API_METHODS, type OperationEvent } from '../../shared/api/wizard-api.ts';
import { EVENT_CHANNEL, channelOf, type IpcEnvelope } from '../../shared/api/channels.ts';
import type { WizardApiImpl } from '../services/wizard-api/wizard-service.ts';
import { publicMessage } from '../services/wizard-api/api-errors.ts';
import { dispatch } from '../services/wizard-api/dispatch.ts';
import { isTrustedSender, type SenderInfo } from './shell-security.ts';

export { IPC_PREFIX, EVENT_CHANNEL, channelOf, type IpcChannel, type IpcEnvelope } from '../../shared/api/channels.ts';

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

export function registerIpcHandlers(ipc: IpcMainLike, service: WizardApiImpl, opts: IpcOptions = {}): () => void {
  const trusted = opts.isTrusted ?? isTrustedSender;
  for (const method of WIZARD_API_METHODS) {
    const channel = channelOf(method);
    ipc.handle(channel, async (event, ...args): Promise<IpcEnvelope> => {
      if (!trusted(event)) {
        opts.onRefused?.(channel, event.senderFrame?.url);
        return { ok: false, error: { message: 'Refused: this request did not come from the wizard page.' } };
      }
      try {
        const result = await dispatch(service, method, args);
        return { ok: true, result: result === undefined ? null : result };
      } catch (e) {
        return { ok: false, error: { message: e instanceof Error ? publicMessage(e) : 'Unexpected error.' } };
      }
    });
  }
  return () => {
    for (const method of WIZARD_API_METHODS) ipc.removeHandler(channelOf(method));
  };
}

/** Forwards operation events to one page; returns the unsubscribe function. */
export function forwardEvents(
  service: WizardApiImpl,
  send: (channel: string, event: OperationEvent) => void,
): () => void {
  return service.subscribe((event) => send(EVENT_CHANNEL, event));
}
