// The DNS records a region depends on (certificate & DNS examples, 000_…txt; connector A record,
// guide ~1493–1512), taken from the DNS emitter and grouped per owner name and type, because a
// resolver answers per name: one A set or one SRV set each.
import type { Project, Region } from '../model/project.ts';
import { dnsRecords } from '../emit/dns-records.ts';

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
  /** TTL that dns-records.txt gives the record, so a proposed fix reads the same as that file. */
  ttl: number;
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

export const FEDERATION_SRV_LABEL = '_sipfederationtls._tcp';

export function normalizeName(name: string): string {
  return name.trim().replace(/\.+$/, '').toLowerCase();
}

const A_PURPOSE: Record<string, string> = {
  connector: 'Teams Connector load balancer',
  node: 'Conferencing Node',
  pool: 'Conferencing Node pool, round robin over the nodes',
};

/**
 * Every record the region needs, grouped per owner name and type. The list itself comes from the
 * DNS emitter (shared/emit/dns-records.ts, the same records `tcw generate` writes), so what we check is
 * exactly what we told the admin to create. `expectIp` (given by the user or read from Azure) wins
 * over the project's `publicIp` for the connector's A record.
 */
export function expectedDnsRecords(project: Project, region: Region, expectIp?: string | null): ExpectedRecord[] {
  const out: ExpectedRecord[] = [];
  const byKey = new Map<string, ExpectedRecord>();
  const primary = normalizeName(project.infinity.primaryDomain);
  for (const r of dnsRecords(project, region)) {
    const name = normalizeName(r.name);
    // Records whose name is not known yet (empty FQDN or domain) cannot be looked up.
    if (!name || name.startsWith('.') || name.endsWith('._tcp') || name.endsWith('._udp')) continue;
    const key = `${r.type} ${name}`;
    let rec = byKey.get(key);
    if (r.type === 'A') {
      const known = r.role === 'connector' ? (expectIp ?? (r.pending ? null : r.value)) : r.pending ? null : r.value;
      if (!rec) {
        rec = {
          type: 'A',
          name,
          purpose: A_PURPOSE[r.role] ?? r.purpose,
          field: r.role === 'connector' ? 'PxTeamsConnFqdn' : r.role === 'pool' ? 'nodes.pool' : 'nodes.members',
          addresses: known ? [known] : null,
          exclusive: r.role === 'connector',
          ttl: r.ttl,
        };
        byKey.set(key, rec);
        out.push(rec);
      } else if (rec.type === 'A') {
        // One unknown member address makes the pool's set unknown; otherwise collect the set.
        rec.addresses = rec.addresses && known ? [...new Set([...rec.addresses, known])] : null;
      }
      continue;
    }
    const target: SrvTarget = {
      priority: r.priority ?? 0,
      weight: r.weight ?? 0,
      port: r.port ?? 0,
      target: normalizeName(r.target ?? ''),
    };
    if (!rec) {
      const label = r.role === 'federation' ? `${FEDERATION_SRV_LABEL}.` : '';
      const domain = name.split('.').slice(2).join('.');
      rec = {
        type: 'SRV',
        name,
        purpose: r.purpose,
        field:
          r.role === 'federation'
            ? 'infinity.sfbFederation'
            : domain === primary
              ? 'infinity.primaryDomain'
              : 'infinity.subdomain',
        targets: [],
        federationDomain: label ? name.slice(label.length) : null,
        ttl: r.ttl,
      };
      byKey.set(key, rec);
      out.push(rec);
    }
    if (rec.type === 'SRV') rec.targets.push(target);
  }
  return out;
}

/** Zone-file line for one A address or one SRV target, as the guide writes them. */
export function zoneLineA(name: string, address: string, ttl: number): string {
  return `${name}. ${ttl} IN A ${address}`;
}
export function zoneLineSrv(name: string, t: SrvTarget, ttl: number): string {
  return `${name}. ${ttl} IN SRV ${t.priority} ${t.weight} ${t.port} ${t.target}.`;
}
