#!/usr/bin/env node
// Runs every check: type-check (Node side and web side), lint, the renderer build the e2e tests
// serve, then every test file under test/ with Node's test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { reexecOnSupportedNode } from './ensure-node.mjs';

// Node >= 22 (the pinned Node 24 from .tools/ on an older machine); children find it first on PATH.
reexecOnSupportedNode();

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };

function step(title, cmd, args) {
  process.stdout.write(`\n== ${title}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  process.stdout.write(
    `== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' ? [] : testFiles(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

const only = process.argv.slice(2);
const files = (only.length ? only : testFiles(join(root, 'test'))).sort();

step('type-check (node side)', 'npx', ['tsc', '-p', 'tsconfig.node.json']);
step('type-check (web side)', 'npx', ['tsc', '-p', 'tsconfig.web.json']);
step('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
step('lint', 'npx', ['eslint', '.']);
if (existsSync(join(root, 'renderer/vite.config.ts')))
  step('renderer build', 'npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
// The CLI runs from its bundle (bin/tcw.js builds it on demand too); build it once before the tests spawn it.
step('CLI build', process.execPath, ['scripts/build-cli.mjs']);
step(`tests (${files.length} files)`, process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  ...files,
]);
