// Reads the three files the connector check needs from the Teams Connector ZIP, or from the folder it
// was extracted into. Nothing is extracted to disk and nothing is run. The ZIP's central directory is
// read with node:zlib (stored and deflated entries, the two methods ZIP tools write).
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { CONNECTOR_FILE_NAMES, type ConnectorFiles } from '../../../shared/connector-zip/check-connector.ts';
import { decodeScriptBytes } from '../../../shared/import/decode.ts';
import { InputError } from '../../../shared/model/input-error.ts';
import {
  MAX_CONNECTOR_ZIP_BYTES as MAX_ZIP_BYTES,
  MAX_CONNECTOR_ZIP_ENTRY_BYTES as MAX_ENTRY_BYTES,
} from '../../../shared/model/input-limits.ts';

type Key = keyof ConnectorFiles;
const wanted = new Map<string, Key>(Object.entries(CONNECTOR_FILE_NAMES).map(([k, n]) => [n.toLowerCase(), k as Key]));

/** Entries of a ZIP whose file name (any folder) is one we want, decoded as text. */
export function readConnectorZipBytes(zip: Buffer): ConnectorFiles {
  const files: ConnectorFiles = { versionJson: null, createVmss: null, module: null, manifest: null };
  // End of central directory: signature 0x06054b50 within the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new InputError(
      'The file is not a ZIP archive (no central directory). Choose the Teams Connector ZIP downloaded from Pexip, or the folder it was extracted into.',
    );
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  // Prefer the shallowest copy of a name (the connector's own files sit at the top or in one folder).
  const depth = new Map<Key, number>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50)
      throw new InputError('The ZIP archive is damaged (central directory). Download it again.');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    const key = wanted.get(basename(name.replace(/\\/g, '/')).toLowerCase());
    const d = name.split(/[\\/]/).length;
    if (!key || (depth.get(key) ?? Infinity) <= d || size > MAX_ENTRY_BYTES) continue;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
      throw new InputError('The ZIP archive is damaged (local header). Download it again.');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    let bytes: Buffer;
    if (method === 0) bytes = raw;
    else if (method === 8) bytes = inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES });
    else
      throw new InputError(
        `${name} in the ZIP uses compression method ${method}, which the wizard cannot read; extract the ZIP and give the folder instead.`,
      );
    files[key] = decodeScriptBytes(bytes).text;
    depth.set(key, d);
  }
  return files;
}

/** The connector files from a ZIP file or an extracted folder (its top level or one folder below). */
export async function readConnectorFiles(path: string): Promise<ConnectorFiles> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new InputError(`The Teams Connector ZIP "${path}" does not exist; check the path.`);
  }
  if (st.isFile()) {
    if (st.size > MAX_ZIP_BYTES)
      throw new InputError(
        `"${path}" is ${Math.round(st.size / 1024 / 1024)} MB; that is not the Teams Connector ZIP.`,
      );
    return readConnectorZipBytes(await readFile(path));
  }
  const files: ConnectorFiles = { versionJson: null, createVmss: null, module: null, manifest: null };
  const look = async (dir: string, level: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const key = wanted.get(e.name.toLowerCase());
      if (e.isFile() && key && files[key] === null)
        files[key] = decodeScriptBytes(await readFile(join(dir, e.name))).text;
    }
    if (level === 0) for (const e of entries) if (e.isDirectory()) await look(join(dir, e.name), 1);
  };
  await look(path, 0);
  return files;
}
