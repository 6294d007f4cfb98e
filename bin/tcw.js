#!/usr/bin/env node
// The `tcw` command. Runs the prebuilt bundle (out/cli, see scripts/build-cli.mjs): nothing is
// compiled at run time. When the bundle is missing (fresh clone) or older than a source it was built
// from, it is built once, here, before running.
import { readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node older than 22 (this machine's own Node 20): re-run on the project's pinned Node 24.
if (Number.parseInt(process.versions.node, 10) < 22) (await import('../scripts/ensure-node.mjs')).reexecOnSupportedNode();

const root = fileURLToPath(new URL('..', import.meta.url));
const cliDir = join(root, 'out', 'cli');
// V8's on-disk code cache for the bundle (Node >= 22.1): later runs skip compiling it again.
module.enableCompileCache?.(join(cliDir, 'v8-cache'));

function currentBuild() {
  try {
    const cur = JSON.parse(readFileSync(join(cliDir, 'current.json'), 'utf8'));
    for (const [path, mtime] of cur.inputs) if (statSync(join(root, path)).mtimeMs !== mtime) return null;
    const entry = join(cliDir, cur.build, 'main.js');
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
process.exitCode = await main(process.argv.slice(2), processIo(join(cliDir, 'cache')));
