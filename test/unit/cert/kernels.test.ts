// The fast paths of PFX opening against independent references: the WebAssembly and JS iterated
// hashes against node:crypto, the PKCS#12 KDF against forge (SHA-1 and SHA-256, several output
// blocks), RC2 against forge and RFC 2268's vectors, key comparison by KeyObject.equals, and the
// thread-pool variant of the PFX verdict against the synchronous one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { iteratedHash } from '../../../electron/services/cert/iterhash.ts';
import { wasmIterKernels } from '../../../electron/services/cert/iterhash-wasm.ts';
import { pkcs12Kdf, bmpString } from '../../../electron/services/cert/pkcs12.ts';
import { rc2CbcDecrypt } from '../../../electron/services/cert/rc2.ts';
import { samePublicKey } from '../../../electron/services/cert/x509.ts';
import { analyzePfx, analyzePfxAsync } from '../../../electron/services/cert/analyze.ts';
import { certCorpus, CONNECTOR_FQDN, NON_ASCII_PASSWORD } from '../../support/cert-corpus.ts';
import { readFileSync } from 'node:fs';

function chain(alg: string, input: Buffer, count: number): Buffer {
  let h = createHash(alg).update(input).digest();
  for (let i = 1; i < count; i++) h = createHash(alg).update(h).digest();
  return h;
}

test('the WebAssembly kernels load in this runtime', () => {
  assert.ok(wasmIterKernels(), 'WebAssembly unavailable: PFX opening would fall back to the slower JS kernels');
});

test('iterated SHA-1/SHA-256: WebAssembly and JS kernels equal node:crypto step by step', () => {
  for (const alg of ['sha1', 'sha256']) {
    for (const count of [1, 2, 3, 16, 81, 1000, 2048]) {
      for (const len of [0, 1, 55, 64, 128, 300]) {
        const input = randomBytes(len);
        const want = chain(alg, input, count).toString('hex');
        for (const engine of ['wasm', 'js'] as const) {
          assert.equal(
            iteratedHash(alg, input, count, engine).toString('hex'),
            want,
            `${alg} ${engine} count ${count} len ${len}`,
          );
        }
      }
    }
  }
});

test('iterated hashes of other digests go through node:crypto', () => {
  const input = randomBytes(40);
  for (const alg of ['sha512', 'sha384', 'sha224', 'md5'])
    assert.equal(iteratedHash(alg, input, 37).toString('hex'), chain(alg, input, 37).toString('hex'), alg);
});

test('PKCS#12 KDF equals forge for SHA-1 and SHA-256, every ID, multi-block outputs', () => {
  const cases: [string, () => forge.md.MessageDigest][] = [
    ['sha1', () => forge.md.sha1.create()],
    ['sha256', () => forge.md.sha256.create()],
  ];
  for (const [alg, md] of cases) {
    for (const id of [1, 2, 3] as const) {
      for (const n of [5, 8, 20, 24, 32, 64]) {
        const salt = randomBytes(8 + n);
        const ours = pkcs12Kdf(alg, bmpString('Pa55 word'), salt, id, 2048, n);
        const theirs = forge.pkcs12.generateKey(
          'Pa55 word',
          forge.util.createBuffer(salt.toString('latin1')),
          id,
          2048,
          n,
          md(),
        );
        assert.equal(ours.toString('hex'), forge.util.bytesToHex(theirs.getBytes()), `${alg} id ${id} n ${n}`);
      }
    }
  }
});

function forgeRc2(key: Buffer, iv: Buffer, bits: number, data: Buffer, encrypt: boolean): Buffer | null {
  const c = encrypt
    ? forge.rc2.createEncryptionCipher(key.toString('latin1'), bits)
    : forge.rc2.createDecryptionCipher(key.toString('latin1'), bits);
  c.start(iv.toString('latin1'));
  c.update(forge.util.createBuffer(data.toString('latin1')));
  if (!c.finish()) return null;
  return Buffer.from(c.output.getBytes(), 'latin1');
}

test('RC2-CBC decryption equals forge (valid padding, garbage, odd lengths)', () => {
  for (let i = 0; i < 300; i++) {
    const bits = [40, 64, 128][i % 3]!;
    const key = randomBytes(bits / 8);
    const iv = randomBytes(8);
    const data =
      i % 3 === 0
        ? forgeRc2(key, iv, bits, randomBytes(i % 70), true)!
        : i % 3 === 1
          ? randomBytes(8 * (i % 25))
          : randomBytes(i % 30);
    const want = forgeRc2(key, iv, bits, data, false);
    const got = rc2CbcDecrypt(key, iv, bits, data);
    assert.equal(
      got === null ? null : got.toString('hex'),
      want === null ? null : want.toString('hex'),
      `case ${i}: ${bits} bits, ${data.length} bytes`,
    );
  }
});

test('RC2 matches the RFC 2268 section 5 vectors', () => {
  // [key, effective bits, plaintext, ciphertext]; one block, CBC with a zero IV = ECB. The
  // plaintexts end in 00 or 01, which the padding rule trims by 0 or 1 byte. The RFC's 63-bit
  // vector is left out: forge's key expansion is only right for whole bytes (PKCS#12 uses 40/128).
  const vectors: [string, number, string, string][] = [
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  ];
  for (const [key, bits, pt, ct] of vectors) {
    const plain = Buffer.from(pt, 'hex');
    const want = plain.subarray(0, 8 - plain[7]!).toString('hex');
    assert.equal(
      rc2CbcDecrypt(Buffer.from(key, 'hex'), Buffer.alloc(8), bits, Buffer.from(ct, 'hex'))?.toString('hex'),
      want,
      `key ${key}/${bits}`,
    );
  }
});

test('samePublicKey: a key pair matches; other keys, types and RSA-PSS do not', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const rsa2 = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pss = generateKeyPairSync('rsa-pss', { modulusLength: 1024 });
  assert.equal(samePublicKey(rsa.publicKey, rsa.privateKey), true);
  assert.equal(samePublicKey(rsa.privateKey, rsa.publicKey), true);
  assert.equal(
    samePublicKey(rsa.publicKey, createPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }))),
    true,
  );
  assert.equal(
    samePublicKey(createPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })), rsa.publicKey),
    true,
  );
  assert.equal(samePublicKey(ec.publicKey, ec.privateKey), true);
  assert.equal(samePublicKey(rsa.publicKey, rsa2.privateKey), false);
  assert.equal(samePublicKey(rsa.publicKey, ec.publicKey), false);
  assert.equal(samePublicKey(rsa.publicKey, pss.publicKey), false);
});

test('analyzePfxAsync (PBKDF2 on the thread pool) gives exactly the verdicts of analyzePfx', async () => {
  const corpus = certCorpus();
  const trustPem = readFileSync(corpus.rootFile, 'utf8');
  const now = new Date();
  const o = (password: string) => ({ password, fqdns: [CONNECTOR_FQDN], trustPem, systemRoots: false, now });
  for (const [name, e] of Object.entries(corpus.pfx)) {
    const bytes = readFileSync(e.file);
    for (const password of [e.password, 'wrong', NON_ASCII_PASSWORD]) {
      assert.deepEqual(
        await analyzePfxAsync(bytes, o(password)),
        analyzePfx(bytes, o(password)),
        `${name} with ${password === e.password ? 'its' : 'another'} password`,
      );
    }
  }
  // Damaged PBES2 files: truncated, and bytes flipped inside the encrypted parts' parameters.
  const base = readFileSync(corpus.pfx.keytool.file);
  for (let i = 0; i < 60; i++) {
    const b = Buffer.from(base);
    if (i % 3 === 0) {
      const cut = b.subarray(0, Math.floor((b.length * (i + 1)) / 61));
      assert.deepEqual(
        await analyzePfxAsync(cut, o(corpus.pfx.keytool.password)),
        analyzePfx(cut, o(corpus.pfx.keytool.password)),
        `truncated ${i}`,
      );
      continue;
    }
    const at = (i * 7919) % b.length;
    b[at] = b[at]! ^ (1 << (i % 8));
    assert.deepEqual(
      await analyzePfxAsync(b, o(corpus.pfx.keytool.password)),
      analyzePfx(b, o(corpus.pfx.keytool.password)),
      `flipped ${i}`,
    );
  }
});
