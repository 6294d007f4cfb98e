// `tcw doctor` against the emulator (real SDK clients), the loopback DNS test server and a TLS server
// on 127.0.0.1 presenting the corpus's connector certificate: a healthy deployment is healthy, each
// drift case gives its finding and fix, exit codes 0 / 1 / 2.
import '../../support/azure-emulator/trust.ts';
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import {
  startEmulator,
  tokenContext,
  defaultState,
  USERS,
  ROLE,
  type AzureEmulator,
} from '../../support/azure-emulator/emulator-helpers.ts';
import { installDeployment, seedDeployment, type EmuDeploymentState } from '../../support/azure-emulator/deployment.ts';
import { startDnsServer, type TestDnsServer, type Zone } from '../../support/dns-server.ts';
import { certCorpus } from '../../support/cert-corpus.ts';
import { runDoctor } from '../../../electron/services/doctor/run-doctor.ts';
import { main } from '../../../electron/cli/main.ts';
import { expectedDnsRecords } from '../../../shared/live/expected-dns.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import type { Project } from '../../../shared/model/project.ts';
import type { DoctorItem, DoctorReport } from '../../../shared/doctor/types.ts';
import { formatDoctorReport } from '../../../shared/doctor/format.ts';

const corpus = certCorpus();
const trustPem = readFileSync(corpus.rootFile, 'utf8');
const thumbprint = new X509Certificate(readFileSync(corpus.leaves.good.cert)).fingerprint;

let emu: AzureEmulator;
let dep: EmuDeploymentState;
let dns: TestDnsServer;
let tlsServer: tls.Server;
let connectorPort: number;

/** The zone a correct deployment has: every record the project expects, the connector at 127.0.0.1. */
function zoneFor(project: Project, connectorIp = '127.0.0.1'): Zone {
  const zone: Zone = {};
  for (const r of expectedDnsRecords(project, project.regions[0]!, connectorIp)) {
    if (r.type === 'A') zone[r.name] = { A: r.addresses ?? ['127.0.0.1'] };
    else zone[r.name] = { SRV: r.targets };
  }
  return zone;
}

before(async () => {
  emu = await startEmulator();
  dns = await startDnsServer({});
  const cert = readFileSync(corpus.leaves.good.cert, 'utf8') + readFileSync(corpus.chains.good, 'utf8');
  tlsServer = tls.createServer({ key: readFileSync(corpus.leaves.good.key), cert }, (c) => {
    c.on('error', () => {});
    c.end();
  });
  tlsServer.on('tlsClientError', () => {});
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', () => r()));
  connectorPort = (tlsServer.address() as AddressInfo).port;
});
after(async () => {
  await emu.close();
  await dns.close();
  await new Promise<void>((r) => tlsServer.close(() => r()));
});

let project: Project;
beforeEach(() => {
  Object.assign(emu.state, defaultState());
  emu.armHandlers.splice(0);
  emu.clearFaults();
  emu.requests.splice(0);
  emu.latencyMs = 0;
  dep = installDeployment(emu);
  project = exampleProject();
  seedDeployment(emu, dep, project.regions[0]!);
  dns.setZone(zoneFor(project));
});

const opts = () => ({
  resolver: dns.address,
  connectorPort,
  probeNodes: false,
  trustPem,
  expectedThumbprint: thumbprint,
  timeoutSeconds: 5,
  dnsTimeoutMs: 1000,
});
const doctor = (p = project, extra: Record<string, unknown> = {}) =>
  runDoctor(tokenContext(emu, USERS.owner), p, { ...opts(), ...extra });
const item = (r: DoctorReport, id: string): DoctorItem => {
  const i = r.regions[0]!.items.find((x) => x.id === id);
  assert.ok(i, `no item ${id} in ${r.regions[0]!.items.map((x) => x.id).join(', ')}`);
  return i;
};
const red = (r: DoctorReport) => r.regions[0]!.items.filter((i) => i.status === 'error').map((i) => i.id);
const nsg = () => dep.nsgs[0]!;
const rule = (name: string) => nsg().rules.find((r) => r.name === name)!;

test('a healthy emulated deployment is healthy: every check green, one ARM wave', async () => {
  // Some latency, so requests sent together overlap on the server as they would against Azure.
  emu.latencyMs = 60;
  const r = await doctor();
  assert.equal(r.verdict, 'healthy', formatDoctorReport(r));
  assert.deepEqual(red(r), []);
  for (const id of [
    'rg.dynamic',
    'rg.static',
    'vmss',
    'vmss.instances',
    'vmss.capacity',
    'lb',
    'nsg.nodes',
    'nsg.rdp',
    'keyvault',
    'cert.connector',
  ]) {
    assert.equal(item(r, id).status, 'ok', `${id}: ${JSON.stringify(item(r, id).findings)}`);
  }
  assert.equal(r.regions[0]!.publicIp, '127.0.0.1');
  assert.match(item(r, 'vmss.instances').detail, /3 of 3 running/);
  assert.match(item(r, 'cert.connector').detail, new RegExp(`${thumbprint.replace(/:/g, '')}.*day\\(s\\) left`));
  // Read-only: nothing but GETs reached ARM.
  assert.deepEqual(emu.armWrites(), []);
  const arm = emu.requests.filter((x) => x.listener === 'arm');
  assert.equal(arm.length, 8);
  const { countWaves } = await import('../../support/azure-emulator/emulator-helpers.ts');
  assert.equal(countWaves(arm), 1);
});

test('drift: an address added to the MCU-signalling-endpoint rule in the portal is an extra entry, with the exact fix', async () => {
  rule('MCU-signalling-endpoint').sourceAddressPrefixes.push('192.0.2.77');
  const r = await doctor();
  assert.equal(r.verdict, 'findings');
  const i = item(r, 'nsg.nodes');
  assert.equal(i.status, 'error');
  assert.deepEqual(
    i.findings.map((f) => f.code),
    ['doctor.rule-extra-prefixes'],
  );
  assert.match(i.findings[0]!.message, /192\.0\.2\.77/);
  const ps = i.fixes.find((f) => f.kind === 'powershell')!.text;
  assert.match(ps, /Get-AzNetworkSecurityGroup -ResourceGroupName 'contoso-TeamsConn-eu-RG' -Name 'contosoeu-NSG'/);
  assert.match(
    ps,
    /Set-AzNetworkSecurityRuleConfig -Name 'MCU-signalling-endpoint' -Access Allow .*-Priority 120 .*-SourceAddressPrefix '198\.51\.100\.40', '198\.51\.100\.41', '203\.0\.113\.10', '203\.0\.113\.64\/26' .*-DestinationPortRange '443' \| Set-AzNetworkSecurityGroup/,
  );
  assert.doesNotMatch(ps, /192\.0\.2\.77/);
  assert.ok(i.fixes.some((f) => f.kind === 'portal' && /120 MCU-signalling-endpoint/.test(f.text)));
  // Only that line is red.
  assert.deepEqual(red(r), ['nsg.nodes']);
});

test('drift: a missing address, and /32 written out is the same address', async () => {
  const r0 = rule('MCU-signalling-endpoint');
  r0.sourceAddressPrefixes = r0.sourceAddressPrefixes
    .filter((p) => p !== '198.51.100.41')
    .map((p) => (p === '198.51.100.40' ? '198.51.100.40/32' : p));
  const r = await doctor();
  const i = item(r, 'nsg.nodes');
  assert.deepEqual(
    i.findings.map((f) => f.code),
    ['doctor.rule-missing-prefixes'],
  );
  assert.match(i.findings[0]!.message, /lacks 198\.51\.100\.41 /);
});

test('drift: the RDP rule turned to Deny while the project lists management addresses', async () => {
  rule('RDP').access = 'Deny';
  const r = await doctor();
  assert.equal(r.verdict, 'findings');
  const i = item(r, 'nsg.rdp');
  assert.deepEqual(
    i.findings.map((f) => f.code),
    ['doctor.rule-access'],
  );
  assert.match(
    i.fixes.find((f) => f.kind === 'powershell')!.text,
    /-Name 'RDP' -Access Allow .*-Priority 1000 .*-SourceAddressPrefix '203\.0\.113\.10', '203\.0\.113\.64\/26' .*-DestinationPortRange '3389'/,
  );
});

test('an empty $PxMgmtSrcAddrPrefixes expects a Deny rule, whatever its source', async () => {
  project.regions[0]!.variables.PxMgmtSrcAddrPrefixes = [];
  rule('RDP').access = 'Deny';
  rule('RDP').sourceAddressPrefixes = ['*'];
  assert.equal(item(await doctor(), 'nsg.rdp').status, 'ok');
  rule('RDP').access = 'Allow';
  const i = item(await doctor(), 'nsg.rdp');
  assert.deepEqual(
    i.findings.map((f) => f.code),
    ['doctor.rule-access'],
  );
  assert.match(i.fixes[0]!.text, /-Access Deny/);
});

test('drift: capacity changed in the portal; fix: Update-AzVmss back to the project count (or change the project)', async () => {
  const s = dep.scaleSets[0]!;
  s.capacity = 5;
  s.instances.push(
    { instanceId: '3', powerState: 'running', provisioningState: 'Succeeded' },
    { instanceId: '4', powerState: 'running', provisioningState: 'Succeeded' },
  );
  const r = await doctor();
  assert.equal(r.verdict, 'findings');
  const i = item(r, 'vmss.capacity');
  assert.deepEqual(
    i.findings.map((f) => f.code),
    ['doctor.capacity-drift'],
  );
  assert.match(i.findings[0]!.message, /has 5 instance\(s\) but \$PxTeamsConnInstanceCount is 3/);
  assert.equal(
    i.fixes.find((f) => f.kind === 'powershell')!.text,
    "Get-AzVmss -ResourceGroupName 'contoso-TeamsConn-eu-RG' -VMScaleSetName 'contosoeu' | Update-AzVmss -SkuCapacity 3",
  );
  assert.ok(i.fixes.some((f) => f.kind === 'portal' && /Scaling/.test(f.text)));
});

test('drift: a stopped instance (instance view), fixed with Start-AzVmss for that instance', async () => {
  dep.scaleSets[0]!.instances[1]!.powerState = 'stopped';
  const r = await doctor();
  const i = item(r, 'vmss.instances');
  assert.equal(i.status, 'error');
  assert.match(i.detail, /2 of 3 running/);
  assert.match(i.findings[0]!.message, /instance 1: stopped/);
  assert.equal(
    i.fixes[0]!.text,
    "Start-AzVmss -ResourceGroupName 'contoso-TeamsConn-eu-RG' -VMScaleSetName 'contosoeu' -InstanceId '1'",
  );
});

test('drift: a missing Key Vault and a group in the wrong location', async () => {
  dep.vaults.splice(0);
  emu.state.resourceGroups.find((g) => g.name === 'contoso-TeamsConn-eu-RG')!.location = 'northeurope';
  const r = await doctor();
  assert.deepEqual(
    item(r, 'keyvault').findings.map((f) => f.code),
    ['doctor.key-vault-missing'],
  );
  const g = item(r, 'rg.dynamic');
  assert.deepEqual(
    g.findings.map((f) => f.code),
    ['doctor.group-location'],
  );
  assert.match(g.findings[0]!.message, /northeurope.*westeurope/);
});

test('the checklist puts what to fix first at the top: instances, then the node rule, capacity, RDP, Key Vault', async () => {
  dep.scaleSets[0]!.instances[0]!.powerState = 'deallocated';
  dep.scaleSets[0]!.capacity = 4;
  rule('RDP').access = 'Deny';
  rule('MCU-signalling-endpoint').sourceAddressPrefixes.push('192.0.2.5');
  dep.vaults.splice(0);
  const r = await doctor();
  assert.deepEqual(red(r), ['vmss.instances', 'nsg.nodes', 'vmss.capacity', 'keyvault', 'nsg.rdp']);
  const text = formatDoctorReport(r);
  assert.match(text, /✖ 1\. Instances of contosoeu running/);
  assert.match(text, /Fix \(PowerShell\):\n\s+Start-AzVmss/);
});

test('the connector A record pointing elsewhere is red with the zone line; a foreign certificate is a thumbprint mismatch', async () => {
  dns.setZone(zoneFor(project, '127.0.0.9'));
  const r = await doctor(project, { expectedThumbprint: 'AA'.repeat(20) });
  const a = item(r, 'dns.A.pexip-teamsconn-eu.teams.example.com');
  assert.equal(a.status, 'error');
  assert.ok(
    a.fixes.some((f) => f.kind === 'zone' && f.text === 'pexip-teamsconn-eu.teams.example.com. 3600 IN A 127.0.0.1'),
    JSON.stringify(a.fixes),
  );
  assert.deepEqual(
    item(r, 'cert.connector').findings.map((f) => f.code),
    ['doctor.cert-mismatch'],
  );
});

test('a missing scale set is red with a redeploy; its instances and capacity are skipped, not red', async () => {
  dep.scaleSets.splice(0);
  const r = await doctor();
  assert.deepEqual(
    item(r, 'vmss').findings.map((f) => f.code),
    ['doctor.vmss-missing'],
  );
  assert.equal(item(r, 'vmss').fixes[0]!.kind, 'redeploy');
  assert.equal(item(r, 'vmss.instances').status, 'skipped');
  assert.equal(item(r, 'vmss.capacity').status, 'skipped');
});

test('could not check: a reader without network rights gets "unchecked", not a false red', async () => {
  emu.inject({
    listener: 'arm',
    path: /networksecuritygroups$/i,
    status: 403,
    code: 'AuthorizationFailed',
    message: 'The client does not have authorization to perform action Microsoft.Network/networkSecurityGroups/read.',
    times: 10,
  });
  const r = await doctor();
  assert.equal(r.verdict, 'unchecked');
  assert.equal(item(r, 'nsg.nodes').status, 'skipped');
  assert.ok(item(r, 'nsg.nodes').unchecked);
  assert.match(item(r, 'nsg.nodes').findings[0]!.message, /Reader on the subscription/);
});

// ---------------------------------------------------------------------------------------------
// the CLI

function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  return main(['doctor', ...args], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: { ...env },
    cwd: process.cwd(),
    interactive: false,
  }).then((code) => ({ code, out, err }));
}

test('tcw doctor: exit 0 healthy, 1 findings (--json for monitoring), 2 could not check', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcw-doctor-'));
  try {
    const file = join(dir, 'project.json');
    writeFileSync(file, JSON.stringify(project));
    const trust = join(dir, 'root.pem');
    writeFileSync(trust, trustPem);
    const env = { ARM_TOKEN: emu.issueToken(USERS.owner, 'arm') };
    const args = [
      file,
      '--access-token-env',
      'ARM_TOKEN',
      '--arm-endpoint',
      emu.urls.arm,
      '--graph-endpoint',
      emu.urls.graph,
      '--authority-host',
      emu.urls.login,
      '--resolver',
      dns.address,
      '--connector-port',
      String(connectorPort),
      '--skip-nodes',
      '--trust',
      trust,
      '--thumbprint',
      thumbprint,
    ];
    const ok = await cli(args, env);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /Healthy/);

    rule('RDP').sourceAddressPrefixes.push('0.0.0.0/0');
    const bad = await cli([...args, '--json'], env);
    assert.equal(bad.code, 1, bad.err);
    const report = JSON.parse(bad.out) as DoctorReport;
    assert.equal(report.verdict, 'findings');
    assert.ok(report.findings.some((f) => f.code === 'doctor.rule-extra-prefixes' && /0\.0\.0\.0\/0/.test(f.message)));

    // A reader of nothing: every Azure read fails → could not check.
    emu.state.roleAssignments.splice(0);
    emu.state.roleAssignments.push({
      name: 'x',
      scope: '/subscriptions/none',
      roleDefinitionId: ROLE.reader,
      principalId: USERS.owner,
      principalType: 'User',
    });
    rule('RDP').sourceAddressPrefixes.pop();
    const none = await cli(args, env);
    assert.equal(none.code, 2, none.out);
    assert.match(none.out, /Could not check/);

    const usage = await cli([file, '--region', 'nowhere', ...args.slice(1)], env);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /no region "nowhere"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
