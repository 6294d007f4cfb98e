// Browser mode: WizardApi over the loopback HTTP bridge served by `tcw ui`. Every call is a POST of
// {"args":[…]} with the session token in a header; events arrive on a streamed GET /api/events read
// with fetch (EventSource cannot send the token header).
import {
  WIZARD_API_METHODS,
  type OperationEvent,
  type WizardApi,
  type WizardApiMethod,
} from '../../shared/api/wizard-api.ts';
import { isAllowedExternalUrl } from '../../shared/api/external-links.ts';

export interface HttpClientOptions {
  /** Origin of the bridge, e.g. "http://127.0.0.1:5123"; the page's own origin in the app. */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  /** Opens an allow-listed link; window.open in the page. */
  openWindow?: (url: string) => void;
  /** Delay before reconnecting the event stream (ms). */
  reconnectDelayMs?: number;
}

/** An error reported by the bridge; `status` is the HTTP status (0: the server could not be reached). */
export class BridgeError extends Error {
  override name = 'BridgeError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const NO_TOKEN_MESSAGE =
  'This page was opened without its access key. Open the full address that "tcw ui" printed (it ends in #token=…).';

export function createHttpClient(opts: HttpClientOptions): WizardApi {
  const doFetch = opts.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const base = opts.baseUrl.replace(/\/+$/, '');
  const listeners = new Set<(e: OperationEvent) => void>();
  let stream: AbortController | null = null;

  const headers = (json: boolean): Record<string, string> => {
    const h: Record<string, string> = {};
    if (opts.token) h['Authorization'] = `Bearer ${opts.token}`;
    if (json) h['Content-Type'] = 'application/json';
    return h;
  };

  async function call(method: WizardApiMethod, args: unknown[]): Promise<unknown> {
    if (!opts.token) throw new BridgeError(NO_TOKEN_MESSAGE, 401);
    // Trailing undefined arguments are dropped so the JSON array stays short and exact.
    while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1);
    let res: Response;
    try {
      res = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: headers(true),
        body: JSON.stringify({ args }),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new BridgeError(
        'The wizard server is not answering. Is "tcw ui" still running in its terminal? Start it again and reopen the address it prints.',
        0,
      );
    }
    type Reply = { result?: unknown; error?: { message?: unknown } };
    const body: Reply | null = await res.json().then(
      (b: unknown) => (b && typeof b === 'object' ? (b as Reply) : null),
      () => null,
    );
    if (!res.ok || body === null || !Object.hasOwn(body, 'result')) {
      const fallback = res.status === 401 ? NO_TOKEN_MESSAGE : `The wizard server answered ${res.status}.`;
      throw new BridgeError(typeof body?.error?.message === 'string' ? body.error.message : fallback, res.status);
    }
    return body.result;
  }

  function startStream(): void {
    if (stream || !opts.token) return;
    const controller = new AbortController();
    stream = controller;
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          const res = await doFetch(`${base}/api/events`, {
            headers: headers(false),
            signal: controller.signal,
            credentials: 'omit',
          });
          if (res.status === 401 || res.status === 403) return; // reconnecting would not help
          if (!res.ok || !res.body) throw new Error(`events ${res.status}`);
          await readEvents(res.body, (e) => {
            for (const l of [...listeners]) {
              try {
                l(e);
              } catch {
                // a listener's error must not end the stream
              }
            }
          });
        } catch {
          // dropped connection or server restart: retry below unless we were stopped
        }
        if (controller.signal.aborted) return;
        await new Promise((r) => setTimeout(r, opts.reconnectDelayMs ?? 1000));
      }
    })();
  }

  const api: Partial<Record<WizardApiMethod, (...a: unknown[]) => Promise<unknown>>> = {};
  for (const m of WIZARD_API_METHODS) api[m] = (...args: unknown[]) => call(m, args);

  // Links open from the page itself: the server's machine has no say in which browser tab opens.
  api.openExternal = async (url: unknown) => {
    if (typeof url !== 'string' || !isAllowedExternalUrl(url)) {
      throw new BridgeError(
        'Only https links to the Pexip and Microsoft documentation and the Azure portal can be opened from the wizard.',
        403,
      );
    }
    const open = (globalThis as { open?: (url: string, target: string, features: string) => unknown }).open;
    (opts.openWindow ?? ((u: string) => void open?.(u, '_blank', 'noopener,noreferrer')))(url);
  };

  return {
    ...(api as Omit<WizardApi, 'onEvent'>),
    onEvent(listener) {
      listeners.add(listener);
      startStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream) {
          stream.abort();
          stream = null;
        }
      };
    },
  } as WizardApi;
}

/** Parses a text/event-stream body: "data:" lines of JSON OperationEvents, blank-line separated. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (e: OperationEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let eventName = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) eventName = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (eventName !== 'message' || data.length === 0) continue;
      try {
        const e = JSON.parse(data.join('\n')) as OperationEvent;
        if (e && typeof e.opId === 'string' && typeof e.message === 'string') onEvent(e);
      } catch {
        // ignore a damaged frame
      }
    }
  }
}
