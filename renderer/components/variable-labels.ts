// One name per deployment variable on every page: the words an administrator reads, then the
// variable as the guide and the init script spell it. Views, e2e tests and hints use these.
import type { RegionVariables } from '../../shared/model/project.ts';

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
