// `tcw azure …` in-process against the emulator: exit codes, --json shape, --yes and --dry-run.
import '../../support/azure-emulator/trust.ts';
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmulator,
  defaultState,
  USERS,
  type AzureEmulator,
} from '../../support/azure-emulator/emulator-helpers.ts';
import { main } from '../../../electron/cli/main.ts';
import type { CliIo } from '../../../electron/cli/io.ts';
import { exampleProject } from '../../../shared/model/example.ts';

let emu: AzureEmulator;
let dir: string;
let projectPath: string;

before(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'tcw-azure-cli-'));
  projectPath = join(dir, 'project.json');
  writeFileSync(projectPath, JSON.stringify(exampleProject()));
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  Object.assign(emu.state, defaultState());
  emu.clearFaults();
  emu.requests.splice(0);
});

async function tcw(args: string[], who: string = USERS.owner): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: { ARM_TOKEN: emu.issueToken(who, 'arm'), GRAPH_TOKEN: emu.issueToken(who, 'graph'), TCW_CONFIG_DIR: dir },
    cwd: dir,
    interactive: false,
  };
  const code = await main(['azure', ...args], io);
  return { code, out, err };
}
const endpoints = () => [
  '--arm-endpoint',
  emu.urls.arm,
  '--graph-endpoint',
  emu.urls.graph,
  '--authority-host',
  emu.urls.login,
];
const token = ['--access-token-env', 'ARM_TOKEN', '--graph-token-env', 'GRAPH_TOKEN'];

test('azure preflight --json: { findings, facts }; exit 0 for the Owner, 1 for a Contributor (not-owner)', async () => {
  const ok = await tcw(['preflight', 'project.json', ...token, ...endpoints(), '--json']);
  assert.equal(ok.code, 0, ok.err);
  const body = JSON.parse(ok.out) as { findings: { code: string }[]; facts: { vcpuNeeded: number } };
  assert.ok(Array.isArray(body.findings), 'findings array');
  assert.equal(body.facts.vcpuNeeded, 12);
  // The Owner check is made on the static group (Azure's permissions API is per group): it exists here.
  emu.state.resourceGroups.push({
    subscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    name: 'contoso-TeamsConn-eu-static-RG',
    location: 'westeurope',
    tags: {},
  });
  const alice = await tcw(['preflight', 'project.json', ...token, ...endpoints(), '--json'], USERS.alice);
  assert.equal(alice.code, 1);
  assert.ok(
    (JSON.parse(alice.out) as { findings: { code: string }[] }).findings.some((f) => f.code === 'azure.not-owner'),
    alice.out,
  );
});

test('azure preflight: human output names the facts and the findings', async () => {
  emu.state.resourceGroups.push({
    subscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    name: 'contoso-TeamsConn-eu-static-RG',
    location: 'westeurope',
    tags: {},
  });
  const r = await tcw(['preflight', 'project.json', '--region', 'eu', ...token, ...endpoints()], USERS.alice);
  assert.equal(r.code, 1);
  assert.match(r.out, /Standard_F4s offered: +yes/);
  assert.match(r.out, /azure\.not-owner/);
});

test('azure prepare: writes need --yes when not interactive; --dry-run sends no writes', async () => {
  const no = await tcw(['prepare', 'project.json', '--owner-upn', 'alice@contoso.com', ...token, ...endpoints()]);
  assert.equal(no.code, 2);
  assert.match(no.err, /--yes/);
  const dry = await tcw([
    'prepare',
    'project.json',
    '--owner-upn',
    'alice@contoso.com',
    '--dry-run',
    ...token,
    ...endpoints(),
    '--json',
  ]);
  assert.equal(dry.code, 0, dry.err);
  const body = JSON.parse(dry.out) as {
    requests: { method: string }[];
    powershell: string;
    done: string[];
    remaining: string[];
  };
  assert.equal(body.requests.length, 2);
  assert.match(body.powershell, /New-AzRoleAssignment -SignInName 'alice@contoso\.com' -RoleDefinitionName "Owner"/);
  assert.equal(emu.armWrites().length, 0);
  const yes = await tcw([
    'prepare',
    'project.json',
    '--owner-upn',
    'alice@contoso.com',
    '--yes',
    ...token,
    ...endpoints(),
    '--json',
  ]);
  assert.equal(yes.code, 0, yes.out);
  assert.equal(emu.state.resourceGroups.length, 1);
});

test('azure prepare --dry-run without any sign-in prints the PowerShell only', async () => {
  const r = await tcw(['prepare', 'project.json', '--no-role-assignment', '--dry-run']);
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /New-AzResourceGroup -Name 'contoso-TeamsConn-eu-static-RG' -Location 'westeurope' -Force -Tag \$tags/,
  );
  assert.doesNotMatch(r.out, /New-AzRoleAssignment/);
  assert.equal(emu.requests.length, 0, 'nothing sent');
});

test('azure: usage errors exit 2 (owner choice, methods, http endpoint, region, missing env, file)', async () => {
  const cases: [string[], RegExp][] = [
    [['prepare', 'project.json', '--yes', ...token, ...endpoints()], /exactly one/],
    [
      ['prepare', 'project.json', '--owner-upn', 'a@b.c', '--no-role-assignment', '--yes', ...token, ...endpoints()],
      /exactly one/,
    ],
    [['preflight', 'project.json', '--device-code', '--use-azure-cli'], /one sign-in method/],
    [['preflight', 'project.json', ...token, '--arm-endpoint', 'http://management.example.com'], /plain http/],
    [['preflight', 'project.json', '--region', 'xx', ...token, ...endpoints()], /no region "xx"/],
    [['preflight', 'project.json', '--access-token-env', 'NOPE', ...endpoints()], /NOPE/],
    [['preflight', 'missing.json', ...token, ...endpoints()], /does not exist/],
    [['preflight', 'project.json'], /No terminal to sign in/],
    [['frobnicate'], /Unknown azure command/],
  ];
  for (const [args, re] of cases) {
    const r = await tcw(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, re, args.join(' '));
  }
});

test('azure public-ip --json and login', async () => {
  const sub = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
  emu.state.resourceGroups.push(
    { subscriptionId: sub, name: 'contoso-TeamsConn-eu-RG', location: 'westeurope', tags: {} },
    { subscriptionId: sub, name: 'contoso-TeamsConn-eu-static-RG', location: 'westeurope', tags: {} },
  );
  emu.state.loadBalancers.push({
    resourceGroup: 'contoso-TeamsConn-eu-RG',
    name: 'lb',
    location: 'westeurope',
    frontendPublicIpIds: [
      `/subscriptions/${sub}/resourceGroups/contoso-TeamsConn-eu-static-RG/providers/Microsoft.Network/publicIPAddresses/pip`,
    ],
  });
  emu.state.publicIps.push({
    resourceGroup: 'contoso-TeamsConn-eu-static-RG',
    name: 'pip',
    location: 'westeurope',
    ipAddress: '20.9.8.7',
  });
  const r = await tcw(['public-ip', 'project.json', ...token, ...endpoints(), '--json']);
  assert.equal(r.code, 0, r.out);
  assert.deepEqual(JSON.parse(r.out), {
    findings: [],
    ip: '20.9.8.7',
    dnsRecord: 'pexip-teamsconn-eu.teams.example.com. IN A 20.9.8.7',
  });
  const login = await tcw(['login', ...token, ...endpoints()]);
  assert.equal(login.code, 0, login.err);
  assert.match(login.out, /Signed in as owner@contoso\.com/);
  assert.match(login.out, /Video Services/);
});
