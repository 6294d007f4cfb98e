// Shared by the app-service tests: an Electron-style service whose host grants folders the way the
// shell's dialog does, the guide's example per journey, and a byte-level snapshot of a folder.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createWizardService,
  type WizardApiImpl,
  type WizardServiceDeps,
} from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import type { GenerateRequest } from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { twoRegionProject, withAppId } from '../emit/fixtures.ts';

export const ADMIN_PASSWORD = 'Adm1n#Parity-2026';
export const APP_PASSWORD = 'App~Secret.Parity_42';
export const OWNER_UPN = 'alice@example.com';

/** The guide's example in each journey, with the same options for the app and `tcw generate`. */
export function journeyRequests(): Record<string, GenerateRequest> {
  const secrets = { adminPassword: ADMIN_PASSWORD, appPassword: APP_PASSWORD };
  return {
    'first-install': {
      project: exampleProject(),
      journey: 'first-install',
      includeSecrets: true,
      secrets,
      ownerUpn: OWNER_UPN,
    },
    'add-region': {
      project: twoRegionProject(),
      journey: 'add-region',
      region: 'us',
      includeSecrets: true,
      secrets,
      ownerUpn: OWNER_UPN,
    },
    redeploy: {
      project: withAppId(exampleProject()),
      journey: 'redeploy',
      region: 'eu',
      includeSecrets: true,
      secrets,
      ownerUpn: OWNER_UPN,
    },
  };
}

/** An Electron-mode service; `dialogAnswers` are what the folder dialog returns, one per pickFolder. */
export function electronService(
  dataDir: string,
  dialogAnswers: string[],
  deps: Partial<WizardServiceDeps> = {},
): WizardApiImpl {
  const granted = new Set<string>();
  return createWizardService({
    mode: 'electron',
    version: '1',
    dataDir,
    secrets: new MemorySecretStore(),
    host: {
      pickFolder: async () => {
        const f = dialogAnswers.shift() ?? null;
        if (f) granted.add(f);
        return f;
      },
      isFolderGranted: (f) => granted.has(f),
    },
    ...deps,
  });
}

export interface FileSnapshot {
  name: string;
  mode: number;
  bytes: Buffer;
}

/**
 * Every file under `dir` (relative names with "/"), its permission bits and its bytes, sorted by name.
 * The writer's own bookkeeping folder (.tcw: manifest, lock, journal) is not part of the set.
 */
export async function snapshot(dir: string, prefix = ''): Promise<FileSnapshot[]> {
  const out: FileSnapshot[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (prefix === '' && e.name === '.tcw') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await snapshot(p, `${prefix}${e.name}/`)));
    else out.push({ name: `${prefix}${e.name}`, mode: (await stat(p)).mode & 0o7777, bytes: await readFile(p) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
