import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  existsSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Artifact } from '../../../shared/api/wizard-api.ts';
import { writeArtifactsAtomically, STATE_DIR } from '../../../electron/services/files/output-folder.ts';
import { InputError } from '../../../shared/model/input-error.ts';

const art = (fileName: string, content: string, containsSecrets = false): Artifact => ({
  kind: 'init-script',
  region: 'eu',
  fileName,
  content,
  containsSecrets,
});
const tmp = () => mkdtempSync(join(tmpdir(), 'tcw-atomic-'));
const mode = (p: string) => statSync(p).mode & 0o777;
/** Every file under dir with its content, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === STATE_DIR && rel === '') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        out[`${rel}${e.name}/`] = '';
        walk(p, `${rel}${e.name}/`);
      } else out[rel + e.name] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
/** Nothing left beside the folder, and in the writer's own folder nothing but the manifest. */
function noStaging(parent: string): void {
  assert.deepEqual(
    readdirSync(parent).filter((n) => n.includes('tcw')),
    [],
  );
  for (const out of readdirSync(parent)) {
    const state = join(parent, out, STATE_DIR);
    if (existsSync(state))
      assert.deepEqual(
        readdirSync(state).filter((n) => n !== 'manifest.json'),
        [],
        `${state} holds leftovers`,
      );
  }
}

test('a new folder is created with every file; secret files are 0600, others 0644', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  const written = await writeArtifactsAtomically(out, [
    art('eu/a.ps1', 'A'),
    art('eu/secret.ps1', 'S', true),
    art('RUNBOOK.md', 'R'),
  ]);
  assert.deepEqual(
    written.map((w) => w.path),
    [join(out, 'eu/a.ps1'), join(out, 'eu/secret.ps1'), join(out, 'RUNBOOK.md')],
  );
  assert.equal(readFileSync(join(out, 'eu/a.ps1'), 'utf8'), 'A');
  assert.equal(mode(join(out, 'eu/secret.ps1')), 0o600);
  assert.equal(mode(join(out, 'eu/a.ps1')), 0o644);
  noStaging(parent);
});

test("an existing folder: only our files are replaced, the user's own files stay", async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  await writeArtifactsAtomically(out, [art('eu/a.ps1', 'old A')]);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  await writeArtifactsAtomically(out, [art('eu/a.ps1', 'new A'), art('us/b.ps1', 'B')]);
  assert.deepEqual(snapshot(out), { 'eu/': '', 'eu/a.ps1': 'new A', 'notes.txt': 'mine', 'us/': '', 'us/b.ps1': 'B' });
  noStaging(parent);
});

test('a target that is a folder is refused before anything changes', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  await writeArtifactsAtomically(out, [art('eu/a.ps1', 'old A')]);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  mkdirSync(join(out, 'zz/blocked.md'), { recursive: true });
  writeFileSync(join(out, 'zz/blocked.md/inside'), 'x');
  const before = snapshot(out);
  await assert.rejects(
    writeArtifactsAtomically(out, [art('eu/a.ps1', 'new A'), art('new/c.ps1', 'C'), art('zz/blocked.md', 'Z')]),
    (e: Error) =>
      e instanceof InputError && /zz.blocked\.md" is a folder, so it is not replaced\. Move it out/.test(e.message),
  );
  assert.deepEqual(snapshot(out), before, 'earlier files restored, new sub-folders removed');
  noStaging(parent);
});

test('a failure injected before the last rename rolls back too', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  await writeArtifactsAtomically(out, [art('a.ps1', 'old')]);
  const before = snapshot(out);
  await assert.rejects(
    writeArtifactsAtomically(out, [art('a.ps1', 'new'), art('b.ps1', 'b'), art('c.ps1', 'c')], {
      beforeCommitRename: (_t, i) => {
        if (i === 2) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      },
    }),
    /ENOSPC/,
  );
  assert.deepEqual(snapshot(out), before);
  noStaging(parent);
  // and for a folder that did not exist: it is not created
  const fresh = join(parent, 'fresh');
  await assert.rejects(
    writeArtifactsAtomically(fresh, [art('a.ps1', 'x')], {
      beforeCommitRename: () => {
        throw new Error('boom');
      },
    }),
  );
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
    await assert.rejects(writeArtifactsAtomically(out, [art('ok.ps1', 'x'), art(bad, 'x')]), InputError, bad);
  }
  await assert.rejects(writeArtifactsAtomically(out, [art('a.ps1', 'x'), art('A.ps1', 'y')]), /both be written/);
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(join(parent, 'evil.ps1')), false);
  rmSync(parent, { recursive: true, force: true });
});

test('a secret file that replaces a world-readable one ends up 0600', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  await writeArtifactsAtomically(out, [art('s.ps1', 'old')]);
  assert.equal(mode(join(out, 's.ps1')), 0o644);
  await writeArtifactsAtomically(out, [art('s.ps1', 'secret', true)]);
  assert.equal(mode(join(out, 's.ps1')), 0o600);
});

test('a same-named file the writer did not write, or that was changed since, makes the whole write refuse', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  mkdirSync(join(out, 'eu'), { recursive: true });
  writeFileSync(join(out, 'eu/a.ps1'), "the user's own script");
  const before = snapshot(out);
  await assert.rejects(
    writeArtifactsAtomically(out, [art('b.ps1', 'B'), art('eu/a.ps1', 'new')]),
    (e: Error) =>
      e instanceof InputError &&
      e.message.includes(join(out, 'eu/a.ps1')) &&
      /was not written by tcw.*Move it out of the folder \(or delete it\)/.test(e.message),
  );
  assert.deepEqual(snapshot(out), before, 'nothing written, not even the other file');
  noStaging(parent);

  const out2 = join(parent, 'out2');
  await writeArtifactsAtomically(out2, [art('x.ps1', 'ours')]);
  writeFileSync(join(out2, 'x.ps1'), 'edited by hand');
  await assert.rejects(writeArtifactsAtomically(out2, [art('x.ps1', 'new')]), /was changed after tcw wrote it/);
  assert.equal(readFileSync(join(out2, 'x.ps1'), 'utf8'), 'edited by hand');
  noStaging(parent);
});

test('a symbolic link inside the output folder is never followed', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  const elsewhere = join(parent, 'elsewhere');
  mkdirSync(elsewhere);
  await writeArtifactsAtomically(out, [art('RUNBOOK.md', 'R')]);
  symlinkSync(elsewhere, join(out, 'eu'));
  await assert.rejects(
    writeArtifactsAtomically(out, [art('eu/a.ps1', 'A')]),
    /eu" is a link; files are never written through a link/,
  );
  assert.deepEqual(readdirSync(elsewhere), [], 'nothing landed outside the folder');
  // a link where a file goes is not ours either
  symlinkSync(join(elsewhere, 'target.txt'), join(out, 'l.ps1'));
  await assert.rejects(writeArtifactsAtomically(out, [art('l.ps1', 'x')]), /l\.ps1" is a link/);
  assert.equal(existsSync(join(elsewhere, 'target.txt')), false);
  // and the writer's own folder as a link is refused
  const out2 = join(parent, 'out2');
  mkdirSync(out2);
  symlinkSync(elsewhere, join(out2, STATE_DIR));
  await assert.rejects(writeArtifactsAtomically(out2, [art('a.ps1', 'x')]), /is not the writer's folder/);
  assert.deepEqual(readdirSync(elsewhere), []);
});

test('folders are 0700 when a secret is written, 0755 otherwise, whatever the umask (umask 000)', async () => {
  const old = process.umask(0o000);
  try {
    const parent = tmp();
    const secretOut = join(parent, 'secret');
    await writeArtifactsAtomically(secretOut, [art('eu/s.ps1', 'S', true), art('eu/p.md', 'P')]);
    assert.equal(mode(secretOut), 0o700);
    assert.equal(mode(join(secretOut, 'eu')), 0o700);
    assert.equal(mode(join(secretOut, STATE_DIR)), 0o700);
    assert.equal(mode(join(secretOut, 'eu/s.ps1')), 0o600);
    assert.equal(mode(join(secretOut, 'eu/p.md')), 0o644);
    const plainOut = join(parent, 'plain');
    await writeArtifactsAtomically(plainOut, [art('eu/p.md', 'P')]);
    assert.equal(mode(plainOut), 0o755);
    assert.equal(mode(join(plainOut, 'eu')), 0o755);
    assert.equal(mode(join(plainOut, 'eu/p.md')), 0o644);
    assert.equal(mode(join(plainOut, STATE_DIR, 'manifest.json')), 0o600);
  } finally {
    process.umask(old);
  }
});

test('a writable output folder under a read-only parent works (staging is inside it)', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  mkdirSync(out);
  // Root ignores folder permissions; then the parent's unchanged entries and mtime show the same thing.
  chmodSync(parent, 0o555);
  const parentMtime = statSync(parent).mtimeMs;
  try {
    await writeArtifactsAtomically(out, [art('eu/a.ps1', 'A'), art('s.ps1', 'S', true)]);
    await writeArtifactsAtomically(out, [art('eu/a.ps1', 'A2')]);
    assert.deepEqual(snapshot(out), { 'eu/': '', 'eu/a.ps1': 'A2', 's.ps1': 'S' });
    assert.deepEqual(readdirSync(parent), ['out']);
    assert.equal(statSync(parent).mtimeMs, parentMtime, 'nothing was created or removed in the parent');
    noStaging(parent);
  } finally {
    chmodSync(parent, 0o755);
  }
});

test("leftovers of an interrupted write (staging with secrets, temp files, a dead writer's lock) are cleaned by the next write", async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  await writeArtifactsAtomically(out, [art('a.ps1', 'A')]);
  const state = join(out, STATE_DIR);
  mkdirSync(join(state, 'staging-dead/new/eu'), { recursive: true });
  writeFileSync(join(state, 'staging-dead/new/eu/init.ps1'), "$PxWinAdminPassword = 'hunter2'", { mode: 0o600 });
  writeFileSync(join(state, 'journal.json.abcd.tmp'), '{');
  // a lock left by a process that no longer exists
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(
    join(state, 'lock'),
    JSON.stringify({ pid: Number(dead.stdout), host: (await import('node:os')).hostname(), nonce: 'x', since: 'then' }),
  );
  await writeArtifactsAtomically(out, [art('a.ps1', 'A2')]);
  assert.equal(readFileSync(join(out, 'a.ps1'), 'utf8'), 'A2');
  noStaging(parent);
});

test('leftovers of the old writer beside the folder (.NAME.tcw-staging-*, secrets included) are removed by the next write', async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  await writeArtifactsAtomically(out, [art('a.ps1', 'A')]);
  // What tcw before the in-folder staging left when killed mid-write: the new set and the replaced files.
  const old = join(parent, '.out.tcw-staging-Ab12Cd');
  mkdirSync(join(old, 'new/eu'), { recursive: true });
  mkdirSync(join(old, 'old/eu'), { recursive: true });
  writeFileSync(join(old, 'new/eu/init.ps1'), "$PxWinAdminPassword = 'hunter2'", { mode: 0o600 });
  writeFileSync(join(old, 'old/eu/init.ps1'), "$PxWinAdminPassword = 'hunter1'", { mode: 0o600 });
  // A second one, whose files are read-only (rm must still remove them).
  const old2 = join(parent, '.out.tcw-staging-zz9999');
  mkdirSync(join(old2, 'new'), { recursive: true });
  writeFileSync(join(old2, 'new/x.ps1'), 'x', { mode: 0o400 });
  // Not ours to remove: another folder's leftover, a name that only looks similar, a link (not followed).
  const otherFolders = join(parent, '.other.tcw-staging-Ab12Cd');
  const similar = join(parent, '.out.tcw-staging-notmine');
  mkdirSync(otherFolders);
  mkdirSync(similar);
  const outside = join(tmp(), 'kept.txt');
  writeFileSync(outside, 'kept');
  const link = join(parent, '.out.tcw-staging-Ln1234');
  symlinkSync(dirname(outside), link);
  await writeArtifactsAtomically(out, [art('a.ps1', 'A2')]);
  assert.equal(readFileSync(join(out, 'a.ps1'), 'utf8'), 'A2');
  assert.deepEqual(readdirSync(parent).sort(), ['.other.tcw-staging-Ab12Cd', '.out.tcw-staging-notmine', 'out']);
  assert.equal(readFileSync(outside, 'utf8'), 'kept', 'a link is removed, never followed');
  assert.deepEqual(readdirSync(join(out, STATE_DIR)), ['manifest.json']);
});

test("a live writer's lock refuses a second writer with a message; 50 parallel saves are never mixed", async () => {
  const parent = tmp();
  const out = join(parent, 'out');
  await writeArtifactsAtomically(out, [art('a.ps1', 'A')]);
  writeFileSync(
    join(out, STATE_DIR, 'lock'),
    JSON.stringify({
      pid: process.ppid,
      host: (await import('node:os')).hostname(),
      nonce: 'y',
      since: '2026-01-01T00:00:00Z',
    }),
  );
  await assert.rejects(
    writeArtifactsAtomically(out, [art('a.ps1', 'B')]),
    new RegExp(
      `Another save into ".*out" is under way \\(process ${process.ppid}, since 2026-01-01T00:00:00Z\\); nothing was written\\. Wait for it to finish`,
    ),
  );
  rmSync(join(out, STATE_DIR, 'lock'));

  const sets = Array.from({ length: 50 }, (_, w) =>
    Array.from({ length: 12 }, (_, i) => art(`r${i % 4}/f${i}.ps1`, `writer ${w} file ${i}`, i === 0)),
  );
  const results = await Promise.allSettled(sets.map((s) => writeArtifactsAtomically(out, s)));
  const ok = results.flatMap((r, w) => (r.status === 'fulfilled' ? [w] : []));
  for (const r of results)
    if (r.status === 'rejected') assert.match(String(r.reason), /Another save into .* is under way/);
  assert.ok(ok.length >= 1, 'at least one save went through');
  const last = snapshot(out);
  const writers = new Set(
    Object.values(last)
      .filter((c) => c.startsWith('writer'))
      .map((c) => c.split(' ')[1]),
  );
  assert.equal(writers.size, 1, `one writer's set, not a mix: ${[...writers].join(',')}`);
  assert.ok(ok.includes(Number([...writers][0])));
  noStaging(parent);
});
