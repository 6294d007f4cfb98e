// The DNS records a region depends on, derived from the project the way the vendor documents them
// (certificate & DNS examples, 000_…txt; connector A record, guide ~1493–1512). Grouped per
// owner name and type, because a resolver answers per name: one A set or one SRV set each.
import type { Project, Region } from '../model/project.ts';

export interface SrvTarget {
  priority: number;
  weight: number;
  port: number;
  /** Lower case, without the trailing dot. */
  target: string;
}

interface ExpectedBase {
  /** Owner name, lower case, without the trailing dot. */
  name: string;
  /** What the record is for, in a few words ("Teams Connector load balancer"). */
  purpose: string;
  /** Project field the finding points at. */
  field: string;
}

export interface ExpectedA extends ExpectedBase {
  type: 'A';
  /** The addresses it must hold; null when the project does not know them (then: any public address). */
  addresses: string[] | null;
  /** True for the connector: the one load-balancer address; any other address is an error. */
  exclusive: boolean;
}

export interface ExpectedSrv extends ExpectedBase {
  type: 'SRV';
  targets: SrvTarget[];
  /** Set for `_sipfederationtls._tcp.<domain>`: every target must sit directly in this domain. */
  federationDomain: string | null;
}

export type ExpectedRecord = ExpectedA | ExpectedSrv;

/** Service records the guide lists for calls to a domain, with their ports (000_…txt). */
export const NODE_SRV_SERVICES: readonly { label: string; port: number; what: string }[] = [
  { label: '_h323cs._tcp', port: 1720, what: 'H.323 call signalling' },
  { label: '_h323ls._udp', port: 1719, what: 'H.323 location requests' },
  { label: '_sip._tcp', port: 5060, what: 'SIP over TCP' },
  { label: '_sips._tcp', port: 5061, what: 'SIP over TLS' },
  { label: '_pexapp._tcp', port: 443, what: 'Pexip apps (Infinity Connect / web app)' },
];

export const FEDERATION_SRV_LABEL = '_sipfederationtls._tcp';
export const FEDERATION_PORT = 5061;

export function normalizeName(name: string): string {
  return name.trim().replace(/\.+$/, '').toLowerCase();
}

/** `_pexapp` for public nodes uses ascending priorities (10, 20, …) and weight 100; the others 10/10. */
function srvTargetsFor(label: string, port: number, nodes: string[]): SrvTarget[] {
  if (label === '_pexapp._tcp') {
    return nodes.map((target, i) => ({ priority: 10 * (i + 1), weight: 100, port, target }));
  }
  return nodes.map((target) => ({ priority: 10, weight: 10, port, target }));
}

/**
 * Every record the region needs. `expectIp` (given by the user or read from Azure) wins over the
 * project's `publicIp` for the connector's A record.
 */
export function expectedDnsRecords(project: Project, region: Region, expectIp?: string | null): ExpectedRecord[] {
  const v = region.variables;
  const out: ExpectedRecord[] = [];
  const connectorIp = expectIp ?? region.publicIp ?? null;

  if (v.PxTeamsConnFqdn.trim()) {
    out.push({
      type: 'A',
      name: normalizeName(v.PxTeamsConnFqdn),
      purpose: 'Teams Connector load balancer',
      field: 'PxTeamsConnFqdn',
      addresses: connectorIp ? [connectorIp] : null,
      exclusive: true,
    });
  }

  const members = region.nodes.members.filter((m) => m.fqdn.trim());
  for (const m of members) {
    out.push({
      type: 'A',
      name: normalizeName(m.fqdn),
      purpose: 'Conferencing Node',
      field: 'nodes.members',
      addresses: m.ip ? [m.ip] : null,
      exclusive: false,
    });
  }

  const pool = normalizeName(region.nodes.pool);
  const memberNames = new Set(members.map((m) => normalizeName(m.fqdn)));
  if (pool && !memberNames.has(pool)) {
    // Round-robin A records for the pool name, in addition to each node's own record (000_…txt).
    const ips = members.map((m) => m.ip);
    out.push({
      type: 'A',
      name: pool,
      purpose: 'Conferencing Node pool (round robin over the nodes)',
      field: 'nodes.pool',
      addresses: ips.length > 0 && ips.every((ip): ip is string => !!ip) ? [...new Set(ips)] : null,
      exclusive: false,
    });
  }

  const nodeTargets = members.map((m) => normalizeName(m.fqdn));
  if (nodeTargets.length > 0) {
    const domains: { domain: string; field: string }[] = [];
    const primary = normalizeName(project.infinity.primaryDomain);
    const sub = normalizeName(project.infinity.subdomain);
    if (primary) domains.push({ domain: primary, field: 'infinity.primaryDomain' });
    if (sub && sub !== primary) domains.push({ domain: sub, field: 'infinity.subdomain' });
    for (const { domain, field } of domains) {
      for (const s of NODE_SRV_SERVICES) {
        out.push({
          type: 'SRV',
          name: `${s.label}.${domain}`,
          purpose: `${s.what} for calls to @${domain}`,
          field,
          targets: srvTargetsFor(s.label, s.port, nodeTargets),
          federationDomain: null,
        });
      }
    }
  }

  const sub = normalizeName(project.infinity.subdomain);
  if (project.infinity.sfbFederation && sub && pool) {
    out.push({
      type: 'SRV',
      name: `${FEDERATION_SRV_LABEL}.${sub}`,
      purpose: `Skype for Business / Lync federation for calls to @${sub}`,
      field: 'infinity.sfbFederation',
      targets: [{ priority: 1, weight: 100, port: FEDERATION_PORT, target: pool }],
      federationDomain: sub,
    });
  }
  return out;
}

/** Zone-file line for one A address or one SRV target, as the guide writes them. */
export function zoneLineA(name: string, address: string): string {
  return `${name}. 86400 IN A ${address}`;
}
export function zoneLineSrv(name: string, t: SrvTarget): string {
  return `${name}. 86400 IN SRV ${t.priority} ${t.weight} ${t.port} ${t.target}.`;
}
