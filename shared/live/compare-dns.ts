// Compares what a resolver returned with what the region needs (expected-dns.ts) and says, per
// record, what is wrong and how to fix it. Pure: the resolver side lives in electron/services/live.
// Codes are documented in docs/live-checks.md.
import ipaddr from 'ipaddr.js';
import type { Finding, Severity } from '../model/finding.ts';
import { sortFindings } from '../model/finding.ts';
import type { DnsRecordCheck } from '../api/wizard-api.ts';
import {
  normalizeName,
  zoneLineA,
  zoneLineSrv,
  type ExpectedA,
  type ExpectedRecord,
  type ExpectedSrv,
  type SrvTarget,
} from './expected-dns.ts';

/** What one query returned. `absent` covers NXDOMAIN and "name exists, no record of this type". */
export type LookupOutcome =
  | { status: 'found'; addresses?: string[]; targets?: SrvTarget[] }
  | { status: 'absent'; reason: 'NXDOMAIN' | 'NODATA' }
  | { status: 'failed'; reason: string };

export function lookupKey(type: 'A' | 'SRV', name: string): string {
  return `${type} ${normalizeName(name)}`;
}

export interface DnsComparison {
  findings: Finding[];
  records: DnsRecordCheck[];
}

/** Address ranges nobody outside the site can reach: the connector in Azure and external callers need public ones. */
const NON_PUBLIC_RANGES = new Set([
  'private',
  'loopback',
  'linkLocal',
  'carrierGradeNat',
  'unspecified',
  'uniqueLocal',
]);

export function isNonPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return NON_PUBLIC_RANGES.has(ipaddr.parse(address).range());
}

/** The domain a host name sits in: everything after its first label. */
export function parentDomain(host: string): string {
  const n = normalizeName(host);
  const dot = n.indexOf('.');
  return dot < 0 ? '' : n.slice(dot + 1);
}

function formatSrv(t: SrvTarget): string {
  return `${t.priority} ${t.weight} ${t.port} ${normalizeName(t.target)}`;
}

const rank: Record<DnsRecordCheck['status'], number> = { ok: 0, warning: 1, error: 2 };
function worse(a: DnsRecordCheck['status'], b: Severity | 'ok'): DnsRecordCheck['status'] {
  const s: DnsRecordCheck['status'] = b === 'info' ? 'ok' : b;
  return rank[s] > rank[a] ? s : a;
}

export function compareDns(
  region: string | null,
  expected: readonly ExpectedRecord[],
  lookups: ReadonlyMap<string, LookupOutcome>,
): DnsComparison {
  const findings: Finding[] = [];
  const records: DnsRecordCheck[] = [];
  for (const rec of expected) {
    const outcome = lookups.get(lookupKey(rec.type, rec.name)) ?? { status: 'failed', reason: 'not queried' };
    const add = (severity: Severity, code: string, message: string) =>
      findings.push({ region, field: rec.field, severity, code, message });
    if (rec.type === 'A') compareA(rec, outcome, add, records);
    else compareSrv(rec, outcome, add, records);
  }
  return { findings: sortFindings(findings), records };
}

type Add = (severity: Severity, code: string, message: string) => void;

function failedMessage(type: string, name: string, reason: string): string {
  return `Could not look up the ${type} record ${name}: ${reason}. Check the resolver is reachable and answers for this zone (try another one with --resolver HOST:PORT), then run the check again.`;
}

function compareA(rec: ExpectedA, outcome: LookupOutcome, add: Add, records: DnsRecordCheck[]): void {
  const expectedText = rec.addresses ? rec.addresses.join(', ') : 'any public IPv4 address';
  const row: DnsRecordCheck = { name: rec.name, type: 'A', expected: expectedText, found: [], status: 'ok' };
  records.push(row);
  if (outcome.status === 'failed') {
    row.status = 'error';
    add('error', 'dns.resolver-failed', failedMessage('A', rec.name, outcome.reason));
    return;
  }
  if (outcome.status === 'absent' || !outcome.addresses || outcome.addresses.length === 0) {
    row.status = 'error';
    const fix = rec.addresses
      ? `Create it: ${rec.addresses.map((a) => zoneLineA(rec.name, a, rec.ttl)).join(' and ')}`
      : `Create an A record for ${rec.name} pointing at its public address`;
    const why = rec.exclusive
      ? ' Pexip Infinity reaches the Teams Connector by this name, so calls into Teams fail until it resolves.'
      : '';
    add('error', 'dns.missing', `The A record ${rec.name} (${rec.purpose}) does not exist.${why} ${fix}.`);
    return;
  }
  const found = [...new Set(outcome.addresses)];
  row.found = found;
  if (rec.addresses) {
    const want = new Set(rec.addresses);
    const have = new Set(found);
    const lacking = rec.addresses.filter((a) => !have.has(a));
    const extra = found.filter((a) => !want.has(a));
    if (lacking.length > 0 && extra.length > 0) {
      row.status = worse(row.status, 'error');
      add(
        'error',
        'dns.mismatch',
        `The A record ${rec.name} (${rec.purpose}) points at ${extra.join(', ')} but must point at ${rec.addresses.join(', ')}. Change it to: ${rec.addresses.map((a) => zoneLineA(rec.name, a, rec.ttl)).join(' and ')}.`,
      );
    } else if (lacking.length > 0) {
      row.status = worse(row.status, 'error');
      add(
        'error',
        'dns.missing',
        `The A record ${rec.name} (${rec.purpose}) lacks ${lacking.join(', ')}. Add: ${lacking.map((a) => zoneLineA(rec.name, a, rec.ttl)).join(' and ')}.`,
      );
    } else if (extra.length > 0) {
      const severity: Severity = rec.exclusive ? 'error' : 'warning';
      row.status = worse(row.status, severity);
      const why = rec.exclusive
        ? 'The Teams Connector has exactly one public address (its load balancer); connections to any other address fail.'
        : 'If that address belongs to a node that is not in the project (or no longer exists), remove it; if it is a node you use, add it to the project.';
      add(
        severity,
        'dns.unexpected',
        `The A record ${rec.name} (${rec.purpose}) also points at ${extra.join(', ')}, which the project does not expect. ${why}`,
      );
    }
  }
  if (found.every(isNonPublicAddress)) {
    row.status = worse(row.status, 'warning');
    add(
      'warning',
      'dns.private-only',
      `The A record ${rec.name} (${rec.purpose}) resolves only to private address(es) ${found.join(', ')}. It must resolve publicly (the Teams Connector runs in Azure and external callers come from the internet): check you asked the public DNS (not an internal split-DNS view) and publish the public address.`,
    );
  }
  if (!rec.addresses && rec.exclusive) {
    add(
      'info',
      'dns.expected-unknown',
      `The public IP of the Teams Connector is not known, so the A record ${rec.name} was only checked for existing. Pass --expect-ip (the Public IP address in the static resource group) or read it from Azure to compare it.`,
    );
  }
}

function compareSrv(rec: ExpectedSrv, outcome: LookupOutcome, add: Add, records: DnsRecordCheck[]): void {
  const rows = new Map<string, DnsRecordCheck>();
  for (const t of rec.targets) {
    const row: DnsRecordCheck = { name: rec.name, type: 'SRV', expected: formatSrv(t), found: [], status: 'ok' };
    rows.set(normalizeName(t.target), row);
    records.push(row);
  }
  const setAll = (status: DnsRecordCheck['status']) => rows.forEach((r) => (r.status = worse(r.status, status)));

  if (outcome.status === 'failed') {
    setAll('error');
    add('error', 'dns.resolver-failed', failedMessage('SRV', rec.name, outcome.reason));
    return;
  }
  const found =
    outcome.status === 'found' ? (outcome.targets ?? []).map((t) => ({ ...t, target: normalizeName(t.target) })) : [];
  const foundText = found.map(formatSrv);
  rows.forEach((r) => (r.found = foundText));

  if (found.length === 0) {
    setAll('error');
    add(
      'error',
      'dns.missing',
      `The SRV record ${rec.name} (${rec.purpose}) does not exist. Create: ${rec.targets.map((t) => zoneLineSrv(rec.name, t, rec.ttl)).join('  ')}`,
    );
  } else {
    const lacking: SrvTarget[] = [];
    for (const t of rec.targets) {
      const row = rows.get(normalizeName(t.target))!;
      const same = found.filter((f) => f.target === normalizeName(t.target));
      if (same.length === 0) {
        lacking.push(t);
        row.status = worse(row.status, 'error');
        continue;
      }
      const portOk = same.filter((f) => f.port === t.port);
      if (portOk.length === 0) {
        row.status = worse(row.status, 'error');
        add(
          'error',
          'dns.mismatch',
          `The SRV record ${rec.name} sends ${t.target} traffic to port ${same.map((f) => f.port).join(', ')}, but ${rec.purpose} needs port ${t.port}. Change it to: ${zoneLineSrv(rec.name, t, rec.ttl)}`,
        );
        continue;
      }
      if (!portOk.some((f) => f.priority === t.priority && f.weight === t.weight)) {
        const f = portOk[0]!;
        row.status = worse(row.status, 'warning');
        add(
          'warning',
          'dns.mismatch',
          `The SRV record ${rec.name} for ${t.target} has priority ${f.priority} weight ${f.weight}; the documented values are priority ${t.priority} weight ${t.weight}. Calls still route, but the order and load sharing differ from the guide; if that is not deliberate, change it to: ${zoneLineSrv(rec.name, t, rec.ttl)}`,
        );
      }
    }
    if (lacking.length > 0) {
      add(
        'error',
        'dns.missing',
        `The SRV record ${rec.name} (${rec.purpose}) has no entry for ${lacking.map((t) => t.target).join(', ')}. Add: ${lacking.map((t) => zoneLineSrv(rec.name, t, rec.ttl)).join('  ')}`,
      );
    }
  }

  const wanted = new Set(rec.targets.map((t) => normalizeName(t.target)));
  for (const f of found) {
    if (rec.federationDomain && parentDomain(f.target) !== rec.federationDomain) {
      const where = parentDomain(f.target).endsWith(`.${rec.federationDomain}`)
        ? `a subdomain of ${rec.federationDomain}`
        : `a different domain (${parentDomain(f.target) || 'none'})`;
      const row = rows.get(f.target);
      if (row) row.status = 'error';
      else
        records.push({
          name: rec.name,
          type: 'SRV',
          expected: `(not directly in ${rec.federationDomain})`,
          found: [formatSrv(f)],
          status: 'error',
        });
      add(
        'error',
        'dns.srv-domain-mismatch',
        `The federation SRV record ${rec.name} points at ${f.target}, which is in ${where}. Skype for Business / Lync only trusts a federation target whose domain is exactly ${rec.federationDomain}: ` +
          `it drops the call even though the name resolves (its logs show "no match for domain in DNS SRV results", ms-diagnostics 1009, or a certificate/FQDN mismatch, ` +
          `SIPPROXY_E_ROUTING_MSG_CERT_MISMATCH / ms-diagnostics 1010). Point it at a host directly under ${rec.federationDomain}, e.g. ${zoneLineSrv(rec.name, rec.targets[0] ?? { priority: 1, weight: 100, port: 5061, target: `px.${rec.federationDomain}` }, rec.ttl)}, ` +
          `with A records for that name and that name as the node certificate's subject.`,
      );
      continue;
    }
    if (!wanted.has(f.target)) {
      records.push({
        name: rec.name,
        type: 'SRV',
        expected: '(not expected)',
        found: [formatSrv(f)],
        status: 'warning',
      });
      add(
        'warning',
        'dns.unexpected',
        `The SRV record ${rec.name} also points at ${f.target}:${f.port}, which is not a node of this region. Calls to it may go elsewhere: remove it if it is old or belongs to another system, or add the node to the project if it is yours.`,
      );
    }
  }
}
