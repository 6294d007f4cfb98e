// The PowerShell equivalent of what prepare does, for an admin who must run it elsewhere (the
// guide's "Create the resource group for static resources" steps). Every user value is a
// single-quoted literal: PowerShell treats ' and the curly quotes U+2018–U+201B alike as quote
// characters, so each of them is doubled.
import type { AzureEndpoints } from './clouds.ts';

export function psLiteral(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c)}'`;
}

export function psHashtable(tags: Record<string, string>): string {
  const entries = Object.entries(tags);
  if (entries.length === 0) return '@{}';
  return `@{ ${entries.map(([k, v]) => `${psLiteral(k)} = ${psLiteral(v)}`).join('; ')} }`;
}

export interface PreparePowerShellInput {
  endpoints: Pick<AzureEndpoints, 'cloud' | 'powershellEnvironment'>;
  tenantId?: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
  /** upn → -SignInName; objectId → -ObjectId; null → no role assignment. */
  owner: { upn: string } | { objectId: string } | null;
  region: string;
}

export function preparePowerShell(i: PreparePowerShellInput): string {
  const lines = [
    `# Static resource group for Teams Connector region ${psLiteral(i.region)}, and the Owner role on it.`,
    '# Run by the Owner of the Azure subscription (Az PowerShell module).',
  ];
  const connect = ['Connect-AzAccount'];
  if (i.endpoints.cloud !== 'AzureCloud' && i.endpoints.cloud !== 'custom') connect.push(`-Environment ${psLiteral(i.endpoints.powershellEnvironment)}`);
  if (i.tenantId) connect.push(`-Tenant ${psLiteral(i.tenantId)}`);
  if (i.endpoints.cloud === 'custom') lines.push('# Custom endpoints were used: add -Environment <your registered Az environment> to Connect-AzAccount.');
  lines.push(connect.join(' '));
  lines.push(`Set-AzContext -SubscriptionId ${psLiteral(i.subscriptionId)}`);
  lines.push(`$tags = ${psHashtable(i.tags)}`);
  lines.push(`New-AzResourceGroup -Name ${psLiteral(i.resourceGroup)} -Location ${psLiteral(i.location)} -Force -Tag $tags`);
  if (i.owner && 'upn' in i.owner) {
    lines.push(`New-AzRoleAssignment -SignInName ${psLiteral(i.owner.upn)} -RoleDefinitionName "Owner" -ResourceGroupName ${psLiteral(i.resourceGroup)}`);
  } else if (i.owner) {
    lines.push(`New-AzRoleAssignment -ObjectId ${psLiteral(i.owner.objectId)} -RoleDefinitionName "Owner" -ResourceGroupName ${psLiteral(i.resourceGroup)}`);
  }
  return `${lines.join('\n')}\n`;
}
