// Import this FIRST in a test file that talks to the emulator. Node reads NODE_EXTRA_CA_CERTS only
// at process start, so when the variable does not point at a fresh test CA yet, this module makes
// one and re-runs the same file in a child process with the variable set, then exits with the
// child's status (the child speaks to the test runner over the inherited stdout).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { makeTestCa, readCa, type TestCa } from './ca.ts';

const MARK = 'TCW_AZURE_EMULATOR_CA_DIR';

function ensure(): TestCa {
  const dir = process.env[MARK];
  if (dir && process.env.NODE_EXTRA_CA_CERTS) return readCa(dir);
  const ca = makeTestCa();
  const script = process.argv[1];
  if (!script) throw new Error('trust.ts: cannot tell which script to re-run');
  const r = spawnSync(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.caPemPath, [MARK]: ca.dir },
  });
  rmSync(ca.dir, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

export const testCa: TestCa = ensure();
