// Preflight + prepare wall time against the emulator with 100 ms injected latency per request, and
// the number of sequential request waves. Target: preflight + prepare ≤ 3 waves in all, with prepare
// given what the preflight of the same session read about the static group (as the app does);
// a stand-alone prepare, which reads the group first, is shown as well. The emulator's TLS needs
// NODE_EXTRA_CA_CERTS at process start, so bench() runs the measurement in a child process.
import { runInEmulatorChild } from './emulator-child.ts';

const CHILD_FLAG = '--azure-bench-child';
const LATENCY_MS = 100;
const ROUNDS = 3;

export async function bench(): Promise<void> {
  runInEmulatorChild(import.meta.url, CHILD_FLAG, 'azure');
}

async function child(): Promise<void> {
  const { readCa } = await import('../support/azure-emulator/ca.ts');
  const { startAzureEmulator, countWaves, defaultState } = await import('../support/azure-emulator/emulator.ts');
  const { resolveEndpoints } = await import('../../electron/services/azure/clouds.ts');
  const { createCredentials } = await import('../../electron/services/azure/credentials.ts');
  const { preflightWithSnapshot, prepare } = await import('../../electron/services/azure/azure-layer.ts');
  const { exampleProject } = await import('../../shared/model/example.ts');

  const emu = await startAzureEmulator(readCa(process.env.TCW_AZURE_EMULATOR_CA_DIR!));
  const owner = emu.state.users[0]!.id;
  const endpoints = resolveEndpoints({
    armEndpoint: emu.urls.arm,
    graphEndpoint: emu.urls.graph,
    authorityHost: emu.urls.login,
  });
  const ctx = {
    endpoints,
    credentials: createCredentials({
      method: 'token',
      endpoints,
      armToken: emu.issueToken(owner, 'arm'),
      graphToken: emu.issueToken(owner, 'graph'),
    }),
  };
  const project = exampleProject();
  const req = { project, region: 'eu' };
  type Row = { op: string; ms: number; requests: number; waves: number };
  const rows: Row[][] = [];
  const measure = async (op: string, fn: () => Promise<unknown>): Promise<Row> => {
    emu.requests.splice(0);
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    return { op, ms, requests: emu.requests.length, waves: countWaves(emu.requests) };
  };
  emu.latencyMs = LATENCY_MS;
  for (let i = 0; i < ROUNDS; i += 1) {
    Object.assign(emu.state, defaultState());
    const t0 = performance.now();
    let snap: Awaited<ReturnType<typeof preflightWithSnapshot>>['staticGroup'];
    const pf = await measure('preflight', async () => {
      snap = (await preflightWithSnapshot(ctx, req)).staticGroup;
    });
    const pr = await measure('prepare (new group + Owner)', () =>
      prepare(ctx, { ...req, owner: { upn: 'alice@contoso.com' }, dryRun: false }, { knownStaticGroup: snap }),
    );
    const total = performance.now() - t0;
    const again = await measure('prepare re-run (no change)', () =>
      prepare(ctx, { ...req, owner: { upn: 'alice@contoso.com' }, dryRun: false }),
    );
    Object.assign(emu.state, defaultState());
    const alone = await measure('stand-alone prepare (new)', () =>
      prepare(ctx, { ...req, owner: { upn: 'alice@contoso.com' }, dryRun: false }),
    );
    rows.push([
      pf,
      pr,
      { op: 'preflight + prepare', ms: total, requests: pf.requests + pr.requests, waves: pf.waves + pr.waves },
      again,
      alone,
    ]);
  }
  await emu.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`emulator latency ${LATENCY_MS} ms per request, pre-obtained tokens, median of ${ROUNDS} rounds`);
  console.log(`${'operation'.padEnd(30)} ${'wall ms'.padStart(8)} ${'requests'.padStart(9)} ${'waves'.padStart(6)}`);
  for (let k = 0; k < rows[0]!.length; k += 1) {
    const col = rows.map((r) => r[k]!);
    console.log(
      `${col[0]!.op.padEnd(30)} ${median(col.map((c) => c.ms))
        .toFixed(0)
        .padStart(8)} ${String(col[0]!.requests).padStart(9)} ${String(col[0]!.waves).padStart(6)}`,
    );
  }
  const worst = Math.max(...rows.map((r) => r[2]!.waves));
  console.log(
    `preflight + prepare: ${worst} sequential waves in all (target ≤ 3) ${worst <= 3 ? 'OK' : 'OVER TARGET'}`,
  );
}

if (process.argv.includes(CHILD_FLAG)) await child();
