// `tcw ui` opens the browser without the session token in any process's arguments: a fake opener
// on PATH records the argv it was given; it must name an owner-only page, never carry the token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTcwUi, type TcwUi } from '../../support/tcw-ui.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test(
  'tcw ui hands the opener an owner-only redirect page, never the token; the page goes when tcw ui stops',
  { timeout: 120_000, skip: process.platform !== 'linux' ? 'the fake opener is xdg-open' : false },
  async (t) => {
    if (
      !existsSync(join(root, 'out', 'renderer', 'index.html')) &&
      !existsSync(join(root, 'renderer', 'vite.config.ts'))
    )
      return t.skip('no renderer in this checkout');
    const work = mkdtempSync(join(tmpdir(), 'tcw-ui-open-'));
    const record = join(work, 'argv.txt');
    const fake = join(work, 'bin');
    mkdirSync(fake);
    // The fake opener writes one argument per line, then a marker: what `ps` would have shown.
    writeFileSync(
      join(fake, 'xdg-open'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${record}.part"\nmv "${record}.part" "${record}"\n`,
    );
    chmodSync(join(fake, 'xdg-open'), 0o755);
    const env: Record<string, string | undefined> = {
      ...process.env,
      PATH: `${fake}:${process.env.PATH}`,
      TCW_DATA_DIR: join(work, 'data'),
    };
    delete env.CI;
    let child: TcwUi['child'] | undefined;
    try {
      const ui = await startTcwUi(root, ['--port', '0'], env);
      child = ui.child;
      const url = ui.url;
      const token = url.slice(url.indexOf('#token=') + 7);
      assert.ok(token.length >= 32, url);
      const deadline = Date.now() + 20_000;
      while (!existsSync(record) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const argv = readFileSync(record, 'utf8').trim().split('\n');
      assert.ok(argv.length >= 1);
      for (const a of argv) assert.ok(!a.includes(token), `the opener's argv holds the token: ${a}`);
      const page = argv.at(-1)!;
      assert.ok(existsSync(page), `the opener was given ${page}`);
      assert.equal(statSync(page).mode & 0o777, 0o600, 'the page is owner-only');
      assert.equal(statSync(join(page, '..')).mode & 0o077, 0, 'in an owner-only folder');
      assert.ok(
        readFileSync(page, 'utf8').includes(JSON.stringify(url)),
        'the page redirects to the address with the key',
      );
      const running = child;
      running.kill('SIGTERM');
      assert.equal(await new Promise<number | null>((r) => running.on('exit', r)), 0);
      assert.equal(existsSync(page), false, 'the page is deleted when tcw ui stops');
    } finally {
      child?.kill('SIGKILL');
      await rm(work, { recursive: true, force: true });
    }
  },
);
