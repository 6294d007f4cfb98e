// Node certificate verdicts, CSR generation and PFX assembly (checked with the openssl CLI too).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { certCorpus, CONNECTOR_FQDN, NODES, POOL, SIP_DOMAIN } from '../../support/cert-corpus.ts';
import { analyzeNodeCertificate, analyzePfx, judgeCertificates } from '../../../electron/services/cert/analyze.ts';
import { assemblePfx, createCsr } from '../../../electron/services/cert/tools.ts';
import { analyzePfxInWorker, stopCertWorker } from '../../../electron/services/cert/worker-client.ts';
import { openPkcs12 } from '../../../electron/services/cert/pkcs12.ts';

const corpus = certCorpus();
const trustPem = readFileSync(corpus.rootFile, 'utf8');
const read = (f: string) => readFileSync(f, 'utf8');
const nodePem = (leaf: keyof typeof corpus.leaves) => read(corpus.leaves[leaf].cert) + read(corpus.chains[leaf]);
const base = { pool: POOL, nodes: NODES, nodeFqdns: [POOL], sipDomain: SIP_DOMAIN, trustPem, systemRoots: false };
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
const work = mkdtempSync(join(tmpdir(), 'tcw-cert-tools-'));
after(async () => {
  rmSync(work, { recursive: true, force: true });
  await stopCertWorker();
});

test('a good node SAN certificate passes and the recommendation is given', () => {
  const r = analyzeNodeCertificate(nodePem('node'), base);
  assert.deepEqual(r.findings, []);
  assert.equal(r.ok, true);
  assert.deepEqual(r.recommendation, { subject: `CN=${POOL}`, subjectAltNames: [POOL, ...NODES, SIP_DOMAIN] });
  assert.equal(r.certificate?.subject, `CN=${POOL}`);
});

test('node certificate defects: CN, missing SANs named, EKU, chain, trust, dates, key, signature', () => {
  const bad = analyzeNodeCertificate(nodePem('nodeBad'), { ...base, nodeFqdns: [POOL, 'px03.vc.example.com'] });
  assert.ok(codes(bad).includes('node.cn-mismatch'));
  assert.ok(codes(bad).includes('node.eku-client-auth-missing'));
  const san = bad.findings.find((f) => f.code === 'node.san-missing')!;
  for (const n of [POOL, NODES[1]!, 'px03.vc.example.com', SIP_DOMAIN])
    assert.match(san.message, new RegExp(`"${n.replace(/\./g, '\\.')}"`));
  assert.doesNotMatch(san.message, /lack[^(]*"px01/);

  const leafOnly = analyzeNodeCertificate(read(corpus.leaves.node.cert), base);
  assert.deepEqual(codes(leafOnly), ['node.chain-incomplete']);
  const expect = (leaf: keyof typeof corpus.leaves, code: string) => {
    const r = analyzeNodeCertificate(nodePem(leaf), { ...base, pool: POOL });
    assert.ok(codes(r).includes(code), `${leaf} → ${code}: ${codes(r).join(', ')}`);
  };
  expect('serverOnly', 'node.eku-client-auth-missing');
  expect('untrusted', 'node.untrusted-root');
  expect('selfSigned', 'node.untrusted-root');
  expect('expired', 'node.expired');
  expect('notYetValid', 'node.not-yet-valid');
  expect('expiresSoon', 'node.expires-soon');
  expect('rsa1024', 'node.weak-key');
  expect('sha1', 'node.weak-signature');
  expect('aiaHttps', 'node.aia-https');
  // noEku: no EKU extension means any purpose, as Windows and OpenSSL treat it.
  assert.ok(!codes(analyzeNodeCertificate(nodePem('noEku'), base)).some((c) => c.startsWith('node.eku')));
  // ECDSA is fine for nodes (only the connector insists on RSA).
  assert.ok(!codes(analyzeNodeCertificate(nodePem('ecdsa'), base)).includes('pfx.not-rsa'));
});

test('node: a given key must match; garbage is node.unreadable', () => {
  assert.ok(
    !codes(analyzeNodeCertificate(nodePem('node'), { ...base, keyPem: read(corpus.leaves.node.key) })).includes(
      'node.key-mismatch',
    ),
  );
  assert.ok(
    codes(analyzeNodeCertificate(nodePem('node'), { ...base, keyPem: read(corpus.leaves.ecdsa.key) })).includes(
      'node.key-mismatch',
    ),
  );
  assert.deepEqual(codes(analyzeNodeCertificate('hello', base)), ['node.unreadable']);
});

test('judgeCertificates (TLS reuse): connector role gives pfx.* codes', () => {
  const leaf = new X509Certificate(read(corpus.leaves.serverOnly.cert));
  const chain = [new X509Certificate(read(corpus.intermediateFile))];
  const j = judgeCertificates(leaf, chain, {
    role: 'connector',
    fqdns: ['other.example.com'],
    trustPem,
    systemRoots: false,
  });
  assert.deepEqual(codes(j).sort(), ['pfx.eku-client-auth-missing', 'pfx.name-mismatch']);
  assert.equal(j.certificate.chain.length, 3);
});

test('createCsr: RSA key of the size asked, SANs and EKU request, verified by openssl', async () => {
  const { csrPem, keyPem } = await createCsr({
    fqdns: [CONNECTOR_FQDN, 'pexip-teamsconn-us.teams.example.com'],
    keySize: 3072,
  });
  const csrFile = join(work, 'req.csr');
  writeFileSync(csrFile, csrPem);
  const text = execFileSync('openssl', ['req', '-in', csrFile, '-noout', '-text', '-verify'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.match(text, /Public-Key: \(3072 bit\)/);
  assert.match(text, new RegExp(`CN ?= ?${CONNECTOR_FQDN.replace(/\./g, '\\.')}`));
  assert.match(text, /DNS:pexip-teamsconn-us\.teams\.example\.com/);
  assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
  assert.match(keyPem, /BEGIN PRIVATE KEY/);
  await assert.rejects(createCsr({ fqdns: ['not a name'], keySize: 2048 }), /not a valid DNS name/);
  await assert.rejects(createCsr({ fqdns: [CONNECTOR_FQDN], keySize: 1024 as 2048 }), /2048, 3072 or 4096/);
});

test('assemblePfx: orders the chain, writes the legacy CSP, opens in openssl and in our reader', () => {
  const password = 'Pässwörd€ x';
  const res = assemblePfx({
    certPem: read(corpus.leaves.good.cert),
    keyPem: read(corpus.leaves.good.key),
    chainPem: read(corpus.rootFile) + read(corpus.intermediateFile), // wrong order on purpose
    password,
    legacyCsp: true,
  });
  assert.notEqual(res.pfxBase64, '');
  const pfx = Buffer.from(res.pfxBase64, 'base64');
  const contents = openPkcs12(pfx, password);
  assert.equal(contents.keys[0]!.providerName, 'Microsoft Enhanced RSA and AES Cryptographic Provider');
  const subjects = contents.certs.map((c) => new X509Certificate(c.der).subject.split('\n').pop());
  assert.deepEqual(subjects, [`CN=${CONNECTOR_FQDN}`, 'CN=TCW Test Issuing CA 1', 'CN=TCW Test Root CA']);
  const verdict = analyzePfx(pfx, { password, fqdns: [CONNECTOR_FQDN], trustPem, systemRoots: false });
  assert.deepEqual(verdict.findings, []);
  // OpenSSL reads it with the same (non-ASCII) password and sees the CSP name.
  const file = join(work, 'assembled.pfx');
  writeFileSync(file, pfx);
  const out = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'env:P', '-nodes', '-info'], {
    encoding: 'utf8',
    env: { ...process.env, P: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.match(out, /Microsoft CSP Name: Microsoft Enhanced RSA and AES Cryptographic Provider/);
  assert.match(out, /BEGIN PRIVATE KEY/);
});

test('assemblePfx refuses a key of another certificate and reports unrelated chain certificates', () => {
  const bad = assemblePfx({
    certPem: read(corpus.leaves.good.cert),
    keyPem: read(corpus.leaves.ecdsa.key),
    password: 'x',
    legacyCsp: false,
  });
  assert.equal(bad.pfxBase64, '');
  assert.deepEqual(codes(bad), ['assemble.key-mismatch']);
  const extra = assemblePfx({
    certPem: read(corpus.leaves.good.cert),
    keyPem: read(corpus.leaves.good.key),
    chainPem: read(corpus.intermediateFile) + read(corpus.otherRootFile),
    password: 'x',
    legacyCsp: false,
  });
  assert.ok(codes(extra).includes('assemble.unrelated-chain'));
  assert.ok(codes(extra).includes('pfx.cng-key-provider'), 'the verdict on the result is included');
  assert.deepEqual(codes(assemblePfx({ certPem: 'x', keyPem: 'y', password: '', legacyCsp: false })), [
    'assemble.unreadable',
  ]);
});

test('analysis runs in a worker thread with the same verdict', async () => {
  const e = corpus.pfx.legacy;
  const r = await analyzePfxInWorker(readFileSync(e.file), {
    password: e.password,
    fqdns: [CONNECTOR_FQDN],
    trustPem,
    systemRoots: false,
  });
  const direct = analyzePfx(readFileSync(e.file), {
    password: e.password,
    fqdns: [CONNECTOR_FQDN],
    trustPem,
    systemRoots: false,
  });
  assert.deepEqual(r, direct);
});
