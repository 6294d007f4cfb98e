// Input files and output folders as the bridge sees them: uploaded bytes (base64) or a path the
// native dialog returned, and output folders typed by the user in browser mode.
import { readFile, stat, access, constants } from 'node:fs/promises';
import { isAbsolute, resolve, dirname, normalize, sep, join } from 'node:path';
import { homedir } from 'node:os';
import type { FileRef } from '../../../shared/api/wizard-api.ts';
import { ApiError } from './errors.ts';

export const MAX_INPUT_FILE_BYTES = 10 * 1024 * 1024;

export interface LoadedFile {
  name: string;
  path?: string;
  bytes: Uint8Array;
}

/**
 * Bytes of a FileRef. Uploaded bytes are always accepted; a path only when the native dialog of this
 * session handed it out (`grantedPaths`), so a compromised page cannot read arbitrary files.
 */
export async function loadFileRef(ref: unknown, grantedPaths: ReadonlySet<string>): Promise<LoadedFile> {
  if (!ref || typeof ref !== 'object') throw new ApiError('No file was given: choose a file first.');
  const r = ref as Partial<FileRef>;
  const name = typeof r.name === 'string' && r.name !== '' ? r.name.slice(0, 255) : 'file';
  if (typeof r.dataBase64 === 'string') {
    if (r.dataBase64.length > Math.ceil(MAX_INPUT_FILE_BYTES / 3) * 4 + 4) throw new ApiError(`${name} is larger than 10 MB; that is not a certificate or script file.`, 413);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(r.dataBase64)) throw new ApiError(`${name} did not arrive intact (bad base64). Choose the file again.`);
    const bytes = Buffer.from(r.dataBase64, 'base64');
    return typeof r.path === 'string' ? { name, path: r.path, bytes } : { name, bytes };
  }
  if (typeof r.path === 'string') {
    if (!grantedPaths.has(r.path)) throw new ApiError(`${name}: choose the file with the file dialog (or upload it) so the wizard may read it.`, 403);
    const s = await stat(r.path).catch(() => null);
    if (!s || !s.isFile()) throw new ApiError(`${r.path} no longer exists or is not a file. Choose it again.`, 404);
    if (s.size > MAX_INPUT_FILE_BYTES) throw new ApiError(`${name} is larger than 10 MB; that is not a certificate or script file.`, 413);
    return { name, path: r.path, bytes: await readFile(r.path) };
  }
  throw new ApiError(`${name}: the file has neither content nor a path. Choose it again.`);
}

/** Expands "~/" and checks a typed folder: absolute, a folder (or creatable under a writable one). */
export async function checkTypedFolder(typed: unknown): Promise<string> {
  if (typeof typed !== 'string' || typed.trim() === '') throw new ApiError('Type the full path of the folder to save into.');
  let p = typed.trim();
  if (p.includes('\0')) throw new ApiError('That folder path contains an invalid character.');
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = join(homedir(), p.slice(1));
  if (!isAbsolute(p)) throw new ApiError(`"${typed}" is not a full path. Type it from the top, e.g. ${join(homedir(), 'teams-connector')}.`);
  p = resolve(normalize(p));
  const s = await stat(p).catch(() => null);
  if (s) {
    if (!s.isDirectory()) throw new ApiError(`${p} is a file, not a folder. Choose a folder.`);
    if (!(await writable(p))) throw new ApiError(`You cannot write to ${p}. Choose a folder of your own.`, 403);
    return p;
  }
  // Not there yet: fine when the nearest existing parent is a writable folder (we create it on save).
  let parent = dirname(p);
  for (;;) {
    const ps = await stat(parent).catch(() => null);
    if (ps) {
      if (!ps.isDirectory()) throw new ApiError(`${parent} is a file, so ${p} cannot be created there.`);
      if (!(await writable(parent))) throw new ApiError(`You cannot create ${p}: ${parent} is not writable for you.`, 403);
      return p;
    }
    const up = dirname(parent);
    if (up === parent) throw new ApiError(`${p} cannot be created.`);
    parent = up;
  }
}

async function writable(p: string): Promise<boolean> {
  return access(p, constants.W_OK).then(() => true, () => false);
}

/**
 * A relative artifact name ("eu/init-variables.ps1") made safe to join under the output folder:
 * no absolute paths, drive letters, ".." or empty segments.
 */
export function safeRelativeName(fileName: unknown): string {
  if (typeof fileName !== 'string' || fileName === '' || fileName.length > 255 || fileName.includes('\0')) {
    throw new ApiError('An artifact has no usable file name.');
  }
  const parts = fileName.replace(/\\/g, '/').split('/');
  if (isAbsolute(fileName) || /^[A-Za-z]:/.test(fileName) || parts.some((s) => s === '' || s === '.' || s === '..' || /[<>:"|?*\u0000-\u001f]/.test(s))) {
    throw new ApiError(`The artifact file name "${fileName}" is not a plain relative name; it was not written.`);
  }
  return parts.join(sep);
}
