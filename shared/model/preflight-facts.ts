// The Azure preflight facts as label/value rows, worded once for `tcw azure preflight` and the
// wizard's fact tables (first install's Azure step, redeploy's Owner check).
import type { PreflightResult } from '../api/wizard-api.ts';

export type PreflightFacts = PreflightResult['facts'];
export type PreflightFactKey = keyof PreflightFacts;

/** A fact Azure did not answer (no permission, or the check did not run) is "unknown", never "no". */
function yesNo(b: boolean | null): string {
  return b === null ? 'unknown' : b ? 'yes' : 'no';
}

function known(n: number | null): string {
  return n === null ? 'unknown' : String(n);
}

/** Every fact, in the order the checks run; pass `only` to show a few. */
export function preflightFactRows(
  f: PreflightFacts,
  only?: readonly PreflightFactKey[],
): [label: string, value: string][] {
  const rows: [PreflightFactKey, string, string][] = [
    ['skuAvailable', 'Standard_F4s offered', yesNo(f.skuAvailable)],
    ['automationAvailable', 'Azure Automation offered', yesNo(f.automationAvailable)],
    ['vcpuNeeded', 'vCPU needed (4 × instances)', String(f.vcpuNeeded)],
    ['fsFamilyFree', 'Fs-series vCPU free', known(f.fsFamilyFree)],
    ['regionalFree', 'Regional vCPU free', known(f.regionalFree)],
    [
      'staticGroupExists',
      'Static resource group',
      f.staticGroupExists === null ? 'unknown' : f.staticGroupExists ? 'exists' : 'not created yet',
    ],
    ['canActAsOwner', 'Can act as Owner', yesNo(f.canActAsOwner)],
    [
      'deletedKeyVaults',
      'Deleted Key Vaults to purge',
      f.deletedKeyVaults.length ? f.deletedKeyVaults.join(', ') : 'none',
    ],
  ];
  return rows.filter(([key]) => !only || only.includes(key)).map(([, label, value]) => [label, value]);
}
