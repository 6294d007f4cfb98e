// DNS verification against our own DNS server on 127.0.0.1 with correct and broken zones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDnsServer, exampleZone, type TestDnsServer, type Zone } from '../../support/dns-server.ts';
import { checkRegionDns, parseResolverAddress } from '../../../electron/services/live/dns-check.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { expectedDnsRecords } from '../../../shared/live/expected-dns.ts';
import { compareDns, lookupKey, parentDomain, type LookupOutcome } from '../../../shared/live/compare-dns.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import type { DnsCheckResult } from '../../../shared/api/wizard-api.ts';
import { InputError } from '../../../shared/model/input-error.ts';

const CONNECTOR_IP = '20.50.60.70';
let server: TestDnsServer;

before(async () => {
  server = await startDnsServer(exampleZone(CONNECTOR_IP));
});
after(async () => {
  await server.close();
});

async function check(
  zone: Zone,
  expectIp: string | null = CONNECTOR_IP,
  project = exampleProject(),
): Promise<DnsCheckResult> {
  server.setZone(zone);
  return checkRegionDns(
    project,
    { region: 'eu', resolver: server.address, expectIp: expectIp ?? undefined },
    { timeoutMs: 300, tries: 1 },
  );
}

function codes(r: { findings: Finding[] }, severity?: Finding['severity']): string[] {
  return r.findings.filter((f) => !severity || f.severity === severity).map((f) => f.code);
}
function only(r: DnsCheckResult, code: string): Finding {
  const hits = r.findings.filter((f) => f.code === code);
  assert.equal(hits.length, 1, `expected one ${code}, got ${JSON.stringify(r.findings, null, 1)}`);
  return hits[0]!;
}

test('a correct zone passes with every record green', async () => {
  const r = await check(exampleZone(CONNECTOR_IP));
  assert.deepEqual(r.findings, []);
  // connector + 2 nodes + pool, 5 SRV sets × 2 domains × 2 nodes, one federation SRV
  assert.equal(r.records.length, 4 + 20 + 1);
  assert.ok(
    r.records.every((x) => x.status === 'ok'),
    JSON.stringify(r.records.filter((x) => x.status !== 'ok')),
  );
  const conn = r.records.find((x) => x.name === 'pexip-teamsconn-eu.teams.example.com')!;
  assert.deepEqual(conn.found, [CONNECTOR_IP]);
});

test('without a known public IP the connector record is only checked for existing (info)', async () => {
  const r = await check(exampleZone(CONNECTOR_IP), null);
  assert.deepEqual(codes(r), ['dns.expected-unknown']);
  assert.equal(r.findings[0]!.severity, 'info');
});

test('missing connector A record → dns.missing naming the record and the line to create', async () => {
  const z = exampleZone(CONNECTOR_IP);
  delete z['pexip-teamsconn-eu.teams.example.com'];
  const r = await check(z);
  const f = only(r, 'dns.missing');
  assert.equal(f.severity, 'error');
  assert.equal(f.field, 'PxTeamsConnFqdn');
  assert.equal(f.region, 'eu');
  assert.match(f.message, /pexip-teamsconn-eu\.teams\.example\.com\. 3600 IN A 20\.50\.60\.70/);
});

test('connector A record with the wrong address → dns.mismatch', async () => {
  const r = await check({ ...exampleZone(CONNECTOR_IP), 'pexip-teamsconn-eu.teams.example.com': { A: ['20.9.9.9'] } });
  const f = only(r, 'dns.mismatch');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /points at 20\.9\.9\.9 but must point at 20\.50\.60\.70/);
  assert.equal(r.records.find((x) => x.name.startsWith('pexip-teamsconn'))!.status, 'error');
});

test('connector A record with an extra address → dns.unexpected error; extra node address → warning', async () => {
  const r = await check({
    ...exampleZone(CONNECTOR_IP),
    'pexip-teamsconn-eu.teams.example.com': { A: [CONNECTOR_IP, '20.9.9.9'] },
    'px02.vc.example.com': { A: ['198.51.100.41', '198.51.100.99'] },
  });
  const un = r.findings.filter((f) => f.code === 'dns.unexpected');
  assert.equal(un.length, 2);
  assert.equal(un.find((f) => f.message.includes('pexip-teamsconn'))!.severity, 'error');
  assert.equal(un.find((f) => f.message.includes('px02'))!.severity, 'warning');
});

test('missing node A record and a pool lacking one node → dns.missing each', async () => {
  const z = exampleZone(CONNECTOR_IP);
  delete z['px01.vc.example.com'];
  z['px.vc.example.com'] = { A: ['198.51.100.40'] };
  const r = await check(z);
  const missing = r.findings.filter((f) => f.code === 'dns.missing');
  assert.equal(missing.length, 2);
  assert.ok(missing.some((f) => /A record px01\.vc\.example\.com .*does not exist/.test(f.message)));
  assert.ok(missing.some((f) => /px\.vc\.example\.com .*lacks 198\.51\.100\.41/.test(f.message)));
});

test('wrong SRV port → dns.mismatch error naming record and port', async () => {
  const z = exampleZone(CONNECTOR_IP);
  z['_sips._tcp.vc.example.com'] = {
    SRV: [
      { priority: 10, weight: 10, port: 5062, target: 'px01.vc.example.com' },
      { priority: 10, weight: 10, port: 5061, target: 'px02.vc.example.com' },
    ],
  };
  const r = await check(z);
  const f = only(r, 'dns.mismatch');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /_sips\._tcp\.vc\.example\.com .*port 5062.*needs port 5061/);
});

test('SRV priority/weight differences are warnings, not errors', async () => {
  const z = exampleZone(CONNECTOR_IP);
  z['_pexapp._tcp.example.com'] = {
    SRV: [
      { priority: 10, weight: 10, port: 443, target: 'px01.vc.example.com' },
      { priority: 20, weight: 100, port: 443, target: 'px02.vc.example.com' },
    ],
  };
  const r = await check(z);
  assert.deepEqual(codes(r, 'error'), []);
  const f = only(r, 'dns.mismatch');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /_pexapp\._tcp\.example\.com for px01\.vc\.example\.com has priority 10 weight 10/);
  assert.equal(r.records.filter((x) => x.status === 'warning').length, 1);
});

test('a whole SRV set missing → one dns.missing for the record with every line to create', async () => {
  const z = exampleZone(CONNECTOR_IP);
  delete z['_h323ls._udp.vc.example.com'];
  const r = await check(z);
  const f = only(r, 'dns.missing');
  assert.match(f.message, /_h323ls\._udp\.vc\.example\.com\. 86400 IN SRV 10 10 1719 px01\.vc\.example\.com\./);
  assert.match(f.message, /px02\.vc\.example\.com\./);
});

test('federation SRV target in a subdomain → dns.srv-domain-mismatch with the Lync/Skype reason', async () => {
  const z = exampleZone(CONNECTOR_IP);
  z['_sipfederationtls._tcp.vc.example.com'] = {
    SRV: [{ priority: 1, weight: 100, port: 5061, target: 'px.sub.vc.example.com' }],
  };
  const r = await check(z);
  const f = only(r, 'dns.srv-domain-mismatch');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /subdomain of vc\.example\.com/);
  assert.match(f.message, /1009/);
  assert.match(f.message, /1010/);
  assert.match(f.message, /SIPPROXY_E_ROUTING_MSG_CERT_MISMATCH/);
  // the documented target is missing too
  assert.ok(codes(r).includes('dns.missing'));
});

test('federation SRV target in another domain → dns.srv-domain-mismatch', async () => {
  const z = exampleZone(CONNECTOR_IP);
  z['_sipfederationtls._tcp.vc.example.com'] = {
    SRV: [{ priority: 1, weight: 100, port: 5061, target: 'px.video.example.com' }],
  };
  const r = await check(z);
  const f = only(r, 'dns.srv-domain-mismatch');
  assert.match(f.message, /different domain \(video\.example\.com\)/);
  assert.ok(!codes(r).includes('dns.unexpected'), 'the wrong target is reported once, as a domain mismatch');
});

test('a project whose pool is outside the subdomain fails the federation rule even when DNS matches it', async () => {
  const p = exampleProject();
  p.regions[0]!.nodes.pool = 'px.example.net';
  const z = exampleZone(CONNECTOR_IP);
  z['_sipfederationtls._tcp.vc.example.com'] = {
    SRV: [{ priority: 1, weight: 100, port: 5061, target: 'px.example.net' }],
  };
  z['px.example.net'] = { A: ['198.51.100.40', '198.51.100.41'] };
  const r = await check(z, CONNECTOR_IP, p);
  assert.equal(only(r, 'dns.srv-domain-mismatch').severity, 'error');
});

test('an A record resolving only to private addresses → dns.private-only warning', async () => {
  const z = { ...exampleZone(CONNECTOR_IP), 'pexip-teamsconn-eu.teams.example.com': { A: ['10.1.2.3'] } };
  const r = await check(z, null);
  const f = only(r, 'dns.private-only');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /10\.1\.2\.3/);
  assert.deepEqual(codes(r, 'error'), []);
});

test('an extra SRV target → dns.unexpected warning', async () => {
  const z = exampleZone(CONNECTOR_IP);
  z['_sip._tcp.example.com'] = {
    SRV: [...z['_sip._tcp.example.com']!.SRV!, { priority: 10, weight: 10, port: 5060, target: 'old-vcs.example.com' }],
  };
  const r = await check(z);
  const f = only(r, 'dns.unexpected');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /_sip\._tcp\.example\.com also points at old-vcs\.example\.com:5060/);
  assert.ok(r.records.some((x) => x.expected === '(not expected)' && x.found[0]!.includes('old-vcs')));
});

test('SERVFAIL and a silent server → dns.resolver-failed naming the record, no hang', async () => {
  const z = exampleZone(CONNECTOR_IP);
  z['px01.vc.example.com'] = { behaviour: 'servfail' };
  z['px02.vc.example.com'] = { behaviour: 'drop' };
  const t0 = Date.now();
  const r = await check(z);
  assert.ok(Date.now() - t0 < 5000);
  const failed = r.findings.filter((f) => f.code === 'dns.resolver-failed');
  assert.equal(failed.length, 2);
  assert.ok(failed.some((f) => /px01\.vc\.example\.com: .*SERVFAIL/.test(f.message)));
  assert.ok(failed.some((f) => /px02\.vc\.example\.com: .*timeout/.test(f.message)));
});

test('a resolver that is not there → dns.resolver-failed for every record', async () => {
  const gone = await startDnsServer({});
  const address = gone.address;
  await gone.close();
  const r = await checkRegionDns(
    exampleProject(),
    { region: 'eu', resolver: address, expectIp: CONNECTOR_IP },
    { timeoutMs: 200, tries: 1 },
  );
  assert.equal(r.findings.length, 15);
  assert.ok(r.findings.every((f) => f.code === 'dns.resolver-failed'));
});

test('bad input is refused with a specific message', async () => {
  await assert.rejects(
    checkRegionDns(exampleProject(), { region: 'us' }),
    (e: Error) => e instanceof InputError && /no region "us".*eu/.test(e.message),
  );
  await assert.rejects(checkRegionDns(exampleProject(), { region: 'eu', expectIp: '20.1.2' }), InputError);
  assert.throws(() => parseResolverAddress('dns.example.com:53'), InputError);
  assert.throws(() => parseResolverAddress('127.0.0.1:70000'), InputError);
  assert.equal(parseResolverAddress('127.0.0.1:5353'), '127.0.0.1:5353');
  assert.equal(parseResolverAddress('[::1]:5353'), '[::1]:5353');
  assert.equal(parseResolverAddress('::1'), '::1');
});

test('an aborted check stops without querying', async () => {
  const ac = new AbortController();
  ac.abort();
  const before = server.queries;
  await assert.rejects(
    checkRegionDns(exampleProject(), { region: 'eu', resolver: server.address }, { signal: ac.signal }),
  );
  assert.equal(server.queries, before);
});

test('comparison alone: federation rule and parent domain', () => {
  assert.equal(parentDomain('px.vc.example.com.'), 'vc.example.com');
  const p = exampleProject();
  const expected = expectedDnsRecords(p, p.regions[0]!, CONNECTOR_IP).filter((e) =>
    e.name.startsWith('_sipfederationtls'),
  );
  assert.equal(expected.length, 1);
  const lookups = new Map<string, LookupOutcome>([
    [
      lookupKey('SRV', '_sipfederationtls._tcp.vc.example.com'),
      { status: 'found', targets: [{ priority: 1, weight: 100, port: 5061, target: 'PX.VC.EXAMPLE.COM.' }] },
    ],
  ]);
  assert.deepEqual(compareDns('eu', expected, lookups).findings, []);
  const noFed = exampleProject();
  noFed.infinity.sfbFederation = false;
  assert.ok(!expectedDnsRecords(noFed, noFed.regions[0]!).some((e) => e.name.startsWith('_sipfederationtls')));
  // Names not filled in yet are not looked up.
  const unfinished = exampleProject();
  unfinished.infinity.subdomain = '';
  unfinished.regions[0]!.variables.PxTeamsConnFqdn = '';
  const names = expectedDnsRecords(unfinished, unfinished.regions[0]!).map((e) => e.name);
  assert.ok(names.length > 0 && names.every((n) => n && !n.startsWith('.') && !n.endsWith('._tcp')), names.join());
  // The pool's expected set is every member address; the connector's comes from expectIp.
  const all = expectedDnsRecords(p, p.regions[0]!, CONNECTOR_IP);
  const addressesOf = (name: string) => {
    const e = all.find((x) => x.name === name);
    return e?.type === 'A' ? e.addresses : undefined;
  };
  assert.deepEqual(addressesOf('px.vc.example.com'), ['198.51.100.40', '198.51.100.41']);
  assert.deepEqual(addressesOf('pexip-teamsconn-eu.teams.example.com'), [CONNECTOR_IP]);
});

test('the app adapter runs the check with the operation signal and reports progress', async () => {
  const { liveBackend } = await import('../../../electron/services/live/live-backend.ts');
  server.setZone(exampleZone(CONNECTOR_IP));
  const progress: string[] = [];
  const op = { signal: new AbortController().signal, progress: (m: string) => void progress.push(m) };
  const r = await liveBackend.dnsCheck(
    { project: exampleProject(), region: 'eu', resolver: server.address, expectIp: CONNECTOR_IP },
    op,
  );
  assert.deepEqual(r.findings, []);
  assert.match(progress[0]!, /region eu/);
  await assert.rejects(liveBackend.dnsCheck({ project: exampleProject(), region: 'xx' }, op), InputError);
});
