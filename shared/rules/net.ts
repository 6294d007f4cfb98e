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

const FOUR_PART = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

/** Strict dotted-quad IPv4 (no octal, hex, short or zero-padded forms that ipaddr.js also accepts). */
export function isIpv4(text: string): boolean {
  return FOUR_PART.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** Parse one NSG source entry: an IPv4 address or an IPv4 network in CIDR form. */
export function parseIpv4Prefix(text: string): PrefixParse {
  if (text.trim() !== text) return { ok: false, kind: 'invalid', reason: 'it has spaces around it; remove them' };
  if (text.length === 0) return { ok: false, kind: 'invalid', reason: 'it is empty' };
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const bitsText = slash < 0 ? '32' : text.slice(slash + 1);
  if (addrText.includes(':')) {
    if (ipaddr.IPv6.isValid(addrText)) return { ok: false, kind: 'ipv6', reason: 'it is an IPv6 address' };
    return { ok: false, kind: 'invalid', reason: 'it is not an IPv4 address' };
  }
  if (!isIpv4(addrText)) {
    if (text === '*' || /^[A-Za-z]/.test(text)) {
      return { ok: false, kind: 'invalid', reason: 'service tags and * are not supported here; list addresses, or leave the list empty to allow everyone' };
    }
    return { ok: false, kind: 'invalid', reason: 'it is not a dotted IPv4 address like 203.0.113.10 or a prefix like 203.0.113.0/24' };
  }
  if (!/^(0|[1-9]\d?)$/.test(bitsText) || Number(bitsText) > 32) {
    return { ok: false, kind: 'invalid', reason: `the prefix length ${JSON.stringify(bitsText)} is not a number from 0 to 32` };
  }
  const bits = Number(bitsText);
  const address = ipaddr.IPv4.parse(addrText);
  const networkAddr = ipaddr.IPv4.networkAddressFromCIDR(`${addrText}/${bits}`);
  const network = `${networkAddr.toString()}/${bits}`;
  if (networkAddr.toString() !== address.toString()) {
    return { ok: false, kind: 'host-bits', reason: 'it has host bits set', network };
  }
  return { ok: true, prefix: { text, address, bits, network } };
}

export function prefixContains(prefix: Ipv4Prefix, ip: string): boolean {
  if (!isIpv4(ip)) return false;
  return ipaddr.IPv4.parse(ip).match(prefix.address, prefix.bits);
}

const DOCUMENTATION: [ipaddr.IPv4, number][] = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map((c) => ipaddr.IPv4.parseCIDR(c));

export type AddressClass = 'public' | 'documentation' | 'not-public';

/** How an address looks from the Internet: documentation ranges (RFC 5737) are told apart. */
export function classify(address: ipaddr.IPv4): { cls: AddressClass; range: string } {
  if (DOCUMENTATION.some(([net, bits]) => address.match(net, bits))) return { cls: 'documentation', range: 'documentation (RFC 5737)' };
  const range = address.range();
  if (range === 'unicast') return { cls: 'public', range };
  return { cls: 'not-public', range: RANGE_NAMES[range] ?? range };
}

/** classify() for a dotted-quad string; call only after isIpv4(). */
export function classifyIp(ip: string): { cls: AddressClass; range: string } {
  return classify(ipaddr.IPv4.parse(ip));
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
