// kill -9 at random instants during a large `tcw generate --include-secrets` over an existing folder:
// after each kill, what the next run finds (once it has recovered) is exactly the old set or the new
// set, never a mix; after a normal run nothing is left over (no staging, journal, lock or secret).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleProject, exampleRegion } from '../../../shared/model/example.ts';
import { recoverOutputFolder, STATE_DIR } from '../../../electron/services/files/output-folder.ts';

const TCW = fileURLToPath(new URL('../../../bin/tcw.js', import.meta.url));
const KILLS = 12;
const REGIONS = 50;
const PASSWORD = 'Crash-Test-Pw!2026x';
const env = { ...process.env, TCW_CRASH_PW: PASSWORD };

type Snap = Record<string, string>;

/** Every file (content and mode) under dir, the writer's own folder left out. */
function snapshot(dir: string): Snap {
  const out: Snap = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (rel === '' && e.name === STATE_DIR) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else out[rel + e.name] = `${(statSync(p).mode & 0o777).toString(8)} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(dir, '');
  return out;
}

function project(instances: string, regions: number): string {
  const p = exampleProject();
  p.app.appId = '0f6e5a7c-1d2b-4c3a-9e8f-7a6b5c4d3e2f';
  p.regions = Array.from({ length: regions }, (_, i) =>
    exampleRegion({
      PxVmssRegion: `r${i}`,
      PxTeamsConnFqdn: `pexip-teamsconn-r${i}.teams.example.com`,
      PxTeamsConnInstanceCount: instances,
    }),
  );
  return JSON.stringify(p);
}

const args = (input: string, out: string) => [
  TCW,
  'generate',
  input,
  '--out',
  out,
  '--include-secrets',
  '--admin-password-env',
  'TCW_CRASH_PW',
];

function generate(input: string, out: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args(input, out), { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return performance.now() - t0;
}

function killedRun(input: string, out: string, afterMs: number): Promise<void> {
  return new Promise((resolveDone) => {
    const child = spawn(process.execPath, args(input, out), { env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolveDone();
    });
  });
}

test(
  `${KILLS} × kill -9 during generate of ${REGIONS} regions over an existing folder: always the old or the new set, nothing left over`,
  { timeout: 120_000 },
  async () => {
    const work = mkdtempSync(join(tmpdir(), 'tcw-crash-'));
    // Two projects whose sets differ in content and in files (B has one region more).
    const inputs = { A: join(work, 'a.json'), B: join(work, 'b.json') };
    writeFileSync(inputs.A, project('3', REGIONS));
    writeFileSync(inputs.B, project('4', REGIONS + 1));
    const ref = {
      A: snapshot((generate(inputs.A, join(work, 'refA')), join(work, 'refA'))),
      B: snapshot((generate(inputs.B, join(work, 'refB')), join(work, 'refB'))),
    };
    assert.ok(Object.keys(ref.B).length > 200);

    const out = join(work, 'out');
    const full = generate(inputs.A, out);
    let current = snapshot(out);
    assert.deepEqual(current, ref.A);
    const outcomes = { old: 0, new: 0 };
    for (let k = 0; k < KILLS; k++) {
      const next: 'A' | 'B' = k % 2 === 0 ? 'B' : 'A';
      // Random instants over the run, start-up excluded less often than not.
      await killedRun(inputs[next], out, full * (0.15 + Math.random() * 0.95));
      await recoverOutputFolder(out); // what the next run does first
      const after = snapshot(out);
      const newer = { ...current, ...ref[next] };
      if (JSON.stringify(after) === JSON.stringify(current)) outcomes.old++;
      else {
        assert.deepEqual(after, newer, `kill ${k + 1}: the folder is neither the old set nor the new set`);
        outcomes.new++;
      }
      current = after;
      assert.deepEqual(
        readdirSync(join(out, STATE_DIR)).filter((n) => n !== 'manifest.json'),
        [],
        `kill ${k + 1}: recovery left something`,
      );
    }
    // A normal run afterwards: the new set, and nothing else anywhere.
    generate(inputs.B, out);
    assert.deepEqual(snapshot(out), { ...current, ...ref.B });
    assert.deepEqual(readdirSync(join(out, STATE_DIR)), ['manifest.json']);
    assert.deepEqual(readdirSync(work).sort(), ['a.json', 'b.json', 'out', 'refA', 'refB']);
    // The password is only where it belongs: in the 0600 scripts of the set.
    const holders = Object.entries(snapshot(out)).filter(([, v]) => v.includes(PASSWORD));
    assert.ok(holders.length > 0 && holders.every(([, v]) => v.startsWith('600 ')));
    console.log(
      `# ${KILLS} kills: ${outcomes.old} left the old set, ${outcomes.new} the new set (full run ${full.toFixed(0)} ms)`,
    );
  },
);
