// One name per deployment variable on every page: the words an administrator reads, then the
// variable as the guide and the init script spell it. Views, e2e tests and hints use these.
import type { RegionVariables } from '../../shared/model/project.ts';
import type { Finding } from '../../shared/model/finding.ts';

export const VAR_LABEL = {
  PxBaseConnName: 'Base name ($PxBaseConnName)',
  PxVmssRegion: 'Short region name ($PxVmssRegion)',
  PxTeamsConnFqdn: 'Teams Connector host name ($PxTeamsConnFqdn)',
  PxAzureLocation: 'Azure location ($PxAzureLocation)',
  PxTeamsConnInstanceCount: 'Number of instances ($PxTeamsConnInstanceCount)',
  PxNodeFqdns: 'Node names the connector trusts ($PxNodeFqdns)',
  PxWinAdminUser: 'Admin user name ($PxWinAdminUser)',
  PxPfxCertFileName: 'File name the scripts use ($PxPfxCertFileName)',
  PxMgmtSrcAddrPrefixes: 'Management addresses allowed to use RDP ($PxMgmtSrcAddrPrefixes)',
  PxNodesSourceAddressPrefixes: 'Conferencing Nodes allowed to connect on HTTPS ($PxNodesSourceAddressPrefixes)',
  PxConsentSourceAddressPrefixes: 'Who may open the consent page ($PxConsentSourceAddressPrefixes)',
} as const satisfies Partial<Record<keyof RegionVariables, string>>;

type Labelled = keyof typeof VAR_LABEL;

/**
 * The props every field of a region variable repeats: its label, name, value, how it is set and its
 * findings. `<VarField {...bind('PxVmssRegion')} hint="…" />`.
 */
export function variableBinder(
  v: RegionVariables | undefined,
  setVar: (patch: Partial<RegionVariables>) => void,
  ff: (field: string) => Finding[],
) {
  return <K extends Labelled>(name: K) => {
    // Views bind only inside the part that has a region to show.
    if (!v) throw new Error(`no region to bind ${name} to`);
    return {
      label: VAR_LABEL[name],
      name,
      value: v[name],
      onChange: (value: RegionVariables[K]) => setVar({ [name]: value } as Partial<RegionVariables>),
      findings: ff(name),
    };
  };
}
