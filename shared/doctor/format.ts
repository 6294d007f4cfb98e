// The doctor's checklist as text (the CLI; the wizard renders the same items). Marks as in the live
// checks' checklist: ✔ ok, ! warning, ✖ error, – skipped / could not check.
import type { CheckStatus } from '../live/checklist.ts';
import type { DoctorReport } from './types.ts';

export const MARK: Record<CheckStatus, string> = { ok: '✔', warning: '!', error: '✖', skipped: '–' };
const SEV: Record<string, string> = { error: '✖', warning: '!', info: 'i' };
const FIX_LABEL = {
  powershell: 'PowerShell',
  portal: 'Portal',
  zone: 'Zone line',
  redeploy: 'Redeploy',
  teams: 'Teams',
} as const;

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

export function formatDoctorReport(report: DoctorReport): string {
  const out: string[] = [];
  for (const r of report.regions) {
    out.push(`Region ${r.region}${r.publicIp ? ` — public IP ${r.publicIp}` : ''}`);
    let n = 0;
    for (const item of r.items) {
      const red = item.status === 'error';
      if (red) n += 1;
      out.push(`${MARK[item.status]} ${red ? `${n}. ` : ''}${item.title}${item.detail ? `: ${item.detail}` : ''}`);
      if (item.status === 'ok') continue;
      for (const f of item.findings) out.push(`    ${SEV[f.severity] ?? '-'} ${f.code}: ${f.message}`);
      for (const fix of item.fixes) out.push(`    Fix (${FIX_LABEL[fix.kind]}):`, indent(fix.text, '      '));
    }
    const c = { ok: 0, warning: 0, error: 0, skipped: 0 };
    for (const i of r.items) c[i.status] += 1;
    out.push(
      `${r.items.length} checks: ${c.ok} ok, ${c.warning} with warnings, ${c.error} to fix (in the order shown), ${c.skipped} not checked.`,
      '',
    );
  }
  out.push(
    report.verdict === 'healthy'
      ? 'Healthy: Azure and the outside world match the project.'
      : report.verdict === 'findings'
        ? 'Findings: fix the numbered ✖ lines from the top (each says how), then run the doctor again.'
        : 'Could not check everything (the – lines say why); nothing red was found in what could be checked.',
  );
  return `${out.join('\n')}\n`;
}
