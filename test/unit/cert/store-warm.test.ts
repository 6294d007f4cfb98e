// The trust store (deduplicated before decoding, names compared as RFC 5280 does in practice) and
// the warm-up the certificate step triggers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { certCorpus, CONNECTOR_FQDN } from '../../support/cert-corpus.ts';
import { TrustStore, nameKey, tbsParts, systemTrustStore } from '../../../electron/services/cert/x509.ts';
import { warmUp } from '../../../electron/services/cert/warm.ts';
import { analyzePfxInWorker, stopCertWorker, warmCertWorker } from '../../../electron/services/cert/worker-client.ts';

after(() => stopCertWorker());

test('the same root twice (Node bundle and OS bundle) is one anchor; lookups parse only that name', () => {
  const pem = tls.rootCertificates[0]!;
  const x = new X509Certificate(pem);
  const s = new TrustStore(['test']);
  s.addPem(pem);
  s.addPem(`${pem}\n${pem}`);
  assert.equal(s.size, 1);
  const key = nameKey(tbsParts(x.raw)!.subject);
  assert.deepEqual(
    s.withSubject(key).map((a) => a.fingerprint256),
    [x.fingerprint256],
  );
  assert.equal(s.hasFingerprint(x.raw.toString('base64')), true);
  assert.deepEqual(s.withSubject('no such name'), []);
  // The system store: fewer distinct anchors than PEM blocks offered (Node's and the OS's overlap).
  assert.ok(systemTrustStore().size >= tls.rootCertificates.length);
});

test('name keys ignore string type, case and runs of white space', () => {
  // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, <string> } } }
  const name = (tag: number, text: string) => {
    const v = Buffer.from(text, tag === 0x1e ? 'utf16le' : 'utf8');
    if (tag === 0x1e) v.swap16();
    const atv = Buffer.concat([Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03, tag, v.length]), v]);
    const seq = Buffer.concat([Buffer.from([0x30, atv.length]), atv]);
    const set = Buffer.concat([Buffer.from([0x31, seq.length]), seq]);
    return Buffer.concat([Buffer.from([0x30, set.length]), set]);
  };
  const k = nameKey(name(0x13, 'Example  Root CA'));
  assert.equal(nameKey(name(0x0c, 'example root ca')), k);
  assert.equal(nameKey(name(0x1e, 'EXAMPLE ROOT CA')), k);
  assert.notEqual(nameKey(name(0x0c, 'Example Root CA 2')), k);
});

test('warm-up: idempotent, never throws; the worker answers after it', async () => {
  warmUp();
  warmUp();
  await warmCertWorker();
  const corpus = certCorpus();
  const e = corpus.pfx.openssl3;
  const r = await analyzePfxInWorker(readFileSync(e.file), {
    password: e.password,
    fqdns: [CONNECTOR_FQDN],
    trustPem: readFileSync(corpus.rootFile, 'utf8'),
    systemRoots: false,
  });
  assert.equal(r.ok, true, JSON.stringify(r.findings));
});
