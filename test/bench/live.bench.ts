// Live checks: a full region DNS check (25 record rows, 15 queries) against our loopback DNS server,
// and a complete TLS probe (3 handshakes + judging) of a loopback node. Prints medians.
import tls from 'node:tls';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startDnsServer, exampleZone } from '../support/dns-server.ts';
import { certCorpus } from '../support/cert-corpus.ts';
import { checkRegionDns } from '../../electron/services/live/dns-check.ts';
import { tlsProbe } from '../../electron/services/live/tls-probe.ts';
import { exampleProject } from '../../shared/model/example.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; min: number; max: number }> {
  await fn(); // warm-up (JIT, root store parsing)
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return { median: median(t), min: Math.min(...t), max: Math.max(...t) };
}

const fmt = (r: { median: number; min: number; max: number }) =>
  `median ${r.median.toFixed(1)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`;

export async function bench(): Promise<void> {
  const dns = await startDnsServer(exampleZone('20.50.60.70'));
  const project = exampleProject();
  try {
    const r = await time(50, async () => {
      const res = await checkRegionDns(project, { region: 'eu', resolver: dns.address, expectIp: '20.50.60.70' });
      if (res.findings.length) throw new Error(`bench zone should be clean: ${res.findings[0]!.code}`);
    });
    console.log(`dns check, full region (15 queries, 25 rows), loopback server: ${fmt(r)}`);
  } finally {
    await dns.close();
  }

  const corpus = certCorpus(`bench-${process.pid}`);
  const server = tls.createServer(
    {
      key: readFileSync(corpus.leaves.node.key),
      cert: readFileSync(corpus.leaves.node.cert, 'utf8') + readFileSync(corpus.chains.node, 'utf8'),
    },
    (c) => c.end(),
  );
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const trustPem = readFileSync(corpus.rootFile, 'utf8');
  try {
    const r = await time(30, async () => {
      const res = await tlsProbe({
        host: '127.0.0.1',
        port,
        role: 'node',
        pool: 'px.vc.example.com',
        nodes: ['px01.vc.example.com', 'px02.vc.example.com'],
        nodeFqdns: [],
        sipDomain: 'vc.example.com',
        trustPem,
      });
      if (res.findings.length) throw new Error(`bench node should be clean: ${res.findings[0]!.code}`);
    });
    console.log(`tls probe of a node (3 handshakes + chain judging), loopback: ${fmt(r)}`);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
