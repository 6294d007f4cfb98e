#!/usr/bin/env node
// Bundles the Electron main process and the preload into out/electron/*.cjs with esbuild (the one vite
// ships). `electron` stays external (the runtime provides it); so do native addons.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';

const root = fileURLToPath(new URL('..', import.meta.url));
// --outdir DIR: build elsewhere (tests); default out/electron.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 && process.argv[at + 1] ? process.argv[at + 1] : join(root, 'out', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  // Smaller bundle, faster start; names kept because errors are told apart by name (AbortError …).
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Modules written as ESM locate siblings with import.meta.url (main.ts, the certificate worker
  // client): in the CommonJS bundle it is the bundle's own file URL.
  banner: { js: "const __tcwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__tcwImportMetaUrl' },
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'tree-sitter', 'tree-sitter-powershell', '*.node'],
  absWorkingDir: root,
};

await mkdir(outdir, { recursive: true });
// worker.js sits next to main.cjs (the worker client loads ./worker.js); this folder is CommonJS.
await writeFile(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
await Promise.all([
  build({ ...common, entryPoints: { main: 'electron/shell/main.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  // Certificate analysis runs in this worker thread, off the main process's event loop.
  build({ ...common, entryPoints: { worker: 'electron/services/cert/worker.ts' }, outdir }),
  // The preload runs sandboxed: it may require only `electron`, so everything else is bundled in.
  build({
    ...common,
    entryPoints: { preload: 'electron/shell/preload.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    target: 'chrome130',
  }),
]);
process.stdout.write(`built main.cjs, preload.cjs and worker.js in ${outdir}\n`);
