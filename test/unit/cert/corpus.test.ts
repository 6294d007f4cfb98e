// The real-world PKCS#12 corpus (../shared/pfx-corpus: 93 files from ten public projects' test
// suites). Every expectation comes from its MANIFEST.tsv: what OpenSSL 3.0 makes of the file
// (opens it, refuses it, or cannot check its PBMAC1), the key type and size, the certificate
// count, a host name it does or does not hold, and what a wrong password must give. Where the
// manifest only has prose (why OpenSSL refuses a file, what is odd about it), the expected code
// is derived from that prose by the rules in `refusal` and `oddity` below, not listed per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePfx } from '../../../electron/services/cert/analyze.ts';
import { openPkcs12 } from '../../../electron/services/cert/pkcs12.ts';
import type { CertResult } from '../../../shared/api/wizard-api.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `../shared/pfx-corpus` from the project root (CI); a git worktree sits one level deeper. */
function corpusDir(): string {
  const tried: string[] = [];
  for (const up of ['..', '../..']) {
    const dir = resolve(projectRoot, up, 'shared/pfx-corpus');
    tried.push(dir);
    if (existsSync(join(dir, 'MANIFEST.tsv'))) return dir;
  }
  throw new Error(`the PKCS#12 corpus is missing (looked in ${tried.join(', ')})`);
}

const DIR = corpusDir();

interface Row {
  file: string;
  source: string;
  password: string;
  what: string;
  openssl: string;
  expect: 'open' | 'no-cert' | 'openssl-refuses' | 'pbmac1' | 'pbmac1-bad';
  key: string;
  certs: string;
  fqdn: string;
  nameMatch: string;
  wrongpw: 'bad-password' | 'undetectable' | 'error';
}

const lines = readFileSync(join(DIR, 'MANIFEST.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const header = lines[0]!.split('\t');
const rows: Row[] = lines.slice(1).map((l) => {
  const c = l.split('\t');
  const get = (name: string) => c[header.indexOf(name)] ?? '';
  return {
    file: get('file'),
    source: get('source'),
    password: JSON.parse(get('password')) as string,
    what: get('what'),
    openssl: get('openssl'),
    expect: get('expect') as Row['expect'],
    key: get('key'),
    certs: get('certs'),
    fqdn: get('fqdn'),
    nameMatch: get('name_match'),
    wrongpw: get('wrongpw') as Row['wrongpw'],
  };
});

const OPEN_FAILURES = [
  'pfx.unreadable',
  'pfx.unsupported',
  'pfx.bad-password',
  'pfx.integrity-failed',
  'pfx.integrity-invalid',
  'pfx.no-certificate',
];
// A crypto library's own error text ("error:03000072:digital envelope routines::decode error").
const RAW_LIBRARY_ERROR = /error:[0-9A-Fa-f]{6,8}|routines:|digital envelope|asn1_|ERR_OSSL|\bat \w+ \(/;

const codes = (r: CertResult) => r.findings.map((f) => f.code);
const verdict = (bytes: Buffer, row: Row, password = row.password) =>
  analyzePfx(bytes, { password, fqdns: [row.fqdn], fileName: row.file });

/** Key type and size from the manifest's `key` column against our certificate facts. */
function assertKey(row: Row, r: CertResult): void {
  const c = r.certificate!;
  const rsa = /^rsa(\d+)$/.exec(row.key);
  if (rsa) {
    assert.match(c.keyType, /^RSA /, row.file);
    assert.equal(c.keySize, Number(rsa[1]), row.file);
  } else if (row.key === 'ec') assert.match(c.keyType, /^ECDSA /, row.file);
  else if (row.key === 'dsa') assert.match(c.keyType, /^DSA/, row.file);
  else if (row.key === 'gost') assert.match(c.keyType, /GOST/, row.file);
  else if (row.key !== 'none') assert.fail(`${row.file}: unknown key column "${row.key}"`);
  if (row.key === 'none')
    assert.ok(codes(r).includes('pfx.no-private-key'), `${row.file}: no key, so pfx.no-private-key`);
  else
    assert.ok(
      !codes(r).includes('pfx.no-private-key') && !codes(r).includes('pfx.key-mismatch'),
      `${row.file}: key present and matching: ${codes(r).join(', ')}`,
    );
}

/** What the manifest's prose about a refused file asks of us: a code and words the message must hold. */
function refusal(row: Row): { code: string; says: RegExp } | 'reads-like-boringssl' {
  if (/BoringSSL reads/i.test(row.what)) return 'reads-like-boringssl';
  if (/\bJKS\b|not PKCS#12/i.test(row.what)) return { code: 'pfx.unreadable', says: /Java keystore/ };
  if (/unknown digest|unsupported/i.test(row.openssl))
    return { code: 'pfx.unsupported', says: /GOST/.test(row.what) ? /GOST/ : /do not read/ };
  if (/malformed|garbage|truncated/i.test(row.what))
    return { code: 'pfx.unreadable', says: /damaged|truncated|missing|not 3|not PKCS/ };
  throw new Error(`${row.file}: no rule for why OpenSSL refuses it (${row.what})`);
}

/** Findings the manifest's description implies beyond the columns. */
function oddity(row: Row): string[] {
  const out: string[] = [];
  if (/cycle/i.test(row.what)) out.push('pfx.chain-loop');
  if (/forged/i.test(row.what)) out.push('pfx.bad-signature');
  const keys = /(?:^|[;:] )(\d+) keys?\b/.exec(row.openssl);
  if (keys && Number(keys[1]) > 1) out.push('pfx.several-keys');
  return out;
}

/** Counts OpenSSL printed ("1 key rsa 2048; 3 certs") against what our reader finds. */
function assertCounts(row: Row, bytes: Buffer): void {
  const c = openPkcs12(bytes, row.password);
  if (row.certs !== '-') assert.equal(c.certs.length, Number(row.certs), `${row.file}: certificates`);
  const keys = /(?:^|[;:] )(\d+) keys?\b/.exec(row.openssl);
  if (keys && /^reads/.test(row.openssl)) assert.equal(c.keys.length, Number(keys[1]), `${row.file}: keys`);
}

test('the manifest lists every corpus file once', () => {
  assert.equal(rows.length, 93);
  assert.equal(new Set(rows.map((r) => r.file)).size, rows.length);
  for (const r of rows) assert.ok(existsSync(join(DIR, r.file)), r.file);
});

for (const row of rows) {
  test(`${row.file}: ${row.expect}`, { timeout: 60_000 }, () => {
    const bytes = readFileSync(join(DIR, row.file));
    const r = verdict(bytes, row);
    assert.equal(typeof r.ok, 'boolean');
    for (const f of r.findings) assert.doesNotMatch(f.message, RAW_LIBRARY_ERROR, `${row.file}: ${f.code}`);

    const opens = row.expect === 'open' || row.expect === 'pbmac1';
    const ask = row.expect === 'openssl-refuses' ? refusal(row) : null;
    if (opens || ask === 'reads-like-boringssl') {
      assert.ok(r.certificate, `${row.file}: opened (${codes(r).join(', ')})`);
      assert.deepEqual(
        codes(r).filter((c) => OPEN_FAILURES.includes(c)),
        [],
        row.file,
      );
      assertKey(row, r);
      assertCounts(row, bytes);
      if (row.nameMatch === 'yes')
        assert.ok(!codes(r).includes('pfx.name-mismatch'), `${row.file}: covers ${row.fqdn}`);
      else assert.ok(codes(r).includes('pfx.name-mismatch'), `${row.file}: does not cover ${row.fqdn}`);
      for (const code of oddity(row))
        assert.ok(codes(r).includes(code), `${row.file}: ${code} expected (${codes(r).join(', ')})`);
    } else if (row.expect === 'no-cert') {
      assert.equal(r.certificate, null);
      assert.deepEqual(codes(r), ['pfx.no-certificate'], row.file);
      assert.match(
        r.findings[0]!.message,
        row.key === 'none' ? /neither a certificate nor a private key/ : /private key but no certificate/,
      );
      assertCounts(row, bytes);
    } else if (row.expect === 'pbmac1-bad') {
      // The manifest says why each must not open: damaged parameters, or a MAC that does not match.
      const code = /missing key length|1-octet key/i.test(row.what) ? 'pfx.integrity-invalid' : 'pfx.integrity-failed';
      assert.deepEqual(codes(r), [code], row.file);
      assert.equal(r.certificate, null);
    } else if (ask && typeof ask === 'object') {
      assert.deepEqual(codes(r), [ask.code], row.file);
      assert.match(r.findings[0]!.message, ask.says, row.file);
      assert.equal(r.certificate, null);
    }

    // A wrong password.
    const wrong = verdict(bytes, row, `${row.password}-not-it`);
    for (const f of wrong.findings)
      assert.doesNotMatch(f.message, RAW_LIBRARY_ERROR, `${row.file} (wrong password): ${f.code}`);
    if (row.wrongpw === 'bad-password')
      assert.deepEqual(codes(wrong), ['pfx.bad-password'], `${row.file} (wrong password)`);
    else if (row.wrongpw === 'undetectable')
      assert.deepEqual(codes(wrong), codes(r), `${row.file}: nothing is encrypted, the password cannot matter`);
    else {
      assert.ok(
        wrong.findings.some((f) => f.severity === 'error'),
        `${row.file} (wrong password)`,
      );
      assert.equal(wrong.certificate, null, `${row.file} (wrong password)`);
      if (row.expect === 'pbmac1') assert.deepEqual(codes(wrong), ['pfx.bad-password'], `${row.file} (wrong password)`);
    }
  });
}

test('ISO-8859-1 PBES2 passwords open only once the MAC has proved the password', () => {
  const row = rows.find((r) => r.file === 'bc-with-key-entry.p12')!;
  const bytes = readFileSync(join(DIR, row.file));
  const c = openPkcs12(bytes, row.password);
  assert.equal(c.latin1Password, true);
  assert.match(c.encryption.join('; '), /ISO-8859-1/);
  // A near miss fails at the MAC, before any fallback is tried.
  assert.throws(() => openPkcs12(bytes, 'Mötley Crue'), { kind: 'bad-password' });
  // The same characters outside ISO-8859-1 have no such form.
  assert.throws(() => openPkcs12(bytes, 'Mötley Crüe€'), { kind: 'bad-password' });
});

test('PBMAC1: the three RFC 9579 vectors verify, and report the scheme', () => {
  for (const row of rows.filter((r) => r.expect === 'pbmac1')) {
    const c = openPkcs12(readFileSync(join(DIR, row.file)), row.password);
    assert.equal(c.integrity, 'PBMAC1', row.file);
    assert.match(c.mac!.digest, /^PBMAC1 HMAC-SHA(256|512)/, row.file);
  }
});

test('a MAC that no longer matches: integrity-failed for the right password, bad-password for a wrong one', () => {
  const row = rows.find((r) => r.file === 'bssl-openssl.p12')!;
  const bytes = Buffer.from(readFileSync(join(DIR, row.file)));
  // The file ends with the MAC's iteration count (2048): change it, and the MAC no longer matches.
  assert.equal(bytes.readUInt16BE(bytes.length - 2), 2048);
  bytes.writeUInt16BE(2049, bytes.length - 2);
  assert.deepEqual(codes(verdict(bytes, row)), ['pfx.integrity-failed']);
  assert.deepEqual(codes(verdict(bytes, row, 'bar')), ['pfx.bad-password']);
});
