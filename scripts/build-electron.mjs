#!/usr/bin/env node
// Bundles the Electron main process and the preload into out/electron/*.cjs with esbuild (the one vite
// ships). `electron` stays external (the runtime provides it); so do native addons.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'out', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // main.ts falls back to import.meta.url only when loaded as ESM source (tests); __dirname wins in CJS.
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'tree-sitter', 'tree-sitter-powershell', '*.node'],
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, entryPoints: { main: 'electron/shell/main.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  // The preload runs sandboxed: it may require only `electron`, so everything else is bundled in.
  build({ ...common, entryPoints: { preload: 'electron/shell/preload.ts' }, outdir, outExtension: { '.js': '.cjs' }, external: ['electron'], target: 'chrome130' }),
]);
process.stdout.write(`built ${join('out', 'electron', 'main.cjs')} and ${join('out', 'electron', 'preload.cjs')}\n`);
