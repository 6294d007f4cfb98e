// The system trust store's saved index (the CLI keeps it beside its bundle): a chain that asks
// only about names no system anchor has is judged without reading the store, with the same
// verdict; a name the store has, or any change to what the store is read from, reads it in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { certCorpus, CONNECTOR_FQDN } from '../../support/cert-corpus.ts';
import { analyzePfx } from '../../../electron/services/cert/analyze.ts';
import {
  buildChain,
  forgetTrustStores,
  nameKey,
  systemTrustStore,
  tbsParts,
  trustStoreWith,
} from '../../../electron/services/cert/x509.ts';
import { useTrustIndex } from '../../../electron/services/cert/trust-index.ts';

const linux = process.platform === 'linux';
/** The store was read: reading adds the places it came from to its sources. */
const storeWasRead = () => systemTrustStore().sources.length > 1;

test(
  'a private PKI chain is judged from the index without reading the system store; same verdict',
  { skip: !linux && 'the index covers Linux stores only' },
  () => {
    const corpus = certCorpus();
    const e = corpus.pfx.openssl3;
    const verdict = () =>
      analyzePfx(readFileSync(e.file), {
        password: e.password,
        fqdns: [CONNECTOR_FQDN],
        trustPem: readFileSync(corpus.rootFile, 'utf8'),
        now: new Date('2027-06-01T00:00:00Z'),
        fileName: 'x.pfx',
      });
    const dir = mkdtempSync(join(tmpdir(), 'tcw-trust-index-'));
    const file = join(dir, 'trust-index.json');
    try {
      // Without an index: the store is read, as always.
      useTrustIndex(undefined);
      forgetTrustStores();
      const plain = verdict();
      assert.ok(storeWasRead());

      // First run with an index folder: read in full, index saved (every system anchor's name).
      useTrustIndex(dir);
      forgetTrustStores();
      assert.deepEqual(verdict(), plain);
      assert.ok(storeWasRead());
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { keys: string[] };
      const rootKey = nameKey(tbsParts(new X509Certificate(tls.rootCertificates[0]!).raw)!.subject);
      assert.ok(saved.keys.includes(rootKey));

      // Next run: same verdict, store not read.
      forgetTrustStores();
      assert.deepEqual(verdict(), plain);
      assert.equal(storeWasRead(), false);

      // A chain that reaches a system root: read in full, trusted as before.
      forgetTrustStores();
      const root = new X509Certificate(tls.rootCertificates[0]!);
      assert.equal(buildChain(root, [], trustStoreWith(undefined, true)).status, 'trusted');
      assert.ok(storeWasRead());

      // An index whose stamp does not match (the store's files changed): not used, rebuilt.
      writeFileSync(file, JSON.stringify({ ...saved, stamp: 'other' }));
      forgetTrustStores();
      assert.deepEqual(verdict(), plain);
      assert.ok(storeWasRead());
      assert.notEqual((JSON.parse(readFileSync(file, 'utf8')) as { stamp: string }).stamp, 'other');

      // A damaged index: ignored.
      writeFileSync(file, '{"v":1,');
      forgetTrustStores();
      assert.deepEqual(verdict(), plain);
      assert.ok(storeWasRead());
    } finally {
      useTrustIndex(undefined);
      forgetTrustStores();
    }
  },
);
