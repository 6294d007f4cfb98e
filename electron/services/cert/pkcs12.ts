// PKCS#12 (PFX) unpacking. node-forge reads the ASN.1/BER structure and supplies RC2 (which Node's
// OpenSSL 3 only has in the legacy provider); key derivation, MAC and the other ciphers use
// node:crypto. We do the password handling ourselves because forge's pkcs12 gets non-ASCII
// passwords wrong: RFC 7292 derives PKCS#12-PBE keys and the MAC key from the BMPString (UTF-16BE,
// 00 00 terminated) of the password, while PBES2/PBKDF2 (OpenSSL 3's default AES) uses the UTF-8
// bytes — forge feeds the JavaScript string to its PBKDF2 as if it were Latin-1 bytes.
import {
  createDecipheriv,
  createCipheriv,
  createHmac,
  pbkdf2,
  pbkdf2Sync,
  timingSafeEqual,
  randomBytes,
} from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import type forge from 'node-forge';
import forgeAsn1 from 'node-forge/lib/asn1.js';
import { iteratedHash } from './iterhash.ts';
import { rc2CbcDecrypt } from './rc2.ts';

/**
 * Why a PFX could not be opened. 'unreadable': damaged or not PKCS#12 at all; 'unsupported': a
 * well-formed PKCS#12 using an algorithm we do not read (GOST, RC4, public-key modes);
 * 'bad-password': no encoding of the password passes the integrity check (or, without one,
 * decrypts the contents); 'integrity-failed': the password decrypts the contents but the MAC does
 * not match them (altered or damaged after it was made); 'integrity-invalid': the MAC parameters
 * are malformed or too weak to prove anything (e.g. a PBMAC1 key of one octet).
 */
export type Pkcs12ErrorKind = 'unreadable' | 'unsupported' | 'bad-password' | 'integrity-failed' | 'integrity-invalid';

export class Pkcs12Error extends Error {
  constructor(
    readonly kind: Pkcs12ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface Pkcs12Bag {
  friendlyName?: string;
  /** Hex. */
  localKeyId?: string;
  /** Microsoft key provider name (bag attribute 1.3.6.1.4.1.311.17.1). */
  providerName?: string;
}
export interface Pkcs12Cert extends Pkcs12Bag {
  der: Buffer;
}
export interface Pkcs12Key extends Pkcs12Bag {
  pkcs8: Buffer;
}

export interface Pkcs12Contents {
  certs: Pkcs12Cert[];
  keys: Pkcs12Key[];
  mac: { digest: string; iterations: number } | null;
  /** How each encrypted part was protected, for the report. */
  encryption: string[];
  /** Integrity scheme, for the report: 'none', 'PKCS#12 MAC' or 'PBMAC1'. */
  integrity?: string;
  /** True when PBES2 parts opened only with the password's ISO-8859-1 bytes (some Java writers). */
  latin1Password?: boolean;
}

// Guard against damaged or hostile files asking for absurd work.
export const MAX_ITERATIONS = 1_000_000;

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  envelopedData: '1.2.840.113549.1.7.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  msProviderName: '1.3.6.1.4.1.311.17.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

const PKCS12_PBE: Record<string, { name: string; cipher: string; keyLen: number; ivLen: number; rc2Bits?: number }> = {
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', cipher: 'des-ede3-cbc', keyLen: 24, ivLen: 8 },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', cipher: 'des-ede-cbc', keyLen: 16, ivLen: 8 },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', cipher: 'rc2', keyLen: 16, ivLen: 8, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', cipher: 'rc2', keyLen: 5, ivLen: 8, rc2Bits: 40 },
};

const PBES2_CIPHERS: Record<string, { name: string; keyLen: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLen: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLen: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLen: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLen: 24 },
};

const HMAC_PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const DIGESTS: Record<string, { name: string; len: number; block: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', len: 20, block: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', len: 28, block: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', len: 32, block: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', len: 48, block: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', len: 64, block: 128 },
  '1.2.840.113549.2.5': { name: 'md5', len: 16, block: 64 },
};
const DIGEST_BY_NAME = Object.fromEntries(Object.values(DIGESTS).map((d) => [d.name, d]));

// ---------------------------------------------------------------------------------------------
// ASN.1 access on top of forge's parser

type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forgeAsn1;

function bad(msg: string): never {
  throw new Pkcs12Error('unreadable', msg);
}

function unsupported(msg: string): never {
  throw new Pkcs12Error('unsupported', msg);
}

// Names for algorithms we recognise but do not read, so the message can say what the file uses.
const KNOWN_UNSUPPORTED: Record<string, string> = {
  '1.2.643.2.2.9': 'GOST R 34.11-94',
  '1.2.643.2.2.10': 'HMAC GOST R 34.11-94',
  '1.2.643.7.1.1.2.2': 'GOST R 34.11-2012 (Streebog-256)',
  '1.2.643.7.1.1.2.3': 'GOST R 34.11-2012 (Streebog-512)',
  '1.2.643.7.1.1.4.1': 'HMAC GOST R 34.11-2012 (256)',
  '1.2.643.7.1.1.4.2': 'HMAC GOST R 34.11-2012 (512)',
  '1.2.840.113549.2.2': 'MD2',
  '1.2.840.113549.2.4': 'MD4',
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC',
  '1.2.840.113549.1.5.6': 'pbeWithMD5AndRC2-CBC',
  '1.2.840.113549.1.5.11': 'pbeWithSHA1AndRC2-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC',
  '1.3.14.3.2.7': 'DES-CBC',
  '1.2.643.7.1.1.5.1': 'GOST R 34.12-2015 Magma',
  '1.2.643.7.1.1.5.2': 'GOST R 34.12-2015 Kuznyechik',
  '1.2.840.113549.1.9.16.3.9': 'scrypt',
  '1.3.6.1.4.1.11591.4.11': 'scrypt',
};
const algName = (oid: string) => (KNOWN_UNSUPPORTED[oid] ? `${KNOWN_UNSUPPORTED[oid]} (${oid})` : oid);

function parse(bytes: Buffer | string): Asn1 {
  const s = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  try {
    return (forgeAsn1.fromDer as unknown as (b: string, o: object) => Asn1)(s, {
      strict: false,
      parseAllBytes: false,
      decodeBitStrings: false,
    });
  } catch (e) {
    return bad(`the ASN.1 structure is damaged (${(e as Error).message})`);
  }
}

function kids(a: Asn1 | undefined, what: string): Asn1[] {
  if (!a || !Array.isArray(a.value)) bad(`${what} is not a constructed ASN.1 value`);
  return a.value as Asn1[];
}

function child(a: Asn1 | undefined, i: number, what: string): Asn1 {
  const c = kids(a, what)[i];
  if (!c) bad(`${what} is missing element ${i + 1}`);
  return c;
}

function oidOf(a: Asn1 | undefined, what: string): string {
  if (!a || a.tagClass !== Class.UNIVERSAL || a.type !== Type.OID || typeof a.value !== 'string')
    bad(`${what} is not an object identifier`);
  try {
    return forgeAsn1.derToOid(a.value);
  } catch {
    return bad(`${what} is a damaged object identifier`);
  }
}

/** Octets of an OCTET STRING, primitive or BER-constructed (chunks concatenated). */
function octets(a: Asn1 | undefined, what: string): Buffer {
  if (!a) bad(`${what} is missing`);
  if (typeof a.value === 'string') return Buffer.from(a.value, 'latin1');
  return Buffer.concat((a.value as Asn1[]).map((c) => octets(c, what)));
}

function integer(a: Asn1 | undefined, what: string): number {
  if (!a || a.type !== Type.INTEGER || typeof a.value !== 'string') bad(`${what} is not an integer`);
  const b = Buffer.from(a.value, 'latin1');
  if (b.length === 0 || b.length > 6 || (b[0]! & 0x80) !== 0) bad(`${what} is out of range`);
  return b.reduce((n, x) => n * 256 + x, 0);
}

function iterations(n: number, what: string): number {
  if (n < 1) bad(`${what}: iteration count ${n} is invalid`);
  if (n > MAX_ITERATIONS) bad(`${what}: iteration count ${n} is above the ${MAX_ITERATIONS} we accept`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Passwords and key derivation

export interface PasswordForm {
  /** For RFC 7292 PKCS#12 KDF (PBE and MAC): BMPString with 00 00 terminator (empty for "no password"). */
  bmp: Buffer;
  /** For PBES2/PBKDF2 and PBMAC1. */
  utf8: Buffer;
  /**
   * The password's ISO-8859-1 bytes, when it is non-ASCII and every character fits: some Java
   * writers (JSafe style) feed those to PBKDF2. Tried for PBES2 only once the integrity check has
   * proved the password right (integrityProven), so it can never turn a wrong password into a verdict.
   */
  latin1?: Buffer;
  integrityProven?: boolean;
  usedLatin1?: boolean;
  /** Accept a decryption only when it yields exactly one whole DER SEQUENCE (the tampering probe). */
  strict?: boolean;
  /**
   * Keys derived with this form during one open, by algorithm and parameters: a writer that reuses
   * a salt and iteration count for several parts costs one derivation, not one per part.
   */
  memo?: Map<string, Buffer>;
}

function memoized(pw: PasswordForm, key: string, derive: () => Buffer): Buffer {
  pw.memo ??= new Map();
  let v = pw.memo.get(key);
  if (!v) {
    v = derive();
    pw.memo.set(key, v);
  }
  return v;
}

function pkcs12KdfFor(
  pw: PasswordForm,
  hashName: string,
  salt: Buffer,
  id: 1 | 2 | 3,
  iter: number,
  n: number,
): Buffer {
  return memoized(pw, `p12:${hashName}:${id}:${iter}:${n}:${salt.toString('hex')}`, () =>
    pkcs12Kdf(hashName, pw.bmp, salt, id, iter, n),
  );
}

export function bmpString(password: string): Buffer {
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

/**
 * The encodings to try, most likely first: the standard one; for an empty password also the
 * "absent" password (zero-length, as some Windows exports use); for non-ASCII also the form very
 * old OpenSSL produced (each UTF-8 byte widened to 16 bits), which OpenSSL still accepts on read.
 */
export function passwordForms(password: string): PasswordForm[] {
  const utf8 = Buffer.from(password, 'utf8');
  const latin1 =
    /[^\x00-\x7f]/.test(password) && /^[\x00-\xff]*$/.test(password) ? Buffer.from(password, 'latin1') : undefined;
  const forms: PasswordForm[] = [{ bmp: bmpString(password), utf8, ...(latin1 ? { latin1 } : {}) }];
  if (password === '') forms.push({ bmp: Buffer.alloc(0), utf8 });
  if (/[^\x00-\x7f]/.test(password)) forms.push({ bmp: bmpString(utf8.toString('latin1')), utf8 });
  return forms;
}

const oneShotHash: ((alg: string, data: Buffer, enc: 'buffer') => Buffer) | undefined =
  typeof (nodeCrypto as { hash?: unknown }).hash === 'function'
    ? (nodeCrypto as unknown as { hash: (a: string, d: Buffer, e: 'buffer') => Buffer }).hash
    : undefined;

function digest(alg: string, data: Buffer): Buffer {
  return oneShotHash ? oneShotHash(alg, data, 'buffer') : nodeCrypto.createHash(alg).update(data).digest();
}

/** RFC 7292 appendix B.2 key derivation, with native hashing. id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(
  hashName: string,
  pass: Buffer,
  salt: Buffer,
  id: 1 | 2 | 3,
  iter: number,
  n: number,
): Buffer {
  const h = DIGEST_BY_NAME[hashName];
  if (!h) throw new Pkcs12Error('unsupported', `unsupported digest ${hashName}`);
  const { len: u, block: v } = h;
  const fill = (src: Buffer) => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(pass)]);
  const c = Math.ceil(n / u);
  const parts: Buffer[] = [];
  for (let i = 0; i < c; i++) {
    const a = iteratedHash(hashName, Buffer.concat([D, I]), iter);
    parts.push(a);
    if (i + 1 < c) {
      const B = fill(a).subarray(0, v);
      for (let j = 0; j < I.length; j += v) {
        let carry = 1;
        for (let k = v - 1; k >= 0; k--) {
          const x = I[j + k]! + B[k]! + carry;
          I[j + k] = x & 0xff;
          carry = x >>> 8;
        }
      }
    }
  }
  return Buffer.concat(parts).subarray(0, n);
}

// ---------------------------------------------------------------------------------------------
// Decryption of an AlgorithmIdentifier-described blob

interface Decrypted {
  plain: Buffer;
  description: string;
}

function nativeDecrypt(cipher: string, key: Buffer, iv: Buffer, data: Buffer): Buffer | null {
  try {
    const d = createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return null; // bad padding: wrong password or damaged data
  }
}

function pbkdf2Params(a: Asn1, what: string): { salt: Buffer; iter: number; keyLen: number | null; prf: string } {
  const kp = kids(a, `${what} parameters`);
  if (kp[0]?.type !== Type.OCTETSTRING)
    unsupported(`${what} takes its salt from another algorithm, which we do not read`);
  const salt = octets(kp[0], `${what} salt`);
  const iter = iterations(integer(kp[1], `${what} iterations`), what);
  let keyLen: number | null = null;
  let prf = 'sha1';
  for (const extra of kp.slice(2)) {
    if (extra.type === Type.INTEGER) keyLen = integer(extra, `${what} key length`);
    else if (extra.type === Type.SEQUENCE) {
      const prfOid = oidOf(child(extra, 0, `${what} PRF`), `${what} PRF`);
      const name = HMAC_PRF[prfOid];
      if (!name) unsupported(`${what} uses the PRF ${algName(prfOid)}, which we do not read`);
      prf = name;
    }
  }
  return { salt, iter, keyLen, prf };
}

/** A definite-length DER SEQUENCE that fills the buffer exactly: what a right key decrypts to. */
function wholeSequence(b: Buffer): boolean {
  if (b.length < 2 || b[0] !== 0x30) return false;
  const first = b[1]!;
  if (first === 0x80) return true; // BER indefinite length: the parser decides
  if (first < 0x80) return first + 2 === b.length;
  const n = first & 0x7f;
  if (n > 4 || b.length < 2 + n) return false;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return len + 2 + n === b.length;
}

interface Pbes2Params {
  salt: Buffer;
  iter: number;
  prf: string;
  enc: { name: string; keyLen: number };
  iv: Buffer;
  memoKey: string;
}

function pbes2Params(params: Asn1 | undefined): Pbes2Params {
  const kdf = child(params, 0, 'PBES2 parameters');
  const kdfOid = oidOf(child(kdf, 0, 'PBES2 KDF'), 'PBES2 KDF');
  if (kdfOid !== OID.pbkdf2) unsupported(`PBES2 uses a key derivation other than PBKDF2 (${algName(kdfOid)})`);
  const { salt, iter, keyLen, prf } = pbkdf2Params(child(kdf, 1, 'PBKDF2 parameters'), 'PBKDF2');
  const scheme = child(params, 1, 'PBES2 parameters');
  const encOid = oidOf(child(scheme, 0, 'PBES2 cipher'), 'PBES2 cipher');
  const enc = PBES2_CIPHERS[encOid];
  if (!enc) unsupported(`PBES2 uses the cipher ${algName(encOid)}, which we do not read`);
  const iv = octets(child(scheme, 1, 'PBES2 IV'), 'PBES2 IV');
  if (iv.length !== (enc.name.startsWith('aes') ? 16 : 8)) bad('PBES2 IV has the wrong length');
  if (keyLen !== null && keyLen !== enc.keyLen) bad('PBES2 key length does not fit the cipher');
  return { salt, iter, prf, enc, iv, memoKey: `pbkdf2:${prf}:${iter}:${enc.keyLen}:${salt.toString('hex')}` };
}

/** Returns null when the password does not decrypt it; throws Pkcs12Error('unreadable') for unsupported or damaged parameters. */
function decrypt(alg: Asn1, data: Buffer, pw: PasswordForm, what: string): Decrypted | null {
  const oid = oidOf(child(alg, 0, what), `${what} algorithm`);
  const params = kids(alg, what)[1];
  const pbe = PKCS12_PBE[oid];
  if (pbe) {
    const salt = octets(child(params, 0, `${what} parameters`), `${what} salt`);
    const iter = iterations(integer(child(params, 1, `${what} parameters`), `${what} iterations`), what);
    const key = pkcs12KdfFor(pw, 'sha1', salt, 1, iter, pbe.keyLen);
    const iv = pkcs12KdfFor(pw, 'sha1', salt, 2, iter, pbe.ivLen);
    const plain = pbe.rc2Bits ? rc2CbcDecrypt(key, iv, pbe.rc2Bits, data) : nativeDecrypt(pbe.cipher, key, iv, data);
    if (plain && pw.strict && !wholeSequence(plain)) return null;
    return plain ? { plain, description: `${pbe.name}, ${iter} iterations` } : null;
  }
  if (oid === OID.pbes2) {
    const p = pbes2Params(params);
    const key = memoized(pw, p.memoKey, () => pbkdf2Sync(pw.utf8, p.salt, p.iter, p.enc.keyLen, p.prf));
    let plain = nativeDecrypt(p.enc.name, key, p.iv, data);
    let how = '';
    if ((!plain || !wholeSequence(plain)) && pw.latin1 && pw.integrityProven) {
      // The integrity check proved the password; the writer fed PBKDF2 its ISO-8859-1 bytes.
      const latin1 = pw.latin1;
      const alt = nativeDecrypt(
        p.enc.name,
        memoized(pw, `latin1:${p.memoKey}`, () => pbkdf2Sync(latin1, p.salt, p.iter, p.enc.keyLen, p.prf)),
        p.iv,
        data,
      );
      if (alt && wholeSequence(alt)) {
        plain = alt;
        pw.usedLatin1 = true;
        how = ', password as ISO-8859-1 bytes';
      }
    }
    if (plain && pw.strict && !wholeSequence(plain)) return null;
    return plain
      ? {
          plain,
          description: `PBES2 ${p.enc.name.toUpperCase()}, PBKDF2 hmacWith${p.prf.toUpperCase()}, ${p.iter} iterations${how}`,
        }
      : null;
  }
  if (oid === '1.2.840.113549.1.12.1.1' || oid === '1.2.840.113549.1.12.1.2')
    unsupported(
      `${what} uses RC4 (${algName(oid)}), which we do not read; export the PFX again with AES-256 or TripleDES`,
    );
  return unsupported(
    `${what} uses the encryption ${algName(oid)}, which we do not read; export the PFX again with AES-256 or TripleDES`,
  );
}

// ---------------------------------------------------------------------------------------------
// The PFX

/** RFC 7292 MAC: HMAC keyed by the PKCS#12 KDF (id 3) of the BMPString password. */
interface Pkcs12Mac {
  kind: 'pkcs12';
  digestOid: string;
  digest: Buffer;
  salt: Buffer;
  iterations: number;
}
/** RFC 9579 PBMAC1: HMAC keyed by PBKDF2 of the UTF-8 password; MacData's salt and count are unused. */
interface Pbmac1 {
  kind: 'pbmac1';
  digest: Buffer;
  salt: Buffer;
  iterations: number;
  keyLen: number;
  prf: string;
  hmac: string;
}

interface Outer {
  authSafe: Buffer;
  mac: Pkcs12Mac | Pbmac1 | null;
}

// Below this the HMAC key is guessable whatever the password (RFC 9579 vectors include a
// 1-octet key that "verifies" with any password): refuse rather than report a proven password.
const MIN_PBMAC1_KEY = 20;

function readPbmac1(params: Asn1 | undefined, digest: Buffer): Pbmac1 {
  const kdf = child(params, 0, 'PBMAC1 parameters');
  const kdfOid = oidOf(child(kdf, 0, 'PBMAC1 key derivation'), 'PBMAC1 key derivation');
  if (kdfOid !== OID.pbkdf2)
    unsupported(`the PBMAC1 integrity check uses the key derivation ${algName(kdfOid)}, which we do not read`);
  const { salt, iter, keyLen, prf } = pbkdf2Params(child(kdf, 1, 'PBMAC1 PBKDF2'), 'PBMAC1 PBKDF2');
  const macOid = oidOf(child(child(params, 1, 'PBMAC1 parameters'), 0, 'PBMAC1 MAC'), 'PBMAC1 MAC');
  const hmac = HMAC_PRF[macOid];
  if (!hmac) unsupported(`the PBMAC1 integrity check uses the MAC ${algName(macOid)}, which we do not read`);
  const invalid: (why: string) => never = (why) => {
    throw new Pkcs12Error('integrity-invalid', why);
  };
  if (keyLen === null) invalid('its PBMAC1 parameters give no key length, which RFC 9579 requires');
  if (keyLen < MIN_PBMAC1_KEY)
    invalid(
      `its PBMAC1 key is ${keyLen} octet${keyLen === 1 ? '' : 's'} long; below ${MIN_PBMAC1_KEY} octets the check proves nothing about the password`,
    );
  if (keyLen > 1024) invalid(`its PBMAC1 key length (${keyLen} octets) is absurd`);
  if (digest.length !== DIGEST_BY_NAME[hmac]!.len)
    invalid(
      `its PBMAC1 value is ${digest.length} octets, not the ${DIGEST_BY_NAME[hmac]!.len} of HMAC-${hmac.toUpperCase()}`,
    );
  return { kind: 'pbmac1', digest, salt, iterations: iter, keyLen, prf, hmac };
}

// Java KeyStore and JCEKS magic numbers: a common mix-up with PKCS#12, worth its own message.
const JAVA_KEYSTORE_MAGIC = [0xfeedfeed, 0xcececece];

function readOuter(bytes: Buffer): Outer {
  if (bytes.length >= 4 && JAVA_KEYSTORE_MAGIC.includes(bytes.readUInt32BE(0))) {
    bad(
      'it is a Java keystore (JKS/JCEKS), not PKCS#12; convert it with keytool -importkeystore -srckeystore <file> -destkeystore connector.pfx -deststoretype pkcs12',
    );
  }
  if (bytes.length < 16) bad('the file is too short to be a PFX');
  if (bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN'))
    bad('the file is PEM text, not a binary PFX/PKCS#12 file');
  // forge's lenient parser reads past a short file; say "truncated" rather than "bad password".
  if (bytes[0] === 0x30 && bytes[1]! > 0x80 && bytes[1]! <= 0x84) {
    let declared = 0;
    for (let i = 0; i < bytes[1]! - 0x80; i++) declared = declared * 256 + bytes[2 + i]!;
    const total = declared + 2 + (bytes[1]! - 0x80);
    if (total > bytes.length) bad(`the file is truncated (${bytes.length} of ${total} bytes)`);
  }
  const pfx = parse(bytes);
  if (pfx.type !== Type.SEQUENCE || !Array.isArray(pfx.value)) bad('it does not start with an ASN.1 SEQUENCE');
  const version = integer(child(pfx, 0, 'PFX'), 'PFX version');
  if (version !== 3) bad(`PFX version ${version} is not 3`);
  const ci = child(pfx, 1, 'PFX');
  const ctype = oidOf(child(ci, 0, 'authSafe'), 'authSafe content type');
  if (ctype === '1.2.840.113549.1.7.2')
    unsupported('the PFX uses public-key integrity mode (signed), which we do not read; export it with a password');
  if (ctype !== OID.data) bad(`its content type (${ctype}) is not PKCS#7 data`);
  const wrapped = child(ci, 1, 'authSafe');
  const authSafe = octets(child(wrapped, 0, 'authSafe content'), 'authSafe content');
  const macData = kids(pfx, 'PFX')[2];
  if (!macData) return { authSafe, mac: null };
  const di = child(macData, 0, 'MAC');
  const alg = child(di, 0, 'MAC algorithm');
  const digestOid = oidOf(child(alg, 0, 'MAC algorithm'), 'MAC algorithm');
  if (digestOid === OID.pbmac1)
    return {
      authSafe,
      mac: readPbmac1(kids(alg, 'MAC algorithm')[1], octets(child(di, 1, 'MAC digest'), 'MAC digest')),
    };
  if (!DIGESTS[digestOid])
    unsupported(
      `its integrity check (MAC) uses ${algName(digestOid)}, which we do not read; export it again with a SHA-256 or SHA-1 MAC`,
    );
  const macIter = kids(macData, 'MAC')[2];
  return {
    authSafe,
    mac: {
      kind: 'pkcs12',
      digestOid,
      digest: octets(child(di, 1, 'MAC digest'), 'MAC digest'),
      salt: octets(child(macData, 1, 'MAC salt'), 'MAC salt'),
      iterations: iterations(macIter ? integer(macIter, 'MAC iterations') : 1, 'MAC'),
    },
  };
}

function macMatches(o: Outer, pw: PasswordForm): boolean {
  const m = o.mac!;
  let mac: Buffer;
  if (m.kind === 'pbmac1') {
    const key = memoized(pw, pbmac1MemoKey(m), () => pbkdf2Sync(pw.utf8, m.salt, m.iterations, m.keyLen, m.prf));
    mac = createHmac(m.hmac, key).update(o.authSafe).digest();
  } else {
    const d = DIGESTS[m.digestOid]!;
    const key = pkcs12KdfFor(pw, d.name, m.salt, 3, m.iterations, d.len);
    mac = createHmac(d.name, key).update(o.authSafe).digest();
  }
  return mac.length === m.digest.length && timingSafeEqual(mac, m.digest);
}

const pbmac1MemoKey = (m: Pbmac1) => `pbmac1:${m.prf}:${m.iterations}:${m.keyLen}:${m.salt.toString('hex')}`;

function macSummary(m: Pkcs12Mac | Pbmac1): { digest: string; iterations: number } {
  return m.kind === 'pbmac1'
    ? { digest: `PBMAC1 HMAC-${m.hmac.toUpperCase()} (PBKDF2 HMAC-${m.prf.toUpperCase()})`, iterations: m.iterations }
    : { digest: DIGESTS[m.digestOid]!.name, iterations: m.iterations };
}

function bagAttributes(set: Asn1 | undefined): Pkcs12Bag {
  const out: Pkcs12Bag = {};
  if (!set || !Array.isArray(set.value)) return out;
  for (const attr of set.value as Asn1[]) {
    const id = oidOf(child(attr, 0, 'bag attribute'), 'bag attribute');
    const first = kids(child(attr, 1, 'bag attribute values'), 'bag attribute values')[0];
    if (!first || typeof first.value !== 'string') continue;
    // forge already turns a BMPString into a JavaScript string; other types stay raw bytes.
    const text = first.type === Type.BMPSTRING ? first.value : Buffer.from(first.value, 'latin1').toString('utf8');
    if (id === OID.friendlyName) out.friendlyName = text;
    else if (id === OID.localKeyId) out.localKeyId = Buffer.from(first.value, 'latin1').toString('hex');
    else if (id === OID.msProviderName) out.providerName = text;
  }
  return out;
}

/** Decrypted bytes that do not parse mean a wrong password (when no MAC could tell us first). */
function garbageIsBadPassword(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof Pkcs12Error && e.kind === 'unreadable' && !/support/.test(e.message)) {
      throw new Pkcs12Error('bad-password', `${what} decrypted to unreadable data (${e.message})`);
    }
    throw e;
  }
}

function readSafeContents(der: Buffer, pw: PasswordForm, into: Pkcs12Contents, depth = 0): void {
  if (depth > 4) bad('safe contents nest too deeply');
  const seq = parse(der);
  for (const bag of kids(seq, 'SafeContents')) {
    const id = oidOf(child(bag, 0, 'SafeBag'), 'SafeBag type');
    const value = child(child(bag, 1, 'SafeBag'), 0, 'SafeBag value');
    const attrs = bagAttributes(kids(bag, 'SafeBag')[2]);
    if (id === OID.certBag) {
      const certId = oidOf(child(value, 0, 'CertBag'), 'CertBag type');
      if (certId !== OID.x509Certificate) continue; // SDSI certificates: ignore
      into.certs.push({ der: octets(child(child(value, 1, 'CertBag'), 0, 'CertBag value'), 'certificate'), ...attrs });
    } else if (id === OID.keyBag) {
      into.keys.push({ pkcs8: Buffer.from(forgeAsn1.toDer(value).getBytes(), 'latin1'), ...attrs });
    } else if (id === OID.shroudedKeyBag) {
      const res = decrypt(
        child(value, 0, 'EncryptedPrivateKeyInfo'),
        octets(child(value, 1, 'EncryptedPrivateKeyInfo'), 'encrypted key'),
        pw,
        'the private key',
      );
      if (!res) throw new Pkcs12Error('bad-password', 'the private key could not be decrypted');
      garbageIsBadPassword('the private key', () => {
        if (parse(res.plain).type !== Type.SEQUENCE) bad('not a SEQUENCE');
      });
      into.keys.push({ pkcs8: res.plain, ...attrs });
      into.encryption.push(`key: ${res.description}`);
    } else if (id === OID.safeContentsBag) {
      readSafeContents(Buffer.from(forgeAsn1.toDer(value).getBytes(), 'latin1'), pw, into, depth + 1);
    }
    // CRL and secret bags carry nothing we judge.
  }
}

function readAuthSafe(o: Outer, pw: PasswordForm): Pkcs12Contents {
  const out: Pkcs12Contents = { certs: [], keys: [], mac: null, encryption: [] };
  const seq = parse(o.authSafe);
  for (const ci of kids(seq, 'AuthenticatedSafe')) {
    const type = oidOf(child(ci, 0, 'ContentInfo'), 'ContentInfo type');
    if (type === OID.data) {
      readSafeContents(octets(child(child(ci, 1, 'ContentInfo'), 0, 'data'), 'data'), pw, out);
    } else if (type === OID.encryptedData) {
      const ed = child(child(ci, 1, 'ContentInfo'), 0, 'EncryptedData');
      const eci = child(ed, 1, 'EncryptedData');
      const blob = kids(eci, 'EncryptedContentInfo')[2];
      if (!blob) continue; // detached content: nothing to read
      const res = decrypt(
        child(eci, 1, 'EncryptedContentInfo'),
        octets(blob, 'encrypted content'),
        pw,
        'the certificates',
      );
      if (!res) throw new Pkcs12Error('bad-password', 'the certificate part could not be decrypted');
      out.encryption.push(`certificates: ${res.description}`);
      garbageIsBadPassword('the certificate part', () => readSafeContents(res.plain, pw, out));
    } else if (type === OID.envelopedData) {
      bad('part of the PFX is encrypted to a public key (enveloped), which is not supported');
    }
  }
  return out;
}

/**
 * Opens a PFX. Throws Pkcs12Error: 'bad-password' when no encoding of the password verifies the
 * MAC (or, without a MAC, decrypts the contents); 'unreadable' for damaged or unsupported files.
 */
export function openPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  return openWith(outerOf(bytes), passwordForms(password));
}

function outerOf(bytes: Uint8Array): Outer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return readOuter(buf);
  } catch (e) {
    if (e instanceof Pkcs12Error) throw e;
    throw new Pkcs12Error('unreadable', (e as Error).message);
  }
}

function openWith(outer: Outer, forms: PasswordForm[]): Pkcs12Contents {
  let lastBadPassword: Pkcs12Error | null = null;
  for (const pw of forms) {
    try {
      if (outer.mac) {
        if (!macMatches(outer, pw)) continue;
        pw.integrityProven = true;
      }
      const res = readAuthSafe(outer, pw);
      res.mac = outer.mac ? macSummary(outer.mac) : null;
      res.integrity = outer.mac ? (outer.mac.kind === 'pbmac1' ? 'PBMAC1' : 'PKCS#12 MAC') : 'none';
      if (pw.usedLatin1) res.latin1Password = true;
      return res;
    } catch (e) {
      if (e instanceof Pkcs12Error && e.kind === 'bad-password') {
        // With a verified MAC the password is right: the content itself is damaged.
        if (outer.mac)
          throw new Pkcs12Error('unreadable', `${e.message} although the password is right; the file is damaged`);
        lastBadPassword = e;
        continue;
      }
      if (e instanceof Pkcs12Error) throw e;
      throw new Pkcs12Error('unreadable', (e as Error).message);
    }
  }
  if (outer.mac && macFailureIsTampering(outer, forms)) {
    throw new Pkcs12Error(
      'integrity-failed',
      'the password decrypts its contents, but its integrity check (MAC) does not match them',
    );
  }
  throw lastBadPassword ?? new Pkcs12Error('bad-password', 'the integrity check (MAC) failed');
}

/**
 * No password form verified the MAC. If one of them still decrypts an encrypted part into a
 * well-formed structure, the password is right and the MAC (or the data it covers) is wrong:
 * say so instead of blaming the password. Files without encrypted parts cannot tell.
 */
function macFailureIsTampering(outer: Outer, forms: PasswordForm[]): boolean {
  for (const form of forms) {
    try {
      // Strict: a wrong password that happens to leave valid padding must not pass for a right one.
      const res = readAuthSafe(outer, { ...form, strict: true });
      if (res.encryption.length > 0) return true;
    } catch {
      /* this form does not open it either */
    }
  }
  return false;
}

/**
 * Starts the PBES2 (PBKDF2) derivations of the certificate part and of the key bags it can see
 * without decrypting anything on libuv's thread pool; each result lands in the password form's
 * memo. Best effort: whatever it cannot read is left to the synchronous path, which reports it.
 */
const MAX_PREFETCH = 4;

function prefetchPbes2(outer: Outer, pw: PasswordForm): Promise<void>[] {
  const jobs: Promise<void>[] = [];
  const start = (alg: Asn1 | undefined) => {
    // A few parts at most (real files have two): a hostile file cannot queue unbounded work.
    if (jobs.length >= MAX_PREFETCH) return;
    try {
      if (!alg || oidOf(child(alg, 0, 'algorithm'), 'algorithm') !== OID.pbes2) return;
      const p = pbes2Params(kids(alg, 'algorithm')[1]);
      if (pw.memo?.has(p.memoKey)) return;
      jobs.push(
        new Promise((resolve) => {
          pbkdf2(pw.utf8, p.salt, p.iter, p.enc.keyLen, p.prf, (err, key) => {
            if (!err) (pw.memo ??= new Map()).set(p.memoKey, key);
            resolve();
          });
        }),
      );
    } catch {
      /* left to the synchronous path */
    }
  };
  try {
    for (const ci of kids(parse(outer.authSafe), 'AuthenticatedSafe')) {
      const type = oidOf(child(ci, 0, 'ContentInfo'), 'ContentInfo type');
      if (type === OID.encryptedData) {
        start(
          kids(
            child(child(child(ci, 1, 'ContentInfo'), 0, 'EncryptedData'), 1, 'EncryptedData'),
            'EncryptedContentInfo',
          )[1],
        );
      } else if (type === OID.data) {
        for (const bag of kids(parse(octets(child(child(ci, 1, 'ContentInfo'), 0, 'data'), 'data')), 'SafeContents')) {
          if (oidOf(child(bag, 0, 'SafeBag'), 'SafeBag type') === OID.shroudedKeyBag)
            start(child(child(child(bag, 1, 'SafeBag'), 0, 'SafeBag value'), 0, 'EncryptedPrivateKeyInfo'));
        }
      }
    }
  } catch {
    /* left to the synchronous path */
  }
  return jobs;
}

/**
 * openPkcs12 with the PBKDF2 work of PBES2 files (OpenSSL 3's and keytool's default) run in
 * parallel on libuv's thread pool while this thread checks the MAC. Same results and errors as
 * openPkcs12; less wall time wherever a second core is free.
 */
export async function openPkcs12Async(bytes: Uint8Array, password: string): Promise<Pkcs12Contents> {
  const outer = outerOf(bytes);
  const forms = passwordForms(password);
  const first = forms[0]!;
  const jobs = prefetchPbes2(outer, first);
  if (jobs.length > 0) {
    // The MAC key goes into the same memo; openWith then only runs the HMAC. A wrong password
    // does not wait for the derivations (they finish unused in the background).
    let macOk = true;
    try {
      if (outer.mac) macOk = macMatches(outer, first);
    } catch {
      /* openWith reports it */
    }
    if (macOk) await Promise.all(jobs);
  }
  return openWith(outer, forms);
}

// ---------------------------------------------------------------------------------------------
// Writing (tcw cert assemble): TripleDES-SHA1 for key and certificates, SHA-1 MAC, like Windows'
// own "TripleDES-SHA1" export, which every Windows version and Azure Key Vault import.

const asn1 = forgeAsn1;
const seq = (v: Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, v);
const set = (v: Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SET, true, v);
const oidA = (o: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(o).getBytes());
const octA = (b: Buffer) => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, b.toString('latin1'));
const intA = (n: number) => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const ctx0 = (v: Asn1[]) => asn1.create(Class.CONTEXT_SPECIFIC, 0, true, v);
// forge encodes a BMPString from the JavaScript string itself.
const bmpA = (s: string) => asn1.create(Class.UNIVERSAL, Type.BMPSTRING, false, s);
const der = (a: Asn1) => Buffer.from(asn1.toDer(a).getBytes(), 'latin1');

export interface Pkcs12WriteOptions {
  friendlyName?: string;
  /** Microsoft provider name bag attribute on the key (e.g. the legacy CSP). */
  providerName?: string;
  iterations?: number;
}

function encrypt3des(plain: Buffer, pass: Buffer, iter: number): { alg: Asn1; data: Buffer } {
  const salt = randomBytes(16);
  const key = pkcs12Kdf('sha1', pass, salt, 1, iter, 24);
  const iv = pkcs12Kdf('sha1', pass, salt, 2, iter, 8);
  const c = createCipheriv('des-ede3-cbc', key, iv);
  return {
    alg: seq([oidA('1.2.840.113549.1.12.1.3'), seq([octA(salt), intA(iter)])]),
    data: Buffer.concat([c.update(plain), c.final()]),
  };
}

/** Builds a PFX from a PKCS#8 key (DER) and certificates (DER, leaf first). */
export function writePkcs12(keyPkcs8: Buffer, certs: Buffer[], password: string, o: Pkcs12WriteOptions = {}): Buffer {
  const iter = o.iterations ?? 2048;
  const pass = bmpString(password);
  const localKeyId = digest('sha1', certs[0]!);
  const attrs = (withKeyId: boolean, extra: Asn1[] = []) => {
    const list: Asn1[] = [];
    if (withKeyId) list.push(seq([oidA(OID.localKeyId), set([octA(localKeyId)])]));
    if (withKeyId && o.friendlyName) list.push(seq([oidA(OID.friendlyName), set([bmpA(o.friendlyName)])]));
    return set([...list, ...extra]);
  };
  const certBags = certs.map((c, i) =>
    seq([
      oidA(OID.certBag),
      ctx0([seq([oidA(OID.x509Certificate), ctx0([octA(c)])])]),
      ...(i === 0 ? [attrs(true)] : []),
    ]),
  );
  const encCerts = encrypt3des(der(seq(certBags)), pass, iter);
  const encKey = encrypt3des(keyPkcs8, pass, iter);
  const keyBag = seq([
    oidA(OID.shroudedKeyBag),
    ctx0([seq([encKey.alg, octA(encKey.data)])]),
    attrs(true, o.providerName ? [seq([oidA(OID.msProviderName), set([bmpA(o.providerName)])])] : []),
  ]);
  const authSafe = der(
    seq([
      seq([
        oidA(OID.encryptedData),
        ctx0([
          seq([
            intA(0),
            seq([
              oidA(OID.data),
              encCerts.alg,
              asn1.create(Class.CONTEXT_SPECIFIC, 0, false, encCerts.data.toString('latin1')),
            ]),
          ]),
        ]),
      ]),
      seq([oidA(OID.data), ctx0([octA(der(seq([keyBag])))])]),
    ]),
  );
  const macSalt = randomBytes(20);
  const macKey = pkcs12Kdf('sha1', pass, macSalt, 3, iter, 20);
  const mac = createHmac('sha1', macKey).update(authSafe).digest();
  return der(
    seq([
      intA(3),
      seq([oidA(OID.data), ctx0([octA(authSafe)])]),
      seq([
        seq([seq([oidA('1.3.14.3.2.26'), asn1.create(Class.UNIVERSAL, Type.NULL, false, '')]), octA(mac)]),
        octA(macSalt),
        intA(iter),
      ]),
    ]),
  );
}
