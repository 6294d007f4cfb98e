// Azure regions that offered both Fs-series VMs (Standard_F4s) and Azure Automation in June 2021,
// as listed by the vendor guide 002_3533b1bb11a014b6.txt lines 233-378 ("Azure regions with Fs series
// instance type support", the RegionName column). Azure changes over time: a location outside this
// list is only a warning, and the wizard checks the live list once the user is signed in.
export const DOCUMENTED_LOCATIONS: readonly string[] = [
  // North America
  'canadacentral', 'centralus', 'eastus', 'eastus2', 'northcentralus', 'southcentralus',
  'westcentralus', 'westus', 'westus2', 'westus3',
  // South America
  'brazilsouth',
  // Europe
  'francecentral', 'germanywestcentral', 'northeurope', 'norwayeast', 'switzerlandnorth',
  'uksouth', 'ukwest', 'westeurope',
  // APAC
  'eastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth', 'southeastasia', 'uaenorth',
  // Australia
  'australiacentral', 'australiaeast', 'australiasoutheast',
  // India
  'centralindia', 'southindia',
  // Africa
  'southafricanorth',
];

const documented = new Set(DOCUMENTED_LOCATIONS);

export function isDocumentedLocation(location: string): boolean {
  return documented.has(location);
}
