// X.509 facts, trust anchors and path building with node:crypto (forge cannot read EC keys and
// some roots). Turns X509Certificate objects into the plain models shared/cert judges.
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import type { CertificateFacts } from '../../../shared/api/wizard-api.ts';
import type { CertModel, ChainModel, ChainStatus } from '../../../shared/cert/judge.ts';
import { ekuName } from '../../../shared/cert/judge.ts';
import { commonNameOf, oneLineDn, parseSubjectAltNames } from '../../../shared/cert/names.ts';

// ---------------------------------------------------------------------------------------------
// Reading certificates

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export interface PemBlock { label: string; der: Buffer }

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) out.push({ label: m[1]!, der: Buffer.from(m[2]!.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64') });
  return out;
}

/** Every certificate in PEM text (or a single DER certificate); unreadable blocks are counted. */
export function readCertificates(data: Uint8Array | string): { certs: X509Certificate[]; damaged: number } {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const text = buf.toString('latin1');
  const certs: X509Certificate[] = [];
  let damaged = 0;
  if (text.includes('-----BEGIN')) {
    for (const b of pemBlocks(text)) {
      if (b.label !== 'CERTIFICATE' && b.label !== 'TRUSTED CERTIFICATE' && b.label !== 'X509 CERTIFICATE') continue;
      try {
        certs.push(new X509Certificate(b.der));
      } catch {
        damaged++;
      }
    }
  } else if (buf.length > 0 && buf[0] === 0x30) {
    try {
      certs.push(new X509Certificate(buf));
    } catch {
      damaged++;
    }
  }
  return { certs, damaged };
}

// ---------------------------------------------------------------------------------------------
// Facts

const SIG_ALGS: Record<string, [string, string | null]> = {
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'sha1'],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'sha512'],
  '1.2.840.113549.1.1.14': ['sha224WithRSAEncryption', 'sha224'],
  '1.2.840.113549.1.1.10': ['RSASSA-PSS', null],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'sha1'],
  '1.2.840.10045.4.3.1': ['ecdsa-with-SHA224', 'sha224'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'sha256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'sha512'],
  '1.2.840.10040.4.3': ['dsa-with-SHA1', 'sha1'],
  '1.3.101.112': ['Ed25519', null],
  '1.3.101.113': ['Ed448', null],
};

/** Reads tag and length at `off`; returns the content offset and length. */
function tl(b: Buffer, off: number): { start: number; len: number } {
  let p = off + 1;
  const first = b[p++]!;
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
  }
  return { start: p, len };
}

/** The outer signatureAlgorithm OID of a DER certificate (X509Certificate has no accessor in Node 20). */
export function signatureAlgorithmOid(der: Buffer): string | null {
  try {
    const cert = tl(der, 0);
    const tbs = tl(der, cert.start);
    const algSeq = tl(der, tbs.start + tbs.len);
    const oidPos = algSeq.start;
    if (der[oidPos] !== 0x06) return null;
    const o = tl(der, oidPos);
    const bytes = der.subarray(o.start, o.start + o.len);
    const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
    let v = 0;
    for (const x of bytes.subarray(1)) {
      v = v * 128 + (x & 0x7f);
      if (!(x & 0x80)) { parts.push(v); v = 0; }
    }
    return parts.join('.');
  } catch {
    return null;
  }
}

export function signatureAlgorithm(x: X509Certificate): { name: string; hash: string | null } {
  const oid = signatureAlgorithmOid(x.raw);
  const known = oid ? SIG_ALGS[oid] : undefined;
  return known ? { name: known[0], hash: known[1] } : { name: oid ?? 'unknown', hash: null };
}

function keyInfo(k: KeyObject): { type: string; size: number | null; label: string } {
  const type = k.asymmetricKeyType ?? 'unknown';
  const d = k.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') return { type: 'rsa', size: d.modulusLength ?? null, label: `RSA ${d.modulusLength ?? '?'} bits` };
  if (type === 'ec') {
    const curve = d.namedCurve ?? '?';
    const bits = ({ prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 } as Record<string, number>)[curve] ?? null;
    return { type: 'ec', size: bits, label: `ECDSA ${curve}${bits ? ` (${bits} bits)` : ''}` };
  }
  return { type, size: null, label: type.toUpperCase() };
}

export function isSelfSigned(x: X509Certificate): boolean {
  try {
    // Not checkIssued: it also demands keyCertSign, which a self-signed leaf lacks.
    return x.subject === x.issuer && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

function aiaCaIssuers(x: X509Certificate): string[] {
  const text = x.infoAccess;
  if (!text) return [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^"?CA Issuers - URI:(.*?)"?$/.exec(line.trim());
    if (m) out.push(m[1]!.replace(/\\"/g, '"'));
  }
  return out;
}

export function certModel(x: X509Certificate): CertModel {
  const k = keyInfo(x.publicKey);
  const sig = signatureAlgorithm(x);
  return {
    subject: oneLineDn(x.subject),
    issuer: oneLineDn(x.issuer),
    commonName: commonNameOf(x.subject),
    dnsNames: parseSubjectAltNames(x.subjectAltName).filter((s) => s.type === 'DNS').map((s) => s.value),
    notBefore: Date.parse(x.validFrom),
    notAfter: Date.parse(x.validTo),
    keyType: k.type,
    keySize: k.size,
    ekus: x.keyUsage ? [...x.keyUsage] : null,
    signatureHash: sig.hash,
    signatureAlgorithm: sig.name,
    selfSigned: isSelfSigned(x),
    isCa: x.ca,
    aiaCaIssuers: aiaCaIssuers(x),
  };
}

export function thumbprint(x: X509Certificate, alg: 'sha1' | 'sha256'): string {
  return (alg === 'sha1' ? x.fingerprint : x.fingerprint256).replace(/:/g, '').toUpperCase();
}

export function certificateFacts(leaf: X509Certificate, chain: X509Certificate[]): CertificateFacts {
  const k = keyInfo(leaf.publicKey);
  return {
    subject: oneLineDn(leaf.subject),
    issuer: oneLineDn(leaf.issuer),
    subjectAltNames: parseSubjectAltNames(leaf.subjectAltName).map((s) => (s.type === 'DNS' ? s.value : `${s.type}:${s.value}`)),
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
    keyType: k.label,
    keySize: k.size,
    extendedKeyUsages: leaf.keyUsage ? leaf.keyUsage.map(ekuName) : [],
    signatureAlgorithm: signatureAlgorithm(leaf).name,
    thumbprintSha1: thumbprint(leaf, 'sha1'),
    thumbprintSha256: thumbprint(leaf, 'sha256'),
    chain: [leaf, ...chain].map((c) => oneLineDn(c.subject)),
  };
}

// ---------------------------------------------------------------------------------------------
// Trust anchors

export interface TrustStore {
  anchors: X509Certificate[];
  fingerprints: Set<string>;
  bySubject: Map<string, X509Certificate[]>;
  /** Where the anchors came from, for the report. */
  sources: string[];
}

const OS_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem', '/etc/ssl/ca-bundle.pem'];

function makeStore(certs: X509Certificate[], sources: string[]): TrustStore {
  const s: TrustStore = { anchors: [], fingerprints: new Set(), bySubject: new Map(), sources };
  for (const c of certs) addAnchor(s, c);
  return s;
}

function addAnchor(s: TrustStore, c: X509Certificate): void {
  if (s.fingerprints.has(c.fingerprint256)) return;
  s.fingerprints.add(c.fingerprint256);
  s.anchors.push(c);
  const list = s.bySubject.get(c.subject) ?? [];
  list.push(c);
  s.bySubject.set(c.subject, list);
}

let systemStore: TrustStore | undefined;

/** Node's bundled Mozilla roots plus the operating system's bundle where one exists (cached). */
export function systemTrustStore(): TrustStore {
  if (systemStore) return systemStore;
  const certs: X509Certificate[] = [];
  const sources = ['Node.js bundled Mozilla roots'];
  for (const pem of tls.rootCertificates) {
    try { certs.push(new X509Certificate(pem)); } catch { /* skip */ }
  }
  // Node ≥ 22.15 can read the OS store itself (Windows, macOS); use it when present.
  const getCa = (tls as unknown as { getCACertificates?: (t: string) => string[] }).getCACertificates;
  if (typeof getCa === 'function') {
    try {
      for (const pem of getCa('system')) certs.push(new X509Certificate(pem));
      sources.push('operating system store');
    } catch { /* not available */ }
  }
  for (const file of OS_BUNDLES) {
    try {
      const { certs: found } = readCertificates(readFileSync(file));
      if (found.length) {
        certs.push(...found);
        sources.push(file);
        break;
      }
    } catch { /* absent */ }
  }
  systemStore = makeStore(certs, sources);
  return systemStore;
}

/** System anchors plus extra PEM anchors (--trust). */
let lastStore: { key: string; store: TrustStore } | undefined;

export function trustStoreWith(extraPem?: string, useSystem = true): TrustStore {
  const key = `${useSystem}\u0000${extraPem ?? ''}`;
  if (lastStore?.key === key) return lastStore.store;
  const store = buildStore(extraPem, useSystem);
  lastStore = { key, store };
  return store;
}

function buildStore(extraPem: string | undefined, useSystem: boolean): TrustStore {
  const base = useSystem ? systemTrustStore() : makeStore([], []);
  if (!extraPem) return base;
  const extra = readCertificates(extraPem).certs;
  const s = makeStore(base.anchors, [...base.sources, `${extra.length} extra anchor(s)`]);
  for (const c of extra) addAnchor(s, c);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Path building

export interface BuiltChain {
  /** Issuers of the leaf in order (anchor last when trusted). */
  path: X509Certificate[];
  status: ChainStatus;
  missingIssuer?: string;
  endsAtAnchor: boolean;
}

function issues(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function isAnchor(x: X509Certificate, store: TrustStore): boolean {
  if (store.fingerprints.has(x.fingerprint256)) return true;
  // The same root re-issued (same name and key) counts too. Only anchors of the same name are
  // compared, with KeyObject.equals (DER export costs ~50× more).
  const same = store.bySubject.get(x.subject);
  return !!same && same.some((a) => samePublicKey(a.publicKey, x.publicKey));
}

/** Builds the path from `leaf` using the other certificates supplied and the trust anchors. */
export function buildChain(leaf: X509Certificate, supplied: X509Certificate[], store: TrustStore): BuiltChain {
  const path: X509Certificate[] = [];
  const seen = new Set([leaf.fingerprint256]);
  let cur = leaf;
  for (let depth = 0; depth < 12; depth++) {
    if (isAnchor(cur, store)) return { path, status: 'trusted', endsAtAnchor: true };
    if (isSelfSigned(cur)) return { path, status: cur === leaf ? 'self-signed' : 'untrusted-root', endsAtAnchor: false };
    // An anchor that issued it ends the path (a missing root is fine); otherwise a supplied certificate.
    const anchor = (store.bySubject.get(cur.issuer) ?? []).find((a) => !seen.has(a.fingerprint256) && issues(cur, a));
    const next = anchor ?? supplied.find((c) => !seen.has(c.fingerprint256) && issues(cur, c));
    if (!next) return { path, status: 'incomplete', missingIssuer: oneLineDn(cur.issuer), endsAtAnchor: false };
    seen.add(next.fingerprint256);
    path.push(next);
    cur = next;
  }
  return { path, status: 'incomplete', missingIssuer: oneLineDn(cur.issuer), endsAtAnchor: false };
}

/** True when the supplied certificates that are on the path appear issuer-after-subject. */
export function inPathOrder(supplied: X509Certificate[], path: X509Certificate[]): boolean {
  const positions = path.map((p) => supplied.findIndex((s) => s.fingerprint256 === p.fingerprint256)).filter((i) => i >= 0);
  return positions.every((p, i) => i === 0 || p > positions[i - 1]!);
}

export function chainModel(leaf: X509Certificate, built: BuiltChain, outOfOrder = false): ChainModel {
  return {
    leaf: certModel(leaf),
    issuers: built.path.map(certModel),
    status: built.status,
    missingIssuer: built.missingIssuer,
    endsAtAnchor: built.endsAtAnchor,
    outOfOrder,
  };
}

function publicOf(k: KeyObject): KeyObject {
  return k.type === 'public' ? k : createPublicKey(k);
}

/**
 * Whether two keys (public or private) share the public key. KeyObject.equals compares type,
 * parameters and key material natively, without the DER export (same answer, ~0.005 ms vs ~0.5 ms).
 */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  try {
    return publicOf(a).equals(publicOf(b));
  } catch {
    return false;
  }
}
