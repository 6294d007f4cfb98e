// Hundreds of damaged PFX files (deterministic seed): every one gets a verdict; none throws or hangs.
// Each runs in the worker thread with a time limit, so a hang would show up as a timeout verdict.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { certCorpus, CONNECTOR_FQDN } from '../../support/cert-corpus.ts';
import { analyzePfxInWorker, stopCertWorker } from '../../../electron/services/cert/worker-client.ts';
import { analyzePfx } from '../../../electron/services/cert/analyze.ts';

after(() => stopCertWorker());

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(src: Buffer, rnd: () => number): Buffer {
  const pick = (n: number) => Math.floor(rnd() * n);
  const b = Buffer.from(src);
  switch (pick(5)) {
    case 0: {
      // flip a few bytes anywhere
      for (let i = 0, n = 1 + pick(8); i < n; i++) b[pick(b.length)] = pick(256);
      return b;
    }
    case 1: // truncate
      return b.subarray(0, pick(b.length));
    case 2: {
      // damage the ASN.1 headers near the start (lengths, tags, OIDs, iteration counts)
      for (let i = 0, n = 1 + pick(3); i < n; i++) b[pick(Math.min(b.length, 120))] = pick(256);
      return b;
    }
    case 3: {
      // delete or insert a run of bytes
      const at = pick(b.length);
      return rnd() < 0.5
        ? Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + pick(16))])
        : Buffer.concat([b.subarray(0, at), Buffer.alloc(1 + pick(16), pick(256)), b.subarray(at)]);
    }
    default: {
      // damage the MAC data / tail
      for (let i = 0, n = 1 + pick(4); i < n; i++) b[b.length - 1 - pick(Math.min(b.length, 80))] = pick(256);
      return b;
    }
  }
}

test('300 mutated or truncated PFX files: each gets a verdict, none crashes or hangs', async () => {
  const corpus = certCorpus();
  const bases = (['openssl3', 'legacy', 'keytool', 'noMac', 'win3des', 'emptyPassword'] as const).map((n) => ({
    bytes: readFileSync(corpus.pfx[n].file),
    password: corpus.pfx[n].password,
  }));
  const rnd = prng(20260611);
  const seen = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const base = bases[i % bases.length]!;
    const bytes = mutate(base.bytes, rnd);
    const r = await analyzePfxInWorker(
      bytes,
      { password: base.password, fqdns: [CONNECTOR_FQDN], fileName: `mutant-${i}` },
      15_000,
    );
    assert.equal(typeof r.ok, 'boolean', `mutant ${i}`);
    assert.ok(Array.isArray(r.findings), `mutant ${i}`);
    assert.ok(!r.findings.some((f) => /took too long/.test(f.message)), `mutant ${i} hung`);
    if (r.certificate === null)
      assert.ok(
        r.findings.some((f) => f.severity === 'error'),
        `mutant ${i}: no certificate but no error`,
      );
    for (const f of r.findings) seen.set(f.code, (seen.get(f.code) ?? 0) + 1);
  }
  // The damage is varied enough to reach both failure kinds.
  assert.ok((seen.get('pfx.unreadable') ?? 0) > 20, JSON.stringify([...seen]));
  assert.ok((seen.get('pfx.bad-password') ?? 0) > 5, JSON.stringify([...seen]));
});

test('random bytes and edge sizes in-process never throw', () => {
  const rnd = prng(7);
  for (let i = 0; i < 100; i++) {
    const len = Math.floor(rnd() * 300);
    const bytes = Buffer.alloc(len);
    for (let j = 0; j < len; j++) bytes[j] = Math.floor(rnd() * 256);
    if (i % 2 === 0 && len > 2) bytes[0] = 0x30;
    const r = analyzePfx(bytes, { password: 'x', fqdns: [] });
    assert.equal(r.ok, false);
    assert.ok(r.findings.length > 0);
  }
});
