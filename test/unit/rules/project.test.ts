import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  validateProject,
  validateRegion,
  validateField,
  RULES,
  rulesMarkdownTable,
} from '../../../shared/rules/validate.ts';
import { exampleProject, exampleRegion } from '../../../shared/model/example.ts';
import type { Project } from '../../../shared/model/project.ts';
import { codes, only, problems } from './helpers.ts';

function twoRegions(us: Parameters<typeof exampleRegion>[0] = {}): Project {
  const p = exampleProject();
  p.regions.push(
    exampleRegion({
      PxVmssRegion: 'us',
      PxTeamsConnFqdn: 'pexip-teamsconn-us.teams.example.com',
      PxAzureLocation: 'eastus',
      ...us,
    }),
  );
  return p;
}

test("the guide's example project has no error and no warning", () => {
  const f = validateProject(exampleProject());
  assert.deepEqual(problems(f), []);
  // Only the capacity note and the reminders to replace the RFC 5737 example addresses.
  assert.deepEqual([...new Set(codes(f))].sort(), ['instance-count.capacity', 'prefix.documentation']);
  assert.deepEqual(problems(validateProject(twoRegions())), []);
});

describe('project-wide rules', () => {
  test('connector version: major 26 only', () => {
    for (const v of ['26', '26.2', '26.2.1']) {
      const p = exampleProject();
      p.connectorVersion = v;
      assert.deepEqual(problems(validateProject(p)), [], v);
    }
    const p = exampleProject();
    p.connectorVersion = '25.4';
    const f = problems(validateProject(p));
    assert.deepEqual(codes(f), ['connector-version.unsupported-major']);
    assert.equal(f[0]!.region, null);
    assert.match(f[0]!.message, /major 25/);
    p.connectorVersion = 'v26';
    assert.deepEqual(codes(problems(validateProject(p))), ['connector-version.invalid']);
  });
  test('a foreign format is an error (for callers that skip the schema)', () => {
    const p = { ...exampleProject(), format: 'tcw-project/2' } as unknown as Project;
    assert.deepEqual(codes(problems(validateProject(p))), ['project.format']);
  });
  test('no region is an error', () => {
    const p = exampleProject();
    p.regions = [];
    assert.deepEqual(codes(problems(validateProject(p))), ['project.no-regions']);
  });
  test('Infinity domains', () => {
    const p = exampleProject();
    p.infinity.primaryDomain = '';
    p.infinity.subdomain = 'vc example.com';
    const f = problems(validateProject(p));
    assert.deepEqual(
      f.map((x) => [x.code, x.field]),
      [
        ['infinity.domain.invalid', 'infinity.primaryDomain'],
        ['infinity.domain.invalid', 'infinity.subdomain'],
      ],
    );
  });
  test('Teams options', () => {
    const p = exampleProject();
    p.infinity.teams = {
      ivrAlias: 'teams@example.com',
      testCallAlias: 'test call',
      browserJoin: true,
      prefix: 'teams.',
      instructionIp: '198.51.100.40',
    };
    assert.deepEqual(
      problems(validateProject(p)).map((x) => [x.code, x.field]),
      [
        ['teams.alias.invalid', 'infinity.teams.ivrAlias'],
        ['teams.alias.invalid', 'infinity.teams.testCallAlias'],
      ],
    );
    assert.match(problems(validateProject(p))[0]!.message, /'teams'/);
    p.infinity.teams = {
      ivrAlias: '',
      testCallAlias: null,
      browserJoin: false,
      prefix: 'a&b',
      instructionIp: '10.1.1.1',
    };
    assert.deepEqual(
      problems(validateProject(p)).map((x) => x.code),
      ['teams.alias.invalid', 'teams.alias.url-chars', 'teams.instruction-ip.not-public'],
    );
    p.infinity.teams = {
      ivrAlias: 'teams',
      testCallAlias: null,
      browserJoin: false,
      prefix: null,
      instructionIp: '198.51.100',
    };
    assert.deepEqual(
      problems(validateProject(p)).map((x) => x.code),
      ['teams.instruction-ip.invalid'],
    );
  });
  test('app ID must be a GUID when set', () => {
    const p = exampleProject();
    p.app.appId = 'c054d1cb-7961-48e1-b004-389e81356232';
    assert.deepEqual(problems(validateProject(p)), []);
    p.app.appId = 'my-app';
    assert.deepEqual(codes(problems(validateProject(p))), ['app.app-id.invalid']);
  });
});

describe('cross-region rules', () => {
  test('same PxVmssRegion twice is an error (and not a cascade of derived-name errors)', () => {
    const f = problems(validateProject(twoRegions({ PxVmssRegion: 'eu' })));
    assert.deepEqual(codes(f), ['cross.vmss-region.duplicate']);
    assert.equal(f[0]!.region, 'eu');
    assert.match(f[0]!.message, /no\. 1/);
  });
  test('same PxTeamsConnFqdn (ignoring case) is an error', () => {
    const f = problems(validateProject(twoRegions({ PxTeamsConnFqdn: 'PEXIP-teamsconn-eu.teams.example.com' })));
    assert.deepEqual(
      f.map((x) => [x.code, x.region]),
      [['cross.teams-fqdn.duplicate', 'us']],
    );
  });
  test('different base name or subscription is an error', () => {
    const f = problems(
      validateProject(
        twoRegions({ PxBaseConnName: 'fabrikam', PxSubscriptionId: '11111111-2222-3333-4444-555555555555' }),
      ),
    );
    assert.deepEqual(codes(f), ['cross.base-name.differs', 'cross.subscription.differs']);
    assert.deepEqual(
      problems(validateProject(twoRegions({ PxSubscriptionId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' }))),
      [],
    );
  });
  test('base + region producing the same scale set name twice', () => {
    const p = twoRegions({ PxBaseConnName: 'contos', PxVmssRegion: 'oeu' });
    const f = problems(validateProject(p));
    assert.deepEqual(codes(f), ['cross.base-name.differs', 'cross.vmss-name.duplicate']);
    assert.match(only(f, 'cross.vmss-name.duplicate')[0]!.message, /'contosoeu'/);
  });
  test('explicit resource group names colliding across regions', () => {
    const f = problems(
      validateProject(twoRegions({ PxTeamsConnStaticResourceGroupName: 'contoso-TeamsConn-eu-static-RG' })),
    );
    assert.ok(codes(f).includes('cross.resource-group.duplicate'));
    assert.equal(only(f, 'cross.resource-group.duplicate')[0]!.region, 'us');
  });
  test('twenty regions validate quickly and independently', () => {
    const p = exampleProject();
    p.regions = Array.from({ length: 20 }, (_, i) =>
      exampleRegion({ PxVmssRegion: `r${i}`, PxTeamsConnFqdn: `pexip-teamsconn-r${i}.teams.example.com` }),
    );
    assert.deepEqual(problems(validateProject(p)), []);
    p.regions[7]!.variables.PxVmssRegion = 'r3';
    assert.deepEqual(
      problems(validateProject(p)).map((x) => x.code),
      ['cross.vmss-region.duplicate'],
    );
  });
});

describe('validateRegion and validateField', () => {
  test("validateRegion returns the region's own and its cross-region findings", () => {
    const p = twoRegions({ PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com', PxWinAdminUser: 'admin' });
    assert.deepEqual(problems(validateRegion(p, 'eu')), []);
    assert.deepEqual(codes(problems(validateRegion(p, 'us'))), ['admin-user.reserved', 'cross.teams-fqdn.duplicate']);
    assert.deepEqual(codes(problems(validateRegion(p, p.regions[1]!, { adminPassword: 'x' }))), [
      'admin-user.reserved',
      'admin-password.length',
      'admin-password.complexity',
      'cross.teams-fqdn.duplicate',
    ]);
    assert.equal(validateRegion(p, p.regions[1]!, { adminPassword: 'x' })[1]!.region, 'us');
    assert.deepEqual(validateRegion(p, 'nowhere'), []);
  });
  test('validateField: single field, plus combined rules that concern it', () => {
    assert.deepEqual(codes(validateField('PxBaseConnName', 'Contoso-1', { region: 'eu' })), ['base-name.chars']);
    assert.equal(validateField('PxBaseConnName', 'Contoso-1', { region: 'eu' })[0]!.region, 'eu');
    assert.deepEqual(validateField('PxVmssRegion', 'eu'), []);
    assert.deepEqual(codes(validateField('PxVmssRegion', 'abcdef', { variables: { PxBaseConnName: 'abcdefghi' } })), [
      'vmss-region.length',
      'vmss-name.length',
    ]);
    // The combined finding reports on PxVmssRegion, not on the base name.
    assert.deepEqual(
      validateField('PxBaseConnName', 'abcdefghi', { variables: { PxVmssRegion: 'abcdef' } }).filter(
        (f) => f.code === 'vmss-name.length',
      ),
      [],
    );
    assert.deepEqual(
      codes(validateField('PxWupdActiveHoursEnd', '23', { variables: { PxWupdActiveHoursStart: '4' } })),
      ['wupd.active-window.too-long'],
    );
    assert.deepEqual(
      codes(validateField('PxNodesSourceAddressPrefixes', ['8.8.8.8'], { nodes: exampleRegion().nodes })),
      ['nodes-prefixes.node-not-covered', 'nodes-prefixes.node-not-covered'],
    );
    assert.deepEqual(codes(validateField('PxNodeFqdns', ['other.example.com'], { nodes: exampleRegion().nodes })), [
      'node-fqdns.not-in-nodes',
    ]);
    assert.deepEqual(codes(validateField('nodes.pool', 'px')), ['nodes.pool.invalid']);
    assert.deepEqual(codes(validateField('tags', { 'a/b': 'c' })), ['tags.name-invalid']);
  });
});

describe('finding catalog', () => {
  test('every code is dotted lower-case and documented in docs/rules.md with its severity', () => {
    const doc = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
    assert.ok(
      doc.includes(rulesMarkdownTable()),
      'docs/rules.md is out of date: regenerate its table from rulesMarkdownTable()',
    );
    for (const code of Object.keys(RULES)) assert.match(code, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });
  test('each finding uses its catalog severity', () => {
    const p = twoRegions({
      PxBaseConnName: 'X',
      PxVmssRegion: '',
      PxNodesSourceAddressPrefixes: ['10.0.0.0/8', '1.2.3.4/8'],
      tags: { 'a?': '' },
    });
    for (const f of validateProject(p, { adminPassword: 'abc' })) {
      assert.equal(f.severity, RULES[f.code as keyof typeof RULES].severity, f.code);
    }
  });
});
