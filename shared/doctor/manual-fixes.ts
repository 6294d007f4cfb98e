// The fixes as an administrator would apply them by hand: Az PowerShell commands (every value a
// single-quoted literal) and the portal steps of the guide (Maintaining your Teams Connector
// deployment, guide ~2950–3080 and ~3240–3260).
import { psQuote } from '../emit/ps-literals.ts';

export interface RuleSpec {
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  direction: string;
  protocol: string;
  sourcePortRange: string;
  destinationPorts: string[];
  sourcePrefixes: string[];
  destinationAddressPrefix: string;
}

const list = (xs: readonly string[]) => xs.map(psQuote).join(', ');

/** Az's protocol names (Tcp, Udp, Icmp, *) from ARM's (Tcp, …). */
const protocolName = (p: string) => (p === '*' ? "'*'" : psQuote(p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()));

/**
 * Replaces one NSG rule in place. Set-AzNetworkSecurityRuleConfig rewrites the whole rule, so every
 * property is given (the rule's own port, protocol and destination are kept as they are).
 */
export function nsgRuleCommand(resourceGroup: string, nsg: string, rule: RuleSpec): string {
  return [
    `$nsg = Get-AzNetworkSecurityGroup -ResourceGroupName ${psQuote(resourceGroup)} -Name ${psQuote(nsg)}`,
    `$nsg | Set-AzNetworkSecurityRuleConfig -Name ${psQuote(rule.name)} -Access ${rule.access} -Direction ${psQuote(rule.direction)} -Priority ${rule.priority} -Protocol ${protocolName(rule.protocol)} ` +
      `-SourceAddressPrefix ${list(rule.sourcePrefixes)} -SourcePortRange ${psQuote(rule.sourcePortRange)} -DestinationAddressPrefix ${psQuote(rule.destinationAddressPrefix)} -DestinationPortRange ${list(rule.destinationPorts)} | Set-AzNetworkSecurityGroup`,
  ].join('\n');
}

export function nsgPortalSteps(
  resourceGroup: string,
  rule: { name: string; priority: number },
  prefixes: readonly string[],
  access: 'Allow' | 'Deny',
): string {
  return `Azure portal → Resource groups → ${resourceGroup} → the Network security group → Inbound security rules → ${rule.priority} ${rule.name}: set Source IP addresses/CIDR ranges to ${prefixes.join(', ') || '*'}, Action ${access}, then Save.`;
}

export function scaleCommand(resourceGroup: string, vmss: string, count: number): string {
  return `Get-AzVmss -ResourceGroupName ${psQuote(resourceGroup)} -VMScaleSetName ${psQuote(vmss)} | Update-AzVmss -SkuCapacity ${count}`;
}

export function scalePortalSteps(resourceGroup: string, vmss: string, count: number): string {
  return `Azure portal → Resource groups → ${resourceGroup} → Virtual machine scale set ${vmss} → Settings → Scaling → Configure: set the instance count to ${count}, then Save. Calls on an instance that Azure removes when scaling in are dropped.`;
}

export function startInstancesCommand(resourceGroup: string, vmss: string, instanceIds: readonly string[]): string {
  return `Start-AzVmss -ResourceGroupName ${psQuote(resourceGroup)} -VMScaleSetName ${psQuote(vmss)} -InstanceId ${list(instanceIds)}`;
}

/** Set-CsVideoInteropServiceProvider takes -Identity (not -Name, as New-… does). */
export function teamsProviderCommand(change: { tenantKey?: string; instructionUri?: string }): string {
  const parts = ['Set-CsVideoInteropServiceProvider -Identity Pexip'];
  if (change.tenantKey !== undefined) parts.push(`-TenantKey ${psQuote(change.tenantKey)}`);
  if (change.instructionUri !== undefined) parts.push(`-InstructionUri ${psQuote(change.instructionUri)}`);
  return parts.join(' ');
}

export const TEAMS_DELAY_NOTE =
  'Changes made with Set-CsVideoInteropServiceProvider can take up to 6 hours to come into effect.';
