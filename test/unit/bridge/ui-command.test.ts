// `tcw ui`: options, the printed address on stdout, and a clean stop on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../../electron/cli/commands/ui.ts';
import { UsageError, type CliIo } from '../../../electron/cli/io.ts';
import { startTcwUi } from '../../support/tcw-ui.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function io(): CliIo & { out: string; err: string } {
  const o = { out: '', err: '', env: { CI: 'true' }, cwd: root, interactive: false } as unknown as CliIo & {
    out: string;
    err: string;
  };
  o.stdout = (t) => void (o.out += t);
  o.stderr = (t) => void (o.err += t);
  return o;
}

test('--help explains the options', async () => {
  const i = io();
  assert.equal(await run(['--help'], i), 0);
  assert.match(i.out, /--port N/);
  assert.match(i.out, /--no-open/);
});

test('a bad port or an unknown option is a usage error', async () => {
  for (const port of ['abc', '-1', '65536', '80x', '1.5'])
    await assert.rejects(run([`--port=${port}`], io()), UsageError);
  await assert.rejects(run(['--bogus'], io()), /Unknown option/);
});

test(
  'prints the address alone on the first stdout line and stops cleanly on SIGTERM',
  { timeout: 90_000 },
  async (t) => {
    if (
      !existsSync(join(root, 'out', 'renderer', 'index.html')) &&
      !existsSync(join(root, 'renderer', 'vite.config.ts'))
    )
      return t.skip('no renderer in this checkout');
    const data = await mkdtemp(join(tmpdir(), 'tcw-ui-'));
    try {
      // --port 0: any free port (what scripts pass when they want the OS to choose).
      const { child, url, stderr } = await startTcwUi(root, ['--no-open', '--port', '0'], {
        ...process.env,
        CI: 'true',
        TCW_DATA_DIR: data,
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
      assert.notEqual(new URL(url).port, '0', 'the printed address names the port actually chosen');
      const origin = url.slice(0, url.indexOf('/#'));
      const token = url.slice(url.indexOf('=') + 1);
      const r = await fetch(`${origin}/api/info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"args":[]}',
      });
      const info = (await r.json()) as { result: { mode: string; dataFolder: string } };
      assert.equal(info.result.mode, 'browser');
      assert.equal(info.result.dataFolder, data);
      assert.doesNotMatch(stderr(), new RegExp(token)); // the token is printed once, on stdout only
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0);
      assert.match(stderr(), /stopped/);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  },
);
