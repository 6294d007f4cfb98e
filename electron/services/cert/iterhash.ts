// Iterated hashing H(H(…H(x))) for the PKCS#12 key derivation (RFC 7292 B.2), which hashes a
// digest-sized value thousands of times. Calling node:crypto per step costs 1–8 µs of call
// overhead each; after the first step the input is always exactly one padded block, so a
// word-level SHA-1/SHA-256 compression in JS runs 5–20× faster. Other digests use node:crypto.
import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { wasmIterKernels, wasmIterKernelsIfBuilt } from './iterhash-wasm.ts';
import { SHA256_IV as H256, SHA256_K as K256 } from './sha256-constants.ts';

function sha1Iter(state: Int32Array, times: number): void {
  const W = new Int32Array(80);
  let h0 = state[0]!,
    h1 = state[1]!,
    h2 = state[2]!,
    h3 = state[3]!,
    h4 = state[4]!;
  for (let n = 0; n < times; n++) {
    W[0] = h0;
    W[1] = h1;
    W[2] = h2;
    W[3] = h3;
    W[4] = h4;
    W[5] = 0x80000000 | 0;
    for (let t = 6; t < 15; t++) W[t] = 0;
    W[15] = 160;
    for (let t = 16; t < 80; t++) {
      const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
      W[t] = (x << 1) | (x >>> 31);
    }
    let a = 0x67452301,
      b = 0xefcdab89 | 0,
      c = 0x98badcfe | 0,
      d = 0x10325476,
      e = 0xc3d2e1f0 | 0;
    // Four round groups unrolled from one loop: no per-round branching.
    for (let t = 0; t < 20; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    for (let t = 20; t < 40; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    for (let t = 40; t < 60; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    for (let t = 60; t < 80; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    h0 = (a + 0x67452301) | 0;
    h1 = (b + (0xefcdab89 | 0)) | 0;
    h2 = (c + (0x98badcfe | 0)) | 0;
    h3 = (d + 0x10325476) | 0;
    h4 = (e + (0xc3d2e1f0 | 0)) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
}

function sha256Iter(state: Int32Array, times: number): void {
  const W = new Int32Array(64);
  const h = Int32Array.from(state);
  for (let n = 0; n < times; n++) {
    for (let t = 0; t < 8; t++) W[t] = h[t]!;
    W[8] = 0x80000000 | 0;
    for (let t = 9; t < 15; t++) W[t] = 0;
    W[15] = 256;
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15]!,
        y = W[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
    }
    let a = H256[0]!,
      b = H256[1]!,
      c = H256[2]!,
      d = H256[3]!,
      e = H256[4]!,
      f = H256[5]!,
      g = H256[6]!,
      hh = H256[7]!;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K256[t]! + W[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (a + H256[0]!) | 0;
    h[1] = (b + H256[1]!) | 0;
    h[2] = (c + H256[2]!) | 0;
    h[3] = (d + H256[3]!) | 0;
    h[4] = (e + H256[4]!) | 0;
    h[5] = (f + H256[5]!) | 0;
    h[6] = (g + H256[6]!) | 0;
    h[7] = (hh + H256[7]!) | 0;
  }
  state.set(h);
}

function toWords(b: Buffer): Int32Array {
  const w = new Int32Array(b.length / 4);
  for (let i = 0; i < w.length; i++) w[i] = b.readInt32BE(i * 4);
  return w;
}
function fromWords(w: Int32Array): Buffer {
  const b = Buffer.alloc(w.length * 4);
  for (let i = 0; i < w.length; i++) b.writeInt32BE(w[i]!, i * 4);
  return b;
}

const oneShot = (nodeCrypto as unknown as { hash?: (alg: string, data: Buffer, enc: 'buffer') => Buffer }).hash;

export type IterEngine = 'auto' | 'wasm' | 'js';

// Generating and compiling the WebAssembly kernels costs ~10 ms at their first use, about what the
// JS loops take for several thousand steps in a fresh process. So 'auto' uses WebAssembly once it
// pays: for a long derivation, once this process has hashed many steps already (the app's
// worker), or when the kernels exist anyway (warm-up). A one-shot `tcw cert pfx` (a few
// derivations of ~2 000 steps) stays with the JS loops. Same digests either way (tests compare).
const WASM_AFTER_STEPS = 20_000;
let stepsSoFar = 0;

/**
 * H applied `count` (≥ 1) times to `input`: H(input), then H of that, and so on. SHA-1 and SHA-256
 * use the WebAssembly kernels (iterhash-wasm.ts) when available and worth building (see
 * WASM_AFTER_STEPS), else the JS ones; `engine` forces one (tests and the bench compare them).
 */
export function iteratedHash(alg: string, input: Buffer, count: number, engine: IterEngine = 'auto'): Buffer {
  let first: Buffer = createHash(alg).update(input).digest();
  if (count <= 1) return first;
  if (alg === 'sha1' || alg === 'sha256') {
    const state = toWords(first);
    const worthIt = count >= WASM_AFTER_STEPS || stepsSoFar >= WASM_AFTER_STEPS;
    stepsSoFar += count;
    const wasm = engine === 'js' ? null : engine === 'wasm' || worthIt ? wasmIterKernels() : wasmIterKernelsIfBuilt();
    if (engine === 'wasm' && !wasm) throw new Error('WebAssembly is not available');
    if (wasm) wasm[alg](state, count - 1);
    else (alg === 'sha1' ? sha1Iter : sha256Iter)(state, count - 1);
    return fromWords(state);
  }
  // Other digests: node:crypto per step; the one-shot crypto.hash (Node ≥ 20.12) has about half
  // the call overhead of createHash().update().digest().
  if (oneShot) for (let i = 1; i < count; i++) first = oneShot(alg, first, 'buffer');
  else for (let i = 1; i < count; i++) first = createHash(alg).update(first).digest();
  return first;
}
