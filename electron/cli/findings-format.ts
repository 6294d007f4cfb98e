// Human-readable findings: grouped errors → warnings → info, region and field named, counts at the
// end. Colour only when the caller says the output is a terminal (and NO_COLOR is not set).
import { sortFindings, type Finding, type Severity } from '../../shared/model/finding.ts';

const SYMBOL: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };
const COLOUR: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export interface FormatOptions {
  color?: boolean;
}

/** Decides whether to colour: a terminal, NO_COLOR unset, TERM not "dumb". */
export function wantColor(isTty: boolean, env: Record<string, string | undefined>): boolean {
  return isTty && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

export function countFindings(findings: readonly Finding[]): Record<Severity, number> {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  return n;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(findings: readonly Finding[]): string {
  const n = countFindings(findings);
  return `${plural(n.error, 'error', 'errors')}, ${plural(n.warning, 'warning', 'warnings')}, ${n.info} info`;
}

/** Strip control characters so a hostile value inside a message cannot drive the terminal. */
function clean(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '?');
}

export function formatFindings(findings: readonly Finding[], opts: FormatOptions = {}): string {
  const colour = opts.color === true;
  const sorted = sortFindings(findings);
  const regionWidth = Math.max(1, ...sorted.map((f) => (f.region ?? '-').length));
  const fieldWidth = Math.min(34, Math.max(1, ...sorted.map((f) => (f.field ?? '-').length)));
  const out: string[] = [];
  let current: Severity | null = null;
  for (const f of sorted) {
    if (f.severity !== current) {
      if (current !== null) out.push('');
      current = f.severity;
      const title = f.severity === 'error' ? 'Errors' : f.severity === 'warning' ? 'Warnings' : 'Info';
      out.push(colour ? `${COLOUR[f.severity]}${title}${RESET}` : title);
    }
    const sym = colour ? `${COLOUR[f.severity]}${SYMBOL[f.severity]}${RESET}` : SYMBOL[f.severity];
    const region = clean(f.region ?? '-').padEnd(regionWidth);
    const field = clean(f.field ?? '-').padEnd(fieldWidth);
    const code = colour ? `${DIM}[${f.code}]${RESET}` : `[${f.code}]`;
    const msg = clean(f.message).replace(/\n/g, ' ');
    out.push(`${sym} ${region}  ${field}  ${msg} ${code}`);
  }
  if (out.length) out.push('');
  out.push(summaryLine(findings));
  return out.join('\n') + '\n';
}
