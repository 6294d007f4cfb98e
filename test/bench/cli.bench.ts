// `npm run bench cli`: how fast `tcw` starts, side by side with what runs beside it in a script.
// Every figure is a whole process, spawned the same way (spawnSync, wall clock, median of
// alternating runs so all rows see the same machine load):
//   node -e 0                       Node's own empty start (the floor)
//   tcw --help                      target ≤ 2 × node -e 0
//   tcw validate PROJECT            the example project
//   tcw cert pfx ONE.pfx            target ≤ 150 ms
//   tcw cert pfx FIVE…              five PFX files in one run, target ≤ 2 × the OpenSSL pipeline
//   openssl pipeline × 5            `openssl pkcs12 -nokeys | openssl verify` per file, same files
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { certCorpus, CONNECTOR_FQDN, type PfxName } from '../support/cert-corpus.ts';
import { exampleProject } from '../../shared/model/example.ts';

const RUNS = Number(process.env.TCW_BENCH_RUNS ?? 11);
const PW_ENV = 'TCW_BENCH_PW';
const TCW = fileURLToPath(new URL('../../bin/tcw.js', import.meta.url));
const FIVE: PfxName[] = ['openssl3', 'legacy', 'win3des', 'winAes', 'sha512mac'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Row {
  name: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  ok: (status: number | null) => boolean;
}

interface Sample {
  wall: number;
  cpu: number;
}

/** Wall and CPU (user + system of the command and its children, from bash's `time`), ms. */
function once(row: Row): Sample {
  const cmd = [row.cmd, ...row.args].map(q).join(' ');
  const r = spawnSync('/bin/bash', ['-c', `TIMEFORMAT='%3R %3U %3S'; time ${cmd} >/dev/null 2>&3`], {
    env: { ...process.env, ...row.env },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (!row.ok(r.status)) throw new Error(`${row.name}: exit ${r.status}: ${String(r.output[3] ?? '')}`);
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(String(r.stderr));
  if (!m) throw new Error(`${row.name}: no timing from bash: ${String(r.stderr)}`);
  return { wall: Number(m[1]) * 1000, cpu: (Number(m[2]) + Number(m[3])) * 1000 };
}

export async function bench(): Promise<void> {
  const corpus = certCorpus(`bench-${process.pid}`);
  const work = mkdtempSync(join(tmpdir(), 'tcw-bench-cli-'));
  const project = join(work, 'project.json');
  writeFileSync(project, JSON.stringify(exampleProject(), null, 2));
  const pw = corpus.pfx.openssl3.password;
  for (const n of FIVE)
    if (corpus.pfx[n].password !== pw) throw new Error(`${n}: the five files must share one password`);
  const files = FIVE.map((n) => corpus.pfx[n].file);
  const env = { [PW_ENV]: pw };
  const certArgs = ['--fqdn', CONNECTOR_FQDN, '--password-env', PW_ENV, '--trust', corpus.rootFile];
  const pipeline = FIVE.map((n) => {
    const legacy = n === 'legacy' ? ' -legacy' : '';
    return `openssl pkcs12 -in ${q(corpus.pfx[n].file)} -passin env:${PW_ENV} -nokeys${legacy} | openssl verify -CAfile ${q(corpus.rootFile)} -untrusted ${q(corpus.intermediateFile)} >/dev/null`;
  });
  const zero = (s: number | null) => s === 0;
  const rows: Row[] = [
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], ok: zero },
    { name: 'tcw --help', cmd: process.execPath, args: [TCW, '--help'], ok: zero },
    { name: 'tcw validate (example)', cmd: process.execPath, args: [TCW, 'validate', project], ok: zero },
    {
      name: 'tcw cert pfx (1 file)',
      cmd: process.execPath,
      args: [TCW, 'cert', 'pfx', files[0]!, ...certArgs],
      env,
      ok: zero,
    },
    {
      name: 'openssl pipeline (1 file)',
      cmd: '/bin/bash',
      args: ['-c', `set -o pipefail; ${pipeline[0]}`],
      env,
      ok: zero,
    },
    {
      name: 'tcw cert pfx (5 files)',
      cmd: process.execPath,
      args: [TCW, 'cert', 'pfx', ...files, ...certArgs],
      env,
      ok: zero,
    },
    {
      name: 'openssl pipeline (5 files)',
      cmd: '/bin/bash',
      args: ['-c', `set -o pipefail; ${pipeline.join(' && ')}`],
      env,
      ok: zero,
    },
  ];
  // One warm-up each (disk cache, and a first-run build of the CLI bundle when it is missing).
  for (const r of rows) once(r);
  const samples = new Map<string, Sample[]>(rows.map((r) => [r.name, []]));
  for (let i = 0; i < RUNS; i++) for (const r of rows) samples.get(r.name)!.push(once(r));
  const med = new Map([...samples].map(([k, v]) => [k, median(v.map((s) => s.wall))]));
  const cpu = new Map([...samples].map(([k, v]) => [k, median(v.map((s) => s.cpu))]));
  const node = med.get('node -e 0')!;
  console.log(
    `Whole process, median of ${RUNS} alternating runs, ms (node ${process.version}). CPU = user + system, children included:`,
  );
  console.log(`the machine's load shows in wall time; CPU time is what the command itself costs.`);
  console.log(
    `  ${'command'.padEnd(28)} ${'wall'.padStart(7)}   ${'× node'.padStart(6)}   ${'cpu'.padStart(7)}   ${'× node'.padStart(6)}`,
  );
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(28)} ${med.get(r.name)!.toFixed(1).padStart(7)}   ${(med.get(r.name)! / node).toFixed(1).padStart(6)}   ${cpu.get(r.name)!.toFixed(1).padStart(7)}   ${(cpu.get(r.name)! / cpu.get('node -e 0')!).toFixed(1).padStart(6)}`,
    );
  }
  const help = med.get('tcw --help')!;
  const one = med.get('tcw cert pfx (1 file)')!;
  const five = med.get('tcw cert pfx (5 files)')!;
  const ssl5 = med.get('openssl pipeline (5 files)')!;
  const verdicts = [
    [`tcw --help ≤ 2 × node -e 0`, help <= 2 * node, `${(help / node).toFixed(2)} ×`],
    [
      `tcw cert pfx of one file ≤ 150 ms (wall)`,
      one <= 150,
      `${one.toFixed(0)} ms wall, ${cpu.get('tcw cert pfx (1 file)')!.toFixed(0)} ms CPU`,
    ],
    [`five files ≤ 2 × the OpenSSL pipeline`, five <= 2 * ssl5, `${(five / ssl5).toFixed(2)} ×`],
  ] as const;
  for (const [what, met, figure] of verdicts)
    console.log(`  ${met ? 'target met   ' : 'TARGET MISSED'}  ${what}: ${figure}`);
}
