// X.509 facts, trust anchors and path building with node:crypto (forge cannot read EC keys and
// some roots). Turns X509Certificate objects into the plain models shared/cert judges.
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Tls from 'node:tls';
import type { CertificateFacts } from '../../../shared/api/wizard-api.ts';
import type { CertModel, ChainModel, ChainStatus } from '../../../shared/cert/judge.ts';
import { ekuName } from '../../../shared/cert/judge.ts';
import { commonNameOf, oneLineDn, parseSubjectAltNames } from '../../../shared/cert/names.ts';
import { OS_BUNDLES, readTrustIndex, saveTrustIndex, systemStoreStamp } from './trust-index.ts';

// ---------------------------------------------------------------------------------------------
// Reading certificates

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export interface PemBlock {
  label: string;
  der: Buffer;
}

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK))
    out.push({ label: m[1]!, der: Buffer.from(m[2]!.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64') });
  return out;
}

/** Every certificate in PEM text (or a single DER certificate); unreadable blocks are counted. */
export function readCertificates(data: Uint8Array | string): { certs: X509Certificate[]; damaged: number } {
  const buf =
    typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
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
    return oidString(der.subarray(o.start, o.start + o.len));
  } catch {
    return null;
  }
}

/** DER OID content bytes → dotted string. */
function oidString(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (const x of bytes.subarray(1)) {
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** The raw DER of the issuer and subject names and the SPKI algorithm OID of a certificate. */
export interface TbsParts {
  issuer: Buffer;
  subject: Buffer;
  spkiOid: string | null;
}

export function tbsParts(der: Buffer, withKeyAlgorithm = false): TbsParts | null {
  try {
    const cert = tl(der, 0);
    const tbs = tl(der, cert.start);
    let p = tbs.start;
    const skip = () => {
      const h = tl(der, p);
      const at = p;
      p = h.start + h.len;
      return { at, ...h };
    };
    if (der[p] === 0xa0) skip(); // [0] version
    skip(); // serial
    skip(); // signature algorithm
    const issuer = skip();
    skip(); // validity
    const subject = skip();
    if (subject.start + subject.len > der.length) return null;
    let oid: { start: number; len: number } | null = null;
    if (withKeyAlgorithm) {
      const spki = tl(der, p);
      const alg = tl(der, spki.start);
      oid = der[alg.start] === 0x06 ? tl(der, alg.start) : null;
    }
    return {
      issuer: der.subarray(issuer.at, issuer.start + issuer.len),
      subject: der.subarray(subject.at, subject.start + subject.len),
      spkiOid: oid ? oidString(der.subarray(oid.start, oid.start + oid.len)) : null,
    };
  } catch {
    return null;
  }
}

/**
 * A comparison key for a DER Name that ignores what RFC 5280 name matching ignores in practice:
 * the string type (PrintableString vs UTF8String), case and runs of white space. Computed from
 * the bytes, without parsing the certificate.
 */
export function nameKey(name: Buffer): string {
  const out: string[] = [];
  const walk = (start: number, end: number, depth: number) => {
    let p = start;
    while (p < end) {
      const tag = name[p]!;
      const h = tl(name, p);
      const stop = h.start + h.len;
      if ((tag === 0x31 || tag === 0x30) && depth < 3) walk(h.start, stop, depth + 1);
      else if (tag === 0x06) out.push(`|${name.subarray(h.start, stop).toString('hex')}=`);
      else {
        const v = name.subarray(h.start, stop);
        const text =
          tag === 0x1e
            ? Buffer.from(v).swap16().toString('utf16le')
            : tag === 0x0c
              ? v.toString('utf8')
              : tag === 0x13 || tag === 0x16 || tag === 0x14
                ? v.toString('latin1')
                : `#${v.toString('hex')}`;
        out.push(text.trim().replace(/\s+/g, ' ').toLowerCase());
      }
      p = stop;
    }
  };
  try {
    const outer = tl(name, 0);
    walk(outer.start, outer.start + outer.len, 0);
    return out.join('');
  } catch {
    return `raw:${name.toString('hex')}`;
  }
}

const SPKI_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10045.2.1': 'ec',
  '1.2.840.10040.4.1': 'dsa',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.2.643.2.2.19': 'gost2001',
  '1.2.643.7.1.1.1.1': 'gost2012-256',
  '1.2.643.7.1.1.1.2': 'gost2012-512',
};
const GOST_LABELS: Record<string, string> = {
  gost2001: 'GOST R 34.10-2001',
  'gost2012-256': 'GOST R 34.10-2012 (256 bits)',
  'gost2012-512': 'GOST R 34.10-2012 (512 bits)',
};

/** Key algorithm name for an SPKI/PKCS#8 algorithm OID ('rsa', 'ec', 'gost2001', …, or the OID). */
export function keyAlgorithmName(oid: string | null): string {
  return oid ? (SPKI_NAMES[oid] ?? oid) : 'unknown';
}

const keyCache = new WeakMap<X509Certificate, KeyObject | null>();

/**
 * The certificate's public key, or null when this crypto library cannot load it (GOST and other
 * algorithms neither OpenSSL's default provider nor BoringSSL has): X509Certificate.publicKey
 * throws a raw library error ("digital envelope routines::decode error") in that case.
 */
export function publicKeyOf(x: X509Certificate): KeyObject | null {
  if (keyCache.has(x)) return keyCache.get(x)!;
  let k: KeyObject | null;
  try {
    k = x.publicKey;
  } catch {
    k = null;
  }
  keyCache.set(x, k);
  return k;
}

export function signatureAlgorithm(x: X509Certificate): { name: string; hash: string | null } {
  const oid = signatureAlgorithmOid(x.raw);
  const known = oid ? SIG_ALGS[oid] : undefined;
  return known ? { name: known[0], hash: known[1] } : { name: oid ?? 'unknown', hash: null };
}

function keyInfo(x: X509Certificate): { type: string; size: number | null; label: string } {
  const k = publicKeyOf(x);
  if (!k) {
    const type = keyAlgorithmName(tbsParts(x.raw, true)?.spkiOid ?? null);
    return {
      type,
      size: null,
      label: GOST_LABELS[type] ?? `${type.toUpperCase()} (a key type this program cannot read)`,
    };
  }
  const type = k.asymmetricKeyType ?? 'unknown';
  const d = k.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss')
    return { type: 'rsa', size: d.modulusLength ?? null, label: `RSA ${d.modulusLength ?? '?'} bits` };
  if (type === 'ec') {
    const curve = d.namedCurve ?? '?';
    const bits =
      ({ prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 } as Record<string, number>)[curve] ?? null;
    return { type: 'ec', size: bits, label: `ECDSA ${curve}${bits ? ` (${bits} bits)` : ''}` };
  }
  return { type, size: null, label: type.toUpperCase() };
}

export function isSelfSigned(x: X509Certificate): boolean {
  try {
    // Not checkIssued: it also demands keyCertSign, which a self-signed leaf lacks.
    const k = publicKeyOf(x);
    return !!k && x.subject === x.issuer && x.verify(k);
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
  const k = keyInfo(x);
  const sig = signatureAlgorithm(x);
  return {
    subject: oneLineDn(x.subject),
    issuer: oneLineDn(x.issuer),
    commonName: commonNameOf(x.subject),
    dnsNames: parseSubjectAltNames(x.subjectAltName)
      .filter((s) => s.type === 'DNS')
      .map((s) => s.value),
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
  const k = keyInfo(leaf);
  return {
    subject: oneLineDn(leaf.subject),
    issuer: oneLineDn(leaf.issuer),
    subjectAltNames: parseSubjectAltNames(leaf.subjectAltName).map((s) =>
      s.type === 'DNS' ? s.value : `${s.type}:${s.value}`,
    ),
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
//
// Node's bundled roots and the OS bundle overlap almost entirely (~290 PEM blocks, ~150 distinct
// roots), and parsing one costs ~0.3–0.8 ms. So anchors are deduplicated by their base64 text
// (the canonical encoding of the DER, so the same certificate is the same string) before anything
// is decoded, indexed by a key of their subject name read straight from the bytes, and only the
// few whose name a chain asks about are ever parsed. Nothing is read at all until a chain needs
// the store: a wrong password or a damaged file never pays for it.

const fingerprints = new WeakMap<X509Certificate, string>();
const names = new WeakMap<X509Certificate, { subject: string; issuer: string }>();

/** The certificate's identity: its DER in base64 (equal DER, equal string; no hashing needed). */
function fp(x: X509Certificate): string {
  let v = fingerprints.get(x);
  if (!v) {
    v = x.raw.toString('base64');
    fingerprints.set(x, v);
  }
  return v;
}

function namesOf(x: X509Certificate): { subject: string; issuer: string } {
  let v = names.get(x);
  if (!v) {
    const parts = tbsParts(x.raw);
    // Fall back to Node's text form when the bytes cannot be walked (never seen in practice).
    v = parts
      ? { subject: nameKey(parts.subject), issuer: nameKey(parts.issuer) }
      : { subject: `text:${x.subject}`, issuer: `text:${x.issuer}` };
    names.set(x, v);
  }
  return v;
}

interface AnchorEntry {
  der: Buffer;
  cert?: X509Certificate | null;
}

export class TrustStore {
  private readonly fps = new Set<string>();
  private readonly seenBodies = new Set<string>();
  private readonly bySubject = new Map<string, AnchorEntry[]>();
  private loaders: (() => void)[] = [];
  private count = 0;
  /** The subject name keys the anchors not read yet have (a saved index), or null: not known. */
  private known?: () => Set<string> | null;
  private onLoaded?: (keys: Iterable<string>) => void;

  /**
   * @param sources where the anchors come from, for the report
   * @param base a store whose anchors this one extends (the system store under --trust)
   */
  constructor(
    readonly sources: string[],
    private readonly base?: TrustStore,
  ) {}

  /** Registers anchors (PEM text) to be read on first use. */
  later(load: (addPem: (pem: string) => void) => void): this {
    this.loaders.push(() => load((pem) => this.addPem(pem)));
    return this;
  }

  /**
   * Lets a lookup of a name none of the anchors has skip reading them: `keys` gives every subject
   * name key the anchors have (null when that is not known); `loaded` is told the keys once the
   * anchors were read.
   */
  indexed(keys: () => Set<string> | null, loaded: (keys: Iterable<string>) => void): this {
    let memo: Set<string> | null | undefined;
    this.known = () => (memo === undefined ? (memo = keys()) : memo);
    this.onLoaded = loaded;
    return this;
  }

  /** Every CERTIFICATE block of PEM text; duplicates are dropped by their base64 before decoding. */
  addPem(pem: string): void {
    for (const m of pem.matchAll(PEM_CERT_BLOCK)) {
      // The body as written: Node's bundle and the OS bundles both wrap at 64 columns, so a
      // duplicate is the same string and is skipped before decoding (the decoder skips line breaks).
      const body = m[2]!;
      // Only this store's own duplicates: checking the base would read the whole system store.
      if (this.seenBodies.has(body)) continue;
      this.seenBodies.add(body);
      this.add(Buffer.from(body, 'base64'));
    }
  }

  /** False only when the anchors not read yet certainly have no certificate of this subject name key. */
  private mayHold(key: string | undefined): boolean {
    if (this.loaders.length === 0 || key === undefined || !this.known) return true;
    const keys = this.known();
    return keys === null || keys.has(key);
  }

  private ensure(): void {
    if (this.loaders.length === 0) return;
    const run = this.loaders;
    this.loaders = [];
    for (const l of run) l();
    this.onLoaded?.(this.bySubject.keys());
  }

  private add(der: Buffer): void {
    const parts = tbsParts(der);
    if (!parts) return;
    // Canonical base64 of the DER: the same string as fp() of the parsed certificate.
    const h = der.toString('base64');
    if (this.fps.has(h)) return;
    this.fps.add(h);
    const key = nameKey(parts.subject);
    const list = this.bySubject.get(key) ?? [];
    list.push({ der });
    this.bySubject.set(key, list);
    this.count++;
  }

  /**
   * Whether a certificate of this identity (fp()) is an anchor. Given its subject name key, a store
   * that knows it has no anchor of that name answers without reading its anchors.
   */
  hasFingerprint(h: string, subjectKey?: string): boolean {
    if (this.mayHold(subjectKey)) {
      this.ensure();
      if (this.fps.has(h)) return true;
    }
    return !!this.base?.hasFingerprint(h, subjectKey);
  }

  /** The (parsed) anchors whose subject is this name key. */
  withSubject(key: string): X509Certificate[] {
    const own: X509Certificate[] = [];
    if (this.mayHold(key)) {
      this.ensure();
      for (const e of this.bySubject.get(key) ?? []) {
        if (e.cert === undefined) {
          try {
            e.cert = new X509Certificate(e.der);
          } catch {
            e.cert = null;
          }
        }
        if (e.cert) own.push(e.cert);
      }
    }
    // An added anchor of that name (private PKI) answers without reading the system store (~300
    // roots, most of a cold verdict's time); the system's anchors are consulted only otherwise.
    if (own.length > 0) return own;
    return this.base?.withSubject(key) ?? [];
  }

  /** Distinct anchors (reads them if not done yet). */
  get size(): number {
    this.ensure();
    return this.count + (this.base?.size ?? 0);
  }
}

const PEM_CERT_BLOCK = /-----BEGIN (CERTIFICATE|TRUSTED CERTIFICATE)-----([\s\S]*?)-----END \1-----/g;

// node:tls (and the networking modules it loads) only when the system store is read.
const tlsModule = (): typeof Tls =>
  (process as unknown as { getBuiltinModule?: (id: string) => typeof Tls | undefined }).getBuiltinModule?.(
    'node:tls',
  ) ?? (createRequire(import.meta.url)('node:tls') as typeof Tls);

let systemStore: TrustStore | undefined;

/**
 * Node's bundled Mozilla roots plus the operating system's roots where present (cached, read on
 * first use; with a saved index (trust-index.ts), not read at all for names none of them has).
 */
export function systemTrustStore(): TrustStore {
  if (systemStore) return systemStore;
  const sources = ['Node.js bundled Mozilla roots'];
  let stamp: string | null = null;
  let osDer: string[] | null = null;
  const store = new TrustStore(sources)
    .later((addPem) => {
      const tls = tlsModule();
      for (const pem of tls.rootCertificates) addPem(pem);
      // Node ≥ 22.15 can read the OS store itself (Windows, macOS, Linux); use it when present.
      const getCa = (tls as unknown as { getCACertificates?: (t: string) => string[] }).getCACertificates;
      if (typeof getCa === 'function') {
        try {
          const system = getCa('system');
          for (const pem of system) addPem(pem);
          sources.push('operating system store');
          if (stamp) osDer = system.flatMap((p) => pemBlocks(p).map((b) => b.der.toString('base64')));
        } catch {
          /* not available */
        }
      }
      for (const file of OS_BUNDLES) {
        try {
          const text = readFileSync(file, 'latin1');
          if (text.includes('-----BEGIN')) {
            addPem(text);
            sources.push(file);
            break;
          }
        } catch {
          /* absent */
        }
      }
    })
    .indexed(
      () => {
        stamp = systemStoreStamp();
        return stamp ? readTrustIndex(stamp) : null;
      },
      (keys) => {
        if (stamp && osDer) saveTrustIndex(stamp, keys, osDer);
      },
    );
  systemStore = store;
  return store;
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

/** Tests: forget the stores read so far (the next verdict reads as a fresh process would). */
export function forgetTrustStores(): void {
  systemStore = undefined;
  lastStore = undefined;
}

function buildStore(extraPem: string | undefined, useSystem: boolean): TrustStore {
  const base = useSystem ? systemTrustStore() : undefined;
  if (!extraPem) return base ?? new TrustStore([]);
  const sources = [...(base?.sources ?? []), 'extra anchors'];
  return new TrustStore(sources, base).later((addPem) => addPem(extraPem));
}

// ---------------------------------------------------------------------------------------------
// Path building

export interface BuiltChain {
  /** Issuers of the leaf in order (anchor last when trusted). */
  path: X509Certificate[];
  status: ChainStatus;
  missingIssuer?: string;
  endsAtAnchor: boolean;
  /** status 'loop': the certificate on the path that issued the last one again. */
  loopsTo?: string;
  /** status 'bad-signature': the certificate whose signature does not verify, and the name of the key tried. */
  badSignature?: { subject: string; issuer: string };
}

function issues(child: X509Certificate, parent: X509Certificate): boolean {
  const k = publicKeyOf(parent);
  if (!k) return false;
  try {
    return child.checkIssued(parent) && child.verify(k);
  } catch {
    return false;
  }
}

/** Same name and a signature that verifies (checkIssued also demands key usages a loop may lack). */
function signedBy(child: X509Certificate, parent: X509Certificate): boolean {
  const k = publicKeyOf(parent);
  if (!k || namesOf(parent).subject !== namesOf(child).issuer) return false;
  try {
    return child.verify(k);
  } catch {
    return false;
  }
}

function isAnchor(x: X509Certificate, store: TrustStore): boolean {
  if (store.hasFingerprint(fp(x), namesOf(x).subject)) return true;
  // The same root re-issued (same name and key) counts too. Only anchors of the same name are
  // compared, with KeyObject.equals (DER export costs ~50× more).
  const k = publicKeyOf(x);
  return (
    !!k &&
    store.withSubject(namesOf(x).subject).some((a) => {
      const ak = publicKeyOf(a);
      return !!ak && samePublicKey(ak, k);
    })
  );
}

/** Builds the path from `leaf` using the other certificates supplied and the trust anchors. */
export function buildChain(leaf: X509Certificate, supplied: X509Certificate[], store: TrustStore): BuiltChain {
  const path: X509Certificate[] = [];
  const seen = new Set([fp(leaf)]);
  let cur = leaf;
  for (let depth = 0; depth < 12; depth++) {
    if (isAnchor(cur, store)) return { path, status: 'trusted', endsAtAnchor: true };
    if (isSelfSigned(cur))
      return { path, status: cur === leaf ? 'self-signed' : 'untrusted-root', endsAtAnchor: false };
    // An anchor that issued it ends the path (a missing root is fine); otherwise a supplied certificate.
    const anchors = store.withSubject(namesOf(cur).issuer);
    const anchor = anchors.find((a) => !seen.has(fp(a)) && issues(cur, a));
    const next = anchor ?? supplied.find((c) => !seen.has(fp(c)) && issues(cur, c));
    if (!next) return deadEnd(leaf, cur, path, supplied, anchors);
    seen.add(fp(next));
    path.push(next);
    cur = next;
  }
  return { path, status: 'incomplete', missingIssuer: oneLineDn(cur.issuer), endsAtAnchor: false };
}

/** Why no new issuer was found for `cur`: a loop, a signature that does not verify, or a missing issuer. */
function deadEnd(
  leaf: X509Certificate,
  cur: X509Certificate,
  path: X509Certificate[],
  supplied: X509Certificate[],
  anchors: X509Certificate[],
): BuiltChain {
  const base = { path, endsAtAnchor: false };
  const onPath = [leaf, ...path].find((c) => c !== cur && signedBy(cur, c));
  if (onPath) return { ...base, status: 'loop', loopsTo: oneLineDn(onPath.subject) };
  const issuerName = namesOf(cur).issuer;
  const selfNamed = namesOf(cur).subject === issuerName;
  // Only a certificate that names itself as issuer can be called forged with certainty: another
  // certificate of the issuer's name may simply be a re-keyed CA (old VeriSign roots are).
  const others = [...supplied, ...anchors].filter((c) => c !== cur && namesOf(c).subject === issuerName);
  const hash = signatureAlgorithm(cur).hash;
  if (selfNamed && others.length === 0 && publicKeyOf(cur) && hash && hash !== 'md2') {
    return {
      ...base,
      status: 'bad-signature',
      badSignature: { subject: oneLineDn(cur.subject), issuer: oneLineDn(cur.issuer) },
    };
  }
  // A self-named certificate whose key this library cannot load (e.g. GOST): cannot be checked, so not trusted.
  if (selfNamed) return { ...base, status: cur === leaf ? 'self-signed' : 'untrusted-root' };
  return { ...base, status: 'incomplete', missingIssuer: oneLineDn(cur.issuer) };
}

/** True when the supplied certificates that are on the path appear issuer-after-subject. */
export function inPathOrder(supplied: X509Certificate[], path: X509Certificate[]): boolean {
  const positions = path.map((p) => supplied.findIndex((s) => fp(s) === fp(p))).filter((i) => i >= 0);
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
    ...(built.loopsTo ? { loopsTo: built.loopsTo } : {}),
    ...(built.badSignature ? { badSignature: built.badSignature } : {}),
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

/** The key algorithm OID of a PKCS#8 PrivateKeyInfo (DER), or null when it cannot be read. */
export function pkcs8AlgorithmOid(der: Buffer): string | null {
  try {
    const pki = tl(der, 0);
    const version = tl(der, pki.start);
    const algAt = version.start + version.len;
    const alg = tl(der, algAt);
    if (der[alg.start] !== 0x06) return null;
    const o = tl(der, alg.start);
    return oidString(der.subarray(o.start, o.start + o.len));
  } catch {
    return null;
  }
}
