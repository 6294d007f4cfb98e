// Test helpers for the browser-mode bridge: a real server on 127.0.0.1 with a throw-away renderer
// folder and data folder, and a raw HTTP client that can send any Host/Origin header.
import { request } from 'node:http';
import { mkdtemp, mkdir, writeFile, symlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createWizardService,
  type WizardApiImpl,
  type WizardServiceDeps,
} from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { startBridgeServer, type BridgeServerOptions, type RunningBridge } from '../../../electron/bridge/server.ts';

export interface Fixture {
  root: string;
  staticDir: string;
  dataDir: string;
  service: WizardApiImpl;
  bridge: RunningBridge;
  cleanup(): Promise<void>;
}

export async function startFixture(
  deps: Partial<WizardServiceDeps> = {},
  server: Partial<BridgeServerOptions> = {},
  wrap: (s: WizardApiImpl) => WizardApiImpl = (s) => s,
): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'tcw-bridge-'));
  const staticDir = join(root, 'renderer');
  const dataDir = join(root, 'data');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(
    join(staticDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body>wizard</body></html>',
  );
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
  await symlink(join(root, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
  const service = wrap(
    createWizardService({ mode: 'browser', version: '9.9.9', dataDir, secrets: new MemorySecretStore(), ...deps }),
  );
  const bridge = await startBridgeServer({ service, staticDir, ...server });
  return {
    root,
    staticDir,
    dataDir,
    service,
    bridge,
    cleanup: async () => {
      await bridge.close();
      service.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): { result?: unknown; error?: { message: string } };
}

/** Any request, any headers (fetch cannot set Host); always to 127.0.0.1. */
export function raw(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** A well-formed API call. */
export function call(
  f: Fixture,
  method: string,
  args: unknown[] = [],
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return raw(f.bridge.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${f.bridge.token}`, ...headers },
    body: JSON.stringify({ args }),
  });
}
