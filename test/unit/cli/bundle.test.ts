// bin/tcw.js runs a prebuilt bundle (no TypeScript compiled at run time), rebuilt when a source is
// newer; `tcw --help` loads no command, and each command is its own chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tcw = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/tcw.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
const current = () =>
  JSON.parse(readFileSync(join(root, 'out/cli/current.json'), 'utf8')) as { build: string; inputs: [string, number][] };

/** Bytes a module pulls in through static imports (its own file included). */
function staticClosure(dir: string, file: string, seen = new Set<string>()): number {
  if (seen.has(file)) return 0;
  seen.add(file);
  const text = readFileSync(join(dir, file), 'utf8');
  let bytes = text.length;
  for (const m of text.matchAll(/(?:^|[;}\s])import\s*(?:[^"'();]*?from\s*)?["']\.\/([^"']+)["']/g))
    bytes += staticClosure(dir, m[1]!, seen);
  return bytes;
}

test('bin/tcw.js never compiles TypeScript: it runs the bundle, built when missing or stale', () => {
  const bin = readFileSync(join(root, 'bin/tcw.js'), 'utf8');
  assert.doesNotMatch(bin, /tsx/);
  const r = tcw(['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: tcw <command>/);
  const before = current();
  assert.ok(before.inputs.some(([p]) => p === 'electron/cli/main.ts'));
  assert.ok(before.inputs.every(([p]) => !p.includes('node_modules')));
  // A source newer than the build: the next run rebuilds first, then runs.
  const src = join(root, 'electron/cli/io.ts');
  const st = statSync(src);
  utimesSync(src, st.atime, new Date(Date.now() + 1000));
  try {
    const again = tcw(['--version']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /preparing the command line tool/);
    assert.notEqual(current().build, before.build);
    const third = tcw(['--version']);
    assert.equal(third.stderr, '', 'built once, then reused');
  } finally {
    utimesSync(src, st.atime, st.mtime);
  }
  assert.equal(tcw(['--version']).status, 0);
});

test('each command is loaded only when used: the entry pulls in no command code', () => {
  assert.equal(tcw(['--version']).status, 0);
  const dir = join(root, 'out/cli', current().build);
  const entry = readFileSync(join(dir, 'main.js'), 'utf8');
  for (const c of ['validate', 'generate', 'import', 'cert', 'azure', 'dns', 'probe', 'ui'])
    assert.match(entry, new RegExp(`import\\("\\./${c}-[A-Z0-9]+\\.js"\\)`), c);
  const bytes = staticClosure(dir, 'main.js');
  assert.ok(bytes < 30_000, `tcw --help loads ${bytes} bytes of code`);
});
