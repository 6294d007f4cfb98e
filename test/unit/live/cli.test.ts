// `tcw dns check` and `tcw probe` run in-process against loopback servers: output, JSON and exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import net from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../electron/cli/main.ts';
import type { CliIo } from '../../../electron/cli/io.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { startDnsServer, exampleZone, type TestDnsServer } from '../../support/dns-server.ts';
import { certCorpus, type CertCorpus } from '../../support/cert-corpus.ts';

let dns: TestDnsServer;
let dir: string;
let corpus: CertCorpus;
const tlsServers: tls.Server[] = [];

before(async () => {
  dns = await startDnsServer(exampleZone('20.50.60.70'));
  dir = mkdtempSync(join(tmpdir(), 'tcw-live-cli-'));
  writeFileSync(join(dir, 'project.json'), JSON.stringify(exampleProject()));
  writeFileSync(join(dir, 'broken.json'), '{"format": "tcw-project/1"');
  corpus = certCorpus();
});
after(async () => {
  await dns.close();
  await Promise.all(tlsServers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function tcw(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: {},
    cwd: dir,
    interactive: false,
  };
  const code = await main(args, io);
  return { code, out, err };
}

async function tlsServer(leaf: 'node' | 'nodeBad'): Promise<number> {
  const s = tls.createServer(
    {
      key: readFileSync(corpus.leaves[leaf].key),
      cert: readFileSync(corpus.leaves[leaf].cert, 'utf8') + readFileSync(corpus.chains[leaf], 'utf8'),
    },
    (c) => c.end(),
  );
  tlsServers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  s.unref();
  return (s.address() as net.AddressInfo).port;
}

test('tcw dns check on a correct zone: checklist, exit 0', async () => {
  dns.setZone(exampleZone('20.50.60.70'));
  const r = await tcw('dns', 'check', 'project.json', '--resolver', dns.address, '--expect-ip', '20.50.60.70');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /✔ A {4}pexip-teamsconn-eu\.teams\.example\.com +20\.50\.60\.70/);
  assert.match(r.out, /15 records: 15 ok, 0 with warnings, 0 failing\./);
  assert.doesNotMatch(r.out, /✖/);
});

test('tcw dns check on a broken zone: red line with its fix, exit 1; --json has the findings', async () => {
  const z = exampleZone('20.50.60.70');
  delete z['px02.vc.example.com'];
  dns.setZone(z);
  const r = await tcw(
    'dns',
    'check',
    'project.json',
    '--region',
    'eu',
    '--resolver',
    dns.address,
    '--expect-ip',
    '20.50.60.70',
  );
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    /✖ A {4}px02\.vc\.example\.com +not found \(expected 198\.51\.100\.41\)\n {7}✖ dns\.missing: .*Create it: px02\.vc\.example\.com\. 86400 IN A 198\.51\.100\.41/,
  );
  const j = await tcw(
    'dns',
    'check',
    'project.json',
    '--resolver',
    dns.address,
    '--expect-ip',
    '20.50.60.70',
    '--json',
  );
  assert.equal(j.code, 1);
  const parsed = JSON.parse(j.out) as { findings: { code: string }[]; records: unknown[] };
  assert.deepEqual(
    parsed.findings.map((f) => f.code),
    ['dns.missing'],
  );
  assert.equal(parsed.records.length, 25);
});

test('tcw dns usage and input errors exit 2 with a specific message', async () => {
  assert.equal((await tcw('dns')).code, 2);
  assert.equal((await tcw('dns', 'verify', 'project.json')).code, 2);
  let r = await tcw('dns', 'check', 'missing.json');
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read the project file .*missing\.json: ENOENT/);
  r = await tcw('dns', 'check', 'broken.json');
  assert.equal(r.code, 2);
  assert.match(r.err, /not valid JSON/);
  r = await tcw('dns', 'check', 'project.json', '--region', 'us', '--resolver', dns.address);
  assert.equal(r.code, 2);
  assert.match(r.err, /no region "us"/);
  r = await tcw('dns', 'check', 'project.json', '--resolver', 'resolver.example.com');
  assert.equal(r.code, 2);
  assert.match(r.err, /IP address/);
  assert.equal((await tcw('dns', '--help')).code, 0);
});

test('tcw probe of a good node: all green, exit 0', async () => {
  const port = await tlsServer('node');
  const r = await tcw(
    'probe',
    `127.0.0.1:${port}`,
    '--role',
    'node',
    '--pool',
    'px.vc.example.com',
    '--node',
    'px01.vc.example.com',
    '--node',
    'px02.vc.example.com',
    '--node-fqdns',
    'px.vc.example.com',
    '--sip-domain',
    'vc.example.com',
    '--trust',
    corpus.rootFile,
    '--timeout',
    '5',
  );
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /✔ TLS handshake \(TLSv1\.3\)/);
  assert.match(r.out, /All checks passed\./);
});

test('tcw probe of a bad node: red lines with fixes, exit 1; --json', async () => {
  const port = await tlsServer('nodeBad');
  const args = [
    'probe',
    `127.0.0.1:${port}`,
    '--role',
    'node',
    '--pool',
    'px.vc.example.com',
    '--node',
    'px01.vc.example.com,px02.vc.example.com',
    '--trust',
    corpus.rootFile,
  ];
  const r = await tcw(...args);
  assert.equal(r.code, 1);
  assert.match(r.out, /✖ Certificate names\n {4}✖ node\.cn-mismatch: /);
  const j = await tcw(...args, '--json');
  const parsed = JSON.parse(j.out) as { findings: { code: string }[]; protocol: string };
  assert.deepEqual(parsed.findings.map((f) => f.code).sort(), [
    'node.cn-mismatch',
    'node.eku-client-auth-missing',
    'node.san-missing',
  ]);
  assert.equal(parsed.protocol, 'TLSv1.3');
});

test('tcw probe usage errors exit 2', async () => {
  assert.equal((await tcw('probe', '127.0.0.1:443')).code, 2);
  assert.equal((await tcw('probe', '127.0.0.1:443', '--role', 'node', '--pool', 'p.example.com')).code, 2);
  assert.equal((await tcw('probe', '127.0.0.1:99999', '--role', 'connector', '--fqdn', 'c.example.com')).code, 2);
  assert.equal(
    (await tcw('probe', '127.0.0.1', '--role', 'connector', '--fqdn', 'c.example.com', '--timeout', 'soon')).code,
    2,
  );
  const r = await tcw('probe', '127.0.0.1', '--role', 'connector', '--fqdn', 'c.example.com', '--trust', 'nope.pem');
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read the trust file/);
  assert.equal((await tcw('probe', '--help')).code, 0);
});
