// Writes a set of artifacts into an output folder so that the folder always holds either the old set
// or the new one, even if the process is killed at any instant, and never touches a file it did not
// write. Everything the writer keeps lives in the folder's own ".tcw" sub-folder (0700):
//   lock            one writer at a time: pid, host and a nonce; a dead process's lock is taken over
//   manifest.json   the files this writer wrote (path → SHA-256): a same-named file not listed, or
//                   changed since, is the user's, and the whole write is refused
//   staging-ID/new  the new set, written and fsynced before anything in the folder changes
//   staging-ID/old  files the new set replaced (deleted once the write is complete)
//   journal.json    written (atomically, fsynced) once the new set is complete: the commit point
// A run starts by recovering: a journal means a write reached its commit point, so it is rolled
// forward (each step of the swap can be repeated); staging folders without a journal are a write
// that never committed, so they are deleted (secret-holding ones included). Then the new set is
// prepared, the journal written, the files swapped in one rename each, the manifest replaced, the
// journal and staging deleted. Staging is inside the output folder, so a writable folder under a
// read-only parent works, and every rename stays on one file system.
// Sub-folders are created 0700 when the write holds a secret (0755 otherwise), whatever the umask;
// a symbolic link inside the output folder is never followed (the write is refused instead).
import { constants } from 'node:fs';
import { chmod, link, lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Artifact } from '../../../shared/api/wizard-api.ts';
import { InputError } from '../../../shared/model/input-error.ts';
import { isPlainArtifactName } from './artifact-names.ts';

export const SECRET_FILE_MODE = 0o600;
export const PLAIN_FILE_MODE = 0o644;
/** The writer's own sub-folder of every output folder. */
export const STATE_DIR = '.tcw';

export interface WrittenFile {
  artifact: Artifact;
  /** Absolute path of the file written. */
  path: string;
  mode: number;
}

export interface AtomicWriteOptions {
  /** Force owner-only mode for these artifacts even if they are not flagged containsSecrets. */
  secretFiles?: ReadonlySet<Artifact>;
  /** Test hook: called before each rename into the target folder; throwing simulates a failure. */
  beforeCommitRename?: (target: string, index: number) => void | Promise<void>;
}

/** The artifact's name as a path inside the target folder (a plain name, see artifact-names.ts), or an error. */
export function safeRelativePath(fileName: string): string {
  if (!isPlainArtifactName(fileName)) {
    throw new InputError(
      `Refusing to write "${fileName}": artifact file names must be plain relative names inside the output folder (at most one sub-folder, no dot files, a .ps1, .txt, .md or .csv extension).`,
    );
  }
  return fileName;
}

interface Journal {
  format: 'tcw-journal/1';
  staging: string;
  files: string[];
  /** Folders the write creates, outermost first, with their mode. */
  dirs: string[];
  dirMode: number;
  manifest: Manifest;
}

interface Manifest {
  format: 'tcw-output/1';
  files: Record<string, string>;
}

interface LockInfo {
  pid: number;
  host: string;
  nonce: string;
  since: string;
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** Locks this process holds (a lock with our pid but another nonce is a leftover). */
const heldHere = new Set<string>();

async function lstatOrNull(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if (code(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Runs fn over items, a few at a time: fsyncs in flight together are committed together by the file system. */
async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>, width = 32): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** fsync a folder so the renames in it are durable (not possible on Windows: skipped there). */
async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, constants.O_RDONLY);
    await fh.sync();
  } catch (e) {
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOENT'].includes(code(e) ?? '')) throw e;
  } finally {
    await fh?.close();
  }
}

async function writeNew(path: string, content: string | Buffer, mode: number): Promise<void> {
  // O_EXCL + the mode at creation: the file is never readable by others, not even for an instant.
  const fh = await open(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    mode,
  );
  try {
    await fh.chmod(mode); // umask may have removed bits from a plain file; set exactly what we mean
    await fh.writeFile(content, typeof content === 'string' ? 'utf8' : undefined);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replaces a small state file atomically and durably. */
async function replaceFile(path: string, content: string): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeNew(tmp, content, 0o600);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dirname(path));
}

async function mkdirExact(path: string, mode: number): Promise<void> {
  await mkdir(path, { mode });
  await chmod(path, mode); // the umask applies to mkdir's mode: set it exactly
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

/** Takes the folder's lock, taking over one left by a dead process; refuses while another writer lives. */
async function acquireLock(state: string, shown: string): Promise<() => Promise<void>> {
  const lock = join(state, 'lock');
  const mine: LockInfo = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(8).toString('hex'),
    since: new Date().toISOString(),
  };
  const candidate = join(state, `lock.${mine.nonce}`);
  await writeNew(candidate, JSON.stringify(mine), 0o600);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(candidate, lock);
        heldHere.add(mine.nonce);
        return async () => {
          heldHere.delete(mine.nonce);
          await unlink(lock).catch(() => undefined);
        };
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
      let text: string;
      try {
        text = await readFile(lock, 'utf8');
      } catch (e) {
        if (code(e) === 'ENOENT') continue; // released meanwhile: try again
        throw e;
      }
      let held: LockInfo | null = null;
      try {
        held = JSON.parse(text) as LockInfo;
      } catch {
        /* a lock cut short by a crash while it was written: a dead writer's */
      }
      const live =
        held !== null &&
        (held.host !== mine.host || (held.pid === process.pid ? heldHere.has(held.nonce) : isAlive(held.pid)));
      if (live) {
        const who = held!.host === mine.host ? `process ${held!.pid}` : `process ${held!.pid} on ${held!.host}`;
        throw new InputError(
          `Another save into "${shown}" is under way (${who}, since ${held!.since}); nothing was written. Wait for it to finish and try again. If no tcw or wizard is running, delete ${join(shown, STATE_DIR, 'lock')}.`,
        );
      }
      // A dead writer's lock: move it aside, check it is still the one judged dead, then retry.
      const reaped = join(state, `lock.reap-${mine.nonce}`);
      try {
        await rename(lock, reaped);
      } catch (e) {
        if (code(e) === 'ENOENT') continue;
        throw e;
      }
      const moved = await readFile(reaped, 'utf8').catch(() => '');
      if (moved !== text) {
        // Someone took the lock between our read and the move: give it back.
        await link(reaped, lock).catch(() => undefined);
      }
      await unlink(reaped).catch(() => undefined);
    }
    throw new InputError(
      `Could not take the lock of "${shown}" (other saves keep starting); nothing was written. Try again.`,
    );
  } finally {
    await unlink(candidate).catch(() => undefined);
  }
}

/** Loads the manifest: what this writer wrote into the folder. */
async function readManifest(state: string): Promise<Manifest> {
  try {
    const m = JSON.parse(await readFile(join(state, 'manifest.json'), 'utf8')) as Manifest;
    if (m.format === 'tcw-output/1' && m.files && typeof m.files === 'object') return m;
  } catch (e) {
    if (code(e) !== 'ENOENT' && !(e instanceof SyntaxError)) throw e;
  }
  return { format: 'tcw-output/1', files: {} };
}

/** Moves the staged files in. Every step can be repeated, so a crash anywhere is finished by the next run. */
async function applyJournal(
  target: string,
  state: string,
  j: Journal,
  hook?: AtomicWriteOptions['beforeCommitRename'],
): Promise<void> {
  const staging = join(state, j.staging);
  const touched = new Set<string>([target]);
  for (const d of j.dirs) {
    const p = join(target, d);
    const st = await lstatOrNull(p);
    if (!st) await mkdirExact(p, j.dirMode);
    else if (!st.isDirectory()) throw Object.assign(new Error(`"${p}" is not a folder`), { code: 'ENOTDIR' });
    touched.add(dirname(p));
  }
  for (let i = 0; i < j.files.length; i++) {
    const rel = j.files[i]!;
    const dest = join(target, rel);
    const staged = join(staging, 'new', rel);
    if (!(await lstatOrNull(staged))) continue; // moved in before a crash
    await hook?.(dest, i);
    if (await lstatOrNull(dest)) {
      const aside = join(staging, 'old', rel);
      await mkdir(dirname(aside), { recursive: true, mode: 0o700 });
      await rename(dest, aside);
    }
    await rename(staged, dest);
    touched.add(dirname(dest));
  }
  await inParallel([...touched], syncDir);
  await replaceFile(join(state, 'manifest.json'), JSON.stringify(j.manifest, null, 1));
}

/** Puts back what an in-process failure had moved in (a crash instead is rolled forward next run). */
async function undoJournal(target: string, state: string, j: Journal): Promise<void> {
  const staging = join(state, j.staging);
  for (const rel of [...j.files].reverse()) {
    const dest = join(target, rel);
    const staged = join(staging, 'new', rel);
    const aside = join(staging, 'old', rel);
    if (!(await lstatOrNull(staged)) && (await lstatOrNull(dest))) {
      await mkdir(dirname(staged), { recursive: true });
      await rename(dest, staged);
    }
    if (await lstatOrNull(aside)) await rename(aside, dest);
  }
  for (const d of [...j.dirs].reverse()) await rmdir(join(target, d)).catch(() => undefined);
  await unlink(join(state, 'journal.json'));
  await syncDir(state);
}

/**
 * Older tcw versions staged a write beside the output folder, in ".NAME.tcw-staging-XXXXXX" (new/
 * the new set, old/ the files it replaced), and a killed run left it there, secrets included.
 * Nothing in it is needed: this writer writes the complete set. Only folders of exactly that name
 * for this output folder go (a link of that name is not followed, only removed); a parent that
 * cannot be read or changed leaves them (nothing else can be done from here).
 */
async function removeOldWriterLeftovers(target: string): Promise<void> {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.tcw-staging-`;
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[A-Za-z0-9]{6}$/.test(name.slice(prefix.length))) continue;
    await rm(join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Finishes or discards whatever an earlier run left (called with the lock held). */
async function recover(target: string, state: string): Promise<void> {
  await removeOldWriterLeftovers(target);
  const journalPath = join(state, 'journal.json');
  let journal: Journal | null = null;
  try {
    journal = JSON.parse(await readFile(journalPath, 'utf8')) as Journal;
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e; // the journal is written by rename: never half there
  }
  if (journal) {
    await applyJournal(target, state, journal);
    await unlink(journalPath);
    await syncDir(state);
  }
  // Staging folders (a write that never reached its commit point, or the backups of one that did),
  // temp files, reaped locks: nothing in them is needed any more.
  for (const name of await readdir(state)) {
    if (name.startsWith('staging-') || name.endsWith('.tmp') || name.startsWith('lock.')) {
      await rm(join(state, name), { recursive: true, force: true });
    }
  }
}

/** Opens (creating if needed) the output folder and its state folder. Returns whether it was created. */
async function prepareTarget(target: string, shown: string, dirMode: number): Promise<boolean> {
  let created = false;
  try {
    const st = await stat(target);
    if (!st.isDirectory())
      throw new InputError(
        `The output "${shown}" exists and is not a folder; choose a folder (it is created if missing). Nothing was written.`,
      );
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (code(e) !== 'ENOENT')
      throw new InputError(`The output folder "${shown}" cannot be used (${code(e)}). Nothing was written.`);
    try {
      await mkdir(dirname(target), { recursive: true });
      await mkdirExact(target, dirMode);
      await syncDir(dirname(target));
      created = true;
    } catch (e2) {
      if (code(e2) === 'EEXIST') return prepareTarget(target, shown, dirMode);
      throw new InputError(
        `The folder "${shown}" cannot be created (${code(e2)}); check the permissions of the folder above it. Nothing was written.`,
      );
    }
  }
  const state = join(target, STATE_DIR);
  const st = await lstatOrNull(state);
  if (st && (st.isSymbolicLink() || !st.isDirectory())) {
    throw new InputError(
      `"${join(shown, STATE_DIR)}" is not the writer's folder (it is a link or a file); remove it and try again. Nothing was written.`,
    );
  }
  if (!st) {
    try {
      await mkdirExact(state, 0o700);
    } catch (e) {
      if (code(e) !== 'EEXIST')
        throw new InputError(
          `Cannot write into "${shown}" (${code(e)}); check the folder's permissions. Nothing was written.`,
        );
    }
  }
  return created;
}

export async function writeArtifactsAtomically(
  dir: string,
  artifacts: readonly Artifact[],
  opts: AtomicWriteOptions = {},
): Promise<WrittenFile[]> {
  const target = resolve(dir);
  const rels = artifacts.map((a) => safeRelativePath(a.fileName));
  const seen = new Set<string>();
  for (const r of rels) {
    if (seen.has(r.toLowerCase()))
      throw new InputError(`Two artifacts would both be written to "${r}"; nothing was written.`);
    seen.add(r.toLowerCase());
  }
  const written: WrittenFile[] = artifacts.map((a, i) => {
    const secret = a.containsSecrets || (opts.secretFiles?.has(a) ?? false);
    return { artifact: a, path: join(target, rels[i]!), mode: secret ? SECRET_FILE_MODE : PLAIN_FILE_MODE };
  });
  const anySecret = written.some((w) => w.mode === SECRET_FILE_MODE);
  const dirMode = anySecret ? 0o700 : 0o755;

  const created = await prepareTarget(target, dir, dirMode);
  const state = join(target, STATE_DIR);
  let release: (() => Promise<void>) | null = null;
  let journal: Journal | null = null;
  let committed = false;
  try {
    release = await acquireLock(state, dir);
    await recover(target, state);
    const manifest = await readManifest(state);

    // Check every destination before writing anything: no link followed, no file of the user's replaced.
    const dirs: string[] = [];
    for (const rel of rels) {
      const parts = rel.split(sep);
      let sub = '';
      for (const part of parts.slice(0, -1)) {
        sub = sub ? join(sub, part) : part;
        if (dirs.includes(sub)) continue;
        const st = await lstatOrNull(join(target, sub));
        if (!st) dirs.push(sub);
        else if (st.isSymbolicLink())
          throw new InputError(
            `"${join(dir, sub)}" is a link; files are never written through a link inside the output folder. Replace it with a real folder, or choose another output folder. Nothing was written.`,
          );
        else if (!st.isDirectory())
          throw new InputError(
            `"${join(dir, sub)}" is a file where a folder is needed for ${rel}; move it away or choose another output folder. Nothing was written.`,
          );
      }
      const st = await lstatOrNull(join(target, rel));
      if (!st) continue;
      const known = manifest.files[rel];
      const ours = st.isFile() && known !== undefined && sha256(await readFile(join(target, rel))) === known;
      if (!ours) {
        const why = st.isDirectory()
          ? 'is a folder'
          : st.isSymbolicLink()
            ? 'is a link'
            : known === undefined
              ? 'was not written by tcw'
              : 'was changed after tcw wrote it';
        throw new InputError(
          `"${join(dir, rel)}" ${why}, so it is not replaced. Move it out of the folder (or delete it) and try again, or choose another output folder. Nothing was written.`,
        );
      }
    }

    // The new set, complete and on disk, beside the old one.
    const id = `staging-${randomBytes(6).toString('hex')}`;
    const staging = join(state, id);
    await mkdirExact(staging, 0o700);
    const newFiles = { ...manifest.files };
    const stagedDirs = [...new Set(rels.map((r) => dirname(join(staging, 'new', r))))];
    for (const d of stagedDirs) await mkdir(d, { recursive: true, mode: 0o700 });
    await inParallel(
      artifacts.map((a, i) => i),
      async (i) => {
        await writeNew(join(staging, 'new', rels[i]!), artifacts[i]!.content, written[i]!.mode);
      },
    );
    for (let i = 0; i < artifacts.length; i++) newFiles[rels[i]!] = sha256(artifacts[i]!.content);
    await inParallel([...stagedDirs, join(staging, 'new'), staging], syncDir);

    // Commit point: from here a crash is rolled forward by the next run.
    journal = {
      format: 'tcw-journal/1',
      staging: id,
      files: rels,
      dirs,
      dirMode,
      manifest: { format: 'tcw-output/1', files: newFiles },
    };
    await replaceFile(join(state, 'journal.json'), JSON.stringify(journal));
    await applyJournal(target, state, journal, opts.beforeCommitRename);
    committed = true;
    await unlink(join(state, 'journal.json'));
    await syncDir(state);
    await rm(staging, { recursive: true, force: true });
    return written;
  } catch (e) {
    if (journal && !committed) await undoJournal(target, state, journal).catch(() => undefined);
    if (e instanceof InputError) throw e;
    throw new InputError(
      `Writing into "${dir}" failed (${code(e) ?? (e as Error).message}); the folder was left as it was. Check that it is writable and that no file of the same name is open or is a folder.`,
    );
  } finally {
    if (release) {
      // Leftovers of a failed write (its staging folder may hold secrets) go now, not at the next run.
      // (Unless an undo failed: then the journal is still there and the next run rolls forward.)
      const pending = await lstatOrNull(join(state, 'journal.json')).catch(() => null);
      if (!committed && !pending)
        for (const name of await readdir(state).catch(() => []))
          if (name.startsWith('staging-')) await rm(join(state, name), { recursive: true, force: true });
      await release();
    }
    if (created && !committed) await rm(target, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Finishes or discards what an interrupted write left in the folder (every write does this first). */
export async function recoverOutputFolder(dir: string): Promise<void> {
  const target = resolve(dir);
  const state = join(target, STATE_DIR);
  const st = await lstatOrNull(state);
  if (!st?.isDirectory()) return;
  const release = await acquireLock(state, dir);
  try {
    await recover(target, state);
  } finally {
    await release();
  }
}
