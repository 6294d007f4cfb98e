// WebAssembly kernels for iterated SHA-1 / SHA-256 (the PKCS#12 KDF's H(H(…H(x)))), generated at
// load time. After the first step every input is one digest plus constant padding, so the
// generator fully unrolls the rounds, renames the working variables instead of moving them,
// keeps the message schedule in 16 rolling locals and folds the constant padding words. V8
// compiles that to straight-line register code: about twice the speed of the JS loops in
// iterhash.ts, and no per-step call into node:crypto. iterhash.ts falls back to JS when
// WebAssembly is unavailable. Tests compare both against node:crypto.

// ---------------------------------------------------------------------------------------------
// A minimal WebAssembly binary writer (only what the two kernels need)

const op = {
  block: 0x02, loop: 0x03, end: 0x0b, br: 0x0c, brIf: 0x0d, get: 0x20, set: 0x21, tee: 0x22,
  load: 0x28, store: 0x36, const: 0x41, eqz: 0x45, add: 0x6a, sub: 0x6b, and: 0x71, or: 0x72,
  xor: 0x73, shl: 0x74, shrU: 0x76, rotl: 0x77, rotr: 0x78,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  n |= 0;
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'latin1')];

/** Emits expression code; a value is either a constant (folded at generation time) or a local. */
class Code {
  readonly bytes: number[] = [];
  get(l: number): this { this.bytes.push(op.get, ...uleb(l)); return this; }
  set(l: number): this { this.bytes.push(op.set, ...uleb(l)); return this; }
  k(v: number): this { this.bytes.push(op.const, ...sleb(v)); return this; }
  o(...codes: number[]): this { this.bytes.push(...codes); return this; }
  rotl(n: number): this { return this.k(n).o(op.rotl); }
  rotr(n: number): this { return this.k(n).o(op.rotr); }
}

/** A message-schedule slot: a known constant or a local holding the value. */
type Slot = { c: number } | { l: number };

/** Adds terms (locals or constants); constants are summed at generation time. Leaves one i32. */
function sum(code: Code, terms: Slot[], emitFirst?: () => void): void {
  let constant = 0;
  let any = false;
  if (emitFirst) { emitFirst(); any = true; }
  for (const t of terms) {
    if ('c' in t) { constant = (constant + t.c) | 0; continue; }
    code.get(t.l);
    if (any) code.o(op.add);
    any = true;
  }
  if (!any) { code.k(constant); return; }
  if (constant !== 0) code.k(constant).o(op.add);
}

// Memory layout: the state words at byte 0 (host byte order, written through an Int32Array).

function iterLoop(code: Code, counter: number, body: () => void): void {
  code.o(op.block, 0x40, op.loop, 0x40);
  code.get(counter).o(op.eqz, op.brIf, 1);
  body();
  code.get(counter).k(1).o(op.sub).set(counter);
  code.o(op.br, 0, op.end, op.end);
}

function loadState(code: Code, locals: number[]): void {
  locals.forEach((l, i) => code.k(0).o(op.load, 2, ...uleb(i * 4)).set(l));
}
function storeState(code: Code, locals: number[]): void {
  locals.forEach((l, i) => code.k(0).get(l).o(op.store, 2, ...uleb(i * 4)));
}

const SHA1_IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0].map((x) => x | 0);

/** sha1(n): state ← SHA-1(state ‖ padding) n times; state is 5 words at byte 0. */
function sha1Body(): { locals: number; code: number[] } {
  // Locals: 0 = n (param), 1..5 = h, 6..10 = a..e, 11..26 = w[16], 27 = tmp.
  const H = [1, 2, 3, 4, 5];
  const W = Array.from({ length: 16 }, (_, i) => 11 + i);
  const code = new Code();
  loadState(code, H);
  iterLoop(code, 0, () => {
    const reg = [6, 7, 8, 9, 10]; // a b c d e
    SHA1_IV.forEach((v, i) => code.k(v).set(reg[i]!));
    const slot: Slot[] = [...H.map((l) => ({ l })), { c: 0x80000000 | 0 }, ...Array.from({ length: 9 }, () => ({ c: 0 })), { c: 160 }];
    for (let t = 0; t < 80; t++) {
      let w: Slot;
      if (t < 16) w = slot[t]!;
      else {
        const src = [slot[(t - 3) & 15]!, slot[(t - 8) & 15]!, slot[(t - 14) & 15]!, slot[t & 15]!];
        const folded = src.filter((s): s is { c: number } => 'c' in s).reduce((x, s) => x ^ s.c, 0);
        const vars = src.filter((s): s is { l: number } => 'l' in s);
        if (vars.length === 0) {
          w = { c: (folded << 1) | (folded >>> 31) };
        } else {
          vars.forEach((s, i) => { code.get(s.l); if (i) code.o(op.xor); });
          if (folded) code.k(folded).o(op.xor);
          code.rotl(1).set(W[t & 15]!);
          w = { l: W[t & 15]! };
        }
        slot[t & 15] = w;
      }
      const [a, b, c, d, e] = reg as [number, number, number, number, number];
      const k = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc | 0, 0xca62c1d6 | 0][Math.floor(t / 20)]!;
      // tmp = rotl5(a) + f(b,c,d) + e + K + W[t], written into e's local (the new a).
      sum(code, [{ l: e }, { c: k }, w], () => {
        code.get(a).rotl(5);
        if (t < 20) code.get(b).get(c).o(op.and).get(b).k(-1).o(op.xor).get(d).o(op.and, op.or, op.add);
        else if (t < 40 || t >= 60) code.get(b).get(c).o(op.xor).get(d).o(op.xor, op.add);
        else code.get(b).get(c).o(op.and).get(b).get(d).o(op.and, op.or).get(c).get(d).o(op.and, op.or, op.add);
      });
      code.set(e);
      code.get(b).rotl(30).set(b);
      reg.splice(0, 5, e, a, b, c, d);
    }
    H.forEach((h, i) => { code.get(reg[i]!).k(SHA1_IV[i]!).o(op.add).set(h); });
  });
  storeState(code, H);
  return { locals: 27, code: code.bytes };
}

const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
].map((x) => x | 0);
const SHA256_IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map((x) => x | 0);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const sigma0 = (x: number) => rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
const sigma1 = (x: number) => rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10);

/** sha256(n): state ← SHA-256(state ‖ padding) n times; state is 8 words at byte 0. */
function sha256Body(): { locals: number; code: number[] } {
  // Locals: 0 = n, 1..8 = h, 9..16 = a..h, 17..32 = w[16], 33 = t1.
  const H = [1, 2, 3, 4, 5, 6, 7, 8];
  const W = Array.from({ length: 16 }, (_, i) => 17 + i);
  const T1 = 33;
  const code = new Code();
  loadState(code, H);
  iterLoop(code, 0, () => {
    const reg = [9, 10, 11, 12, 13, 14, 15, 16];
    SHA256_IV.forEach((v, i) => code.k(v).set(reg[i]!));
    const slot: Slot[] = [...H.map((l) => ({ l })), { c: 0x80000000 | 0 }, ...Array.from({ length: 6 }, () => ({ c: 0 })), { c: 256 }];
    for (let t = 0; t < 64; t++) {
      let w: Slot;
      if (t < 16) w = slot[t]!;
      else {
        const x = slot[(t - 15) & 15]!, y = slot[(t - 2) & 15]!, p = slot[(t - 7) & 15]!, q = slot[t & 15]!;
        const terms: Slot[] = [];
        let constant = 0;
        for (const s of [p, q]) { if ('c' in s) constant = (constant + s.c) | 0; else terms.push(s); }
        if ('c' in x) constant = (constant + sigma0(x.c)) | 0;
        if ('c' in y) constant = (constant + sigma1(y.c)) | 0;
        const emitSigmas: (() => void)[] = [];
        if ('l' in x) emitSigmas.push(() => code.get(x.l).rotr(7).get(x.l).rotr(18).o(op.xor).get(x.l).k(3).o(op.shrU, op.xor));
        if ('l' in y) emitSigmas.push(() => code.get(y.l).rotr(17).get(y.l).rotr(19).o(op.xor).get(y.l).k(10).o(op.shrU, op.xor));
        if (terms.length === 0 && emitSigmas.length === 0) {
          w = { c: constant };
        } else {
          sum(code, [...terms, { c: constant }], emitSigmas.length ? () => emitSigmas.forEach((f, i) => { f(); if (i) code.o(op.add); }) : undefined);
          code.set(W[t & 15]!);
          w = { l: W[t & 15]! };
        }
        slot[t & 15] = w;
      }
      const [a, b, c, d, e, f, g, h] = reg as [number, number, number, number, number, number, number, number];
      // t1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]
      sum(code, [{ l: h }, { c: K256[t]! }, w], () => {
        code.get(e).rotr(6).get(e).rotr(11).o(op.xor).get(e).rotr(25).o(op.xor);
        code.get(e).get(f).o(op.and).get(e).k(-1).o(op.xor).get(g).o(op.and, op.xor, op.add);
      });
      code.set(T1);
      // d += t1 (the new e); h = t1 + Σ0(a) + Maj(a,b,c) (the new a).
      code.get(d).get(T1).o(op.add).set(d);
      code.get(T1);
      code.get(a).rotr(2).get(a).rotr(13).o(op.xor).get(a).rotr(22).o(op.xor, op.add);
      code.get(a).get(b).o(op.and).get(a).get(c).o(op.and, op.xor).get(b).get(c).o(op.and, op.xor, op.add);
      code.set(h);
      reg.splice(0, 8, h, a, b, c, d, e, f, g);
    }
    H.forEach((hl, i) => { code.get(reg[i]!).k(SHA256_IV[i]!).o(op.add).set(hl); });
  });
  storeState(code, H);
  return { locals: 33, code: code.bytes };
}

function moduleBytes(): Uint8Array {
  const fns = [sha1Body(), sha256Body()];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 1, 0x7f, 0]])), // type 0: (i32) -> ()
    ...section(3, vec([[0], [0]])),
    ...section(5, vec([[0x00, 1]])), // one 64 KiB page
    ...section(7, vec([[...name('sha1'), 0, 0], [...name('sha256'), 0, 1], [...name('mem'), 2, 0]])),
    ...section(10, vec(fns.map((f) => {
      const body = [...vec([[...uleb(f.locals), 0x7f]]), ...f.code, op.end];
      return [...uleb(body.length), ...body];
    }))),
  ];
  return new Uint8Array(bytes);
}

export interface IterKernels {
  /** Applies SHA-x to the digest held in `state` (big-endian words as int32) `times` more times. */
  sha1(state: Int32Array, times: number): void;
  sha256(state: Int32Array, times: number): void;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

let kernels: IterKernels | null | undefined;

/** The WebAssembly kernels, or null when WebAssembly is unavailable (e.g. a jitless runtime). */
export function wasmIterKernels(): IterKernels | null {
  if (kernels !== undefined) return kernels;
  // The Node typings here lack the WebAssembly values (no DOM lib); declare the little we use.
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return (kernels = null);
  try {
    const inst = new wasm.Instance(new wasm.Module(moduleBytes()));
    const ex = inst.exports as { sha1: (n: number) => void; sha256: (n: number) => void; mem: { buffer: ArrayBuffer } };
    const view = new Int32Array(ex.mem.buffer, 0, 8);
    const run = (fn: (n: number) => void, words: number) => (state: Int32Array, times: number) => {
      view.set(state.subarray(0, words));
      // Chunks keep the i32 counter positive for any count.
      for (let left = times; left > 0; left -= 0x40000000) fn(Math.min(left, 0x40000000));
      state.set(view.subarray(0, words));
    };
    kernels = { sha1: run(ex.sha1, 5), sha256: run(ex.sha256, 8) };
  } catch {
    kernels = null;
  }
  return kernels;
}
