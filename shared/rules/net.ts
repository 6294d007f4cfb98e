// IPv4 address and CIDR handling for the NSG prefix lists, on top of ipaddr.js.
import ipaddr from 'ipaddr.js';

export interface Ipv4Prefix {
  /** The entry as written. */
  text: string;
  address: ipaddr.IPv4;
  bits: number;
  /** Canonical network form, e.g. 91.90.42.64/26 (a bare address is /32). */
  network: string;
}

export type PrefixParse =
  | { ok: true; prefix: Ipv4Prefix }
  | { ok: false; kind: 'invalid' | 'ipv6'; reason: string }
  | { ok: false; kind: 'host-bits'; reason: string; network: string };

const FOUR_PART = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Octets of a strict dotted-quad IPv4 (no octal, hex, short or zero-padded forms), or null. */
function octetsOf(text: string): number[] | null {
  const m = FOUR_PART.exec(text);
  if (!m) return null;
  const o = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  return o.every((x) => x <= 255) ? o : null;
}

/** Strict dotted-quad IPv4 (no octal, hex, short or zero-padded forms that ipaddr.js also accepts). */
export function isIpv4(text: string): boolean {
  return octetsOf(text) !== null;
}

// Parsing is pure and the same strings recur in every region: remember recent results.
const cache = new Map<string, PrefixParse>();

/** Parse one NSG source entry: an IPv4 address or an IPv4 network in CIDR form. */
export function parseIpv4Prefix(text: string): PrefixParse {
  const hit = cache.get(text);
  if (hit) return hit;
  const r = parseUncached(text);
  if (cache.size > 2000) cache.clear();
  cache.set(text, r);
  return r;
}

function parseUncached(text: string): PrefixParse {
  if (text.trim() !== text) return { ok: false, kind: 'invalid', reason: 'it has spaces around it; remove them' };
  if (text.length === 0) return { ok: false, kind: 'invalid', reason: 'it is empty' };
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const bitsText = slash < 0 ? '32' : text.slice(slash + 1);
  if (addrText.includes(':')) {
    if (ipaddr.IPv6.isValid(addrText)) return { ok: false, kind: 'ipv6', reason: 'it is an IPv6 address' };
    return { ok: false, kind: 'invalid', reason: 'it is not an IPv4 address' };
  }
  const octets = octetsOf(addrText);
  if (!octets) {
    if (text === '*' || /^[A-Za-z]/.test(text)) {
      return {
        ok: false,
        kind: 'invalid',
        reason: 'service tags and * are not supported here; list addresses, or leave the list empty to allow everyone',
      };
    }
    return {
      ok: false,
      kind: 'invalid',
      reason: 'it is not a dotted IPv4 address like 203.0.113.10 or a prefix like 203.0.113.0/24',
    };
  }
  if (!/^(0|[1-9]\d?)$/.test(bitsText) || Number(bitsText) > 32) {
    return {
      ok: false,
      kind: 'invalid',
      reason: `the prefix length ${JSON.stringify(bitsText)} is not a number from 0 to 32`,
    };
  }
  const bits = Number(bitsText);
  const address = new ipaddr.IPv4(octets);
  const mask = ipaddr.IPv4.subnetMaskFromPrefixLength(bits).octets;
  const networkOctets = octets.map((o, i) => o & mask[i]!);
  const network = `${networkOctets.join('.')}/${bits}`;
  if (networkOctets.some((o, i) => o !== octets[i])) {
    return { ok: false, kind: 'host-bits', reason: 'it has host bits set', network };
  }
  return { ok: true, prefix: { text, address, bits, network } };
}

export function prefixContains(prefix: Ipv4Prefix, ip: string): boolean {
  const octets = octetsOf(ip);
  return octets !== null && new ipaddr.IPv4(octets).match(prefix.address, prefix.bits);
}

const DOCUMENTATION: [ipaddr.IPv4, number][] = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map((c) =>
  ipaddr.IPv4.parseCIDR(c),
);

export type AddressClass = 'public' | 'documentation' | 'not-public';

/** How an address looks from the Internet: documentation ranges (RFC 5737) are told apart. */
export function classify(address: ipaddr.IPv4): { cls: AddressClass; range: string } {
  if (DOCUMENTATION.some(([net, bits]) => address.match(net, bits)))
    return { cls: 'documentation', range: 'documentation (RFC 5737)' };
  const range = address.range();
  if (range === 'unicast') return { cls: 'public', range };
  return { cls: 'not-public', range: RANGE_NAMES[range] ?? range };
}

/** classify() for a dotted-quad string; call only after isIpv4(). */
export function classifyIp(ip: string): { cls: AddressClass; range: string } {
  return classify(new ipaddr.IPv4(octetsOf(ip) ?? [0, 0, 0, 0]));
}

const RANGE_NAMES: Record<string, string> = {
  unspecified: "'this network' 0.0.0.0/8",
  broadcast: 'broadcast',
  multicast: 'multicast 224.0.0.0/4',
  linkLocal: 'link-local 169.254.0.0/16',
  loopback: 'loopback 127.0.0.0/8',
  carrierGradeNat: 'carrier-grade NAT 100.64.0.0/10',
  private: 'private (RFC 1918: 10/8, 172.16/12, 192.168/16)',
  reserved: 'reserved',
  as112: 'AS112 (RFC 7534)',
  amt: 'AMT (RFC 7450)',
  benchmarking: 'benchmarking 198.18.0.0/15',
};
