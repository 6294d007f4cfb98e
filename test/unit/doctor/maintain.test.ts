// The maintenance changes against the emulator with the real SDK clients: add/remove a node (the
// MCU-signalling-endpoint rule), management access (the RDP rule, Allow / Deny), the instance count;
// the Teams command; dry runs send nothing; re-runs are idempotent; the project and its init script
// come back updated.
import '../../support/azure-emulator/trust.ts';
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  startEmulator,
  tokenContext,
  defaultState,
  USERS,
  ROLE,
  type AzureEmulator,
} from '../../support/azure-emulator/emulator-helpers.ts';
import { installDeployment, seedDeployment, type EmuDeploymentState } from '../../support/azure-emulator/deployment.ts';
import { maintain } from '../../../electron/services/doctor/run-doctor.ts';
import { planChange } from '../../../shared/doctor/changes.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import type { Project } from '../../../shared/model/project.ts';
import { InputError } from '../../../shared/model/input-error.ts';

let emu: AzureEmulator;
let dep: EmuDeploymentState;
let project: Project;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.close();
});
beforeEach(() => {
  Object.assign(emu.state, defaultState());
  emu.armHandlers.splice(0);
  emu.clearFaults();
  emu.requests.splice(0);
  dep = installDeployment(emu);
  project = exampleProject();
  seedDeployment(emu, dep, project.regions[0]!);
});
const owner = () => tokenContext(emu, USERS.owner);
const rule = (name: string) => dep.nsgs[0]!.rules.find((r) => r.name === name)!;
const members = () => project.regions[0]!.nodes.members;

test('add a node: its address joins the MCU-signalling-endpoint rule and the project; the init script is regenerated; a re-run writes nothing', async () => {
  const change = {
    kind: 'nodes' as const,
    members: [...members(), { fqdn: 'px03.vc.example.com', ip: '198.51.100.42' }],
  };
  const dry = await maintain(owner(), { project, region: 'eu', change, dryRun: true });
  assert.deepEqual(emu.armWrites(), [], 'a dry run sends no write');
  assert.equal(dry.requests.length, 1);
  assert.equal(dry.requests[0]!.method, 'PUT');
  assert.match(
    dry.requests[0]!.url,
    /\/networkSecurityGroups\/contosoeu-NSG\/securityRules\/MCU-signalling-endpoint\?api-version=[\d-]+$/,
  );
  assert.match(dry.powershell, /Set-AzNetworkSecurityRuleConfig -Name 'MCU-signalling-endpoint' .*'198\.51\.100\.42'/);
  assert.ok(dry.remaining.some((r) => /MCU-signalling-endpoint/.test(r)));

  const r = await maintain(owner(), { project, region: 'eu', change, dryRun: false });
  assert.deepEqual(r.findings, []);
  // The dry run shows the very request the SDK then sends (path and api-version).
  const sent = emu.armWrites().map((w) => `${w.method} ${w.path}?api-version=${w.query.get('api-version')}`);
  assert.deepEqual(sent, [
    `PUT ${new URL(dry.requests[0]!.url, 'https://arm.invalid').pathname}?api-version=${new URL(dry.requests[0]!.url, 'https://arm.invalid').searchParams.get('api-version')}`,
  ]);
  assert.deepEqual(rule('MCU-signalling-endpoint').sourceAddressPrefixes, [
    '198.51.100.40',
    '198.51.100.41',
    '203.0.113.10',
    '203.0.113.64/26',
    '198.51.100.42',
  ]);
  assert.equal(rule('MCU-signalling-endpoint').priority, 120);
  assert.equal(rule('MCU-signalling-endpoint').destinationPortRange, '443');
  assert.equal(rule('RDP').sourceAddressPrefixes.length, 2, 'the other rule is untouched');
  assert.deepEqual(
    r.project.regions[0]!.nodes.members.map((m) => m.fqdn),
    ['px01.vc.example.com', 'px02.vc.example.com', 'px03.vc.example.com'],
  );
  assert.ok(r.project.regions[0]!.variables.PxNodesSourceAddressPrefixes.includes('198.51.100.42'));
  assert.match(r.initScript!.content, /\$PxNodesSourceAddressPrefixes = .*'198\.51\.100\.42'/);
  assert.equal(r.redeployNeeded, null);
  assert.ok(
    r.notes.some((n) => /px\.vc\.example\.com/.test(n)),
    'says the new node needs the $PxNodeFqdns identity',
  );

  // Applied but the project not saved (e.g. the window closed): the same change again finds Azure
  // already right and writes nothing.
  emu.requests.splice(0);
  const again = await maintain(owner(), { project, region: 'eu', change, dryRun: false });
  assert.deepEqual(emu.armWrites(), [], 'idempotent: nothing to write the second time');
  assert.ok(
    again.done.some((d) => /Already in place/.test(d)),
    again.done.join('\n'),
  );
  assert.deepEqual(again.project, r.project);
});

test('a node inside a listed subnet changes no rule; removing a node removes only its own address', () => {
  const inside = planChange({
    project,
    region: 'eu',
    change: { kind: 'nodes', members: [...members(), { fqdn: 'px09.vc.example.com', ip: '203.0.113.70' }] },
  });
  assert.equal(inside.rule, null);
  assert.match(inside.summary.join(' '), /already inside 203\.0\.113\.64\/26/);
  const removed = planChange({ project, region: 'eu', change: { kind: 'nodes', members: [members()[0]!] } });
  assert.deepEqual(removed.rule?.prefixes, ['198.51.100.40', '203.0.113.10', '203.0.113.64/26']);
});

test('a changed pool name or $PxNodeFqdns says a redeploy is needed', () => {
  const p = planChange({
    project,
    region: 'eu',
    change: { kind: 'nodes', members: members(), pool: 'pool.vc.example.com', nodeFqdns: ['pool.vc.example.com'] },
  });
  assert.match(
    p.redeployNeeded ?? '',
    /pool name \(px\.vc\.example\.com → pool\.vc\.example\.com\) and \$PxNodeFqdns .*redeploy/,
  );
  assert.equal(p.rule, null);
});

test('management access: Deny when no address is left, Allow again with new addresses; the project follows', async () => {
  const closed = await maintain(owner(), {
    project,
    region: 'eu',
    change: { kind: 'management', prefixes: [] },
    dryRun: false,
  });
  assert.deepEqual(closed.findings, []);
  assert.equal(rule('RDP').access, 'Deny');
  assert.deepEqual(closed.project.regions[0]!.variables.PxMgmtSrcAddrPrefixes, []);
  assert.match(closed.initScript!.content, /\$PxMgmtSrcAddrPrefixes = @\(\)/);
  const open = await maintain(owner(), {
    project: closed.project,
    region: 'eu',
    change: { kind: 'management', prefixes: ['192.0.2.10'] },
    dryRun: false,
  });
  assert.equal(rule('RDP').access, 'Allow');
  assert.deepEqual(rule('RDP').sourceAddressPrefixes, ['192.0.2.10']);
  assert.equal(rule('RDP').destinationPortRange, '3389', 'port kept');
  assert.match(open.powershell, /-Name 'RDP' -Access Allow .*-SourceAddressPrefix '192\.0\.2\.10'/);
  await assert.rejects(
    () =>
      maintain(owner(), {
        project,
        region: 'eu',
        change: { kind: 'management', prefixes: ['not-an-ip'] },
        dryRun: true,
      }),
    InputError,
  );
});

test('instance count: the scale set is scaled (PATCH sku.capacity), a re-run is a no-op, a Reader is told what right is missing', async () => {
  const r = await maintain(owner(), { project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: false });
  assert.deepEqual(r.findings, []);
  assert.equal(dep.scaleSets[0]!.capacity, 4);
  assert.equal(dep.scaleSets[0]!.instances.length, 4);
  const patch = emu.armWrites();
  assert.deepEqual(
    patch.map((w) => `${w.method} ${w.path}`),
    [
      'PATCH /subscriptions/3f2504e0-4f89-41d3-9a0c-0305e82c3301/resourceGroups/contoso-TeamsConn-eu-RG/providers/Microsoft.Compute/virtualMachineScaleSets/contosoeu',
    ],
  );
  assert.deepEqual(patch[0]!.body, { sku: { capacity: 4 } });
  assert.equal(r.project.regions[0]!.variables.PxTeamsConnInstanceCount, '4');
  assert.match(r.initScript!.content, /\$PxTeamsConnInstanceCount = '4'/);
  assert.match(r.powershell, /Update-AzVmss -SkuCapacity 4/);

  emu.requests.splice(0);
  await maintain(owner(), { project: r.project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: false });
  assert.deepEqual(emu.armWrites(), []);

  emu.state.roleAssignments.push({
    name: 'r',
    scope: `/subscriptions/${project.regions[0]!.variables.PxSubscriptionId}`,
    roleDefinitionId: ROLE.reader,
    principalId: USERS.bobGuest,
    principalType: 'User',
  });
  const denied = await maintain(tokenContext(emu, USERS.bobGuest), {
    project,
    region: 'eu',
    change: { kind: 'instances', count: 2 },
    dryRun: false,
  });
  assert.equal(denied.findings[0]?.code, 'doctor.change-failed');
  assert.match(denied.findings[0]!.message, /AuthorizationFailed.*Contributor/);
  assert.equal(dep.scaleSets[0]!.capacity, 4);
});

test('a count out of range is refused before anything is sent', async () => {
  await assert.rejects(
    () => maintain(owner(), { project, region: 'eu', change: { kind: 'instances', count: 0 }, dryRun: false }),
    InputError,
  );
  assert.deepEqual(emu.armWrites(), []);
});

test('dialing instructions / IVR address: the Set-CsVideoInteropServiceProvider -Identity command with the 6-hour note, no Azure call', async () => {
  const r = await maintain(null, {
    project,
    region: 'eu',
    change: { kind: 'teams', teams: { ivrAlias: 'meet', testCallAlias: null } },
    dryRun: false,
  });
  assert.equal(
    r.teamsCommand,
    "Set-CsVideoInteropServiceProvider -Identity Pexip -TenantKey 'meet@example.com' -InstructionUri 'https://px.vc.example.com/teams/?conf={ConfId}&ivr=meet&d=example.com&w'",
  );
  assert.doesNotMatch(r.teamsCommand!, /-Name/);
  assert.ok(r.notes.some((n) => /6 hours/.test(n)));
  assert.equal(r.project.infinity.teams.ivrAlias, 'meet');
  assert.deepEqual(r.requests, []);
  assert.deepEqual(emu.armWrites(), []);
});

test('dry run without signing in: the PowerShell and the request it would send', async () => {
  const r = await maintain(null, {
    project,
    region: 'eu',
    change: { kind: 'management', prefixes: ['192.0.2.10'] },
    dryRun: true,
  });
  assert.equal(r.requests.length, 1);
  assert.match(r.requests[0]!.url, /^https:\/\/management\.azure\.com\/subscriptions\//);
  assert.match(r.powershell, /Set-AzNetworkSecurityRuleConfig -Name 'RDP'/);
  assert.ok(r.notes.some((n) => /Not signed in/.test(n)));
  assert.deepEqual(emu.requests, []);
});

test('cancel before the write: nothing is written and the result says so', async () => {
  const ac = new AbortController();
  const r = await maintain(
    owner(),
    { project, region: 'eu', change: { kind: 'instances', count: 5 }, dryRun: false },
    {
      signal: ac.signal,
      onProgress: (m) => {
        if (/Reading scale set/.test(m)) ac.abort();
      },
    },
  );
  assert.equal(r.findings[0]?.code, 'doctor.cancelled');
  assert.deepEqual(emu.armWrites(), []);
  assert.equal(dep.scaleSets[0]!.capacity, 3);
});
