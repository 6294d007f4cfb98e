// RC2-CBC decryption (RFC 2268) for `openssl pkcs12 -legacy` certificate bags. Node's OpenSSL 3
// has RC2 only in the legacy provider (off unless the process starts with
// --openssl-legacy-provider); forge's RC2 works on byte strings and costs ~1 ms per certificate
// bag. This keeps forge's key expansion and does the block rounds on 16-bit numbers (≈ 20×
// faster). Padding is judged exactly as forge judges it, so verdicts are unchanged; the tests
// compare the output with forge's on real and random inputs.
import forgeRc2 from 'node-forge/lib/rc2.js';

/** RC2 decryption in JS, with forge's lenient padding rule (pad count ≤ length, then trimmed). */
export function rc2CbcDecrypt(key: Buffer, iv: Buffer, bits: number, data: Buffer): Buffer | null {
  if (data.length % 8 !== 0) return null;
  const L = forgeRc2.expandKey(key.toString('latin1'), bits).getBytes();
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L.charCodeAt(2 * i) | (L.charCodeAt(2 * i + 1) << 8);
  const out = Buffer.alloc(data.length);
  let p0 = iv[0]! | (iv[1]! << 8),
    p1 = iv[2]! | (iv[3]! << 8),
    p2 = iv[4]! | (iv[5]! << 8),
    p3 = iv[6]! | (iv[7]! << 8);
  for (let off = 0; off < data.length; off += 8) {
    const c0 = data[off]! | (data[off + 1]! << 8),
      c1 = data[off + 2]! | (data[off + 3]! << 8);
    const c2 = data[off + 4]! | (data[off + 5]! << 8),
      c3 = data[off + 6]! | (data[off + 7]! << 8);
    let r0 = c0,
      r1 = c1,
      r2 = c2,
      r3 = c3;
    let j = 63;
    for (let round = 0; round < 16; round++) {
      // Inverse mixing round (RFC 2268 §3.1); 16-bit words kept in the low bits.
      r3 = ((r3 >>> 5) | (r3 << 11)) & 0xffff;
      r3 = (r3 - K[j--]! - (r2 & r1) - (~r2 & r0)) & 0xffff;
      r2 = ((r2 >>> 3) | (r2 << 13)) & 0xffff;
      r2 = (r2 - K[j--]! - (r1 & r0) - (~r1 & r3)) & 0xffff;
      r1 = ((r1 >>> 2) | (r1 << 14)) & 0xffff;
      r1 = (r1 - K[j--]! - (r0 & r3) - (~r0 & r2)) & 0xffff;
      r0 = ((r0 >>> 1) | (r0 << 15)) & 0xffff;
      r0 = (r0 - K[j--]! - (r3 & r2) - (~r3 & r1)) & 0xffff;
      if (round === 4 || round === 10) {
        // Inverse mashing round after the 5th and 11th inverse mixing round.
        r3 = (r3 - K[r2 & 63]!) & 0xffff;
        r2 = (r2 - K[r1 & 63]!) & 0xffff;
        r1 = (r1 - K[r0 & 63]!) & 0xffff;
        r0 = (r0 - K[r3 & 63]!) & 0xffff;
      }
    }
    r0 ^= p0;
    r1 ^= p1;
    r2 ^= p2;
    r3 ^= p3;
    out[off] = r0;
    out[off + 1] = r0 >>> 8;
    out[off + 2] = r1;
    out[off + 3] = r1 >>> 8;
    out[off + 4] = r2;
    out[off + 5] = r2 >>> 8;
    out[off + 6] = r3;
    out[off + 7] = r3 >>> 8;
    p0 = c0;
    p1 = c1;
    p2 = c2;
    p3 = c3;
  }
  if (out.length === 0) return out;
  const count = out[out.length - 1]!;
  if (count > out.length) return null;
  return out.subarray(0, out.length - count);
}
