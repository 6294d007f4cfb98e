// Runs the analysis in a worker thread for the app's main process. One lazily started worker;
// a request that exceeds its time limit gets a verdict saying so, and the worker is replaced.
import { Worker } from 'node:worker_threads';
import type { CertResult } from '../../../shared/api/wizard-api.ts';
import { finding } from '../../../shared/cert/judge.ts';
import type { NodeOptions, PfxOptions } from './analyze.ts';
import type { WorkerRequest, WorkerResponse } from './worker.ts';

interface Pending {
  msg: WorkerRequest;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  onTimeout: () => unknown;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function start(): Worker {
  let w: Worker;
  if (import.meta.url.endsWith('.ts')) {
    // Running from TypeScript sources (tsx: tests, `tcw`): a worker does not inherit tsx's hooks,
    // and --import in execArgv comes too late for the entry module, so bootstrap it by hand.
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', import.meta.url).href;
    w = new Worker(
      `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
      { eval: true },
    );
  } else {
    w = new Worker(new URL('./worker.js', import.meta.url));
  }
  w.unref();
  w.on('message', (res: WorkerResponse) => {
    const p = pending.get(res.id);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(res.id);
    if (res.ok) p.resolve(res.result);
    else p.reject(new Error(res.error));
  });
  w.on('error', (e) => restart(e));
  w.on('exit', (code) => {
    if (worker === w && code !== 0) restart(new Error(`certificate worker stopped (exit code ${code})`));
  });
  return w;
}

function restart(cause: Error): void {
  const old = worker;
  worker = null;
  void old?.terminate();
  // Send the others again to a fresh worker; only the one that hung is given up.
  for (const p of pending.values()) {
    if (cause.message === 'timeout') ensure().postMessage(p.msg);
    else {
      clearTimeout(p.timer);
      pending.delete(p.msg.id);
      p.reject(cause);
    }
  }
}

function ensure(): Worker {
  worker ??= start();
  return worker;
}

function call<T>(msg: WorkerRequest, timeoutMs: number, onTimeout: () => T, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      if (!pending.has(msg.id)) return;
      clearTimeout(pending.get(msg.id)!.timer);
      pending.delete(msg.id);
      reject(signal!.reason);
      // The worker cannot be interrupted mid-derivation: replace it, resending the others (as for a timeout).
      restart(new Error('timeout'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      pending.delete(msg.id);
      resolve(onTimeout());
      restart(new Error('timeout'));
    }, timeoutMs);
    timer.unref();
    const settle =
      <A>(fn: (a: A) => void) =>
      (a: A) => {
        signal?.removeEventListener('abort', onAbort);
        fn(a);
      };
    pending.set(msg.id, {
      msg,
      resolve: settle(resolve as (r: unknown) => void),
      reject: settle(reject),
      timer,
      onTimeout,
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    ensure().postMessage(msg);
  });
}

/** Test and diagnostics hook: the thread id of the current worker (null when none is running). */
export function certWorkerThreadId(): number | null {
  return worker?.threadId ?? null;
}

const tooSlow = (file: string, code: string): CertResult => ({
  file,
  ok: false,
  findings: [
    finding(
      code,
      'error',
      'Analysing this file took too long and was stopped; the file is probably damaged or uses extreme iteration counts. Export it again.',
      null,
    ),
  ],
  certificate: null,
});

/** analyzePfx in the worker thread. */
export function analyzePfxInWorker(
  bytes: Uint8Array,
  o: PfxOptions,
  timeoutMs = 30_000,
  signal?: AbortSignal,
): Promise<CertResult> {
  const { now, ...rest } = o;
  const msg: WorkerRequest = { id: nextId++, op: 'pfx', bytes, options: { ...rest, now: now?.toISOString() } };
  return call(msg, timeoutMs, () => tooSlow(o.fileName ?? 'certificate.pfx', 'pfx.unreadable'), signal);
}

/** analyzeNodeCertificates in the worker thread. */
export function analyzeNodeCertificatesInWorker(
  files: { name: string; data: Uint8Array | string }[],
  o: NodeOptions,
  timeoutMs = 30_000,
  signal?: AbortSignal,
): Promise<CertResult[]> {
  const { now, ...rest } = o;
  const msg: WorkerRequest = { id: nextId++, op: 'nodes', files, options: { ...rest, now: now?.toISOString() } };
  return call(msg, timeoutMs, () => files.map((f) => tooSlow(f.name, 'node.unreadable')), signal);
}

/**
 * Starts the worker if needed and warms it (module loading, compilation, first use of each
 * algorithm), so the first verdict the user waits for is quick. Resolves when warm; never rejects.
 */
export function warmCertWorker(timeoutMs = 30_000): Promise<void> {
  const msg: WorkerRequest = { id: nextId++, op: 'warm' };
  return call(msg, timeoutMs, () => undefined).then(
    () => undefined,
    () => undefined,
  );
}

/** Stops the worker (app shutdown, tests). */
export async function stopCertWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await w?.terminate();
}
