#!/usr/bin/env node
// Bundles the `tcw` CLI with esbuild (the one vite ships) into out/cli/<build>/: an ES module entry
// plus one chunk per command (code splitting: each command loads only what it uses), and the
// certificate worker next to them. out/cli/current.json names the build and the source files it was
// made from (with their mtimes), so bin/tcw.js can tell a stale build from a fresh one without
// compiling anything. Builds go into a new folder and current.json is replaced atomically: a tcw
// already running from an older build keeps its files.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { isBuiltin } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_DIR = join(root, 'out', 'cli');

// Node's own modules are reached with require(), not import. An ES import of a builtin makes Node
// build its ES module facade, which reads every export once, and some exports are getters that
// load a whole subsystem: node:crypto's webcrypto, node:fs's streams, node:util's TextDecoder …
// (tens of milliseconds at each start, for code no command uses). esbuild's CommonJS interop would
// still look at every export (it copies each one's descriptor, and for node:util's lazy properties
// that alone loads streams, net and worker_threads: 34 modules). So where a file only names what
// it imports (`import { a, b as c } from 'node:x'`), its wrapper exports just those names, each a
// getter read when the code uses it; any other form of import gets the module itself.
const IMPORT_FROM = /\b(import|export)(?=[\s{*])\s*([^;'"]*?)\s*from\s*(['"])([^'"]+)\3/g;

/** The names a file imports from `spec` when every import of it is `import { … }`; otherwise null. */
function namedImportsOf(text, spec) {
  const names = new Set();
  let found = false;
  for (const m of text.matchAll(IMPORT_FROM)) {
    if (m[4] !== spec) continue;
    found = true;
    const clause = /^(?:type\s+)?\{([^}]*)\}$/.exec(m[2].trim());
    if (m[1] === 'export' || !clause) return null; // a re-export, a default or a namespace import
    if (m[2].trim().startsWith('type')) continue;
    for (const part of clause[1].split(',')) {
      const p = part.trim();
      if (!p || p.startsWith('type ')) continue;
      const name = /^([A-Za-z_$][\w$]*)(?:\s+as\s+[A-Za-z_$][\w$]*)?$/.exec(p);
      if (!name || name[1] === 'default') return null;
      names.add(name[1]);
    }
  }
  return found ? [...names] : null;
}

const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    const importers = new Map();
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      if (args.kind !== 'import-statement' || args.namespace === 'builtin-cjs')
        return { path: args.path, external: true };
      // One small wrapper per importing file, so it lands in that file's chunk: a wrapper shared by
      // several files would become a chunk file of its own, one more module to resolve and load.
      let n = importers.get(args.importer);
      if (n === undefined) importers.set(args.importer, (n = importers.size));
      return { path: `${args.path}?${n}`, namespace: 'builtin-cjs', pluginData: { importer: args.importer } };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-cjs' }, async (args) => {
      const spec = args.path.slice(0, args.path.indexOf('?'));
      const req = `require(${JSON.stringify(spec)})`;
      const names = namedImportsOf(await readFile(args.pluginData.importer, 'utf8'), spec);
      const contents = names
        ? `let m;\nconst get = () => (m ??= ${req});\nmodule.exports = {${names.map((k) => ` get ${k}() { return get().${k}; },`).join('')} };`
        : `module.exports = ${req};`;
      return { contents, loader: 'js' };
    });
  },
};

/** Builds the CLI; returns the absolute path of its entry module. */
export async function buildCli() {
  const id = `b-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const outdir = join(CLI_DIR, id);
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'electron/cli/main.ts', worker: 'electron/services/cert/worker.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: true, // errors are told apart by name (AbortError …)
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [builtinsViaRequire],
    chunkNames: '[name]-[hash]', // beside worker.js: modules find it as ./worker.js
    // CommonJS dependencies call require(): give the ES module bundle a real one.
    banner: {
      js: "import { createRequire as __tcwCreateRequire } from 'node:module'; const require = __tcwCreateRequire(import.meta.url);",
    },
    // Native addons and the renderer build tool (tcw ui builds the pages on a fresh clone) stay outside.
    external: ['electron', 'tree-sitter', 'tree-sitter-powershell', '*.node', 'vite'],
  });
  // Our sources, and the lock file standing for node_modules: a change to any makes the build stale.
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules') && !p.startsWith('<'));
  inputs.push('package-lock.json', 'scripts/build-cli.mjs');
  const stamps = [];
  for (const p of inputs) {
    try {
      stamps.push([p, (await stat(join(root, p))).mtimeMs]);
    } catch {
      /* a virtual input */
    }
  }
  const tmp = join(CLI_DIR, `current.${id}.tmp`);
  await writeFile(tmp, JSON.stringify({ build: id, inputs: stamps }));
  await rename(tmp, join(CLI_DIR, 'current.json'));
  // Older builds go after a while (a tcw started from one may still be loading its chunks).
  const now = Date.now();
  for (const name of await readdir(CLI_DIR)) {
    if (name === id || name === 'current.json' || name === 'cache') continue;
    const p = join(CLI_DIR, name);
    const st = await stat(p).catch(() => null);
    if (st && now - st.mtimeMs > 10 * 60_000) await rm(p, { recursive: true, force: true }).catch(() => undefined);
  }
  return join(outdir, 'main.js');
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const entry = await buildCli();
  process.stdout.write(`built the tcw CLI in ${relative(root, entry).replace(/main\.js$/, '')}\n`);
}
