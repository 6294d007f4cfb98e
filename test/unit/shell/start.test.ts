// npm start (bin/start.js): finds a working Electron binary and launches the app with it, or says in one
// line why there is none and falls back to browser mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile, chmod, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const start = join(root, 'bin', 'start.js');
const { findElectron } = (await import(start)) as {
  findElectron: (env: Record<string, string | undefined>) => { binary: string | null; reason: string | null };
};
const exe = process.platform === 'win32' ? 'electron.exe' : 'electron';

async function fakeDist(script: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tcw-fake-electron-'));
  await writeFile(join(dir, exe), `#!/bin/sh\n${script}\n`);
  await chmod(join(dir, exe), 0o755);
  return dir;
}

test('no binary here: a clear reason, no download attempted', () => {
  const r = findElectron({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: undefined });
  assert.equal(r.binary, null);
  assert.match(r.reason!, /never downloaded|missing|not installed/);
});

test('a binary that runs is used; one that does not is reported', async (t) => {
  if (process.platform === 'win32') return t.skip('shell-script stand-in');
  const good = await fakeDist('echo v45.4.1');
  const bad = await fakeDist('echo "error while loading shared libraries: libgtk-3.so.0" >&2; exit 127');
  try {
    assert.deepEqual(findElectron({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: good }), {
      binary: join(good, exe),
      reason: null,
    });
    const r = findElectron({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: bad });
    assert.equal(r.binary, null);
    assert.match(r.reason!, /does not run here \(error while loading shared libraries/);
  } finally {
    await rm(good, { recursive: true, force: true });
    await rm(bad, { recursive: true, force: true });
  }
});

test(
  'with a working binary, npm start builds the main bundle and launches the app folder with it',
  { timeout: 120_000 },
  async (t) => {
    if (process.platform === 'win32') return t.skip('shell-script stand-in');
    const dist = await fakeDist(
      'if [ "$1" = "--version" ]; then echo v45.4.1; exit 0; fi\necho "$@" > "$(dirname "$0")/launched.txt"\necho "RUN_AS_NODE=$ELECTRON_RUN_AS_NODE" >> "$(dirname "$0")/launched.txt"',
    );
    try {
      const child = spawn(process.execPath, [start, '--flag'], {
        cwd: root,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' },
        stdio: 'pipe',
      });
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      assert.equal(code, 0);
      const launched = await readFile(join(dist, 'launched.txt'), 'utf8');
      assert.deepEqual(launched.split('\n')[0]!.split(' '), [root, '--flag']);
      assert.match(launched, /RUN_AS_NODE=$/m); // never inherited by the app
      await readFile(join(root, 'out', 'electron', 'main.cjs'));
    } finally {
      await rm(dist, { recursive: true, force: true });
    }
  },
);
