// Creating the static resource group of a region (guide: "Create the resource group for static
// resources", also steps 3a-3e of adding a region). Run by the subscription Owner, once per region.
import type { Region } from '../model/project.ts';
import { GENERATED_BY, commentPath, fileNames, regionGuard } from './script-parts.ts';
import { psQuote } from './ps-literals.ts';

export interface StaticRgOptions {
  /** Sign-in name (UPN / e-mail) of the person who runs the installation or redeploy afterwards. */
  ownerUpn?: string;
}

export function emitStaticRgScript(region: Region, opts: StaticRgOptions = {}): string {
  const init = commentPath(fileNames.init, region.variables.PxVmssRegion);
  const L: string[] = [
    '# Teams Connector: create the static resource group of one region',
    `# ${GENERATED_BY}`,
    '#',
    '# Who: the Owner of the Azure subscription. When: once per region, before the installation',
    '# (or, for a further region, before its redeploy script). Not needed for upgrades or redeploys.',
    `# First dot-source the variables of this region in the same window:  . ${init}`,
    '',
    ...regionGuard(region),
    '',
    '# Sign in to Azure (a browser window or a device code prompt opens).',
    'Connect-AzAccount',
    '# Work in the subscription of the Teams Connector.',
    'Set-AzContext -SubscriptionId $PxSubscriptionId',
    '# Create (or update the tags of) the static resource group; -Force skips the confirmation.',
    'New-AzResourceGroup -Name $PxTeamsConnStaticResourceGroupName -Location $PxAzureLocation -Force -Tag $tags',
    '',
    '# The person who runs the installation or redeploy needs the Owner role on this resource group',
    '# (the Key Vault inside requires it). Skip this when the subscription Owner does everything.',
  ];
  if (opts.ownerUpn) {
    L.push(
      '# If the assignment already exists, Azure answers "Conflict": that is fine.',
      `New-AzRoleAssignment -SignInName ${psQuote(opts.ownerUpn)} -RoleDefinitionName 'Owner' -ResourceGroupName $PxTeamsConnStaticResourceGroupName`,
    );
  } else {
    L.push(
      "# Otherwise put that person's sign-in name (user principal name) in place of the example and run:",
      "# New-AzRoleAssignment -SignInName 'alice@example.com' -RoleDefinitionName 'Owner' -ResourceGroupName $PxTeamsConnStaticResourceGroupName",
    );
  }
  L.push('');
  return L.join('\n');
}
