// WebAssembly kernels, generated at load time, for the PKCS#12 KDF's iterated hash H(H(…H(x)))
// with SHA-1 and SHA-256. Every step hashes one digest plus constant padding, so the generator
// unrolls the rounds completely, renames the working variables instead of moving them, keeps the
// message schedule in 16 rolling locals and folds the constant padding words. Once V8 has tiered
// it up, that is straight-line register code with no per-step call into node:crypto: on the bench
// machine ~3–4× the JS loops of iterhash.ts and as fast per block as OpenSSL's own SHA-256. (A
// PBKDF2-HMAC kernel built the same way was no faster than crypto.pbkdf2Sync, so PBES2 stays
// native.) iterhash.ts falls back to JS without WebAssembly. Tests compare with node:crypto.
// ---------------------------------------------------------------------------------------------
// A minimal WebAssembly binary writer (only what these kernels need)

import { SHA256_IV, SHA256_K as K256 } from './sha256-constants.ts';

const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  load: 0x28,
  store: 0x36,
  const: 0x41,
  eqz: 0x45,
  add: 0x6a,
  sub: 0x6b,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shrU: 0x76,
  rotl: 0x77,
  rotr: 0x78,
} as const;

/** Appends n as unsigned LEB128. */
function uleb(out: number[], n: number): void {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
}

/** Appends n (an i32) as signed LEB128. */
function sleb(out: number[], n: number): void {
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

const lebOf = (n: number) => {
  const o: number[] = [];
  uleb(o, n);
  return o;
};
const section = (id: number, body: number[]) => [id, ...lebOf(body.length), ...body];
const vec = (items: number[][]) => [...lebOf(items.length), ...items.flat()];
const name = (s: string) => [...lebOf(s.length), ...Buffer.from(s, 'latin1')];

/** Emits expression code (straight into one array: the kernels are ~25 000 bytes each). */
class Code {
  readonly bytes: number[] = [];
  get(l: number): this {
    this.bytes.push(op.get);
    uleb(this.bytes, l);
    return this;
  }
  set(l: number): this {
    this.bytes.push(op.set);
    uleb(this.bytes, l);
    return this;
  }
  k(v: number): this {
    this.bytes.push(op.const);
    sleb(this.bytes, v);
    return this;
  }
  o(...codes: number[]): this {
    for (const c of codes) this.bytes.push(c);
    return this;
  }
  rotl(n: number): this {
    return this.k(n).o(op.rotl);
  }
  rotr(n: number): this {
    return this.k(n).o(op.rotr);
  }
}

/** A message-schedule slot: a known constant or a local holding the value. */
type Slot = { c: number } | { l: number };

function push(code: Code, s: Slot): void {
  if ('c' in s) code.k(s.c);
  else code.get(s.l);
}

/** Adds terms (locals or constants); constants are summed at generation time. Leaves one i32. */
function sum(code: Code, terms: Slot[], emitFirst?: () => void): void {
  let constant = 0;
  let any = false;
  if (emitFirst) {
    emitFirst();
    any = true;
  }
  for (const t of terms) {
    if ('c' in t) {
      constant = (constant + t.c) | 0;
      continue;
    }
    code.get(t.l);
    if (any) code.o(op.add);
    any = true;
  }
  if (!any) {
    code.k(constant);
    return;
  }
  if (constant !== 0) code.k(constant).o(op.add);
}

// Memory layout: the state (32-bit words in host order, through an Int32Array) at byte 0.
const MEM = { u: 0 } as const;

function iterLoop(code: Code, counter: number, body: () => void): void {
  code.o(op.block, 0x40, op.loop, 0x40);
  code.get(counter).o(op.eqz, op.brIf, 1);
  body();
  code.get(counter).k(1).o(op.sub).set(counter);
  code.o(op.br, 0, op.end, op.end);
}

function load(code: Code, locals: number[], at: number): void {
  locals.forEach((l, i) => {
    code.k(0).o(op.load, 2);
    uleb(code.bytes, at + i * 4);
    code.set(l);
  });
}
function store(code: Code, locals: number[], at: number): void {
  locals.forEach((l, i) => {
    code.k(0).get(l).o(op.store, 2);
    uleb(code.bytes, at + i * 4);
  });
}

/** Local allocator; local 0 is the function's parameter. */
function locals(): { take: (n: number) => number[]; count: () => number } {
  let next = 1;
  return {
    take: (n) => Array.from({ length: n }, () => next++),
    count: () => next - 1,
  };
}

const consts = (xs: number[]): Slot[] => xs.map((c) => ({ c }));
const vars = (ls: number[]): Slot[] => ls.map((l) => ({ l }));
/** The message block of a digest-sized input: its words, 0x80 padding, zeros, bit length. */
function paddedMessage(words: number[], totalBits: number): Slot[] {
  return [...vars(words), { c: 0x80000000 | 0 }, ...consts(Array(15 - words.length - 1).fill(0)), { c: totalBits }];
}

interface Scratch {
  reg: number[];
  w: number[];
  tmp: number;
}

const SHA1_IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0].map((x) => x | 0);

/** One SHA-1 compression: out ← init + rounds(init, msg). `out` may alias msg or init locals. */
function sha1Compress(code: Code, init: Slot[], msg: Slot[], out: number[], sc: Scratch): void {
  const reg = [...sc.reg]; // a b c d e
  init.forEach((s, i) => {
    push(code, s);
    code.set(reg[i]!);
  });
  const slot = [...msg];
  for (let t = 0; t < 80; t++) {
    let w: Slot;
    if (t < 16) w = slot[t]!;
    else {
      const src = [slot[(t - 3) & 15]!, slot[(t - 8) & 15]!, slot[(t - 14) & 15]!, slot[t & 15]!];
      const folded = src.filter((x): x is { c: number } => 'c' in x).reduce((x, y) => x ^ y.c, 0);
      const vs = src.filter((x): x is { l: number } => 'l' in x);
      if (vs.length === 0) {
        w = { c: (folded << 1) | (folded >>> 31) };
      } else {
        vs.forEach((x, i) => {
          code.get(x.l);
          if (i) code.o(op.xor);
        });
        if (folded) code.k(folded).o(op.xor);
        code.rotl(1).set(sc.w[t & 15]!);
        w = { l: sc.w[t & 15]! };
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
  out.forEach((o, i) => {
    code.get(reg[i]!);
    push(code, init[i]!);
    code.o(op.add).set(o);
  });
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const sigma0 = (x: number) => rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
const sigma1 = (x: number) => rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10);

/** One SHA-256 compression: out ← init + rounds(init, msg). `out` may alias msg or init locals. */
function sha256Compress(code: Code, init: Slot[], msg: Slot[], out: number[], sc: Scratch): void {
  const reg = [...sc.reg];
  init.forEach((s, i) => {
    push(code, s);
    code.set(reg[i]!);
  });
  const slot = [...msg];
  for (let t = 0; t < 64; t++) {
    let w: Slot;
    if (t < 16) w = slot[t]!;
    else {
      const x = slot[(t - 15) & 15]!,
        y = slot[(t - 2) & 15]!,
        p = slot[(t - 7) & 15]!,
        q = slot[t & 15]!;
      const terms: Slot[] = [];
      let constant = 0;
      for (const z of [p, q]) {
        if ('c' in z) constant = (constant + z.c) | 0;
        else terms.push(z);
      }
      if ('c' in x) constant = (constant + sigma0(x.c)) | 0;
      if ('c' in y) constant = (constant + sigma1(y.c)) | 0;
      const emitSigmas: (() => void)[] = [];
      if ('l' in x)
        emitSigmas.push(() => code.get(x.l).rotr(7).get(x.l).rotr(18).o(op.xor).get(x.l).k(3).o(op.shrU, op.xor));
      if ('l' in y)
        emitSigmas.push(() => code.get(y.l).rotr(17).get(y.l).rotr(19).o(op.xor).get(y.l).k(10).o(op.shrU, op.xor));
      if (terms.length === 0 && emitSigmas.length === 0) {
        w = { c: constant };
      } else {
        sum(
          code,
          [...terms, { c: constant }],
          emitSigmas.length
            ? () =>
                emitSigmas.forEach((f, i) => {
                  f();
                  if (i) code.o(op.add);
                })
            : undefined,
        );
        code.set(sc.w[t & 15]!);
        w = { l: sc.w[t & 15]! };
      }
      slot[t & 15] = w;
    }
    const [a, b, c, d, e, f, g, h] = reg as [number, number, number, number, number, number, number, number];
    // t1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]
    sum(code, [{ l: h }, { c: K256[t]! }, w], () => {
      code.get(e).rotr(6).get(e).rotr(11).o(op.xor).get(e).rotr(25).o(op.xor);
      code.get(e).get(f).o(op.and).get(e).k(-1).o(op.xor).get(g).o(op.and, op.xor, op.add);
    });
    code.set(sc.tmp);
    // d += t1 (the new e); h = t1 + Σ0(a) + Maj(a,b,c) (the new a).
    code.get(d).get(sc.tmp).o(op.add).set(d);
    code.get(sc.tmp);
    code.get(a).rotr(2).get(a).rotr(13).o(op.xor).get(a).rotr(22).o(op.xor, op.add);
    code.get(a).get(b).o(op.and).get(a).get(c).o(op.and, op.xor).get(b).get(c).o(op.and, op.xor, op.add);
    code.set(h);
    reg.splice(0, 8, h, a, b, c, d, e, f, g);
  }
  out.forEach((o, i) => {
    code.get(reg[i]!);
    push(code, init[i]!);
    code.o(op.add).set(o);
  });
}

interface Family {
  words: number;
  iv: number[];
  compress: typeof sha1Compress;
}
const SHA1: Family = { words: 5, iv: SHA1_IV, compress: sha1Compress };
const SHA256: Family = { words: 8, iv: SHA256_IV, compress: sha256Compress };

function scratch(l: ReturnType<typeof locals>, fam: Family): Scratch {
  return { reg: l.take(fam.words), w: l.take(16), tmp: l.take(1)[0]! };
}

/** iter(n): state ← H(state ‖ padding) n times (the PKCS#12 KDF's inner loop). */
function iteratedBody(fam: Family): { locals: number; code: number[] } {
  const l = locals();
  const h = l.take(fam.words);
  const sc = scratch(l, fam);
  const code = new Code();
  load(code, h, MEM.u);
  iterLoop(code, 0, () => fam.compress(code, consts(fam.iv), paddedMessage(h, fam.words * 32), h, sc));
  store(code, h, MEM.u);
  return { locals: l.count(), code: code.bytes };
}

const EXPORTS = ['sha1', 'sha256'] as const;

function moduleBytes(): Uint8Array {
  const fns = [iteratedBody(SHA1), iteratedBody(SHA256)];
  const head = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, 1, 0x7f, 0]])), // type 0: (i32) -> ()
    ...section(3, vec(fns.map(() => [0]))),
    ...section(5, vec([[0x00, 1]])), // one 64 KiB page
    ...section(7, vec([...EXPORTS.map((n, i) => [...name(n), 0, i]), [...name('mem'), 2, 0]])),
  ];
  // Code section: [10, size, count, (size, locals, code, end) per function].
  const bodies = fns.map((f) => {
    const prefix = [1, ...lebOf(f.locals), 0x7f]; // one run of i32 locals
    return { size: prefix.length + f.code.length + 1, prefix, code: f.code };
  });
  const content = [...lebOf(fns.length)];
  let contentSize = content.length;
  for (const b of bodies) contentSize += lebOf(b.size).length + b.size;
  const sectionHead = [10, ...lebOf(contentSize), ...content];
  const out = new Uint8Array(head.length + sectionHead.length + contentSize - content.length);
  let at = 0;
  const put = (xs: ArrayLike<number>) => {
    out.set(xs, at);
    at += xs.length;
  };
  put(head);
  put(sectionHead);
  for (const b of bodies) {
    put(lebOf(b.size));
    put(b.prefix);
    put(b.code);
    put([op.end]);
  }
  return out;
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

// Calls of at most CHUNK steps: V8 runs a new wasm function in its baseline compiler (~10× slower
// here) and compiles the optimised version in the background; a running call never switches, the
// next call does. Chunks let a long first derivation switch part-way (and keep the i32 counter
// positive for any count). Each chunk call costs well under a microsecond.
const CHUNK = 512;
let kernels: IterKernels | null | undefined;

/** The kernels if they were built already (null otherwise): never builds them. */
export function wasmIterKernelsIfBuilt(): IterKernels | null {
  return kernels ?? null;
}

/** The WebAssembly kernels, or null when WebAssembly is unavailable (e.g. a jitless runtime). */
export function wasmIterKernels(): IterKernels | null {
  if (kernels !== undefined) return kernels;
  // The Node typings here lack the WebAssembly values (no DOM lib); declare the little we use.
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return (kernels = null);
  try {
    const inst = new wasm.Instance(new wasm.Module(moduleBytes()));
    const ex = inst.exports as Record<(typeof EXPORTS)[number], (n: number) => void> & { mem: { buffer: ArrayBuffer } };
    const mem = new Int32Array(ex.mem.buffer, 0, 32);
    const times = (fn: (n: number) => void, n: number) => {
      for (let left = n; left > 0; left -= CHUNK) fn(Math.min(left, CHUNK));
    };
    const iter = (fn: (n: number) => void, w: number) => (state: Int32Array, n: number) => {
      mem.set(state.subarray(0, w), MEM.u / 4);
      times(fn, n);
      state.set(mem.subarray(MEM.u / 4, MEM.u / 4 + w));
    };
    kernels = { sha1: iter(ex.sha1, 5), sha256: iter(ex.sha256, 8) };
  } catch {
    kernels = null;
  }
  return kernels;
}
