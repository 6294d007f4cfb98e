#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is installed, else browser mode (`tcw ui`).
// The Electron binary is looked up the way the electron package does (path.txt + dist/), but without
// `require('electron')`, which would try to download a missing binary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reexecOnSupportedNode } from '../scripts/ensure-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/** The Electron executable, or the reason there is none. */
export function findElectron(env = process.env) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const defaultName =
    process.platform === 'win32'
      ? 'electron.exe'
      : process.platform === 'darwin'
        ? 'Electron.app/Contents/MacOS/Electron'
        : 'electron';
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  let binary;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, rel ?? defaultName);
  else if (!existsSync(join(pkg, 'package.json')))
    return { binary: null, reason: 'the electron package is not installed' };
  else if (rel === null)
    return {
      binary: null,
      reason: 'the Electron binary was never downloaded (offline or ELECTRON_SKIP_BINARY_DOWNLOAD)',
    };
  else binary = join(pkg, 'dist', rel);
  if (!existsSync(binary)) return { binary: null, reason: `the Electron binary is missing (${binary})` };
  const probe = spawnSync(binary, ['--version'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (probe.status !== 0)
    return {
      binary: null,
      reason: `the Electron binary does not run here (${(probe.stderr || probe.error?.message || `exit ${probe.status}`).toString().trim().split('\n')[0]})`,
    };
  return { binary, reason: null };
}

function run(cmd, cmdArgs, what) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stderr.write(`npm start: ${what} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status || 1);
  }
}

function ensureRenderer() {
  if (existsSync(join(root, 'out', 'renderer', 'index.html'))) return;
  process.stderr.write('npm start: building the wizard pages once (out/renderer)…\n');
  run(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    'the renderer build',
  );
}

function forward(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const isMain = Boolean(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  reexecOnSupportedNode();
  ensureRenderer();
  const { binary, reason } =
    process.env.TCW_BROWSER_MODE === '1' ? { binary: null, reason: 'TCW_BROWSER_MODE=1' } : findElectron();
  if (binary) {
    run(process.execPath, [join(root, 'scripts', 'build-electron.mjs')], 'the Electron build');
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    forward(spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit', env }));
  } else {
    process.stderr.write(`npm start: no desktop app here: ${reason}. Starting browser mode (tcw ui) instead.\n`);
    forward(
      spawn(process.execPath, [join(root, 'bin', 'tcw.js'), 'ui', ...args], {
        cwd: root,
        stdio: 'inherit',
        env: process.env,
      }),
    );
  }
}
