import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact } from '../../../shared/api/wizard-api.ts';
import { writeArtifactsAtomically, ProjectInputError } from '../../../electron/services/project/index.ts';

const art = (fileName: string, content: string, containsSecrets = false): Artifact => ({ kind: 'init-script', region: 'eu', fileName, content, containsSecrets });
const tmp = () => mkdtempSync(join(tmpdir(), 'tcw-atomic-'));
const mode = (p: string) => statSync(p).mode & 0o777;
/** Every file under dir with its content, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) { out[`${rel}${e.name}/`] = ''; walk(p, `${rel}${e.name}/`); } else out[rel + e.name] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
const noStaging = (parent: string) => assert.deepEqual(readdirSync(parent).filter((n) => n.includes('tcw-staging')), []);

test('a new folder is created with every file; secret files are 0600, others 0644', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  const written = await writeArtifactsAtomically(out, [art('eu/a.ps1', 'A'), art('eu/secret.ps1', 'S', true), art('RUNBOOK.md', 'R')]);
  assert.deepEqual(written.map((w) => w.path), [join(out, 'eu/a.ps1'), join(out, 'eu/secret.ps1'), join(out, 'RUNBOOK.md')]);
  assert.equal(readFileSync(join(out, 'eu/a.ps1'), 'utf8'), 'A');
  assert.equal(mode(join(out, 'eu/secret.ps1')), 0o600);
  assert.equal(mode(join(out, 'eu/a.ps1')), 0o644);
  noStaging(parent);
});

test('an existing folder: only our files are replaced, the user\'s own files stay', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  mkdirSync(join(out, 'eu'), { recursive: true });
  writeFileSync(join(out, 'eu/a.ps1'), 'old A');
  writeFileSync(join(out, 'notes.txt'), 'mine');
  await writeArtifactsAtomically(out, [art('eu/a.ps1', 'new A'), art('us/b.ps1', 'B')]);
  assert.deepEqual(snapshot(out), { 'eu/': '', 'eu/a.ps1': 'new A', 'notes.txt': 'mine', 'us/': '', 'us/b.ps1': 'B' });
  noStaging(parent);
});

test('a failure part-way leaves the folder exactly as it was (real failure: a target is a folder)', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  mkdirSync(join(out, 'eu'), { recursive: true });
  writeFileSync(join(out, 'eu/a.ps1'), 'old A');
  writeFileSync(join(out, 'notes.txt'), 'mine');
  mkdirSync(join(out, 'zz/blocked.md'), { recursive: true });
  writeFileSync(join(out, 'zz/blocked.md/inside'), 'x');
  const before = snapshot(out);
  await assert.rejects(
    writeArtifactsAtomically(out, [art('eu/a.ps1', 'new A'), art('new/c.ps1', 'C'), art('zz/blocked.md', 'Z')]),
    (e: Error) => e instanceof ProjectInputError && /left as it was/.test(e.message),
  );
  assert.deepEqual(snapshot(out), before, 'earlier files restored, new sub-folders removed');
  noStaging(parent);
});

test('a failure injected before the last rename rolls back too', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'a.ps1'), 'old');
  const before = snapshot(out);
  await assert.rejects(writeArtifactsAtomically(out, [art('a.ps1', 'new'), art('b.ps1', 'b'), art('c.ps1', 'c')], {
    beforeCommitRename: (_t, i) => { if (i === 2) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' }); },
  }), /ENOSPC/);
  assert.deepEqual(snapshot(out), before);
  noStaging(parent);
  // and for a folder that did not exist: it is not created
  const fresh = join(parent, 'fresh');
  await assert.rejects(writeArtifactsAtomically(fresh, [art('a.ps1', 'x')], { beforeCommitRename: () => { throw new Error('boom'); } }));
  assert.equal(existsSync(fresh), false);
  noStaging(parent);
});

test('DIR that is a file is refused and the file is untouched', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  writeFileSync(out, 'I am a file');
  await assert.rejects(writeArtifactsAtomically(out, [art('a.ps1', 'x')]), /not a folder/);
  assert.equal(readFileSync(out, 'utf8'), 'I am a file');
  noStaging(parent);
});

test('file names that escape the folder, and duplicates, are refused before anything is written', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  for (const bad of ['../evil.ps1', '/etc/passwd', 'a/../../x', 'C:\\x.ps1', '']) {
    await assert.rejects(writeArtifactsAtomically(out, [art('ok.ps1', 'x'), art(bad, 'x')]), ProjectInputError, bad);
  }
  await assert.rejects(writeArtifactsAtomically(out, [art('a.ps1', 'x'), art('A.ps1', 'y')]), /both be written/);
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(join(parent, 'evil.ps1')), false);
  rmSync(parent, { recursive: true, force: true });
});

test('a secret file that replaces a world-readable one ends up 0600', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 's.ps1'), 'old', { mode: 0o644 });
  await writeArtifactsAtomically(out, [art('s.ps1', 'secret', true)]);
  assert.equal(mode(join(out, 's.ps1')), 0o600);
});
