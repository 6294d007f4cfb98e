// Browser mode: the same renderer and the same WizardApi over HTTP, on 127.0.0.1 only.
//   POST /api/<method>   body {"args":[…]}  → 200 {"result":…} | 4xx/5xx {"error":{"message":…}}
//   GET  /api/events     text/event-stream of OperationEvent (read with fetch streaming: needs the token header)
//   GET  /…              the built renderer (out/renderer), with a strict CSP
// Every API call needs the session token (Authorization: Bearer …); every request needs a loopback Host
// with our port (DNS rebinding) and, when an Origin is sent, our own origin (CSRF).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { realpath, stat, readFile } from 'node:fs/promises';
import { join, extname, sep, resolve } from 'node:path';
import type { WizardApiImpl } from '../services/wizard-api/wizard-service.ts';
import { ApiError, publicMessage } from '../services/wizard-api/api-errors.ts';
import { dispatch, MAX_ARGS } from '../services/wizard-api/dispatch.ts';
import {
  PAGE_CSP,
  SECURITY_HEADERS,
  hostAllowed,
  inlineShellScript,
  shellScriptPath,
  isJsonContentType,
  mimeType,
  newToken,
  originAllowed,
  tokenFromHeaders,
  tokenMatches,
} from './page-security.ts';

export interface BridgeServerOptions {
  service: WizardApiImpl;
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string;
  /** 0 or undefined: a free port chosen by the OS. */
  port?: number;
  /** For tests; a fresh 256-bit token otherwise. */
  token?: string;
  maxBodyBytes?: number;
  /** Diagnostics (never request bodies, URLs with tokens or secrets). */
  log?: (line: string) => void;
  /** Seconds between SSE keep-alive comments. */
  keepAliveSeconds?: number;
  /** Connection limits (tests lower them); defaults in BRIDGE_LIMITS. */
  limits?: Partial<BridgeLimits>;
}

export interface BridgeLimits {
  /** Open connections at most; more are closed on arrival. A browser uses ~6 plus its event streams. */
  maxConnections: number;
  /** A request whose headers are not complete by then is dropped (408). */
  headersTimeoutMs: number;
  /** A request (headers and body) not received completely by then is dropped. */
  requestTimeoutMs: number;
  /** How often those two are checked. */
  checkIntervalMs: number;
}

export const BRIDGE_LIMITS: BridgeLimits = {
  maxConnections: 64,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
};

export interface RunningBridge {
  readonly port: number;
  readonly origin: string;
  /** The URL to open: the token rides in the fragment, which browsers never send to the server. */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
const MAX_EVENT_STREAMS = 8;

export async function startBridgeServer(opts: BridgeServerOptions): Promise<RunningBridge> {
  const token = opts.token ?? newToken();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const log = opts.log ?? (() => {});
  const staticRoot = await realpath(resolve(opts.staticDir)).catch(() => resolve(opts.staticDir));
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let port = 0;

  const limits: BridgeLimits = { ...BRIDGE_LIMITS, ...opts.limits };
  // Node checks the timeouts every connectionsCheckingInterval (30 s by default): check often, so a
  // slow or half-sent request is dropped in seconds.
  const server: Server = createServer(
    {
      connectionsCheckingInterval: limits.checkIntervalMs,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
    },
    (req, res) => {
      handle(req, res).catch((e) => {
        log(`tcw ui: request failed: ${(e as Error).name}: ${publicMessage(e)}`);
        if (!res.headersSent) sendError(res, 500, 'Internal error in the wizard server.');
        else res.destroy();
      });
    },
  );
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.maxConnections = limits.maxConnections;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host;
    if (!hostAllowed(host, port))
      return sendError(res, 403, 'Unexpected Host header: open the address printed by "tcw ui".');
    const origin = req.headers.origin;
    if (!originAllowed(typeof origin === 'string' ? origin : undefined, host!))
      return sendError(res, 403, 'Cross-origin requests are not allowed.');
    let url: URL;
    try {
      // Parsed as origin + path (never relative to a base), so "//x/y" stays a path, not a host.
      if (!req.url?.startsWith('/')) throw new Error('not origin-form');
      url = new URL(`http://${host}${req.url}`);
    } catch {
      return sendError(res, 400, 'Malformed request URL.');
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/'))
      return handleApi(req, res, url.pathname.slice('/api/'.length));
    return handleStatic(req, res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    // Requests from other sites never get here with a page's consent: only same-origin fetches.
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none')
      return sendError(res, 403, 'Cross-site requests are not allowed.');
    if (!tokenMatches(token, tokenFromHeaders(req.headers))) {
      return sendError(
        res,
        401,
        'Missing or wrong access token. Open the full address printed by "tcw ui" (it ends in #token=…).',
      );
    }
    if (name === 'events') {
      if (req.method !== 'GET') return sendError(res, 405, 'Use GET for /api/events.', { Allow: 'GET' });
      return openEventStream(req, res);
    }
    if (req.method !== 'POST') return sendError(res, 405, 'API methods are called with POST.', { Allow: 'POST' });
    if (!isJsonContentType(req.headers['content-type']))
      return sendError(res, 415, 'Send the request body as Content-Type: application/json.');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, maxBody));
    } catch (e) {
      if (e instanceof ApiError)
        return sendError(res, e.status, e.message, e.status === 413 ? { Connection: 'close' } : {});
      return sendError(res, 400, 'The request body is not valid JSON.');
    }
    const args =
      body && typeof body === 'object' && !Array.isArray(body) ? ((body as { args?: unknown }).args ?? []) : undefined;
    if (!Array.isArray(args) || args.length > MAX_ARGS)
      return sendError(res, 400, `The request body must be {"args":[…]} with at most ${MAX_ARGS} arguments.`);
    try {
      // The same dispatch as the IPC handler: unknown method or malformed arguments → 400.
      const result = await dispatch(opts.service, name, args);
      sendJson(res, 200, { result: result === undefined ? null : result });
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 500;
      if (status >= 500 && status !== 501)
        log(`tcw ui: ${name} failed: ${(e as Error)?.name ?? 'Error'}: ${publicMessage(e)}`);
      sendError(res, status, publicMessage(e));
    }
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    if (streams.size >= MAX_EVENT_STREAMS)
      return sendError(res, 429, 'Too many open event streams; close other wizard tabs.');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write('event: ready\ndata: {}\n\n');
    streams.add(res);
    const unsubscribe = opts.service.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), (opts.keepAliveSeconds ?? 15) * 1000);
    keepAlive.unref();
    const done = () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', done);
    res.on('close', done);
  }

  /** The app page with the start page's shell script inside it (inlineShellScript). */
  async function startPage(file: Buffer): Promise<{ data: Buffer; csp: string }> {
    const html = file.toString('utf8');
    const rel = shellScriptPath(html);
    const script = rel ? await readFile(join(staticRoot, rel), 'utf8').catch(() => null) : null;
    const page = inlineShellScript(html, script);
    return { data: Buffer.from(page.html, 'utf8'), csp: page.csp };
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' });
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendError(res, 400, 'Malformed path.');
    }
    const segments = decoded.split('/');
    if (
      decoded.includes('\0') ||
      decoded.includes('\\') ||
      decoded.includes('//') ||
      segments.some((s) => s === '..' || s === '.')
    ) {
      return sendError(res, 400, 'Path not allowed.');
    }
    const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
    let file = join(staticRoot, rel);
    let info = await stat(file).catch(() => null);
    if (!info && extname(rel) === '') {
      // Client-side routes fall back to the app page.
      file = join(staticRoot, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info || !info.isFile()) return sendError(res, 404, 'Not found.');
    // Symlinks must not lead out of the renderer folder.
    const real = await realpath(file);
    if (real !== staticRoot && !real.startsWith(staticRoot + sep)) return sendError(res, 404, 'Not found.');
    let data: Buffer = await readFile(real);
    let csp = PAGE_CSP;
    if (real === join(staticRoot, 'index.html')) {
      const page = await startPage(data);
      data = page.data;
      csp = page.csp;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': csp,
      'Content-Type': mimeType(extname(real)),
      'Content-Length': String(data.length),
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (e: NodeJS.ErrnoException) => {
      rejectListen(
        e.code === 'EADDRINUSE'
          ? new ApiError(
              `Port ${opts.port} on 127.0.0.1 is already in use. Choose another with --port, or leave --port out for a free one.`,
            )
          : e,
      );
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    url: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((done) => {
        for (const s of streams) s.end();
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, rejectBody) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      rejectBody(new ApiError(`The request is larger than ${Math.round(limit / 1024 / 1024)} MB.`, 413));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        rejectBody(new ApiError(`The request is larger than ${Math.round(limit / 1024 / 1024)} MB.`, 413));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!failed) rejectBody(e);
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message } }, extra);
}
