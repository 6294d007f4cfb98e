// Input files: as the bridge sees them (uploaded bytes in base64, or a path the native dialog returned)
// and as the CLI reads them (a path, decoded as Windows or other text). One size limit for both.
// (Output folders are never typed: Electron saves into a dialog-granted folder, browser mode downloads a zip.)
import { readFile, stat } from 'node:fs/promises';
import { decodeScriptBytes, type DecodedText } from '../../../shared/import/decode.ts';
import { InputError } from '../../../shared/model/input-error.ts';
import type { FileRef } from '../../../shared/api/wizard-api.ts';
import { MAX_INPUT_FILE_BASE64_CHARS, MAX_INPUT_FILE_BYTES, megabytes } from '../../../shared/model/input-limits.ts';
import { ApiError } from '../wizard-api/api-errors.ts';

/** The refusal of a file over the input-file limit. */
export function tooLarge(name: string): string {
  return `${name} is larger than ${megabytes(MAX_INPUT_FILE_BYTES)}; that is not a certificate, script or project file.`;
}

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
    if (r.dataBase64.length > MAX_INPUT_FILE_BASE64_CHARS) throw new ApiError(tooLarge(name), 413);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(r.dataBase64))
      throw new ApiError(`${name} did not arrive intact (bad base64). Choose the file again.`);
    const bytes = Buffer.from(r.dataBase64, 'base64');
    return typeof r.path === 'string' ? { name, path: r.path, bytes } : { name, bytes };
  }
  if (typeof r.path === 'string') {
    if (!grantedPaths.has(r.path))
      throw new ApiError(
        `${name}: choose the file with the file dialog (or upload it) so the wizard may read it.`,
        403,
      );
    const s = await stat(r.path).catch(() => null);
    if (!s || !s.isFile()) throw new ApiError(`${r.path} no longer exists or is not a file. Choose it again.`, 404);
    if (s.size > MAX_INPUT_FILE_BYTES) throw new ApiError(tooLarge(name), 413);
    return { name, path: r.path, bytes: await readFile(r.path) };
  }
  throw new ApiError(`${name}: the file has neither content nor a path. Choose it again.`);
}

/** Reads a text file written on Windows or elsewhere (decodeText); `onDecoded` learns the encoding. */
export async function readTextFile(path: string, what = 'file', onDecoded?: (d: DecodedText) => void): Promise<string> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new InputError(`The ${what} "${path}" is a folder; give the path of a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`The ${what} "${path}" does not exist; check the path.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new InputError(`The ${what} "${path}" cannot be read (permission denied).`);
    throw new InputError(`The ${what} "${path}" cannot be read (${code ?? (e as Error).message}).`);
  }
  if (size > MAX_INPUT_FILE_BYTES) {
    throw new InputError(
      `The ${what} "${path}" is ${Math.round(size / 1024 / 1024)} MB; a project or script is far smaller. Check that you chose the right file.`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new InputError(
      `The ${what} "${path}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  const decoded = decodeScriptBytes(bytes);
  onDecoded?.(decoded);
  return decoded.text;
}

/** UTF-8 (±BOM), UTF-16 LE/BE, or Windows-1252 for other bytes: see shared/import/decode.ts. */
export function decodeText(bytes: Uint8Array): string {
  return decodeScriptBytes(bytes).text;
}
