// Turns live-check results into a checklist: one line per record or per probe step, green/amber/red,
// with the findings (the fixes) that belong to it. The CLI prints it; the app's Verify step can show it.
import type { DnsCheckResult, DnsRecordCheck, ProbeResult } from '../api/wizard-api.ts';
import type { Finding } from '../model/finding.ts';

export type CheckStatus = 'ok' | 'warning' | 'error' | 'skipped';

export interface DnsChecklistItem {
  name: string;
  type: 'A' | 'SRV';
  status: CheckStatus;
  rows: DnsRecordCheck[];
  /** Findings about this record (what is wrong and the fix). */
  findings: Finding[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function statusOf(findings: readonly Finding[], rows: readonly { status: string }[] = []): CheckStatus {
  if (findings.some((f) => f.severity === 'error') || rows.some((r) => r.status === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning') || rows.some((r) => r.status === 'warning')) return 'warning';
  return 'ok';
}

/** Groups the rows per record (name + type) and attaches each finding to the record it names. */
export function dnsChecklist(result: DnsCheckResult): { items: DnsChecklistItem[]; other: Finding[] } {
  const items: DnsChecklistItem[] = [];
  const byKey = new Map<string, DnsChecklistItem>();
  for (const row of result.records) {
    const key = `${row.type} ${row.name}`;
    let item = byKey.get(key);
    if (!item) {
      item = { name: row.name, type: row.type, status: 'ok', rows: [], findings: [] };
      byKey.set(key, item);
      items.push(item);
    }
    item.rows.push(row);
  }
  const other: Finding[] = [];
  for (const f of result.findings) {
    // Every DNS message names its record as "<type> record <name>" (compare-dns.ts).
    const item = items.find((i) => new RegExp(`${i.type} record ${escapeRegExp(i.name)}(?=[ :(]|$)`).test(f.message));
    if (item) item.findings.push(f);
    else other.push(f);
  }
  for (const i of items) i.status = statusOf(i.findings, i.rows);
  return { items, other };
}

export interface ProbeChecklistItem {
  step: string;
  status: CheckStatus;
  findings: Finding[];
}

const PROBE_STEPS: { step: string; match: (code: string) => boolean }[] = [
  { step: 'TCP connection', match: (c) => c === 'tls.connect-failed' },
  { step: 'TLS handshake', match: (c) => c === 'tls.handshake-failed' },
  { step: 'TLS 1.2 accepted (the Teams Connector speaks only TLS 1.2)', match: (c) => c === 'tls.no-tls12' },
  { step: 'TLS 1.0 / 1.1 refused', match: (c) => c === 'tls.legacy-protocol' },
  { step: 'Certificate names', match: (c) => /\.(cn-mismatch|san-missing|name-mismatch)$/.test(c) },
  { step: 'Extended key usage: serverAuth and clientAuth', match: (c) => /\.eku-/.test(c) },
  { step: 'Validity dates', match: (c) => /\.(expired|not-yet-valid|expires-soon)$/.test(c) },
  { step: 'Key and signature', match: (c) => /\.(not-rsa|weak-key|weak-signature)$/.test(c) },
  {
    step: 'Chain to a trusted root (intermediates sent)',
    match: (c) => /\.(chain-incomplete|untrusted-root|self-signed|aia-https|chain-order)$/.test(c),
  },
];

/** One line per probe step; steps after a failed connection or handshake are "skipped". */
export function probeChecklist(result: ProbeResult): { items: ProbeChecklistItem[]; other: Finding[] } {
  const stopped = result.findings.some((f) => f.code === 'tls.connect-failed' || f.code === 'tls.handshake-failed');
  const used = new Set<Finding>();
  const items = PROBE_STEPS.map(({ step, match }, i) => {
    const findings = result.findings.filter((f) => match(f.code));
    findings.forEach((f) => used.add(f));
    const earlierFailed =
      i > 0 &&
      PROBE_STEPS.slice(0, i).some((s) =>
        result.findings.some(
          (f) =>
            s.match(f.code) &&
            f.severity === 'error' &&
            (f.code === 'tls.connect-failed' || f.code === 'tls.handshake-failed'),
        ),
      );
    const status: CheckStatus = findings.length ? statusOf(findings) : stopped && earlierFailed ? 'skipped' : 'ok';
    return { step, status, findings };
  });
  return { items, other: result.findings.filter((f) => !used.has(f)) };
}
