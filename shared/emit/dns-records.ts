// DNS records for one region: the Teams Connector's A record (guide, "Update DNS with Teams Connector
// name and IP address"), and the Conferencing Node records of the certificate and DNS examples
// (reference 000): node A records, SRV sets for the primary domain and the Pexip subdomain, the
// pool's round-robin A records and, for Skype for Business / Lync federation, _sipfederationtls.
// dnsRecords() is the structured list the live DNS check compares against.
import type { Project, Region } from '../model/project.ts';
import { GENERATED_BY } from './script-parts.ts';

export type DnsRecordType = 'A' | 'SRV';

export interface DnsRecord {
  /** Owner name, fully qualified, without the trailing dot. */
  name: string;
  type: DnsRecordType;
  ttl: number;
  /** A: the IPv4 address (or the placeholder when pending); SRV: "priority weight port target". */
  value: string;
  priority?: number;
  weight?: number;
  port?: number;
  /** SRV target host, without the trailing dot. */
  target?: string;
  /** True when the address is not known yet (value is a placeholder, not a real address). */
  pending?: boolean;
  /** Which part of the deployment it serves. */
  role: 'connector' | 'node' | 'pool' | 'srv' | 'federation';
  /** Why the record exists, in plain words. */
  purpose: string;
}

export const CONNECTOR_IP_PLACEHOLDER = '<public IP of the load balancer — run tcw azure public-ip>';
export const NODE_IP_PLACEHOLDER = '<public IP of this Conferencing Node>';
/** TTL of the reference's node and SRV examples. */
export const NODE_TTL = 86400;
/** Shorter TTL for the connector's record, so a changed load balancer address spreads quickly. */
export const CONNECTOR_TTL = 3600;

/** The SRV services of reference 000, with their ports. */
export const SRV_SERVICES = [
  { service: '_h323cs._tcp', port: 1720, purpose: 'H.323 call signalling' },
  { service: '_h323ls._udp', port: 1719, purpose: 'H.323 location (RAS)' },
  { service: '_sip._tcp', port: 5060, purpose: 'SIP over TCP' },
  { service: '_sips._tcp', port: 5061, purpose: 'SIP over TLS' },
  { service: '_pexapp._tcp', port: 443, purpose: 'Pexip apps (Infinity Connect)' },
] as const;

function lower(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** Parent domain of a host name ("px.vc.example.com" -> "vc.example.com"). */
export function parentDomain(host: string): string {
  const h = lower(host);
  const i = h.indexOf('.');
  return i < 0 ? '' : h.slice(i + 1);
}

/** True when the federation SRV target sits directly in the SRV's domain (reference 003). */
export function federationTargetInDomain(pool: string, subdomain: string): boolean {
  return parentDomain(pool) === lower(subdomain);
}

function resolveRegion(project: Project, region: Region | string): Region {
  if (typeof region !== 'string') return region;
  const r = project.regions.find((x) => x.variables.PxVmssRegion === region);
  if (!r) throw new Error(`no region "${region}" in the project`);
  return r;
}

export function dnsRecords(project: Project, regionOrName: Region | string): DnsRecord[] {
  const region = resolveRegion(project, regionOrName);
  const out: DnsRecord[] = [];
  const connectorIp = region.publicIp ?? null;
  out.push({
    name: lower(region.variables.PxTeamsConnFqdn),
    type: 'A',
    ttl: CONNECTOR_TTL,
    value: connectorIp ?? CONNECTOR_IP_PLACEHOLDER,
    ...(connectorIp ? {} : { pending: true }),
    role: 'connector',
    purpose: 'Teams Connector host name -> public IP of its Azure load balancer (must resolve externally)',
  });

  const members = region.nodes.members;
  for (const m of members) {
    out.push({
      name: lower(m.fqdn),
      type: 'A',
      ttl: NODE_TTL,
      value: m.ip ?? NODE_IP_PLACEHOLDER,
      ...(m.ip ? {} : { pending: true }),
      role: 'node',
      purpose: 'Conferencing Node',
    });
  }

  const pool = lower(region.nodes.pool);
  const memberNames = new Set(members.map((m) => lower(m.fqdn)));
  if (pool && !memberNames.has(pool)) {
    for (const m of members) {
      out.push({
        name: pool,
        type: 'A',
        ttl: NODE_TTL,
        value: m.ip ?? NODE_IP_PLACEHOLDER,
        ...(m.ip ? {} : { pending: true }),
        role: 'pool',
        purpose: `Pool name, round robin (${lower(m.fqdn)}); used by the Teams Connector, the dialing instructions and federation`,
      });
    }
  }

  const domains = [project.infinity.primaryDomain, project.infinity.subdomain]
    .map(lower)
    .filter((d, i, a) => d && a.indexOf(d) === i);
  for (const domain of domains) {
    for (const s of SRV_SERVICES) {
      members.forEach((m, i) => {
        // Reference 000, public DMZ: _pexapp uses priorities 10, 20, ... with weight 100 (one node
        // preferred, the next as fallback); the other services share priority 10 and weight 10.
        const pexapp = s.service === '_pexapp._tcp';
        const priority = pexapp ? 10 * (i + 1) : 10;
        const weight = pexapp ? 100 : 10;
        const target = lower(m.fqdn);
        out.push({
          name: `${s.service}.${domain}`,
          type: 'SRV',
          ttl: NODE_TTL,
          value: `${priority} ${weight} ${s.port} ${target}`,
          priority,
          weight,
          port: s.port,
          target,
          role: 'srv',
          purpose: `${s.purpose} for calls to @${domain}`,
        });
      });
    }
  }

  if (project.infinity.sfbFederation && pool) {
    const domain = lower(project.infinity.subdomain);
    out.push({
      name: `_sipfederationtls._tcp.${domain}`,
      type: 'SRV',
      ttl: NODE_TTL,
      value: `1 100 5061 ${pool}`,
      priority: 1,
      weight: 100,
      port: 5061,
      target: pool,
      role: 'federation',
      purpose: `Skype for Business / Lync federation for calls to @${domain}`,
    });
  }
  return out;
}

function zoneLine(r: DnsRecord): string {
  const owner = `${r.name}.`.padEnd(40);
  if (r.type === 'A') return `${owner} ${String(r.ttl).padEnd(6)} IN A   ${r.value}`;
  return `${owner} ${String(r.ttl).padEnd(6)} IN SRV ${r.priority} ${r.weight} ${r.port} ${r.target}.`;
}

/** The records of one region as a zone-file-like text followed by a readable table. */
export function emitDnsRecords(project: Project, regionOrName: Region | string): string {
  const region = resolveRegion(project, regionOrName);
  const records = dnsRecords(project, region);
  const pool = lower(region.nodes.pool);
  const L: string[] = [
    `; DNS records for the Teams Connector region ${region.variables.PxVmssRegion}`,
    `; ${GENERATED_BY}`,
    ';',
    '; Owner names are fully qualified (trailing dot). Lines with <...> still need a real address.',
    '; The Teams Connector record must resolve on the internet (a CNAME is no longer needed since 26.1:',
    "; an A record to the load balancer's public IP is the documented way).",
    '; Before adding the SRV records, check that no other SIP / H.323 SRV records for these domains',
    '; already route calls elsewhere. With several regions, the SRV records of one domain form one set',
    "; in DNS: merge the regions' lists (or use GeoDNS) rather than adding each file blindly.",
    '',
  ];
  const sections: { title: string; role: DnsRecord['role'] }[] = [
    { title: 'Teams Connector', role: 'connector' },
    { title: 'Conferencing Nodes', role: 'node' },
    { title: `Pool name ${pool} (round robin; the same addresses as the nodes)`, role: 'pool' },
    { title: 'SRV records', role: 'srv' },
    { title: 'Skype for Business / Lync federation', role: 'federation' },
  ];
  for (const s of sections) {
    const rs = records.filter((r) => r.role === s.role);
    if (rs.length === 0) continue;
    L.push(`; ${s.title}`);
    let last = '';
    for (const r of rs) {
      if (r.type === 'SRV' && last && last !== r.name) L.push('');
      L.push(zoneLine(r));
      last = r.name;
    }
    L.push('');
  }
  if (project.infinity.sfbFederation && pool && !federationTargetInDomain(pool, project.infinity.subdomain)) {
    L.push(
      `; WARNING: the federation target ${pool} is not directly in the domain ${lower(project.infinity.subdomain)}.`,
      "; Skype for Business / Lync only trust an SRV target whose domain is exactly the SRV's domain (not a",
      '; subdomain, not another domain): federated calls would fail. Use a pool name like px.<subdomain>.',
      '',
    );
  }
  if (project.infinity.sfbFederation) {
    L.push(
      "; The node certificate's subject must be the federation target (the pool name), and its SANs must",
      '; hold the pool name, every node name and the SRV domain.',
      '',
    );
  }
  L.push('; Table', ';');
  const rows = records.map((r) => [r.name, r.type, String(r.ttl), r.value, r.purpose]);
  const head = ['Name', 'Type', 'TTL', 'Value', 'Purpose'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => `; ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')}`.trimEnd();
  L.push(fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt), '');
  return L.join('\n');
}
