// The collector every rule writes into: severity comes from the catalog, never from the call site.
import type { Finding } from '../model/finding.ts';
import { RULES, type RuleCode } from './catalog.ts';

export class Collector {
  readonly out: Finding[] = [];
  constructor(public region: string | null) {}

  add(code: RuleCode, field: string, message: string): void {
    this.out.push({ region: this.region, field, severity: RULES[code].severity, code, message });
  }
}
