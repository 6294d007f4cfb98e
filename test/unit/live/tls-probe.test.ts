// TLS probe against servers on 127.0.0.1 presenting good and bad certificates and protocol settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import {
  certCorpus,
  POOL,
  NODES,
  SIP_DOMAIN,
  CONNECTOR_FQDN,
  type CertCorpus,
  type LeafName,
} from '../../support/cert-corpus.ts';
import { tlsProbe } from '../../../electron/services/live/tls-probe.ts';
import type { ProbeRequest, ProbeResult } from '../../../shared/api/wizard-api.ts';
import { InputError } from '../../../shared/model/input-error.ts';

let corpus: CertCorpus;
let trustPem: string;
const servers: (net.Server | tls.Server)[] = [];

before(() => {
  corpus = certCorpus();
  trustPem = readFileSync(corpus.rootFile, 'utf8');
});
after(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function listen(s: net.Server | tls.Server): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  // Servers in tests hold connections open; unref so a forgotten one cannot keep the run alive.
  s.unref();
  return port;
}

async function tlsServer(leaf: LeafName, o: { withChain?: boolean } & tls.TlsOptions = {}): Promise<number> {
  const { withChain = true, ...rest } = o;
  const cert =
    readFileSync(corpus.leaves[leaf].cert, 'utf8') + (withChain ? readFileSync(corpus.chains[leaf], 'utf8') : '');
  const s = tls.createServer({ key: readFileSync(corpus.leaves[leaf].key), cert, ...rest }, (c) => {
    c.on('error', () => {});
    c.end();
  });
  s.on('tlsClientError', () => {});
  return listen(s);
}

function nodeProbe(port: number, extra: Partial<ProbeRequest> = {}): Promise<ProbeResult> {
  return tlsProbe({
    host: '127.0.0.1',
    port,
    role: 'node',
    pool: POOL,
    nodes: NODES,
    nodeFqdns: [POOL],
    sipDomain: SIP_DOMAIN,
    trustPem,
    timeoutSeconds: 5,
    ...extra,
  });
}
function codes(r: ProbeResult): string[] {
  return r.findings.map((f) => f.code).sort();
}

test('a good node certificate with its chain passes; protocol and facts are captured', async () => {
  const port = await tlsServer('node');
  const r = await nodeProbe(port);
  assert.deepEqual(r.findings, []);
  assert.equal(r.protocol, 'TLSv1.3');
  assert.equal(r.certificate!.subject, `CN=${POOL}`);
  assert.deepEqual(r.certificate!.subjectAltNames, [POOL, ...NODES, SIP_DOMAIN]);
  assert.deepEqual(r.certificate!.extendedKeyUsages, ['serverAuth', 'clientAuth']);
  assert.equal(r.certificate!.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.ok(r.certificate!.chain.length >= 2);
});

test('node certificate with the wrong CN, missing SANs and serverAuth-only EKU → node codes', async () => {
  const port = await tlsServer('nodeBad');
  const r = await nodeProbe(port);
  assert.deepEqual(codes(r), ['node.cn-mismatch', 'node.eku-client-auth-missing', 'node.san-missing']);
  assert.ok(r.findings.every((f) => f.message.startsWith(`127.0.0.1:${port} presents:`)));
  assert.match(r.findings.find((f) => f.code === 'node.san-missing')!.message, /px02\.vc\.example\.com/);
});

test('expired certificate → node.expired', async () => {
  const port = await tlsServer('expired');
  const r = await nodeProbe(port);
  assert.ok(codes(r).includes('node.expired'), codes(r).join());
});

test('certificate from an untrusted root → node.untrusted-root', async () => {
  const port = await tlsServer('untrusted');
  const r = await nodeProbe(port);
  assert.ok(codes(r).includes('node.untrusted-root'), codes(r).join());
});

test('a server that does not send its intermediate → node.chain-incomplete', async () => {
  const port = await tlsServer('node', { withChain: false });
  const r = await nodeProbe(port);
  assert.deepEqual(codes(r), ['node.chain-incomplete']);
  assert.match(r.findings[0]!.message, /TCW Test Issuing CA 1/);
});

test('without --trust the private test root is not trusted', async () => {
  const port = await tlsServer('node');
  const r = await nodeProbe(port, { trustPem: undefined });
  assert.ok(
    codes(r).some((c) => c === 'node.chain-incomplete' || c === 'node.untrusted-root'),
    codes(r).join(),
  );
});

test('connector role uses the pfx.* codes: good, serverAuth-only, wrong FQDN', async () => {
  const good = await tlsServer('good');
  const connector = (port: number, fqdn = CONNECTOR_FQDN) =>
    tlsProbe({ host: '127.0.0.1', port, role: 'connector', fqdn, trustPem, timeoutSeconds: 5 });
  assert.deepEqual((await connector(good)).findings, []);
  const serverOnly = await tlsServer('serverOnly');
  assert.deepEqual(codes(await connector(serverOnly)), ['pfx.eku-client-auth-missing']);
  assert.deepEqual(codes(await connector(good, 'pexip-teamsconn-ap.teams.example.com')), ['pfx.name-mismatch']);
});

test('a TLS 1.3-only server → tls.no-tls12', async () => {
  const port = await tlsServer('node', { minVersion: 'TLSv1.3' });
  const r = await nodeProbe(port);
  assert.deepEqual(codes(r), ['tls.no-tls12']);
  assert.equal(r.findings[0]!.severity, 'error');
  assert.equal(r.protocol, 'TLSv1.3');
  assert.match(r.findings[0]!.message, /TLS 1\.2 only/);
});

test('a server accepting TLS 1.0 → tls.legacy-protocol warning', async () => {
  const port = await tlsServer('node', { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  const r = await nodeProbe(port);
  assert.deepEqual(codes(r), ['tls.legacy-protocol']);
  assert.equal(r.findings[0]!.severity, 'warning');
  assert.match(r.findings[0]!.message, /TLSv1(\.1)?\b/);
});

test('a closed port → tls.connect-failed with ECONNREFUSED', async () => {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  servers.splice(servers.indexOf(s), 1);
  const r = await nodeProbe(port);
  assert.deepEqual(codes(r), ['tls.connect-failed']);
  assert.match(r.findings[0]!.message, /ECONNREFUSED/);
  assert.equal(r.certificate, null);
});

test('a name that does not resolve → tls.connect-failed with ENOTFOUND (resolution stubbed, no traffic)', async () => {
  const lookup: net.LookupFunction = (hostname, _o, cb) => {
    const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    (cb as (err: NodeJS.ErrnoException) => void)(e);
  };
  const r = await tlsProbe(
    { host: 'px09.vc.example.com', port: 443, role: 'node', pool: POOL, timeoutSeconds: 2 },
    { lookup },
  );
  assert.deepEqual(codes(r), ['tls.connect-failed']);
  assert.match(r.findings[0]!.message, /ENOTFOUND/);
});

test('a server that never answers the handshake → tls.handshake-failed after the timeout, no hang', async () => {
  const sockets: net.Socket[] = [];
  const s = net.createServer((c) => void sockets.push(c));
  const port = await listen(s);
  const t0 = Date.now();
  const r = await nodeProbe(port, { timeoutSeconds: 0.5 });
  const took = Date.now() - t0;
  sockets.forEach((c) => c.destroy());
  assert.deepEqual(codes(r), ['tls.handshake-failed']);
  assert.match(r.findings[0]!.message, /timeout/);
  assert.ok(took >= 450 && took < 3000, `took ${took} ms`);
});

test('a plain-text service on the port → tls.handshake-failed saying it is not TLS', async () => {
  const s = net.createServer((c) => {
    c.on('error', () => {});
    c.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  const port = await listen(s);
  const r = await nodeProbe(port);
  assert.deepEqual(codes(r), ['tls.handshake-failed']);
});

test('cancelling stops the probe at once', async () => {
  const s = net.createServer(() => {});
  const port = await listen(s);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const t0 = Date.now();
  const r = await tlsProbe(
    { host: '127.0.0.1', port, role: 'node', pool: POOL, timeoutSeconds: 10 },
    { signal: ac.signal },
  );
  assert.ok(Date.now() - t0 < 2000);
  assert.match(r.findings[0]!.message, /cancelled/);
});

test('bad probe input is refused with a specific message', async () => {
  await assert.rejects(tlsProbe({ host: '127.0.0.1', port: 0, role: 'node', pool: POOL }), InputError);
  await assert.rejects(tlsProbe({ host: '127.0.0.1', port: 443, role: 'node' }), /--pool/);
  await assert.rejects(tlsProbe({ host: '127.0.0.1', port: 443, role: 'connector' }), /--fqdn/);
  await assert.rejects(tlsProbe({ host: '', port: 443, role: 'node', pool: POOL }), InputError);
  await assert.rejects(
    tlsProbe({ host: '127.0.0.1', port: 443, role: 'node', pool: POOL, timeoutSeconds: -1 }),
    /timeout/,
  );
});

test('with a DNS server given, the probe reaches the address that server gives (the Verify step asks the same server for DNS and TLS)', async () => {
  const { startDnsServer } = await import('../../support/dns-server.ts');
  const { liveBackend } = await import('../../../electron/services/live/live-backend.ts');
  const port = await tlsServer('good');
  // A name only the test server knows: the system resolver cannot find it, the chosen server can.
  const host = 'probe-target.tcw-test.invalid';
  const dns = await startDnsServer({ [host]: { A: ['127.0.0.1'] } });
  try {
    const op = { signal: new AbortController().signal, progress: () => undefined };
    const r = await liveBackend.tlsProbe(
      {
        host,
        port,
        role: 'connector',
        fqdn: CONNECTOR_FQDN,
        servername: CONNECTOR_FQDN,
        trustPem,
        timeoutSeconds: 5,
        resolver: dns.address,
      },
      op,
    );
    assert.ok(r.protocol, `connected through the chosen resolver: ${JSON.stringify(r.findings.map((f) => f.message))}`);
    assert.ok(dns.queries > 0, 'the chosen DNS server was asked');
    const without = await liveBackend.tlsProbe(
      { host, port, role: 'connector', fqdn: CONNECTOR_FQDN, servername: CONNECTOR_FQDN, trustPem, timeoutSeconds: 5 },
      op,
    );
    assert.equal(without.protocol, null, 'the system resolver does not know the name');
  } finally {
    await dns.close();
  }
});
