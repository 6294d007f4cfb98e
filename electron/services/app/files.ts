// Input files as the bridge sees them: uploaded bytes (base64) or a path the native dialog returned.
// (Output folders are never typed: Electron saves into a dialog-granted folder, browser mode downloads a zip.)
import { readFile, stat } from 'node:fs/promises';
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
