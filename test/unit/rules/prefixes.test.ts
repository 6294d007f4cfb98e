import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, only, problems } from './helpers.ts';
import { parseIpv4Prefix } from '../../../shared/rules/validate.ts';

const NODES = ['198.51.100.40', '198.51.100.41'];

describe('parseIpv4Prefix', () => {
  test('addresses and networks', () => {
    const a = parseIpv4Prefix('203.0.113.10');
    assert.ok(a.ok && a.prefix.network === '203.0.113.10/32');
    const n = parseIpv4Prefix('91.90.42.64/26');
    assert.ok(n.ok && n.prefix.bits === 26);
    assert.ok(parseIpv4Prefix('0.0.0.0/0').ok);
  });
  test("the guide's troubleshooting example: 91.90.42.96/26 has host bits set", () => {
    const r = parseIpv4Prefix('91.90.42.96/26');
    assert.ok(!r.ok && r.kind === 'host-bits' && r.network === '91.90.42.64/26');
  });
  test('loose forms ipaddr.js alone would accept are refused', () => {
    for (const s of [
      '1',
      '1.2.3',
      '010.1.1.1',
      '0x7f.0.0.1',
      '256.1.1.1',
      '1.2.3.4/33',
      '1.2.3.4/',
      '1.2.3.4/08',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '*',
      'Internet',
      '',
      'x.x.x.x',
    ]) {
      const r = parseIpv4Prefix(s);
      assert.ok(!r.ok && r.kind === 'invalid', JSON.stringify(s));
    }
    const v6 = parseIpv4Prefix('2001:db8::/32');
    assert.ok(!v6.ok && v6.kind === 'ipv6');
  });
});

describe('prefix lists', () => {
  test('host bits: error naming the corrected network (guide l.3908-3912)', () => {
    const f = only(check({ PxNodesSourceAddressPrefixes: [...NODES, '91.90.42.96/26'] }), 'prefix.host-bits');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'error');
    assert.equal(f[0]!.field, 'PxNodesSourceAddressPrefixes');
    assert.match(f[0]!.message, /'91\.90\.42\.64\/26'/);
    assert.match(f[0]!.message, /'91\.90\.42\.96\/32'/);
  });
  test('each list is checked', () => {
    for (const field of [
      'PxMgmtSrcAddrPrefixes',
      'PxNodesSourceAddressPrefixes',
      'PxConsentSourceAddressPrefixes',
    ] as const) {
      const base = field === 'PxNodesSourceAddressPrefixes' ? NODES : [];
      const f = check({ [field]: [...base, '1.2.3.300'] });
      assert.deepEqual(
        only(f, 'prefix.invalid').map((x) => x.field),
        [field],
      );
    }
  });
  test('duplicates (also /32 vs bare address) warn', () => {
    const f = problems(check({ PxMgmtSrcAddrPrefixes: ['8.8.8.8', '8.8.8.8/32', '9.9.9.0/24', '9.9.9.0/24'] }));
    assert.deepEqual(codes(f), ['prefix.duplicate', 'prefix.duplicate']);
    assert.equal(f[0]!.severity, 'warning');
  });
  test('private and reserved ranges warn; documentation ranges are only info', () => {
    for (const p of [
      '10.1.2.3',
      '172.16.0.0/12',
      '172.31.255.1',
      '192.168.1.0/24',
      '100.64.0.1',
      '127.0.0.1',
      '169.254.1.1',
      '224.0.0.1',
      '0.0.0.1',
    ]) {
      const f = problems(check({ PxMgmtSrcAddrPrefixes: [p] }));
      assert.deepEqual(codes(f), ['prefix.not-public'], p);
      assert.match(f[0]!.message, /public/);
    }
    assert.deepEqual(problems(check({ PxMgmtSrcAddrPrefixes: ['172.32.0.1', '8.8.8.0/24'] })), []);
    const info = check({ PxMgmtSrcAddrPrefixes: ['192.0.2.1'] }).length; // helper hides documentation info
    assert.equal(info, 0);
  });
  test('0.0.0.0/0 warns', () => {
    assert.deepEqual(codes(problems(check({ PxConsentSourceAddressPrefixes: ['0.0.0.0/0'] }))), ['prefix.any']);
  });
  test('IPv6 entries are errors', () => {
    assert.deepEqual(codes(problems(check({ PxMgmtSrcAddrPrefixes: ['2001:db8::1'] }))), ['prefix.ipv6']);
  });
  test('empty lists: nodes and consent warn, management is info', () => {
    const f = check({
      PxNodesSourceAddressPrefixes: [],
      PxConsentSourceAddressPrefixes: [],
      PxMgmtSrcAddrPrefixes: [],
    });
    assert.deepEqual(
      f.map((x) => [x.code, x.severity]),
      [
        ['mgmt-prefixes.empty', 'info'],
        ['nodes-prefixes.empty', 'warning'],
        ['consent-prefixes.empty', 'warning'],
      ],
    );
    assert.match(only(f, 'nodes-prefixes.empty')[0]!.message, /anyone/);
    assert.match(only(f, 'consent-prefixes.empty')[0]!.message, /app IDs/);
    assert.match(only(f, 'consent-prefixes.empty')[0]!.message, /stop the app service/);
    assert.match(only(f, 'mgmt-prefixes.empty')[0]!.message, /RDP/);
  });
  test('node addresses must be covered by the node prefixes, a covering CIDR is enough', () => {
    assert.deepEqual(problems(check({ PxNodesSourceAddressPrefixes: ['198.51.100.32/28'] })), []);
    const f = problems(check({ PxNodesSourceAddressPrefixes: ['198.51.100.40'] }));
    assert.deepEqual(codes(f), ['nodes-prefixes.node-not-covered']);
    assert.match(f[0]!.message, /px02\.vc\.example\.com/);
    assert.match(f[0]!.message, /198\.51\.100\.41/);
    // Nodes without a known address are not judged.
    assert.deepEqual(
      problems(
        check(
          { PxNodesSourceAddressPrefixes: ['8.8.8.8'] },
          {},
          { members: [{ fqdn: 'px01.vc.example.com', ip: null }] },
        ),
      ),
      [],
    );
  });
});
