// One shape for every check the product makes: project rules, certificates, Azure, DNS, TLS.
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Regional short name ($PxVmssRegion) the finding belongs to, or null for project-wide ones. */
  region: string | null;
  /** The variable or field that caused it (e.g. "PxBaseConnName"), or null. */
  field: string | null;
  severity: Severity;
  /** Stable machine code, e.g. "base-name.too-long", "pfx.not-rsa", "azure.quota-insufficient". */
  code: string;
  /** What is wrong and what to do about it, in plain words. */
  message: string;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; stable within a severity. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order[a.f.severity] - order[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
