// PFX verdicts over a corpus built at test time by openssl and keytool (test/support/cert-corpus.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import {
  certCorpus,
  CONNECTOR_FQDN,
  CONNECTOR_FQDN_2,
  NON_ASCII_PASSWORD,
  type PfxName,
} from '../../support/cert-corpus.ts';
import { analyzePfx } from '../../../electron/services/cert/analyze.ts';
import { openPkcs12, pkcs12Kdf, bmpString } from '../../../electron/services/cert/pkcs12.ts';
import type { CertResult } from '../../../shared/api/wizard-api.ts';

const corpus = certCorpus();
const trustPem = readFileSync(corpus.rootFile, 'utf8');

function verdict(name: PfxName, extra: Partial<Parameters<typeof analyzePfx>[1]> = {}): CertResult {
  const e = corpus.pfx[name];
  return analyzePfx(readFileSync(e.file), {
    password: e.password,
    fqdns: [CONNECTOR_FQDN],
    trustPem,
    systemRoots: false,
    fileName: name,
    ...extra,
  });
}
const codes = (r: CertResult) => r.findings.map((f) => f.code);
const errorCodes = (r: CertResult) => r.findings.filter((f) => f.severity === 'error').map((f) => f.code);

test('every real-world encoding opens and passes (only the key-provider warning remains)', () => {
  const encodings: PfxName[] = [
    'openssl3',
    'legacy',
    'keytool',
    'win3des',
    'winAes',
    'sha512mac',
    'noMac',
    'emptyPassword',
    'nonAscii',
    'nonAsciiLegacy',
  ];
  for (const name of encodings) {
    const r = verdict(name, { fqdns: [CONNECTOR_FQDN, CONNECTOR_FQDN_2] });
    assert.deepEqual(errorCodes(r), [], `${name}: ${JSON.stringify(r.findings)}`);
    assert.equal(r.ok, true, name);
    assert.ok(r.certificate, name);
    assert.equal(r.certificate.subject, `CN=${CONNECTOR_FQDN}`);
    assert.deepEqual(r.certificate.extendedKeyUsages, ['serverAuth', 'clientAuth']);
    assert.equal(r.certificate.keySize, 2048);
    assert.equal(r.certificate.chain.length, 3, `${name}: leaf, intermediate, anchor`);
    assert.match(r.certificate.thumbprintSha1, /^[0-9A-F]{40}$/);
    assert.match(r.certificate.thumbprintSha256, /^[0-9A-F]{64}$/);
  }
});

test('non-ASCII passwords: BMPString for PKCS#12 KDF and MAC, UTF-8 for PBES2', () => {
  for (const name of ['nonAscii', 'nonAsciiLegacy'] as const) {
    const c = openPkcs12(readFileSync(corpus.pfx[name].file), NON_ASCII_PASSWORD);
    assert.equal(c.keys.length, 1);
    assert.equal(c.certs.length, 2);
    // The same password NFC vs a near miss must not open it.
    assert.throws(() => openPkcs12(readFileSync(corpus.pfx[name].file), 'Passwörd€'), { kind: 'bad-password' });
  }
  // forge's own reader gets the PBES2 (UTF-8) case wrong: this is why we derive keys ourselves.
  const der = readFileSync(corpus.pfx.nonAscii.file).toString('latin1');
  assert.throws(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), NON_ASCII_PASSWORD));
});

test('PKCS#12 KDF matches node-forge for ASCII input (RFC 7292 B.2)', () => {
  const salt = Buffer.from('0a58cf64530d823f', 'hex');
  for (const [id, n] of [
    [1, 24],
    [2, 8],
    [3, 20],
  ] as const) {
    const ours = pkcs12Kdf('sha1', bmpString('smeg'), salt, id, 1000, n);
    const theirs = forge.pkcs12.generateKey('smeg', forge.util.createBuffer(salt.toString('latin1')), id, 1000, n);
    assert.equal(ours.toString('hex'), forge.util.bytesToHex(theirs.getBytes()), `id ${id}`);
  }
});

test('wrong password → pfx.bad-password, damaged → pfx.unreadable', () => {
  const r = analyzePfx(readFileSync(corpus.pfx.openssl3.file), { password: 'nope', fqdns: [CONNECTOR_FQDN] });
  assert.deepEqual(codes(r), ['pfx.bad-password']);
  assert.equal(r.certificate, null);
  assert.doesNotMatch(r.findings[0]!.message, /nope/, 'the password is never echoed');
  const noMac = analyzePfx(readFileSync(corpus.pfx.noMac.file), { password: 'nope', fqdns: [CONNECTOR_FQDN] });
  assert.deepEqual(codes(noMac), ['pfx.bad-password']);
  assert.deepEqual(
    codes(
      analyzePfx(Buffer.from('-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n'), {
        password: '',
        fqdns: [],
      }),
    ),
    ['pfx.unreadable'],
  );
  assert.deepEqual(codes(analyzePfx(Buffer.alloc(0), { password: '', fqdns: [] })), ['pfx.unreadable']);
  assert.deepEqual(
    codes(
      analyzePfx(readFileSync(corpus.pfx.openssl3.file).subarray(0, 500), {
        password: corpus.pfx.openssl3.password,
        fqdns: [],
      }),
    ),
    ['pfx.unreadable'],
  );
});

test('each defect yields its code', () => {
  const cases: [PfxName, string, 'error' | 'warning'][] = [
    ['noKey', 'pfx.no-private-key', 'error'],
    ['keyMismatch', 'pfx.key-mismatch', 'error'],
    ['ecdsa', 'pfx.not-rsa', 'error'],
    ['serverOnly', 'pfx.eku-client-auth-missing', 'error'],
    ['missingIntermediate', 'pfx.chain-incomplete', 'error'],
    ['selfSigned', 'pfx.self-signed', 'error'],
    ['untrusted', 'pfx.untrusted-root', 'error'],
    ['expired', 'pfx.expired', 'error'],
    ['notYetValid', 'pfx.not-yet-valid', 'error'],
    ['expiresSoon', 'pfx.expires-soon', 'warning'],
    ['rsa1024', 'pfx.weak-key', 'error'],
    ['sha1', 'pfx.weak-signature', 'error'],
    ['cng', 'pfx.cng-key-provider', 'error'],
    ['wrongOrder', 'pfx.chain-order', 'warning'],
    ['aiaHttps', 'pfx.aia-https', 'warning'],
  ];
  for (const [name, code, severity] of cases) {
    const r = verdict(name);
    const f = r.findings.find((x) => x.code === code);
    assert.ok(f, `${name} should give ${code}, got ${codes(r).join(', ')}`);
    assert.equal(f.severity, severity, `${name}/${code}`);
    assert.ok(f.message.length > 60, `${code} message says what to do`);
    assert.equal(r.ok, severity === 'warning' ? !r.findings.some((x) => x.severity === 'error') : false);
  }
  // The good file with the root inside is fine (a root in the PFX does not hurt).
  assert.deepEqual(errorCodes(verdict('withRoot')), []);
  assert.ok(!codes(verdict('withRoot')).includes('pfx.chain-order'));
  // ECDSA message quotes the installer's error.
  assert.match(
    verdict('ecdsa').findings.find((f) => f.code === 'pfx.not-rsa')!.message,
    /ECDSA certificate, which is currently not supported/,
  );
});

test('clientAuth message explains the 2026 CA change and the options; keyed by version', () => {
  const v26 = verdict('serverOnly', { connectorVersion: '26.2' }).findings.find(
    (f) => f.code === 'pfx.eku-client-auth-missing',
  )!;
  assert.equal(v26.severity, 'error');
  assert.match(v26.message, /2026/);
  assert.match(v26.message, /Let's Encrypt/);
  assert.match(v26.message, /still issues/);
  const v28 = verdict('serverOnly', { connectorVersion: '28' }).findings.find(
    (f) => f.code === 'pfx.eku-client-auth-missing',
  )!;
  assert.match(v28.message, /version 28/);
});

test('key provider: legacy CSP named → no finding; absent → warning; CNG → error', () => {
  assert.ok(!codes(verdict('csp')).includes('pfx.cng-key-provider'));
  assert.equal(verdict('openssl3').findings.find((f) => f.code === 'pfx.cng-key-provider')?.severity, 'warning');
  const cng = verdict('cng').findings.find((f) => f.code === 'pfx.cng-key-provider')!;
  assert.equal(cng.severity, 'error');
  assert.match(cng.message, /Microsoft Software Key Storage Provider/);
});

test('names: several regional FQDNs, wildcard rules, field PxTeamsConnFqdn', () => {
  assert.deepEqual(errorCodes(verdict('openssl3', { fqdns: [CONNECTOR_FQDN, CONNECTOR_FQDN_2] })), []);
  const miss = verdict('openssl3', { fqdns: [CONNECTOR_FQDN, 'pexip-teamsconn-ap.teams.example.com'] });
  const f = miss.findings.filter((x) => x.code === 'pfx.name-mismatch');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.field, 'PxTeamsConnFqdn');
  assert.match(f[0]!.message, /pexip-teamsconn-ap/);
  // *.teams.example.com
  assert.ok(!codes(verdict('wildcard', { fqdns: ['foo.teams.example.com'] })).includes('pfx.name-mismatch'));
  assert.ok(codes(verdict('wildcard', { fqdns: ['bar.foo.teams.example.com'] })).includes('pfx.name-mismatch'));
  assert.ok(codes(verdict('wildcard', { fqdns: ['teams.example.com'] })).includes('pfx.name-mismatch'));
});

test('--now and --warn-days move the date checks', () => {
  const later = new Date(Date.now() + 800 * 86_400_000);
  assert.ok(codes(verdict('openssl3', { now: later })).includes('pfx.expired'));
  assert.ok(codes(verdict('openssl3', { warnDays: 500 })).includes('pfx.expires-soon'));
  assert.ok(!codes(verdict('expiresSoon', { warnDays: 5 })).includes('pfx.expires-soon'));
});

test('without the private root the test PKI is untrusted (system roots only)', () => {
  const e = corpus.pfx.withRoot;
  const r = analyzePfx(readFileSync(e.file), { password: e.password, fqdns: [CONNECTOR_FQDN] });
  assert.ok(codes(r).includes('pfx.untrusted-root'));
  const m = corpus.pfx.openssl3;
  assert.ok(
    codes(analyzePfx(readFileSync(m.file), { password: m.password, fqdns: [CONNECTOR_FQDN] })).includes(
      'pfx.chain-incomplete',
    ),
  );
});
