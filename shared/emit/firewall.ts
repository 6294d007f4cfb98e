// The firewall / NSG port table of the guide ("Firewall ports for the Teams Connector and NSG
// rules"), filled with this region's own names and addresses.
import type { Region } from '../model/project.ts';
import { effectiveDynamicResourceGroupName } from '../model/derived.ts';
import { GENERATED_BY } from './script-parts.ts';
import { mdCode, mdTable } from './markdown.ts';

function list(values: string[], empty: string): string {
  return values.length ? values.map(mdCode).join(', ') : empty;
}

export function emitFirewall(region: Region): string {
  const v = region.variables;
  const nodes = region.nodes.members.length
    ? region.nodes.members.map((m) => `${mdCode(m.fqdn)} (${m.ip ? mdCode(m.ip) : 'address not set'})`).join(', ')
    : 'Conferencing Nodes (none listed in the project)';
  const lb = `Teams Connector load balancer ${mdCode(v.PxTeamsConnFqdn)} (${region.publicIp ? mdCode(region.publicIp) : 'public IP not known yet: run tcw azure public-ip'})`;
  const inst = 'Teams Connector instances (VMs behind the load balancer)';
  const teams = 'Microsoft Teams (Office 365)';
  const mgmt = list(v.PxMgmtSrcAddrPrefixes, 'none (RDP is denied)');
  const pool = region.nodes.pool ? mdCode(region.nodes.pool) : 'the Conferencing Nodes';
  const rows: string[][] = [
    [nodes, '33000–39999 ¹', lb, '443', 'TCP', 'Signaling'],
    [nodes, '40000–49999 ¹', inst, '50000–54999', 'UDP', 'Call media'],
    [
      'Pexip Management Node',
      'ephemeral',
      'Teams Connector Azure Event Hub',
      '5671/5672',
      'AMQP',
      'Only with advanced status reporting',
    ],
    [inst, 'ephemeral', teams, 'any', 'TCP', 'Signaling'],
    [inst, 'ephemeral', nodes, '443', 'TCP', 'Signaling'],
    [inst, '50000–54999', nodes, '40000–49999 ¹', 'UDP', 'Call media'],
    [inst, '55000–59999', teams, 'any', 'UDP', 'Call media'],
    [inst, 'ephemeral', 'OCSP responders', '80', 'TCP', 'Certificate revocation checking'],
    [inst, 'ephemeral', 'Windows Update servers', '80/443', 'TCP', 'Windows updates'],
    [teams, 'any', lb, '10000–10399, 11000–11399 ²', 'TCP', 'Signaling'],
    [teams, 'any', inst, '55000–59999', 'UDP', 'Call media'],
    [
      `Management workstations: ${mgmt}`,
      'any',
      lb,
      '50000–50399 (to instance port 3389)',
      'TCP',
      'RDP; only from the addresses in $PxMgmtSrcAddrPrefixes',
    ],
    [
      'Anyone viewing a meeting invitation',
      'any',
      `${pool} (dialing instructions page)`,
      '443',
      'TCP',
      'Alternate VTC dialing instructions',
    ],
  ];
  const L: string[] = [
    `# Firewall and NSG: region ${mdCode(v.PxVmssRegion)}`,
    '',
    `_${GENERATED_BY}_`,
    '',
    'Open these flows in every firewall between the Teams Connector, your public Conferencing Nodes,',
    'Microsoft Teams and your management networks. The Azure side (the Network Security Group) is',
    'created by the installation; the rules it contains are listed further down.',
    '',
    ...mdTable(['Source', 'Source port', 'Destination', 'Destination port', 'Protocol', 'Notes'], rows),
    '',
    "¹ Pexip Infinity's media and signaling port ranges (configurable in Infinity's global settings).",
    '',
    '² The PDF guide (v26) lists these two ranges; the web version of the planning page also lists',
    '10500–10899. Inbound traffic from Microsoft Teams to Azure is handled by the NSG; only add these',
    'to your own firewalls if one sits in that path.',
    '',
    '## Network Security Group of the Teams Connector',
    '',
    `Created in the resource group ${mdCode(effectiveDynamicResourceGroupName(v))} and attached to every instance.`,
    '',
    ...mdTable(
      ['NSG rule', 'Priority', 'Allows', 'From'],
      [
        [
          'MCU-signalling-endpoint',
          '120',
          'HTTPS 443 to the instances',
          list(v.PxNodesSourceAddressPrefixes, '**anyone** ($PxNodesSourceAddressPrefixes is empty)'),
        ],
        [
          'RDP',
          '1000',
          'RDP 3389 to the instances',
          list(v.PxMgmtSrcAddrPrefixes, 'nobody (a Deny rule: add addresses later if needed)'),
        ],
      ],
    ),
    '',
    `Admin consent web page (App Service in the bot channel resource group): reachable from ${list(v.PxConsentSourceAddressPrefixes, '**anyone** (public: it shows the app IDs; stop the App Service after consent, or restrict it)')}.`,
    '',
    'Internal rules for traffic from the load balancer to the instances (ports 10100, 10101 and 20100)',
    'and to the Event Hub are added by the installation; these ports need no opening elsewhere.',
    '',
    'Changing the NSG later (a new Conferencing Node address, other management addresses) does not',
    'need a redeploy: edit the rule in the Azure portal, then update the same variable in the',
    'initialization script so the next redeploy keeps it.',
    '',
  ];
  return L.join('\n');
}
