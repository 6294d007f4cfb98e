import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, only, problems } from './helpers.ts';
import { RESERVED_ADMIN_USER_NAMES, DOCUMENTED_LOCATIONS, hostNameProblem } from '../../../shared/rules/validate.ts';

describe('PxBaseConnName (guide l.807-810, 937-940)', () => {
  test("the guide's example message for Contoso-1", () => {
    const f = only(check({ PxBaseConnName: 'Contoso-1' }), 'base-name.chars');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'error');
    assert.equal(f[0]!.field, 'PxBaseConnName');
    assert.equal(f[0]!.region, 'eu');
    assert.match(f[0]!.message, /'C', '-'/);
    assert.match(f[0]!.message, /lower-case/);
    assert.match(f[0]!.message, /'contoso1'/);
  });
  test('9 characters pass, 10 fail', () => {
    assert.deepEqual(problems(check({ PxBaseConnName: 'abcdefghi', PxVmssRegion: 'eu' })), []);
    const f = check({ PxBaseConnName: 'abcdefghij', PxVmssRegion: 'eu' });
    assert.deepEqual(codes(problems(f)), ['base-name.too-long']);
    assert.match(f[0]!.message, /10 characters; the maximum is 9/);
  });
  test('must start with a letter', () => {
    assert.ok(codes(check({ PxBaseConnName: '1contoso' })).includes('base-name.first-char'));
    assert.ok(!codes(check({ PxBaseConnName: '1contoso' })).includes('base-name.chars'));
  });
  test('upper case, dash, space, underscore and non-ASCII are refused', () => {
    for (const v of ['Contoso', 'con-toso', 'con toso', 'con_toso', 'contosö']) {
      assert.deepEqual(codes(problems(check({ PxBaseConnName: v }))), ['base-name.chars'], v);
    }
  });
  test('empty is one clear error, no cascade', () => {
    assert.deepEqual(codes(problems(check({ PxBaseConnName: '' }))), ['base-name.empty']);
  });
  test('a single letter is fine when base + region reach 3', () => {
    assert.deepEqual(problems(check({ PxBaseConnName: 'c', PxVmssRegion: 'eu' })), []);
  });
});

describe('PxVmssRegion and the combined length (guide l.809, 812, 944-947)', () => {
  test('a-z0-9 only; digits are allowed', () => {
    assert.deepEqual(problems(check({ PxVmssRegion: 'eu2' })), []);
    assert.deepEqual(codes(problems(check({ PxVmssRegion: 'EU' }))), ['vmss-region.chars']);
    assert.deepEqual(codes(problems(check({ PxVmssRegion: 'e-u' }))), ['vmss-region.chars']);
  });
  test('2-4 recommended: 1 and 5 warn, 2 and 4 do not', () => {
    for (const r of ['eu', 'euwe']) assert.deepEqual(problems(check({ PxVmssRegion: r })), [], r);
    for (const r of ['e', 'euwes']) {
      const f = problems(check({ PxVmssRegion: r }));
      assert.deepEqual(codes(f), ['vmss-region.length'], r);
      assert.equal(f[0]!.severity, 'warning');
    }
  });
  test('combined 3 and 14 pass, 2 and 15 fail', () => {
    assert.deepEqual(codes(problems(check({ PxBaseConnName: 'ab', PxVmssRegion: 'c' }))), ['vmss-region.length']);
    assert.ok(!codes(check({ PxBaseConnName: 'ab', PxVmssRegion: 'c' })).includes('vmss-name.length'));
    assert.deepEqual(codes(problems(check({ PxBaseConnName: 'a', PxVmssRegion: 'b' }))), [
      'vmss-region.length',
      'vmss-name.length',
    ]);
    assert.deepEqual(codes(problems(check({ PxBaseConnName: 'abcdefghi', PxVmssRegion: 'abcde' }))), [
      'vmss-region.length',
    ]);
    const f = check({ PxBaseConnName: 'abcdefghi', PxVmssRegion: 'abcdef' });
    assert.ok(codes(f).includes('vmss-name.length'));
    assert.match(only(f, 'vmss-name.length')[0]!.message, /15 characters; together they must have 3-14/);
  });
  test('empty region is one error', () => {
    assert.deepEqual(codes(problems(check({ PxVmssRegion: '' }))), ['vmss-region.empty']);
    assert.equal(check({ PxVmssRegion: '' })[0]!.region, '#1');
  });
});

describe('host names: PxTeamsConnFqdn, PxNodeFqdns', () => {
  test('hostNameProblem accepts ordinary names and refuses the broken ones', () => {
    for (const ok of [
      'pexip-teamsconn-eu.teams.example.com',
      'px.vc.example.com',
      'A1.Example.COM',
      'xn--bcher-kva.example',
    ]) {
      assert.equal(hostNameProblem(ok), null, ok);
    }
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['localhost', /single label/],
      ['a..b.com', /empty label/],
      ['.a.com', /empty label/],
      ['a.com.', /trailing dot/],
      ['-a.example.com', /hyphen/],
      ['a-.example.com', /hyphen/],
      ['a_b.example.com', /'_'/],
      ['a b.example.com', /spaces/],
      ['198.51.100.40', /IP address/],
      [`${'a'.repeat(64)}.com`, /longer than 63/],
      [`${'a.'.repeat(127)}com`, /at most 253/],
      ['host.123', /all digits/],
      ['bücher.example', /xn--/],
      ['*.example.com', /wildcard/],
    ];
    for (const [name, re] of bad) assert.match(hostNameProblem(name) ?? 'null', re, name);
  });
  test('PxTeamsConnFqdn: wildcard and invalid names are errors', () => {
    assert.deepEqual(codes(problems(check({ PxTeamsConnFqdn: '*.teams.example.com' }))), ['teams-fqdn.wildcard']);
    assert.deepEqual(codes(problems(check({ PxTeamsConnFqdn: 'teamsconn' }))), ['teams-fqdn.invalid']);
    assert.deepEqual(codes(problems(check({ PxTeamsConnFqdn: '' }))), ['teams-fqdn.invalid']);
  });
  test('PxNodeFqdns: empty, wildcard, invalid, duplicate', () => {
    assert.deepEqual(codes(problems(check({ PxNodeFqdns: [] }))), ['node-fqdns.empty']);
    assert.deepEqual(codes(problems(check({ PxNodeFqdns: ['*.vc.example.com'] }))), ['node-fqdns.wildcard']);
    assert.deepEqual(codes(problems(check({ PxNodeFqdns: ['px.vc.example.com', ''] }))), ['node-fqdns.invalid']);
    // The guide's own example 1 lists the same node twice (l.819): we warn.
    const f = problems(check({ PxNodeFqdns: ['px01.vc.example.com', 'PX01.vc.example.com'] }));
    assert.deepEqual(codes(f), ['node-fqdns.duplicate']);
    assert.equal(f[0]!.severity, 'warning');
  });
  test('PxNodeFqdns names must be the pool or a node of the region', () => {
    assert.deepEqual(problems(check({ PxNodeFqdns: ['px01.vc.example.com', 'px02.vc.example.com'] })), []);
    const f = problems(check({ PxNodeFqdns: ['px.vc.example.com', 'edge9.vc.example.com'] }));
    assert.deepEqual(codes(f), ['node-fqdns.not-in-nodes']);
    assert.match(f[0]!.message, /'edge9\.vc\.example\.com'/);
  });
});

describe('PxSubscriptionId and PxAzureLocation', () => {
  test('GUID format', () => {
    assert.deepEqual(problems(check({ PxSubscriptionId: '3F2504E0-4f89-41d3-9a0c-0305e82c3301' })), []);
    // The guide's example GUID is well-formed but a placeholder: an error at its field, in any case.
    assert.deepEqual(codes(problems(check({ PxSubscriptionId: 'AAAAAAAA-bbbb-cccc-dddd-eeeeeeeeeeee' }))), [
      'placeholder.guide',
    ]);
    for (const v of [
      '',
      'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeee',
      'aaaaaaaabbbbccccddddeeeeeeeeeeee',
      'gaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    ]) {
      assert.deepEqual(codes(problems(check({ PxSubscriptionId: v }))), ['subscription.invalid'], v);
    }
    assert.match(
      check({ PxSubscriptionId: '{3f2504e0-4f89-41d3-9a0c-0305e82c3301}' })[0]!.message,
      /Remove the braces/,
    );
  });
  test("every documented location passes; the list has the guide's 32 regions", () => {
    assert.equal(DOCUMENTED_LOCATIONS.length, 32);
    for (const l of DOCUMENTED_LOCATIONS) assert.deepEqual(problems(check({ PxAzureLocation: l })), [], l);
  });
  test('an unlisted but well-formed location is a warning; display names and upper case are errors', () => {
    const w = problems(check({ PxAzureLocation: 'swedencentral' }));
    assert.deepEqual(codes(w), ['location.not-listed']);
    assert.equal(w[0]!.severity, 'warning');
    assert.match(w[0]!.message, /check the region live/);
    const e = problems(check({ PxAzureLocation: 'West Europe' }));
    assert.deepEqual(codes(e), ['location.malformed']);
    assert.match(e[0]!.message, /'westeurope'/);
    assert.deepEqual(codes(problems(check({ PxAzureLocation: 'WestEurope' }))), ['location.malformed']);
    assert.deepEqual(codes(problems(check({ PxAzureLocation: '' }))), ['location.empty']);
  });
  test('a live list replaces the documented one', () => {
    assert.deepEqual(problems(check({ PxAzureLocation: 'swedencentral' }, { liveLocations: ['swedencentral'] })), []);
    assert.deepEqual(codes(problems(check({ PxAzureLocation: 'westeurope' }, { liveLocations: ['swedencentral'] }))), [
      'location.not-available',
    ]);
  });
});

describe('PxWinAdminUser (guide l.827-832, Azure user name rules)', () => {
  test('every reserved name is refused, in any case', () => {
    assert.equal(RESERVED_ADMIN_USER_NAMES.length, 32);
    for (const n of RESERVED_ADMIN_USER_NAMES) {
      for (const v of [n, n.toUpperCase(), n.charAt(0).toUpperCase() + n.slice(1)]) {
        assert.ok(codes(check({ PxWinAdminUser: v })).includes('admin-user.reserved'), v);
      }
    }
    assert.deepEqual(problems(check({ PxWinAdminUser: 'administrator2' })), []);
  });
  test('length 1-20 and no trailing period', () => {
    assert.deepEqual(problems(check({ PxWinAdminUser: 'b' })), []);
    assert.deepEqual(problems(check({ PxWinAdminUser: 'p'.repeat(20) })), []);
    assert.deepEqual(codes(problems(check({ PxWinAdminUser: 'p'.repeat(21) }))), ['admin-user.too-long']);
    assert.deepEqual(codes(problems(check({ PxWinAdminUser: 'pexadmin.' }))), ['admin-user.trailing-period']);
    assert.deepEqual(codes(problems(check({ PxWinAdminUser: '' }))), ['admin-user.empty']);
  });
  test('each character Azure refuses is an error, @ and spaces included', () => {
    for (const ch of ['"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>', '\u0001']) {
      assert.deepEqual(
        codes(problems(check({ PxWinAdminUser: `pex${ch}admin` }))),
        ['admin-user.chars'],
        JSON.stringify(ch),
      );
    }
    for (const v of ['pex admin', 'pex@admin', 'pex&admin', 'alice@contoso.com']) {
      assert.deepEqual(codes(problems(check({ PxWinAdminUser: v }))), ['admin-user.chars'], v);
    }
    assert.match(problems(check({ PxWinAdminUser: 'alice@contoso.com' }))[0]!.message, /e\.g\. 'alice'/);
    assert.deepEqual(problems(check({ PxWinAdminUser: 'pex.admin-1_x' })), []);
  });
});
