import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { matchesCertName, parseSubjectAltNames, normalizeDnsName } from '../../../shared/cert/names.ts';
import { rulesFor, connectorMajor } from '../../../shared/cert/rules.ts';
import { ALL_CERT_CODES } from '../../../shared/cert/codes.ts';
import { recommendedNodeCertificate } from '../../../shared/cert/judge.ts';

test('RFC 6125 wildcard: only the whole left-most label, exactly one label', () => {
  assert.equal(matchesCertName('*.example.com', 'foo.example.com'), true);
  assert.equal(matchesCertName('*.example.com', 'bar.foo.example.com'), false);
  assert.equal(matchesCertName('*.example.com', 'example.com'), false);
  assert.equal(matchesCertName('*.EXAMPLE.com.', 'Foo.example.COM'), true);
  assert.equal(matchesCertName('f*.example.com', 'foo.example.com'), false, 'no partial wildcards');
  assert.equal(matchesCertName('foo.*.example.com', 'foo.bar.example.com'), false, 'wildcard only left-most');
  assert.equal(matchesCertName('*.com', 'example.com'), false, 'no wildcard over a single remaining label');
  assert.equal(matchesCertName('**.example.com', 'foo.example.com'), false);
  assert.equal(matchesCertName('foo.example.com', 'foo.example.com'), true);
  assert.equal(matchesCertName('foo.example.com', 'foo.example.org'), false);
  assert.equal(matchesCertName('*.example.com', '*.example.com'), false, 'a host name is never a wildcard');
  assert.equal(matchesCertName('*.exämple.com', 'foo.exämple.com'), false, 'no IDN (U-labels) matching');
  assert.equal(normalizeDnsName('a..b'), null);
});

test('Node subjectAltName text is split, quoted entries included', () => {
  assert.deepEqual(parseSubjectAltNames('DNS:a.example.com, DNS:*.b.example.com, IP Address:10.0.0.1'), [
    { type: 'DNS', value: 'a.example.com' },
    { type: 'DNS', value: '*.b.example.com' },
    { type: 'IP Address', value: '10.0.0.1' },
  ]);
  assert.deepEqual(parseSubjectAltNames('DNS:"a, b", DNS:c'), [
    { type: 'DNS', value: 'a, b' },
    { type: 'DNS', value: 'c' },
  ]);
  assert.deepEqual(parseSubjectAltNames(undefined), []);
});

test('rules are keyed by connector version; 26 requires clientAuth as an error', () => {
  assert.equal(connectorMajor('26.2'), 26);
  assert.equal(connectorMajor('v27'), 27);
  assert.equal(connectorMajor('x'), null);
  assert.equal(rulesFor('26.1').clientAuth, 'error');
  assert.equal(rulesFor('26.1').newerThanGuide, false);
  assert.equal(rulesFor('28').newerThanGuide, true);
});

test('recommended node certificate: CN = pool, SANs = pool + nodes (+ SRV domain)', () => {
  const r = recommendedNodeCertificate({
    pool: 'px.vc.example.com',
    nodes: ['px01.vc.example.com', 'PX02.vc.example.com.'],
    nodeFqdns: ['px.vc.example.com'],
    sipDomain: 'vc.example.com',
  });
  assert.equal(r.subject, 'CN=px.vc.example.com');
  assert.deepEqual(r.subjectAltNames, [
    'px.vc.example.com',
    'px01.vc.example.com',
    'px02.vc.example.com',
    'vc.example.com',
  ]);
});

test('every finding code is documented in docs/certificates.md with its severity', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/certificates.md', import.meta.url)), 'utf8');
  for (const [code, info] of Object.entries(ALL_CERT_CODES)) {
    const row = doc.split('\n').find((l) => l.includes(`\`${code}\``));
    assert.ok(row, `${code} is missing from docs/certificates.md`);
    assert.match(row, new RegExp(info.severity), `${code} row names its severity`);
  }
});
