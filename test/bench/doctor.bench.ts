// `tcw doctor` wall time against the emulator with 100 ms injected latency per ARM request, and the
// number of sequential ARM request waves (target: 1 per run, all regions together). The outside
// checks run against loopback: the DNS test server and a TLS server presenting the corpus's
// connector certificate. A change (dry run, then applied) is measured the same way. The emulator's
// TLS needs NODE_EXTRA_CA_CERTS at process start, so bench() runs the measurement in a child process.
import { runInEmulatorChild } from './emulator-child.ts';

const CHILD_FLAG = '--doctor-bench-child';
const LATENCY_MS = 100;
const ROUNDS = 5;

export async function bench(): Promise<void> {
  runInEmulatorChild(import.meta.url, CHILD_FLAG, 'doctor');
}

async function child(): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const tls = await import('node:tls');
  const { readCa } = await import('../support/azure-emulator/ca.ts');
  const { startAzureEmulator, countWaves } = await import('../support/azure-emulator/emulator.ts');
  const { installDeployment, seedDeployment } = await import('../support/azure-emulator/deployment.ts');
  const { startDnsServer } = await import('../support/dns-server.ts');
  const { certCorpus } = await import('../support/cert-corpus.ts');
  const { resolveEndpoints } = await import('../../electron/services/azure/clouds.ts');
  const { createCredentials } = await import('../../electron/services/azure/credentials.ts');
  const { runDoctor, maintain } = await import('../../electron/services/doctor/run-doctor.ts');
  const { expectedDnsRecords } = await import('../../shared/live/expected-dns.ts');
  const { exampleProject, exampleRegion } = await import('../../shared/model/example.ts');

  const emu = await startAzureEmulator(readCa(process.env.TCW_AZURE_EMULATOR_CA_DIR!));
  const dep = installDeployment(emu);
  const project = exampleProject();
  // Two regions, as a multi-region tenant has them: both are read in the same wave.
  project.regions.push(
    exampleRegion({
      PxVmssRegion: 'us',
      PxAzureLocation: 'eastus',
      PxTeamsConnFqdn: 'pexip-teamsconn-us.teams.example.com',
    }),
  );
  for (const r of project.regions) seedDeployment(emu, dep, r);
  const zone: Record<
    string,
    { A?: string[]; SRV?: { priority: number; weight: number; port: number; target: string }[] }
  > = {};
  for (const region of project.regions) {
    for (const r of expectedDnsRecords(project, region, '127.0.0.1'))
      zone[r.name] = r.type === 'A' ? { A: r.addresses ?? ['127.0.0.1'] } : { SRV: r.targets };
  }
  const dns = await startDnsServer(zone);
  const corpus = certCorpus();
  const server = tls.createServer(
    {
      key: readFileSync(corpus.leaves.good.key),
      cert: readFileSync(corpus.leaves.good.cert, 'utf8') + readFileSync(corpus.chains.good, 'utf8'),
    },
    (c) => {
      c.on('error', () => {});
      c.end();
    },
  );
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;

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
  const opts = {
    resolver: dns.address,
    connectorPort: port,
    probeNodes: false,
    trustPem: readFileSync(corpus.rootFile, 'utf8'),
  };

  type Row = { op: string; ms: number; requests: number; waves: number };
  const measure = async (op: string, fn: () => Promise<unknown>): Promise<Row> => {
    emu.requests.splice(0);
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    const arm = emu.requests.filter((r) => r.listener === 'arm');
    return { op, ms, requests: arm.length, waves: countWaves(arm) };
  };
  emu.latencyMs = LATENCY_MS;
  const rows: Row[][] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    dep.scaleSets.forEach((s) => {
      s.capacity = 3;
      s.instances.splice(3);
    });
    rows.push([
      await measure('doctor, 1 region', () => runDoctor(ctx, project, { ...opts, region: 'eu' })),
      await measure('doctor, 2 regions', () => runDoctor(ctx, project, opts)),
      await measure('scale: dry run', () =>
        maintain(ctx, { project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: true }),
      ),
      await measure('scale: applied', () =>
        maintain(ctx, { project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: false }),
      ),
      await measure('RDP rule: applied', () =>
        maintain(ctx, {
          project,
          region: 'eu',
          change: { kind: 'management', prefixes: ['192.0.2.10'] },
          dryRun: false,
        }),
      ),
    ]);
  }
  await emu.close();
  await dns.close();
  await new Promise<void>((r) => server.close(() => r()));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `emulator latency ${LATENCY_MS} ms per ARM request, pre-obtained token, DNS + TLS on loopback, median of ${ROUNDS} rounds`,
  );
  console.log(
    `${'operation'.padEnd(22)} ${'wall ms'.padStart(8)} ${'ARM requests'.padStart(13)} ${'waves'.padStart(6)}`,
  );
  for (let k = 0; k < rows[0]!.length; k += 1) {
    const col = rows.map((r) => r[k]!);
    console.log(
      `${col[0]!.op.padEnd(22)} ${median(col.map((c) => c.ms))
        .toFixed(0)
        .padStart(
          8,
        )} ${String(col[0]!.requests).padStart(13)} ${String(Math.max(...col.map((c) => c.waves))).padStart(6)}`,
    );
  }
  const worst = Math.max(...rows.map((r) => Math.max(r[0]!.waves, r[1]!.waves)));
  console.log(`doctor: ${worst} ARM wave(s) per run (target 1) ${worst <= 1 ? 'OK' : 'OVER TARGET'}`);
}

if (process.argv.includes(CHILD_FLAG)) await child();
