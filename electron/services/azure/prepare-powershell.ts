// The PowerShell equivalent of what prepare does, for an admin who must run it elsewhere (the
// guide's "Create the resource group for static resources" steps). Every user value is a
// single-quoted literal made by the emitters' psQuote.
import type { AzureEndpoints } from './clouds.ts';
import { psQuote } from '../../../shared/emit/ps-literals.ts';

export function psHashtable(tags: Record<string, string>): string {
  const entries = Object.entries(tags);
  if (entries.length === 0) return '@{}';
  return `@{ ${entries.map(([k, v]) => `${psQuote(k)} = ${psQuote(v)}`).join('; ')} }`;
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
    `# Static resource group for Teams Connector region ${psQuote(i.region)}, and the Owner role on it.`,
    '# Run by the Owner of the Azure subscription (Az PowerShell module).',
  ];
  const connect = ['Connect-AzAccount'];
  if (i.endpoints.cloud !== 'AzureCloud' && i.endpoints.cloud !== 'custom')
    connect.push(`-Environment ${psQuote(i.endpoints.powershellEnvironment)}`);
  if (i.tenantId) connect.push(`-Tenant ${psQuote(i.tenantId)}`);
  if (i.endpoints.cloud === 'custom')
    lines.push('# Custom endpoints were used: add -Environment <your registered Az environment> to Connect-AzAccount.');
  lines.push(connect.join(' '));
  lines.push(`Set-AzContext -SubscriptionId ${psQuote(i.subscriptionId)}`);
  lines.push(`$tags = ${psHashtable(i.tags)}`);
  lines.push(
    `New-AzResourceGroup -Name ${psQuote(i.resourceGroup)} -Location ${psQuote(i.location)} -Force -Tag $tags`,
  );
  if (i.owner && 'upn' in i.owner) {
    lines.push(
      `New-AzRoleAssignment -SignInName ${psQuote(i.owner.upn)} -RoleDefinitionName "Owner" -ResourceGroupName ${psQuote(i.resourceGroup)}`,
    );
  } else if (i.owner) {
    lines.push(
      `New-AzRoleAssignment -ObjectId ${psQuote(i.owner.objectId)} -RoleDefinitionName "Owner" -ResourceGroupName ${psQuote(i.resourceGroup)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
