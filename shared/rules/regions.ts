// Azure regions that offered both Fs-series VMs (Standard_F4s) and Azure Automation in June 2021,
// as listed by the vendor guide 002_3533b1bb11a014b6.txt lines 233-378 ("Azure regions with Fs series
// instance type support", the RegionName column). Azure changes over time: a location outside this
// list is only a warning, and the wizard checks the live list once the user is signed in.
export const DOCUMENTED_LOCATIONS: readonly string[] = [
  // North America
  'canadacentral',
  'centralus',
  'eastus',
  'eastus2',
  'northcentralus',
  'southcentralus',
  'westcentralus',
  'westus',
  'westus2',
  'westus3',
  // South America
  'brazilsouth',
  // Europe
  'francecentral',
  'germanywestcentral',
  'northeurope',
  'norwayeast',
  'switzerlandnorth',
  'uksouth',
  'ukwest',
  'westeurope',
  // APAC
  'eastasia',
  'japaneast',
  'japanwest',
  'koreacentral',
  'koreasouth',
  'southeastasia',
  'uaenorth',
  // Australia
  'australiacentral',
  'australiaeast',
  'australiasoutheast',
  // India
  'centralindia',
  'southindia',
  // Africa
  'southafricanorth',
];

const documented = new Set(DOCUMENTED_LOCATIONS);

export function isDocumentedLocation(location: string): boolean {
  return documented.has(location);
}

/** Edit distance (insert, delete, replace, swap of neighbours) between two short names. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known location a mistyped one most likely meant ("westeurop" → "westeurope"), or null when
 * none is close: at most two edits, fewer for short names, and only when one candidate is nearest.
 */
export function closestLocation(typed: string, known: Iterable<string> = DOCUMENTED_LOCATIONS): string | null {
  const limit = typed.length <= 5 ? 1 : 2;
  let best: string | null = null;
  let bestD = Infinity;
  let tie = false;
  for (const k of known) {
    if (k === typed) return null;
    const dist = editDistance(typed, k);
    if (dist < bestD) {
      best = k;
      bestD = dist;
      tie = false;
    } else if (dist === bestD) tie = true;
  }
  return best !== null && bestD <= limit && !tie ? best : null;
}
