#!/usr/bin/env node
// The `tcw` command. Runs the prebuilt bundle (out/cli, see scripts/build-cli.mjs): nothing is
// compiled at run time. When the bundle is missing (fresh clone) or older than a source it was built
// from, it is built once, here, before running.
//
// Node's own modules are taken with process.getBuiltinModule, not imported: an ES import of a
// builtin builds its ES module facade, which reads every export, and node:fs's stream getters load
// all of Node's streams (~9 ms of a ~70 ms start) for code this file never runs.

// Node older than 22 (this machine's own Node 20): re-run on the project's pinned Node 24.
if (Number.parseInt(process.versions.node, 10) < 22)
  (await import('../scripts/ensure-node.mjs')).reexecOnSupportedNode();

/** @type {(id: string) => any} */
const builtin = process.getBuiltinModule ?? (await import('node:module')).createRequire(import.meta.url);
/** @type {typeof import('node:fs')} */
const { readFileSync, statSync } = builtin('node:fs');
/** @type {typeof import('node:module')} */
const module = builtin('node:module');
/** @type {typeof import('node:url')} */
const { fileURLToPath, pathToFileURL } = builtin('node:url');

const root = fileURLToPath(new URL('..', import.meta.url)); // ends with a slash
const cliDir = `${root}out/cli`;
// V8's on-disk code cache for the bundle (Node >= 22.1): later runs skip compiling it again.
module.enableCompileCache?.(`${cliDir}/v8-cache`);

function currentBuild() {
  try {
    const cur = JSON.parse(readFileSync(`${cliDir}/current.json`, 'utf8'));
    // Inputs are paths relative to the root, with forward slashes (esbuild's metafile).
    for (const [path, mtime] of cur.inputs) if (statSync(root + path).mtimeMs !== mtime) return null;
    const entry = `${cliDir}/${cur.build}/main.js`;
    statSync(entry);
    return entry;
  } catch {
    return null;
  }
}

let entry = currentBuild();
if (!entry) {
  process.stderr.write('tcw: preparing the command line tool (once)…\n');
  const { buildCli } = await import('../scripts/build-cli.mjs');
  entry = await buildCli();
}
const { main, processIo } = await import(pathToFileURL(entry).href);
// Caches the commands may keep (the system trust store's index) live beside the bundle.
process.exitCode = await main(process.argv.slice(2), processIo(`${cliDir}/cache`));
