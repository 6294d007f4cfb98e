// The vendor guide's example deployment (variables script and certificate/DNS examples), completed
// with documentation addresses (RFC 5737) so it passes every rule. Tests, the bench and the UI's
// "try it with the example" use it.
import { PROJECT_FORMAT, type Project, type Region } from './project.ts';

export function exampleRegion(overrides: Partial<Region['variables']> = {}): Region {
  return {
    variables: {
      PxBaseConnName: 'contoso',
      PxVmssRegion: 'eu',
      PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com',
      PxNodeFqdns: ['px.vc.example.com'],
      PxSubscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      PxAzureLocation: 'westeurope',
      PxWinAdminUser: 'pexadmin',
      PxTeamsConnInstanceCount: '3',
      PxTeamsConnResourceGroupName: null,
      PxTeamsConnStaticResourceGroupName: null,
      PxTeamsConnIncidentReporting: true,
      PxPfxCertFileName: '.\\connector.pfx',
      PxMgmtSrcAddrPrefixes: ['203.0.113.10', '203.0.113.64/26'],
      PxNodesSourceAddressPrefixes: ['198.51.100.40', '198.51.100.41', '203.0.113.10', '203.0.113.64/26'],
      PxConsentSourceAddressPrefixes: ['203.0.113.10', '203.0.113.64/26'],
      PxWupdScheduledInstallDay: '1',
      PxWupdScheduledInstallTime: '22',
      PxWupdActiveHoursStart: '6',
      PxWupdActiveHoursEnd: '22',
      PxCustomerUsageAttribution: false,
      tags: { ResourceOwner: 'video-team@example.com', CostCenter: 'Video Services' },
      ...overrides,
    },
    nodes: {
      pool: 'px.vc.example.com',
      members: [
        { fqdn: 'px01.vc.example.com', ip: '198.51.100.40' },
        { fqdn: 'px02.vc.example.com', ip: '198.51.100.41' },
      ],
    },
    publicIp: null,
  };
}

export function exampleProject(): Project {
  return {
    format: PROJECT_FORMAT,
    connectorVersion: '26.2',
    infinity: {
      primaryDomain: 'example.com',
      subdomain: 'vc.example.com',
      sfbFederation: true,
      teams: { ivrAlias: 'teams', testCallAlias: 'test_call', browserJoin: true, prefix: null, instructionIp: null },
    },
    app: { appId: null },
    regions: [exampleRegion()],
  };
}
