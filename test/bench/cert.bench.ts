// Per-file PFX verdict time for every encoding of the test corpus: ours (in-process, full verdict:
// open, MAC, decrypt, chain, trust, all rules) vs the OpenSSL CLI doing less
// (`openssl pkcs12 -nokeys | openssl verify`), both as medians. Target: ours no slower.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { certCorpus, CONNECTOR_FQDN, type PfxName } from '../support/cert-corpus.ts';
import { analyzePfx } from '../../electron/services/cert/analyze.ts';

const ENCODINGS: PfxName[] = ['openssl3', 'legacy', 'keytool', 'win3des', 'winAes', 'sha512mac', 'noMac', 'emptyPassword', 'nonAscii', 'nonAsciiLegacy', 'csp'];
const RUNS = 11;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function bench(): Promise<void> {
  const corpus = certCorpus(`bench-${process.pid}`);
  const trustPem = readFileSync(corpus.rootFile, 'utf8');
  // Warm-up: module load and the system trust store are one-off costs, not per file.
  analyzePfx(readFileSync(corpus.pfx.openssl3.file), { password: corpus.pfx.openssl3.password, fqdns: [CONNECTOR_FQDN], trustPem });

  const rows: string[] = [];
  let slower = 0;
  for (const name of ENCODINGS) {
    const e = corpus.pfx[name];
    const ours: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = analyzePfx(readFileSync(e.file), { password: e.password, fqdns: [CONNECTOR_FQDN], trustPem });
      ours.push(performance.now() - t);
      if (!r.certificate) throw new Error(`${name}: no verdict (${r.findings.map((f) => f.code).join(', ')})`);
    }
    const legacy = name === 'legacy' || name === 'nonAsciiLegacy' ? ' -legacy' : '';
    const cmd = `openssl pkcs12 -in '${e.file}' -passin env:TCW_BENCH_PW -nokeys${legacy} | openssl verify -CAfile '${corpus.rootFile}' -untrusted '${corpus.intermediateFile}'`;
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = spawnSync('/bin/sh', ['-c', cmd], { env: { ...process.env, TCW_BENCH_PW: e.password }, encoding: 'utf8' });
      theirs.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`${name}: openssl failed: ${r.stderr}`);
    }
    const a = median(ours);
    const b = median(theirs);
    if (a > b) slower++;
    rows.push(`${name.padEnd(16)} ${e.encoding.padEnd(52)} ${a.toFixed(1).padStart(8)} ms ${b.toFixed(1).padStart(9)} ms ${(b / a).toFixed(1).padStart(6)}×`);
  }
  console.log(`PFX verdict per file, median of ${RUNS} (ours in-process vs openssl pkcs12 | openssl verify)`);
  console.log(`${'file'.padEnd(16)} ${'encoding'.padEnd(52)} ${'ours'.padStart(11)} ${'openssl'.padStart(12)} ${'speedup'.padStart(7)}`);
  for (const r of rows) console.log(r);
  console.log(slower === 0 ? 'target met: ours is no slower than the OpenSSL CLI for any encoding' : `TARGET MISSED for ${slower} encoding(s)`);
}
