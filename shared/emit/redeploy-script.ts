// The redeploy script (guide: "Redeploying the Teams Connector", v26): upgrades, redeploys and
// installs every further region with the app created by the installation script. We write one per
// region so the VM scale set name is a literal from derived.ts and the guard can check the region.
import type { Region } from '../model/project.ts';
import { botChannelResourceGroupName, vmssName } from '../model/derived.ts';
import {
  GENERATED_BY,
  adminCredential,
  azSignIn,
  commentPath,
  fileNames,
  regionGuard,
  versionCheck,
  vmssDeployment,
} from './script-parts.ts';
import { psQuote } from './ps-literals.ts';
import type { EmittedScript } from './init-script.ts';

export interface RedeployOptions {
  appId: string | null;
  /** Written only when given and includeSecrets is on. */
  appPassword?: string;
  includeSecrets: boolean;
}

export function emitRedeployScript(region: Region, opts: RedeployOptions): EmittedScript {
  const v = region.variables;
  const init = commentPath(fileNames.init, v.PxVmssRegion);
  const writePassword = opts.includeSecrets && opts.appPassword !== undefined && opts.appPassword !== '';
  const L: string[] = [
    '# Teams Connector: redeploy script (upgrade, redeploy, or install a further region)',
    `# ${GENERATED_BY}`,
    '#',
    "# Who: Contributor on the subscription and Owner on this region's static resource group.",
    '# Where: PowerShell opened in the folder of the extracted Teams Connector ZIP (same version as',
    '# Pexip Infinity), with the PFX file copied there.',
    `# Before: the variables of this region are loaded:  . ${init}`,
    "# It deletes this region's dynamic resource group (the VMs) and deploys it again: calls through",
    '# this Teams Connector drop. The VM deployment takes up to 30 minutes.',
    '',
    ...regionGuard(region),
    '',
    ...versionCheck(),
    '',
    ...azSignIn('the Pexip scripts'),
    '',
    '# The app ID and password printed by the installation script.',
  ];
  if (opts.appId) {
    L.push(`$AppId = ${psQuote(opts.appId)}`);
  } else {
    L.push(
      '# Not known to the wizard yet: paste the $AppId line printed by the installation script here.',
      "$AppId = ''",
    );
  }
  if (writePassword) {
    L.push(
      '# This line is a secret: keep this file readable by you only.',
      `$AppPassword = ${psQuote(opts.appPassword ?? '')}`,
    );
  } else {
    L.push(
      '# Left empty on purpose: paste the printed $AppPassword line here, or type it when asked below.',
      "$AppPassword = ''",
    );
  }
  L.push(
    'if (-not $AppId) {',
    `    throw ${psQuote('$AppId is empty. Put the App ID printed by the installation script into this script (the line $AppId = ...) and run it again.')}`,
    '}',
    '',
    '# Use the Teams Connector subscription and turn the app ID and password into a credential.',
    'Set-AzContext -SubscriptionId $PxSubscriptionId',
    'if ($AppPassword) {',
    '    $AppSecurePassword = ConvertTo-SecureString -AsPlainText $AppPassword -Force',
    '} else {',
    `    $AppSecurePassword = Read-Host -AsSecureString -Prompt ${psQuote('App password printed by the installation script')}`,
    '}',
    '$AppCred = New-Object System.Management.Automation.PSCredential -ArgumentList $AppId,$AppSecurePassword',
    '',
    ...adminCredential(),
    '',
    '# Remove the existing dynamic resource group of this region, after listing what it holds.',
    '# Remove-AzResourceGroup asks you to confirm. (-ErrorAction SilentlyContinue: a new region has none.)',
    '$PxTeamsConnResourceGroup = Get-AzResourceGroup -Name $PxTeamsConnResourceGroupName -Location $PxAzureLocation -ErrorAction SilentlyContinue',
    'if ($PxTeamsConnResourceGroup) {',
    '    $resources = Get-AzResource -ResourceGroupName $PxTeamsConnResourceGroupName',
    '    $resNames = $resources | ForEach-Object { return "`n" + $_.Name + " " + $_.ResourceType }',
    '    Write-Host "To redeploy the Teams Connector, resource group $PxTeamsConnResourceGroupName must be deleted. Resources:$resNames"',
    '    Remove-AzResourceGroup -Name $PxTeamsConnResourceGroupName | Out-Null',
    '}',
    '$PxTeamsConnResourceGroup = Get-AzResourceGroup -Name $PxTeamsConnResourceGroupName -Location $PxAzureLocation -ErrorAction SilentlyContinue',
    'if ($null -ne $PxTeamsConnResourceGroup) {',
    '    throw "$PxTeamsConnResourceGroupName still exists; it must be removed before redeploying. Delete it (or confirm the removal) and run the script again."',
    '}',
    '',
    '# Create the dynamic resource group of this region again and deploy the VMs.',
    'New-AzResourceGroup -Name $PxTeamsConnResourceGroupName -Location $PxAzureLocation -Tag $tags',
    ...vmssDeployment(vmssName(v)),
    '',
    'Write-Host "`n--------------------------`n"',
    'Write-Host " All steps completed."',
    'Write-Host "`n--------------------------`n"',
    '',
    '# Only when you must keep the admin consent web page after an upgrade (typically service',
    '# providers): set this to $true before running the script.',
    '$ReinstateConsentPage = $false',
    'if ($ReinstateConsentPage) {',
    '    Import-Module .\\PexTeamsCviApplication.psm1',
    `    $BotChanResourceGroupName = ${psQuote(botChannelResourceGroupName(v))}`,
    '    $AdminConsentUrl = Publish-PexTeamsAdminConsentWebSite -SubscriptionId $PxSubscriptionId -ResourceGroupName $BotChanResourceGroupName -PxBaseConnName $PxBaseConnName -AppId $AppId -SourceAddressPrefixes $PxConsentSourceAddressPrefixes -Confirm:$false -Tag $tags',
    '    Write-Host "To give consent to the app, go to: $AdminConsentUrl"',
    '}',
    '',
  );
  return { content: L.join('\n'), containsSecrets: writePassword };
}
