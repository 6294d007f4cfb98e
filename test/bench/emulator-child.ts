// Benches against the Azure emulator run their measurement in a child process: the emulator's TLS
// test CA must be in NODE_EXTRA_CA_CERTS when that process starts.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeTestCa } from '../support/azure-emulator/ca.ts';

/** Runs `benchFile` again with `childFlag`, trusting a fresh emulator CA; removes the CA after. */
export function runInEmulatorChild(benchFile: string, childFlag: string, what: string): void {
  const ca = makeTestCa();
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(benchFile), childFlag], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.caPemPath, TCW_AZURE_EMULATOR_CA_DIR: ca.dir },
    });
    if (r.status !== 0) throw new Error(`${what} bench child failed (${r.status})`);
  } finally {
    rmSync(ca.dir, { recursive: true, force: true });
  }
}
