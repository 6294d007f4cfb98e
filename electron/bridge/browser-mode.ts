// Browser mode wiring: the app service with browser-mode host integration (no native dialogs, secrets in
// memory only) behind the loopback HTTP bridge.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWizardService, type WizardApiImpl } from '../services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../services/secrets/secret-store.ts';
import { browserModeDataDir } from '../services/wizard-api/data-dir.ts';
import { availableBackends } from '../services/wizard-api/backends.ts';
import { startBridgeServer, type RunningBridge } from './server.ts';

/** The checkout: the nearest folder above this module with a package.json (sources or the CLI bundle in out/cli). */
function findRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d.endsWith(sep) ? d : d + sep;
}
export const REPO_ROOT = findRoot();
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export interface BrowserModeOptions {
  port?: number;
  staticDir?: string;
  dataDir?: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  token?: string;
}

export async function startBrowserMode(
  opts: BrowserModeOptions = {},
): Promise<RunningBridge & { service: WizardApiImpl }> {
  const env = opts.env ?? process.env;
  const service = createWizardService({
    mode: 'browser',
    version: appVersion(),
    dataDir: opts.dataDir ?? browserModeDataDir(env),
    secrets: new MemorySecretStore(),
    ...availableBackends(env),
  });
  const bridge = await startBridgeServer({
    service,
    staticDir: opts.staticDir ?? RENDERER_DIR,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return {
    ...bridge,
    service,
    close: async () => {
      service.dispose();
      await bridge.close();
    },
  };
}
