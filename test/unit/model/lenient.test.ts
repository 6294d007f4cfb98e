// Lenient on input, canonical on output: a hand-written tcw-project/1 file may leave out every field
// with a documented default, and may give $PxNodeFqdns as the script's comma string; parsing yields
// the full canonical project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProject, type Project } from '../../../shared/model/project.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { validateProject } from '../../../shared/rules/validate.ts';

const minimal = {
  format: 'tcw-project/1',
  connectorVersion: '26.2',
  infinity: { primaryDomain: 'example.com', subdomain: 'vc.example.com' },
  regions: [
    {
      variables: {
        PxBaseConnName: 'contoso',
        PxVmssRegion: 'eu',
        PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com',
        PxNodeFqdns: 'px.vc.example.com, px2.vc.example.com',
        PxSubscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        PxAzureLocation: 'westeurope',
        PxWinAdminUser: 'pexadmin',
        PxPfxCertFileName: '.\\connector.pfx',
        PxTeamsConnInstanceCount: '03',
        PxWupdActiveHoursStart: 6,
      },
    },
  ],
};

function parsed(input: unknown): Project {
  const r = parseProject(JSON.stringify(input));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  return r.project;
}

test('optional fields may be left out: their documented defaults apply', () => {
  const p = parsed(minimal);
  assert.deepEqual(p.app, { appId: null });
  assert.deepEqual(p.infinity.teams, {
    ivrAlias: 'teams',
    testCallAlias: null,
    browserJoin: true,
    prefix: null,
    instructionIp: null,
  });
  assert.equal(p.infinity.sfbFederation, false);
  const r = p.regions[0]!;
  assert.deepEqual(r.nodes, { pool: '', members: [] });
  assert.equal(r.publicIp, null);
  const v = r.variables;
  assert.deepEqual(
    [v.PxTeamsConnResourceGroupName, v.PxTeamsConnStaticResourceGroupName, v.PxTeamsConnIncidentReporting],
    [null, null, true],
  );
  assert.deepEqual(
    [v.PxMgmtSrcAddrPrefixes, v.PxNodesSourceAddressPrefixes, v.PxConsentSourceAddressPrefixes, v.tags],
    [[], [], [], {}],
  );
  assert.deepEqual(
    [v.PxWupdScheduledInstallDay, v.PxWupdScheduledInstallTime, v.PxWupdActiveHoursEnd],
    ['1', '22', '22'],
  );
  // No default for the usage attribution: left out is "not decided", an error finding, not a parse error.
  assert.equal(v.PxCustomerUsageAttribution, null);
  assert.ok(validateProject(p).some((f) => f.code === 'usage-attribution.unset'));
});

test('$PxNodeFqdns as a list or as the comma string; numbers in the plain form', () => {
  const v = parsed(minimal).regions[0]!.variables;
  assert.deepEqual(v.PxNodeFqdns, ['px.vc.example.com', 'px2.vc.example.com']);
  assert.equal(v.PxTeamsConnInstanceCount, '3');
  assert.equal(v.PxWupdActiveHoursStart, '6');
});

test('canonical output: a parsed file written back holds every field and parses to itself', () => {
  const p = parsed(minimal);
  const again = parsed(JSON.parse(JSON.stringify(p)));
  assert.deepEqual(again, p);
  const full = exampleProject();
  assert.deepEqual(Object.keys(p.regions[0]!.variables).sort(), Object.keys(full.regions[0]!.variables).sort());
  assert.deepEqual(parsed(full), full, 'a complete project is unchanged');
});

test('required fields are still required, with the field named', () => {
  const { PxSubscriptionId: _drop, ...rest } = minimal.regions[0]!.variables;
  const r = parseProject({ ...minimal, regions: [{ variables: rest }] });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.issues.some((i) => i.path === 'regions.0.variables.PxSubscriptionId'));
});
