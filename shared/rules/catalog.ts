// Every finding code the rules engine can produce, with its fixed severity, the field it is reported
// on and where the rule comes from. docs/rules.md is checked against this table by a unit test, so the
// documentation cannot drift from the code. "002 l.N" = line N of reference/002_3533b1bb11a014b6.txt.
import type { Severity } from '../model/finding.ts';

export interface RuleInfo {
  severity: Severity;
  /** Field the finding is reported on (patterns use `…` / `[i]`). */
  field: string;
  /** One line: what the rule checks. */
  summary: string;
  /** Source of the rule. */
  ref: string;
}

const E = 'error' as const;
const W = 'warning' as const;
const I = 'info' as const;
const PREFIX_FIELDS = 'PxMgmtSrcAddrPrefixes / PxNodesSourceAddressPrefixes / PxConsentSourceAddressPrefixes';
const RG_FIELDS = 'PxTeamsConnResourceGroupName / PxTeamsConnStaticResourceGroupName';
const WUPD_HOURS = 'PxWupdScheduledInstallTime / PxWupdActiveHoursStart / PxWupdActiveHoursEnd';

export const RULES = {
  // ---- project-wide
  'project.format': {
    severity: E,
    field: 'format',
    summary: 'The project file format is not tcw-project/1.',
    ref: 'docs/project-format.md',
  },
  'project.no-regions': { severity: E, field: 'regions', summary: 'The project has no region.', ref: '002 l.801-802' },
  'connector-version.invalid': {
    severity: E,
    field: 'connectorVersion',
    summary: 'The connector version is not of the form 26 / 26.2 / 26.2.1.',
    ref: '002 l.770, l.1346',
  },
  'connector-version.unsupported-major': {
    severity: E,
    field: 'connectorVersion',
    summary: 'Only major version 26 scripts are known to the wizard.',
    ref: '002 l.1346-1349, l.2689-2691',
  },
  'infinity.domain.invalid': {
    severity: E,
    field: 'infinity.primaryDomain / infinity.subdomain',
    summary: 'A Pexip Infinity domain is empty or not a valid DNS name.',
    ref: '002 l.1742; 000',
  },
  'teams.alias.invalid': {
    severity: E,
    field: 'infinity.teams.ivrAlias / testCallAlias / prefix',
    summary: 'An InstructionUri alias or prefix is empty, has spaces or includes a domain (@).',
    ref: '002 l.1704-1705, l.1728, l.1778',
  },
  'teams.alias.url-chars': {
    severity: W,
    field: 'infinity.teams.ivrAlias / testCallAlias / prefix',
    summary: 'An InstructionUri value has characters that need URL encoding.',
    ref: '002 l.1704-1705',
  },
  'teams.instruction-ip.invalid': {
    severity: E,
    field: 'infinity.teams.instructionIp',
    summary: 'The InstructionUri ip parameter is not a single IPv4 address.',
    ref: '002 l.1768',
  },
  'teams.instruction-ip.not-public': {
    severity: W,
    field: 'infinity.teams.instructionIp',
    summary: 'The InstructionUri ip is a private or reserved address.',
    ref: '002 l.1768',
  },
  'app.app-id.invalid': {
    severity: E,
    field: 'app.appId',
    summary: 'The application (client) ID is not a GUID.',
    ref: '002 l.1700-1701',
  },
  'cross.vmss-region.duplicate': {
    severity: E,
    field: 'PxVmssRegion',
    summary: 'Two regions use the same PxVmssRegion.',
    ref: '002 l.801-802, l.944-947',
  },
  'cross.teams-fqdn.duplicate': {
    severity: E,
    field: 'PxTeamsConnFqdn',
    summary: 'Two regions use the same Teams Connector host name.',
    ref: '002 l.815, l.956',
  },
  'cross.base-name.differs': {
    severity: E,
    field: 'PxBaseConnName',
    summary: 'Regions of one deployment use different PxBaseConnName values.',
    ref: '002 l.807, l.940-942; SPEC §2',
  },
  'cross.subscription.differs': {
    severity: E,
    field: 'PxSubscriptionId',
    summary: 'Regions of one deployment use different subscriptions.',
    ref: 'SPEC §2',
  },
  'cross.vmss-name.duplicate': {
    severity: E,
    field: 'PxVmssRegion',
    summary: 'Two regions would create the same scale set name (base + region).',
    ref: '002 l.944-947',
  },
  'cross.resource-group.duplicate': {
    severity: E,
    field: RG_FIELDS,
    summary: 'Two regions would use the same resource group.',
    ref: '002 l.1038-1056',
  },

  // ---- per region: names
  'placeholder.guide': {
    severity: E,
    field: 'PxBaseConnName / PxSubscriptionId / PxPfxCertFileName / PxWinAdminPassword / any text variable',
    summary:
      "A variable still holds the guide's example (yourname, aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, .\\your_connector_certificate.pfx, ReplaceThisPassword!) or a <…> placeholder.",
    ref: '002 l.811, l.824, l.842, l.853, l.919',
  },
  'base-name.empty': {
    severity: E,
    field: 'PxBaseConnName',
    summary: 'PxBaseConnName is empty.',
    ref: '002 l.807-810',
  },
  'base-name.too-long': {
    severity: E,
    field: 'PxBaseConnName',
    summary: 'PxBaseConnName has more than 9 characters.',
    ref: '002 l.808, l.937',
  },
  'base-name.first-char': {
    severity: E,
    field: 'PxBaseConnName',
    summary: 'PxBaseConnName does not start with a letter.',
    ref: '002 l.810, l.939-940',
  },
  'base-name.chars': {
    severity: E,
    field: 'PxBaseConnName',
    summary: 'PxBaseConnName has characters other than a-z and 0-9.',
    ref: '002 l.810, l.939',
  },
  'vmss-region.empty': { severity: E, field: 'PxVmssRegion', summary: 'PxVmssRegion is empty.', ref: '002 l.812-813' },
  'vmss-region.chars': {
    severity: E,
    field: 'PxVmssRegion',
    summary: 'PxVmssRegion has characters other than a-z and 0-9.',
    ref: '002 l.949 (l.812 says a-z only)',
  },
  'vmss-region.length': {
    severity: W,
    field: 'PxVmssRegion',
    summary: 'PxVmssRegion is outside the recommended 2-4 characters.',
    ref: '002 l.812, l.946',
  },
  'vmss-name.length': {
    severity: E,
    field: 'PxVmssRegion',
    summary: 'PxBaseConnName + PxVmssRegion is not 3-14 characters.',
    ref: '002 l.809, l.937-938',
  },
  'teams-fqdn.invalid': {
    severity: E,
    field: 'PxTeamsConnFqdn',
    summary: 'PxTeamsConnFqdn is empty or not a valid DNS host name.',
    ref: '002 l.814-816, l.950-956',
  },
  'teams-fqdn.wildcard': {
    severity: E,
    field: 'PxTeamsConnFqdn',
    summary: 'PxTeamsConnFqdn contains a wildcard; it is a host name.',
    ref: '002 l.814-816, l.950-956',
  },
  'node-fqdns.empty': {
    severity: E,
    field: 'PxNodeFqdns',
    summary: 'PxNodeFqdns lists no name.',
    ref: '002 l.817-822, l.962-966',
  },
  'node-fqdns.invalid': {
    severity: E,
    field: 'PxNodeFqdns',
    summary: 'A PxNodeFqdns entry is not a valid FQDN.',
    ref: '002 l.817-822, l.962-966',
  },
  'node-fqdns.wildcard': {
    severity: E,
    field: 'PxNodeFqdns',
    summary: 'A PxNodeFqdns entry contains a wildcard.',
    ref: '002 l.966',
  },
  'node-fqdns.duplicate': {
    severity: W,
    field: 'PxNodeFqdns',
    summary: 'A PxNodeFqdns entry is listed twice.',
    ref: '002 l.962-966',
  },
  'node-fqdns.not-in-nodes': {
    severity: W,
    field: 'PxNodeFqdns',
    summary: 'A PxNodeFqdns name is neither the pool nor a node of this region.',
    ref: '002 l.818, l.962-966',
  },
  'subscription.invalid': {
    severity: E,
    field: 'PxSubscriptionId',
    summary: 'PxSubscriptionId is not a GUID.',
    ref: '002 l.823-824, l.971-972',
  },
  'location.empty': {
    severity: E,
    field: 'PxAzureLocation',
    summary: 'PxAzureLocation is empty.',
    ref: '002 l.825-826',
  },
  'location.malformed': {
    severity: E,
    field: 'PxAzureLocation',
    summary: 'PxAzureLocation is not a lower-case Azure RegionName.',
    ref: '002 l.825-826, l.976-977',
  },
  'location.not-listed': {
    severity: W,
    field: 'PxAzureLocation',
    summary: 'PxAzureLocation is not in the June 2021 list of Fs-series + Automation regions.',
    ref: '002 l.233-378',
  },
  'location.not-available': {
    severity: E,
    field: 'PxAzureLocation',
    summary: 'The live check says the region lacks Standard_F4s or Automation.',
    ref: '002 l.386-392',
  },
  'admin-user.empty': { severity: E, field: 'PxWinAdminUser', summary: 'PxWinAdminUser is empty.', ref: '002 l.832' },
  'admin-user.too-long': {
    severity: E,
    field: 'PxWinAdminUser',
    summary: 'PxWinAdminUser has more than 20 characters.',
    ref: '002 l.832',
  },
  'admin-user.trailing-period': {
    severity: E,
    field: 'PxWinAdminUser',
    summary: 'PxWinAdminUser ends with a period.',
    ref: '002 l.828',
  },
  'admin-user.reserved': {
    severity: E,
    field: 'PxWinAdminUser',
    summary: 'PxWinAdminUser is a name Azure refuses (case-insensitive).',
    ref: '002 l.829-831',
  },
  'admin-user.chars': {
    severity: E,
    field: 'PxWinAdminUser',
    summary:
      'PxWinAdminUser has a character Azure refuses in a VM administrator name (" / \\ [ ] : ; | = , + * ? < > @ &, spaces, controls).',
    ref: '002 l.982-984 (Azure VM user name FAQ)',
  },
  'admin-password.length': {
    severity: E,
    field: 'PxWinAdminPassword',
    summary: 'The VM admin password is not 8-123 characters.',
    ref: '002 l.839, l.1022',
  },
  'admin-password.complexity': {
    severity: E,
    field: 'PxWinAdminPassword',
    summary: 'The VM admin password has fewer than 3 of the 4 character classes.',
    ref: '002 l.837-838, l.1003-1018',
  },
  'admin-password.reserved': {
    severity: E,
    field: 'PxWinAdminPassword',
    summary: 'The VM admin password is one Azure refuses.',
    ref: '002 l.840-841, l.1026',
  },
  'admin-password.chars': {
    severity: E,
    field: 'PxWinAdminPassword',
    summary: 'The VM admin password has control characters.',
    ref: '002 l.840, l.1026',
  },
  'instance-count.invalid': {
    severity: E,
    field: 'PxTeamsConnInstanceCount',
    summary: 'PxTeamsConnInstanceCount is not a whole number "1"-"100" (leading zeros are fine and written without).',
    ref: '002 l.843, l.1029',
  },
  'instance-count.capacity': {
    severity: I,
    field: 'PxTeamsConnInstanceCount',
    summary: 'Call capacity and Fs-series vCPU quota this instance count needs.',
    ref: '002 l.220-229, l.1030',
  },
  'resource-group.invalid': {
    severity: E,
    field: RG_FIELDS,
    summary: 'An explicit resource group name breaks Azure naming limits.',
    ref: 'Azure resource naming rules',
  },
  'resource-group.other-region': {
    severity: E,
    field: RG_FIELDS,
    summary: 'An explicit resource group name is the documented name of another region (a copied init script).',
    ref: '002 l.846-849, l.3103-3125',
  },
  'resource-group.non-standard': {
    severity: W,
    field: RG_FIELDS,
    summary: 'An explicit resource group name differs from the documented pattern.',
    ref: '002 l.846-849, l.1038-1056',
  },
  'incident-reporting.disabled': {
    severity: W,
    field: 'PxTeamsConnIncidentReporting',
    summary: 'Incident reporting is off; the guide recommends it on.',
    ref: '002 l.1060-1062',
  },
  'pfx-file.empty': {
    severity: E,
    field: 'PxPfxCertFileName',
    summary: 'PxPfxCertFileName is empty.',
    ref: '002 l.853, l.1066',
  },
  'pfx-file.chars': {
    severity: E,
    field: 'PxPfxCertFileName',
    summary: 'PxPfxCertFileName has characters Windows forbids in paths.',
    ref: '002 l.853, l.1066',
  },
  'pfx-file.extension': {
    severity: W,
    field: 'PxPfxCertFileName',
    summary: 'PxPfxCertFileName does not end in .pfx.',
    ref: '002 l.853, l.1066',
  },
  'pfx-file.absolute': {
    severity: I,
    field: 'PxPfxCertFileName',
    summary: 'PxPfxCertFileName is an absolute path; a path next to the scripts is more portable.',
    ref: '002 l.853',
  },

  // ---- per region: address prefixes
  'prefix.invalid': {
    severity: E,
    field: PREFIX_FIELDS,
    summary: 'An entry is not an IPv4 address or CIDR prefix.',
    ref: '002 l.3908-3920',
  },
  'prefix.ipv6': {
    severity: E,
    field: PREFIX_FIELDS,
    summary: 'An entry is IPv6; the NSG rules take IPv4 only.',
    ref: '002 l.863, l.884, l.1079',
  },
  'prefix.host-bits': {
    severity: E,
    field: PREFIX_FIELDS,
    summary: 'A CIDR prefix has host bits set (Azure: "invalid Address prefix").',
    ref: '002 l.3908-3912',
  },
  'prefix.duplicate': {
    severity: W,
    field: PREFIX_FIELDS,
    summary: 'An entry is listed twice.',
    ref: '002 l.1079-1132',
  },
  'prefix.any': {
    severity: W,
    field: PREFIX_FIELDS,
    summary: '0.0.0.0/0 lets every address in.',
    ref: '002 l.1113-1114',
  },
  'prefix.not-public': {
    severity: W,
    field: PREFIX_FIELDS,
    summary: 'A private or reserved range; the NSG sees public source addresses.',
    ref: '002 l.863, l.884, l.1079',
  },
  'prefix.documentation': {
    severity: I,
    field: PREFIX_FIELDS,
    summary: 'An RFC 5737 documentation address; replace it with a real one.',
    ref: 'RFC 5737',
  },
  'mgmt-prefixes.empty': {
    severity: I,
    field: 'PxMgmtSrcAddrPrefixes',
    summary: 'No management prefix: RDP to the instances is blocked.',
    ref: '002 l.864, l.1093',
  },
  'nodes-prefixes.empty': {
    severity: W,
    field: 'PxNodesSourceAddressPrefixes',
    summary: 'No node prefix: anyone can reach the connector on HTTPS 443.',
    ref: '002 l.885, l.1113-1114',
  },
  'nodes-prefixes.node-not-covered': {
    severity: W,
    field: 'PxNodesSourceAddressPrefixes',
    summary: 'A Conferencing Node address is not in the node prefixes.',
    ref: '002 l.1101-1112',
  },
  'consent-prefixes.empty': {
    severity: W,
    field: 'PxConsentSourceAddressPrefixes',
    summary: 'No consent prefix: the consent page (showing app IDs) is public.',
    ref: '002 l.894-897, l.1124-1132',
  },

  // ---- per region: Windows Update, attribution, tags
  'wupd.day.invalid': {
    severity: E,
    field: 'PxWupdScheduledInstallDay',
    summary: 'Install day is not a number "0"-"7" (leading zeros are fine and written without).',
    ref: '002 l.902-905, l.1145',
  },
  'wupd.hour.invalid': {
    severity: E,
    field: WUPD_HOURS,
    summary: 'An hour is not a number "0"-"23" (leading zeros are fine and written without).',
    ref: '002 l.906-916',
  },
  'wupd.active-window.too-long': {
    severity: E,
    field: 'PxWupdActiveHoursEnd',
    summary: 'The active hours window is longer than 18 hours.',
    ref: '002 l.914, l.1167',
  },
  'wupd.active-window.empty': {
    severity: W,
    field: 'PxWupdActiveHoursEnd',
    summary: 'Active hours start and end are equal (0 or 24 hours: ambiguous).',
    ref: '002 l.914, l.1167',
  },
  'wupd.install-in-active-hours': {
    severity: I,
    field: 'PxWupdScheduledInstallTime',
    summary: 'Updates are scheduled inside the active hours.',
    ref: '002 l.909-910, l.1159',
  },
  'usage-attribution.unset': {
    severity: E,
    field: 'PxCustomerUsageAttribution',
    summary: 'PxCustomerUsageAttribution is not set to true or false.',
    ref: '002 l.917-919, l.1191-1192',
  },
  'tags.too-many': {
    severity: E,
    field: 'tags',
    summary: 'More than 50 tags.',
    ref: '002 l.920-922, l.1199-1208; Azure tag limits',
  },
  'tags.name-invalid': {
    severity: E,
    field: 'tags',
    summary: 'A tag name is empty, longer than 512 or has one of < > % & \\ ? /.',
    ref: 'Azure tag limits',
  },
  'tags.name-reserved-prefix': {
    severity: E,
    field: 'tags',
    summary: 'A tag name starts with microsoft, azure or windows (reserved by Azure).',
    ref: 'Azure tag limits',
  },
  'tags.name-duplicate': {
    severity: E,
    field: 'tags',
    summary: 'Two tag names differ only in case (Azure treats them as one).',
    ref: 'Azure tag limits',
  },
  'tags.value-too-long': {
    severity: E,
    field: 'tags',
    summary: 'A tag value is longer than 256 characters.',
    ref: 'Azure tag limits',
  },

  // ---- per region: Conferencing Nodes
  'nodes.pool.invalid': {
    severity: E,
    field: 'nodes.pool',
    summary: 'The node pool name is empty or not a valid FQDN.',
    ref: '002 l.1704-1708; 000',
  },
  'nodes.pool.sfb-domain': {
    severity: W,
    field: 'nodes.pool',
    summary: 'With SfB/Lync federation the pool must be directly in the Pexip subdomain.',
    ref: '000; 003 (SRV target domain)',
  },
  'nodes.member.fqdn-invalid': {
    severity: E,
    field: 'nodes.members[i].fqdn',
    summary: 'A node name is not a valid FQDN.',
    ref: '000',
  },
  'nodes.member.duplicate': {
    severity: W,
    field: 'nodes.members[i].fqdn',
    summary: 'A node is listed twice.',
    ref: '000',
  },
  'nodes.member.ip-invalid': {
    severity: E,
    field: 'nodes.members[i].ip',
    summary: 'A node address is not an IPv4 address.',
    ref: '000',
  },
  'nodes.member.ip-not-public': {
    severity: W,
    field: 'nodes.members[i].ip',
    summary: 'A node address is private or reserved; DNS and the NSG need its public address.',
    ref: '002 l.1101-1112; 000',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export function ruleInfo(code: RuleCode): RuleInfo {
  return RULES[code];
}

/** The docs/rules.md table, generated from RULES so the two never disagree. */
export function rulesMarkdownTable(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = (Object.entries(RULES) as [RuleCode, RuleInfo][]).map(
    ([code, r]) => `| \`${code}\` | ${r.severity} | ${esc(r.field)} | ${esc(r.summary)} | ${esc(r.ref)} |`,
  );
  return ['| code | severity | field | what it means | source |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
