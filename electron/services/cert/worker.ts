// Worker-thread entry: runs certificate analysis off the app's main thread (key derivation for a
// PFX costs tens of milliseconds; a damaged file must never freeze the window).
import { parentPort } from 'node:worker_threads';
import { analyzePfxAsync, analyzeNodeCertificates, type NodeOptions, type PfxOptions } from './analyze.ts';
import { warmUp } from './warm.ts';

export type WorkerRequest =
  | { id: number; op: 'pfx'; bytes: Uint8Array; options: Omit<PfxOptions, 'now'> & { now?: string } }
  | {
      id: number;
      op: 'nodes';
      files: { name: string; data: Uint8Array | string }[];
      options: Omit<NodeOptions, 'now'> & { now?: string };
    }
  // Additive: compile and exercise the engine before the first real request (certificate step opened).
  | { id: number; op: 'warm' };

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

parentPort?.on('message', async (msg: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    if (msg.op === 'warm') {
      warmUp();
      parentPort!.postMessage({ id: msg.id, ok: true, result: null } satisfies WorkerResponse);
      return;
    }
    const now = msg.options.now ? new Date(msg.options.now) : undefined;
    const result =
      msg.op === 'pfx'
        ? await analyzePfxAsync(msg.bytes, { ...msg.options, now })
        : analyzeNodeCertificates(msg.files, { ...msg.options, now });
    res = { id: msg.id, ok: true, result };
  } catch (e) {
    res = { id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(res);
});
