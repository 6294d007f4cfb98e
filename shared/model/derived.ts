// Names the vendor scripts derive from $PxBaseConnName and $PxVmssRegion (guide, variables and
// installation scripts). One function each: every emitter and the UI preview use these.
import type { RegionVariables } from './project.ts';

type Naming = Pick<RegionVariables, 'PxBaseConnName' | 'PxVmssRegion'>;

/** Dynamic regional resource group; removed and recreated by every redeploy. */
export function dynamicResourceGroupName(v: Naming): string {
  return `${v.PxBaseConnName}-TeamsConn-${v.PxVmssRegion}-RG`;
}

/** Static regional resource group (public IP, Key Vault); must exist before the install. */
export function staticResourceGroupName(v: Naming): string {
  return `${v.PxBaseConnName}-TeamsConn-${v.PxVmssRegion}-static-RG`;
}

/** The names in force for a region: an explicit name from an imported script wins over the pattern. */
export function effectiveDynamicResourceGroupName(
  v: Naming & Pick<RegionVariables, 'PxTeamsConnResourceGroupName'>,
): string {
  return v.PxTeamsConnResourceGroupName ?? dynamicResourceGroupName(v);
}
export function effectiveStaticResourceGroupName(
  v: Naming & Pick<RegionVariables, 'PxTeamsConnStaticResourceGroupName'>,
): string {
  return v.PxTeamsConnStaticResourceGroupName ?? staticResourceGroupName(v);
}

/** Virtual machine scale set name passed as -VmssName. */
export function vmssName(v: Naming): string {
  return `${v.PxBaseConnName}${v.PxVmssRegion}`;
}

/** Azure AD application display name (New-PexTeamsCviApplication -AppDisplayName); once per tenant. */
export function appDisplayName(v: Pick<RegionVariables, 'PxBaseConnName'>): string {
  return `${v.PxBaseConnName}TeamsConn`;
}

/** Azure Bot resource name; globally unique across Azure. */
export function botName(v: Pick<RegionVariables, 'PxBaseConnName'>): string {
  return `${v.PxBaseConnName}TeamsBot`;
}

/** Resource group of the bot channel registration and consent web app; once per tenant, main region. */
export function botChannelResourceGroupName(v: Pick<RegionVariables, 'PxBaseConnName'>): string {
  return `${v.PxBaseConnName}-TeamsBotChan-RG`;
}

/** The admin consent page; the last part is random and chosen by the installer. */
export function consentUrlPattern(v: Pick<RegionVariables, 'PxBaseConnName'>): string {
  return `https://${v.PxBaseConnName}-pexip-cvi-xxxxx.azurewebsites.net/`;
}

export interface DerivedNames {
  dynamicResourceGroup: string;
  staticResourceGroup: string;
  vmss: string;
  appDisplayName: string;
  bot: string;
  botChannelResourceGroup: string;
  consentUrlPattern: string;
}

export function derivedNames(v: RegionVariables): DerivedNames {
  return {
    dynamicResourceGroup: effectiveDynamicResourceGroupName(v),
    staticResourceGroup: effectiveStaticResourceGroupName(v),
    vmss: vmssName(v),
    appDisplayName: appDisplayName(v),
    bot: botName(v),
    botChannelResourceGroup: botChannelResourceGroupName(v),
    consentUrlPattern: consentUrlPattern(v),
  };
}
