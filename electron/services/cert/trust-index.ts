// A remembered index of the system trust store, for the command line: the subject names of every
// system anchor, saved beside the CLI bundle with a stamp of everything the store is read from.
//
// Reading the system store costs most of a one-file `tcw cert pfx` (Node converts ~600 OS
// certificates to PEM, plus its ~120 bundled ones and the OS bundle file), yet a chain asks it
// about two or three names, usually names no system root has (a private PKI given with --trust,
// or a leaf and its intermediate). With the index, a name the store does not hold is answered
// without reading it; any name it does hold reads the store in full, as before. So the anchors a
// chain is checked against are exactly the same; only the reading is skipped when it cannot
// change the answer.
//
// The stamp is taken before the store is read and covers the Node binary (its bundled roots) and,
// on Linux, every file the store is read from: the CA bundle files and each entry of the CA
// directories (followed through symbolic links: inode, size, modification and change times; the
// change time cannot be set back by hand). Any difference means the index is rebuilt. The index
// is only written when every certificate Node returned for the OS store was found in those files,
// so a store read from somewhere the stamp does not cover is never indexed. Other systems (the OS
// store lives in a keychain or registry the stamp cannot see) always read the store.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 1;

/** The CA bundle files that may be read (the OpenSSL default and the distributions' bundles). */
export const OS_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
  '/etc/ssl/ca-bundle.pem',
];

let cacheDir: string | undefined;

/** Where the index is kept (the CLI's own folder); undefined (the default) keeps no index. */
export function useTrustIndex(dir: string | undefined): void {
  cacheDir = dir;
}

function stampOf(path: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  return st
    ? `${path}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.isDirectory() ? 'd' : 'f'}`
    : `${path}\0-`;
}

/** The files the OS part of the store may come from on Linux. */
function linuxSources(): { files: string[]; dirs: string[] } {
  const files = [...new Set([process.env.SSL_CERT_FILE, ...OS_BUNDLES].filter((f): f is string => !!f))];
  const dirs = [
    ...new Set(
      [...(process.env.SSL_CERT_DIR ?? '').split(':'), '/etc/ssl/certs', '/etc/pki/tls/certs'].filter(Boolean),
    ),
  ];
  return { files, dirs };
}

/** Every file the stamp covers (bundle files and directory entries), read by the soundness check. */
function coveredFiles(): string[] {
  const { files, dirs } = linuxSources();
  const out = [...files];
  for (const d of dirs) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) out.push(join(d, n));
  }
  return out;
}

/** The stamp of everything the system store is read from, hashed; null where it cannot be taken. */
export function systemStoreStamp(): string | null {
  if (!cacheDir || process.platform !== 'linux') return null;
  try {
    const lines = [
      `v${VERSION}`,
      process.execPath,
      process.version,
      process.versions.openssl ?? '',
      stampOf(process.execPath),
    ];
    const { files, dirs } = linuxSources();
    for (const f of files) lines.push(stampOf(f));
    for (const d of dirs) {
      lines.push(stampOf(d));
      let names: string[];
      try {
        names = readdirSync(d).sort();
      } catch {
        continue;
      }
      // Plain concatenation: path.join's normalising costs more than the stat here (~300 entries).
      const prefix = d.endsWith('/') ? d : `${d}/`;
      for (const n of names) lines.push(stampOf(prefix + n));
    }
    return createHash('sha256').update(lines.join('\n')).digest('base64');
  } catch {
    return null;
  }
}

const indexFile = () => join(cacheDir!, 'trust-index.json');

/** The subject name keys of the system store, when an index with this stamp was saved. */
export function readTrustIndex(stamp: string): Set<string> | null {
  if (!cacheDir) return null;
  try {
    const saved = JSON.parse(readFileSync(indexFile(), 'utf8')) as { v?: unknown; stamp?: unknown; keys?: unknown };
    if (
      saved.v !== VERSION ||
      saved.stamp !== stamp ||
      !Array.isArray(saved.keys) ||
      !saved.keys.every((k) => typeof k === 'string')
    )
      return null;
    return new Set(saved.keys as string[]);
  } catch {
    return null;
  }
}

const PEM_CERT_BODY = /-----BEGIN (CERTIFICATE|TRUSTED CERTIFICATE)-----([\s\S]*?)-----END \1-----/g;

/**
 * Saves the index after the store was read in full. `osDer` are the certificates Node returned for
 * the OS store (canonical base64 of the DER): unless each is found in a file the stamp covers, the
 * stamp would not notice a change to their source, so nothing is saved. Never throws.
 */
export function saveTrustIndex(stamp: string, keys: Iterable<string>, osDer: Iterable<string>): void {
  if (!cacheDir) return;
  try {
    const covered = new Set<string>();
    const bodies = new Set<string>();
    for (const f of coveredFiles()) {
      let text: string;
      try {
        text = readFileSync(f, 'latin1');
      } catch {
        continue;
      }
      for (const m of text.matchAll(PEM_CERT_BODY)) {
        if (bodies.has(m[2]!)) continue;
        bodies.add(m[2]!);
        covered.add(Buffer.from(m[2]!, 'base64').toString('base64'));
      }
    }
    for (const d of osDer) if (!covered.has(d)) return;
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${indexFile()}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ v: VERSION, stamp, keys: [...keys] }));
    renameSync(tmp, indexFile());
  } catch {
    /* an index is only a shortcut */
  }
}
