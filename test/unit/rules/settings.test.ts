import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, only, problems } from './helpers.ts';
import { validateProject, activeWindowHours } from '../../../shared/rules/validate.ts';
import { exampleProject } from '../../../shared/model/example.ts';

describe('PxTeamsConnInstanceCount (guide l.843, 1029-1030)', () => {
  test('"1" and "100" pass, leading zeros too (the vendor script takes "01"); "0", "101", " 3", "+3", "-1", "3.0", "" fail', () => {
    for (const v of ['1', '100', '42', '01', '003', '0100'])
      assert.deepEqual(problems(check({ PxTeamsConnInstanceCount: v })), [], v);
    for (const v of ['0', '00', '101', '0101', ' 3', '3 ', '+3', '-1', '3.0', '', 'three', '1e2']) {
      assert.deepEqual(
        codes(problems(check({ PxTeamsConnInstanceCount: v }))),
        ['instance-count.invalid'],
        JSON.stringify(v),
      );
    }
  });
  test('info with calls and Fs vCPU quota', () => {
    const f = only(validateProject(exampleProject()), 'instance-count.capacity');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'info');
    assert.match(f[0]!.message, /42-45 concurrent calls/);
    assert.match(f[0]!.message, /12 vCPUs of Fs-series/);
    assert.match(f[0]!.message, /westeurope/);
  });
});

describe('resource group names', () => {
  test('null or the documented pattern: no finding (case-insensitive, as Azure)', () => {
    assert.deepEqual(
      problems(
        check({
          PxTeamsConnResourceGroupName: 'contoso-TeamsConn-eu-RG',
          PxTeamsConnStaticResourceGroupName: 'CONTOSO-teamsconn-EU-static-rg',
        }),
      ),
      [],
    );
  });
  test('a different explicit name warns and names the pattern', () => {
    const f = problems(check({ PxTeamsConnStaticResourceGroupName: 'my-static-rg' }));
    assert.deepEqual(codes(f), ['resource-group.non-standard']);
    assert.equal(f[0]!.field, 'PxTeamsConnStaticResourceGroupName');
    assert.match(f[0]!.message, /'contoso-TeamsConn-eu-static-RG'/);
  });
  test('Azure limits: 1-90 characters, allowed characters, no trailing period', () => {
    assert.deepEqual(codes(problems(check({ PxTeamsConnResourceGroupName: 'r'.repeat(91) }))), [
      'resource-group.invalid',
    ]);
    assert.deepEqual(codes(problems(check({ PxTeamsConnResourceGroupName: 'rg.' }))), ['resource-group.invalid']);
    assert.deepEqual(codes(problems(check({ PxTeamsConnResourceGroupName: 'rg/x' }))), ['resource-group.invalid']);
    assert.deepEqual(codes(problems(check({ PxTeamsConnResourceGroupName: '' }))), ['resource-group.invalid']);
    assert.deepEqual(codes(problems(check({ PxTeamsConnResourceGroupName: 'rg_(1).x-ü' }))), [
      'resource-group.non-standard',
    ]);
  });
  test('the dynamic and static group may not be the same (a redeploy deletes the dynamic one)', () => {
    const f = problems(check({ PxTeamsConnResourceGroupName: 'contoso-TeamsConn-eu-static-RG' }));
    assert.ok(codes(f).includes('cross.resource-group.duplicate'));
  });
});

test('incident reporting off warns', () => {
  const f = problems(check({ PxTeamsConnIncidentReporting: false }));
  assert.deepEqual(codes(f), ['incident-reporting.disabled']);
  assert.equal(f[0]!.severity, 'warning');
});

test('PxPfxCertFileName', () => {
  assert.deepEqual(problems(check({ PxPfxCertFileName: 'connector.pfx' })), []);
  assert.deepEqual(problems(check({ PxPfxCertFileName: '.\\certs\\Connector.PFX' })), []);
  assert.deepEqual(codes(problems(check({ PxPfxCertFileName: '' }))), ['pfx-file.empty']);
  assert.deepEqual(codes(problems(check({ PxPfxCertFileName: '.\\connector.p12' }))), ['pfx-file.extension']);
  assert.deepEqual(codes(problems(check({ PxPfxCertFileName: '.\\con|nector.pfx' }))), ['pfx-file.chars']);
  const abs = check({ PxPfxCertFileName: 'C:\\certs\\connector.pfx' });
  assert.deepEqual(
    abs.map((f) => [f.code, f.severity]),
    [['pfx-file.absolute', 'info']],
  );
});

describe('Windows Update schedule (guide l.902-916, 1145-1167)', () => {
  test('day "0"-"7", digits only (leading zeros as the vendor script takes them)', () => {
    for (const d of ['0', '7', '01', '00']) assert.deepEqual(problems(check({ PxWupdScheduledInstallDay: d })), [], d);
    for (const d of ['8', '08', '-1', ' 1', '', 'Sunday']) {
      assert.deepEqual(
        codes(problems(check({ PxWupdScheduledInstallDay: d }))),
        ['wupd.day.invalid'],
        JSON.stringify(d),
      );
    }
  });
  test('hours "0"-"23", plain digits, for each of the three fields', () => {
    for (const field of ['PxWupdScheduledInstallTime', 'PxWupdActiveHoursStart', 'PxWupdActiveHoursEnd'] as const) {
      for (const bad of ['24', '024', ' 6', '6.5', '', '+6']) {
        const f = only(check({ [field]: bad }), 'wupd.hour.invalid');
        assert.deepEqual(
          f.map((x) => x.field),
          [field],
          `${field}=${JSON.stringify(bad)}`,
        );
      }
    }
    assert.deepEqual(
      problems(check({ PxWupdScheduledInstallTime: '0', PxWupdActiveHoursStart: '5', PxWupdActiveHoursEnd: '23' })),
      [],
    );
    assert.deepEqual(
      problems(check({ PxWupdScheduledInstallTime: '00', PxWupdActiveHoursStart: '06', PxWupdActiveHoursEnd: '022' })),
      [],
    );
  });
  test('active window wraps midnight: 18 hours pass, 19 fail', () => {
    assert.equal(activeWindowHours(22, 6), 8);
    assert.equal(activeWindowHours(6, 22), 16);
    assert.deepEqual(
      problems(check({ PxWupdActiveHoursStart: '22', PxWupdActiveHoursEnd: '6', PxWupdScheduledInstallTime: '12' })),
      [],
    );
    assert.deepEqual(
      problems(check({ PxWupdActiveHoursStart: '4', PxWupdActiveHoursEnd: '22', PxWupdScheduledInstallTime: '23' })),
      [],
    );
    assert.deepEqual(
      problems(check({ PxWupdActiveHoursStart: '12', PxWupdActiveHoursEnd: '6', PxWupdScheduledInstallTime: '8' })),
      [],
    );
    const f = problems(check({ PxWupdActiveHoursStart: '3', PxWupdActiveHoursEnd: '22' }));
    assert.deepEqual(codes(f), ['wupd.active-window.too-long']);
    assert.match(f[0]!.message, /19 hours/);
    const wrap = problems(
      check({ PxWupdActiveHoursStart: '11', PxWupdActiveHoursEnd: '6', PxWupdScheduledInstallTime: '8' }),
    );
    assert.deepEqual(codes(wrap), ['wupd.active-window.too-long']);
    assert.match(wrap[0]!.message, /across midnight/);
  });
  test('start == end warns (0 or 24 hours)', () => {
    const f = problems(check({ PxWupdActiveHoursStart: '8', PxWupdActiveHoursEnd: '8' }));
    assert.deepEqual(codes(f), ['wupd.active-window.empty']);
    assert.equal(f[0]!.severity, 'warning');
  });
  test('install time inside active hours is info', () => {
    const f = check({ PxWupdScheduledInstallTime: '12' });
    assert.deepEqual(
      f.map((x) => [x.code, x.severity]),
      [['wupd.install-in-active-hours', 'info']],
    );
    assert.deepEqual(check({ PxWupdScheduledInstallTime: '22' }), []); // end hour itself is outside
    assert.deepEqual(check({ PxWupdScheduledInstallTime: '5' }), []);
  });
});

test('PxCustomerUsageAttribution must be chosen', () => {
  const f = problems(check({ PxCustomerUsageAttribution: null }));
  assert.deepEqual(codes(f), ['usage-attribution.unset']);
  assert.match(f[0]!.message, /true.*false/);
  assert.deepEqual(problems(check({ PxCustomerUsageAttribution: true })), []);
});

describe('tags (Azure limits)', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`tag${i}`, 'v']));
  test('50 tags pass, 51 fail', () => {
    assert.deepEqual(problems(check({ tags: many(50) })), []);
    assert.deepEqual(codes(problems(check({ tags: many(51) }))), ['tags.too-many']);
  });
  test('name 1-512, value up to 256', () => {
    assert.deepEqual(problems(check({ tags: { ['n'.repeat(512)]: 'v'.repeat(256), e: '' } })), []);
    assert.deepEqual(codes(problems(check({ tags: { ['n'.repeat(513)]: 'v' } }))), ['tags.name-invalid']);
    assert.deepEqual(codes(problems(check({ tags: { n: 'v'.repeat(257) } }))), ['tags.value-too-long']);
    assert.deepEqual(codes(problems(check({ tags: { '': 'v' } }))), ['tags.name-invalid']);
  });
  test('each forbidden character in a name', () => {
    for (const ch of ['<', '>', '%', '&', '\\', '?', '/']) {
      const f = problems(check({ tags: { [`Cost${ch}Center`]: 'v' } }));
      assert.deepEqual(codes(f), ['tags.name-invalid'], ch);
    }
  });
  test('names are unique ignoring case; reserved prefixes refused', () => {
    assert.deepEqual(codes(problems(check({ tags: { CostCenter: 'a', costcenter: 'b' } }))), ['tags.name-duplicate']);
    assert.deepEqual(codes(problems(check({ tags: { 'Microsoft.Owner': 'a' } }))), ['tags.name-reserved-prefix']);
  });
});

describe('Conferencing Nodes block', () => {
  test('pool must be a valid FQDN', () => {
    // PxNodeFqdns still names px.vc.example.com, which now matches neither pool nor node.
    assert.deepEqual(codes(problems(check({}, {}, { pool: '' }))), ['nodes.pool.invalid', 'node-fqdns.not-in-nodes']);
    assert.deepEqual(codes(problems(check({ PxNodeFqdns: ['px01.vc.example.com'] }, {}, { pool: '' }))), [
      'nodes.pool.invalid',
    ]);
    assert.deepEqual(codes(problems(check({}, {}, { pool: '*.vc.example.com' }))), [
      'nodes.pool.invalid',
      'node-fqdns.not-in-nodes',
    ]);
  });
  test('with SfB/Lync federation the pool sits directly in the subdomain', () => {
    const f = problems(check({ PxNodeFqdns: ['px.edge.vc.example.com'] }, {}, { pool: 'px.edge.vc.example.com' }));
    assert.deepEqual(codes(f), ['nodes.pool.sfb-domain']);
  });
  test('members: valid FQDN, IPv4 or null, no duplicates, public addresses', () => {
    const f = problems(
      check(
        { PxNodesSourceAddressPrefixes: ['198.51.100.0/24', '10.0.0.0/8'] },
        {},
        {
          members: [
            { fqdn: 'px01.vc.example.com', ip: '198.51.100.40' },
            { fqdn: 'px01.vc.example.com', ip: null },
            { fqdn: 'bad_name', ip: '198.51.100.300' },
            { fqdn: 'px03.vc.example.com', ip: '10.0.0.5' },
          ],
        },
      ),
    );
    assert.deepEqual(
      f.map((x) => [x.code, x.field]),
      [
        ['prefix.not-public', 'PxNodesSourceAddressPrefixes'],
        ['nodes.member.duplicate', 'nodes.members[1].fqdn'],
        ['nodes.member.fqdn-invalid', 'nodes.members[2].fqdn'],
        ['nodes.member.ip-invalid', 'nodes.members[2].ip'],
        ['nodes.member.ip-not-public', 'nodes.members[3].ip'],
      ],
    );
  });
});
