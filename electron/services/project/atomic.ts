// Writes a set of artifacts into a folder all-or-nothing. Everything is first written into a staging
// folder next to the target (same file system, so renames are atomic); then:
//  - target folder missing: the staging folder is renamed into place in one step;
//  - target folder present: each of OUR files is renamed into place, the file it replaces being moved
//    aside first; if any step fails, every file moved in is removed and every file moved aside is put
//    back, so the folder is left as it was. Files of the user's that we do not generate are untouched.
// Files holding secrets are created owner-only (0600) from the first byte.
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, open, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { Artifact } from '../../../shared/api/wizard-api.ts';
import { ProjectInputError } from './errors.ts';

export const SECRET_FILE_MODE = 0o600;
export const PLAIN_FILE_MODE = 0o644;

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

/** A relative, normalised path that stays inside the target folder, or an error. */
export function safeRelativePath(fileName: string): string {
  const n = normalize(fileName.replace(/\\/g, '/'));
  if (!fileName || isAbsolute(fileName) || /^[A-Za-z]:/.test(fileName) || n === '.' || n.startsWith('..') || n.split(/[\\/]/).includes('..') || /[\0]/.test(fileName)) {
    throw new ProjectInputError(`Refusing to write "${fileName}": artifact file names must be relative paths inside the output folder.`);
  }
  return n;
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

async function writeNew(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // O_EXCL + the mode at creation: the file is never readable by others, not even for an instant.
  const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.chmod(mode); // umask may have removed bits from a plain file; set exactly what we mean
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function writeArtifactsAtomically(dir: string, artifacts: readonly Artifact[], opts: AtomicWriteOptions = {}): Promise<WrittenFile[]> {
  const target = resolve(dir);
  const rels = artifacts.map((a) => safeRelativePath(a.fileName));
  const seen = new Set<string>();
  for (const r of rels) {
    if (seen.has(r.toLowerCase())) throw new ProjectInputError(`Two artifacts would both be written to "${r}"; nothing was written.`);
    seen.add(r.toLowerCase());
  }

  let targetExists = false;
  try {
    const st = await stat(target);
    if (!st.isDirectory()) throw new ProjectInputError(`The output "${dir}" exists and is not a folder; choose a folder (it is created if missing). Nothing was written.`);
    targetExists = true;
  } catch (e) {
    if (e instanceof ProjectInputError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ProjectInputError(`The output folder "${dir}" cannot be used (${(e as NodeJS.ErrnoException).code}). Nothing was written.`);
  }

  const parent = dirname(target);
  try {
    await mkdir(parent, { recursive: true });
  } catch (e) {
    throw new ProjectInputError(`The folder "${parent}" cannot be created (${(e as NodeJS.ErrnoException).code}). Nothing was written.`);
  }
  let staging: string;
  try {
    staging = await mkdtemp(join(parent, `.${basename(target)}.tcw-staging-`));
  } catch (e) {
    throw new ProjectInputError(`Cannot write next to "${dir}" (${(e as NodeJS.ErrnoException).code}); check the folder's permissions. Nothing was written.`);
  }

  const written: WrittenFile[] = artifacts.map((a, i) => {
    const secret = a.containsSecrets || (opts.secretFiles?.has(a) ?? false);
    return { artifact: a, path: join(target, rels[i]!), mode: secret ? SECRET_FILE_MODE : PLAIN_FILE_MODE };
  });

  const stagedRoot = join(staging, 'new');
  const backupRoot = join(staging, 'old');
  try {
    for (let i = 0; i < artifacts.length; i++) {
      await writeNew(join(stagedRoot, rels[i]!), artifacts[i]!.content, written[i]!.mode);
    }
    if (!targetExists) {
      await mkdir(stagedRoot, { recursive: true });
      await chmod(stagedRoot, 0o755);
      await opts.beforeCommitRename?.(target, 0);
      await rename(stagedRoot, target);
      return written;
    }
    await commitInto(target, rels, stagedRoot, backupRoot, opts);
    return written;
  } catch (e) {
    if (e instanceof ProjectInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ProjectInputError(`Writing into "${dir}" failed (${code ?? (e as Error).message}); the folder was left as it was. Check that it is writable and that no file of the same name is open or is a folder.`);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function commitInto(target: string, rels: string[], stagedRoot: string, backupRoot: string, opts: AtomicWriteOptions): Promise<void> {
  const movedAside: { from: string; to: string }[] = [];
  const movedIn: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (let i = 0; i < rels.length; i++) {
      const rel = rels[i]!;
      const dest = join(target, rel);
      // Create missing sub-folders, remembering them so a rollback can remove them again.
      const parts = rel.split(sep).slice(0, -1);
      let d = target;
      for (const p of parts) {
        d = join(d, p);
        if (!(await exists(d))) {
          await mkdir(d);
          createdDirs.push(d);
        }
      }
      await opts.beforeCommitRename?.(dest, i);
      if (await exists(dest)) {
        const st = await lstat(dest);
        if (st.isDirectory()) throw Object.assign(new Error(`"${dest}" is a folder`), { code: 'EISDIR' });
        const aside = join(backupRoot, rel);
        await mkdir(dirname(aside), { recursive: true });
        await rename(dest, aside);
        movedAside.push({ from: dest, to: aside });
      }
      await rename(join(stagedRoot, rel), dest);
      movedIn.push(dest);
    }
  } catch (e) {
    // Roll back in reverse: remove what we put in, restore what we moved aside, drop new folders.
    for (const p of movedIn.reverse()) await unlink(p).catch(() => undefined);
    for (const m of movedAside.reverse()) await rename(m.to, m.from).catch(() => undefined);
    for (const d of createdDirs.reverse()) await rmdir(d).catch(() => undefined);
    throw e;
  }
}
