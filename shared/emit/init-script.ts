// The variables initialization script of one region: every variable of the guide's script, in the
// guide's order, each value a single-quoted literal. It is also what the importer reads back.
import { normalizeNumberText, type Region } from '../model/project.ts';
import { GENERATED_BY, commentPath, fileNames } from './script-parts.ts';
import { psArray, psAssign, psBool, psHashtable, psQuote } from './ps-literals.ts';

/**
 * The guide's own expressions for the two resource group names (variables script, guide ~846-848).
 * They hold no user value, only our fixed variable names, so the double quotes expand nothing else.
 * Written this way, the guide's "add a region" procedure (copy the script, change six variables)
 * yields the new region's groups instead of silently reusing the old region's.
 */
export const DERIVED_DYNAMIC_RG = '"$($PxBaseConnName)-TeamsConn-$($PxVmssRegion)-RG"';
export const DERIVED_STATIC_RG = '"$($PxBaseConnName)-TeamsConn-$($PxVmssRegion)-static-RG"';

export interface InitScriptOptions {
  /** Written only when given and includeSecrets is on. */
  adminPassword?: string;
  includeSecrets: boolean;
}

export interface EmittedScript {
  content: string;
  containsSecrets: boolean;
}

export function emitInitScript(region: Region, opts: InitScriptOptions): EmittedScript {
  const v = region.variables;
  if (v.PxCustomerUsageAttribution === null) {
    throw new Error('PxCustomerUsageAttribution must be decided ($true or $false) before the scripts can be written');
  }
  const writePassword = opts.includeSecrets && opts.adminPassword !== undefined && opts.adminPassword !== '';
  const self = commentPath(fileNames.init, v.PxVmssRegion);
  const L: string[] = [
    '# Teams Connector: variables initialization script (one per region)',
    `# ${GENERATED_BY}`,
    '#',
    '# Run it first, in the same PowerShell window as the other scripts of this region, by',
    '# dot-sourcing it so the variables stay set:',
    `#     . ${self}`,
    '# It only sets variables and prints nothing. Keep it: upgrades and redeploys need it again.',
    '# Values are single-quoted on purpose: PowerShell takes them exactly as written. The resource',
    '# group names are built from $PxBaseConnName and $PxVmssRegion, as the guide does.',
    '',
    '# Prefix of every Teams Connector resource name: 1-9 characters, a-z and 0-9, starting with a letter.',
    psAssign('PxBaseConnName', psQuote(v.PxBaseConnName)),
    '# Short name of this region (a-z, 0-9; 2-4 characters recommended). Base name + region: 3-14 characters.',
    psAssign('PxVmssRegion', psQuote(v.PxVmssRegion)),
    '# Host name of this Teams Connector; must be in the PFX certificate and differ between regions.',
    psAssign('PxTeamsConnFqdn', psQuote(v.PxTeamsConnFqdn)),
    '# Pool or node names of the Conferencing Nodes, comma-separated, no wildcards. Each must be in the',
    '# certificate those nodes present.',
    psAssign('PxNodeFqdns', psQuote(v.PxNodeFqdns.join(','))),
    '# Azure subscription that holds the Teams Connector (GUID).',
    psAssign('PxSubscriptionId', psQuote(v.PxSubscriptionId)),
    '# Azure region, lower case; it must offer Fs-series VMs and Azure Automation.',
    psAssign('PxAzureLocation', psQuote(v.PxAzureLocation)),
    '# Local administrator account of the Teams Connector VMs (1-20 characters, not a reserved name).',
    psAssign('PxWinAdminUser', psQuote(v.PxWinAdminUser)),
  ];
  if (writePassword) {
    L.push(
      '# Password of that account. This line is a secret: keep this file readable by you only.',
      psAssign('PxWinAdminPassword', psQuote(opts.adminPassword ?? '')),
    );
  } else {
    L.push(
      '# The administrator password is deliberately not stored here: the installation or redeploy script',
      '# asks for it (Get-Credential) when it creates the VMs. Cleared, so a password left in this window',
      '# by an earlier script (of another region, or an older version) is not used without asking.',
      psAssign('PxWinAdminPassword', '$null'),
    );
  }
  L.push(
    '# Number of Teams Connector VMs, "1" to "100" (about 14-15 calls and 4 vCPUs each).',
    psAssign('PxTeamsConnInstanceCount', psQuote(normalizeNumberText(v.PxTeamsConnInstanceCount))),
    '# Dynamic resource group of this region: deleted and created again by every redeploy.',
    ...(v.PxTeamsConnResourceGroupName === null
      ? [
          '# Derived from the two names above, as in the guide, so a copy made for another region stays right.',
          psAssign('PxTeamsConnResourceGroupName', DERIVED_DYNAMIC_RG),
        ]
      : [psAssign('PxTeamsConnResourceGroupName', psQuote(v.PxTeamsConnResourceGroupName))]),
    '# Static resource group of this region (public IP, Key Vault): must exist before the installation.',
    psAssign(
      'PxTeamsConnStaticResourceGroupName',
      v.PxTeamsConnStaticResourceGroupName === null ? DERIVED_STATIC_RG : psQuote(v.PxTeamsConnStaticResourceGroupName),
    ),
    '# Send incident reports to Pexip ($true recommended).',
    psAssign('PxTeamsConnIncidentReporting', psBool(v.PxTeamsConnIncidentReporting)),
    '# PFX file of the Teams Connector certificate (with its intermediates), next to the scripts.',
    psAssign('PxPfxCertFileName', psQuote(v.PxPfxCertFileName)),
    '# Management addresses allowed to use RDP (NSG rule "RDP", priority 1000). Empty: RDP is denied.',
    psAssign('PxMgmtSrcAddrPrefixes', psArray(v.PxMgmtSrcAddrPrefixes)),
    '# Conferencing Node addresses allowed HTTPS 443 (NSG rule "MCU-signalling-endpoint", priority 120).',
    '# Empty: anyone may connect.',
    psAssign('PxNodesSourceAddressPrefixes', psArray(v.PxNodesSourceAddressPrefixes)),
    '# Addresses allowed to open the admin consent web page. Empty: the page is public.',
    psAssign('PxConsentSourceAddressPrefixes', psArray(v.PxConsentSourceAddressPrefixes)),
    '# Day for Windows updates: "0" every day, "1" Sunday ... "7" Saturday.',
    psAssign('PxWupdScheduledInstallDay', psQuote(normalizeNumberText(v.PxWupdScheduledInstallDay))),
    '# Hour (UTC, "0"-"23") for Windows updates.',
    psAssign('PxWupdScheduledInstallTime', psQuote(normalizeNumberText(v.PxWupdScheduledInstallTime))),
    '# Active hours (UTC, "0"-"23"): no update restart in between; at most 18 hours long.',
    psAssign('PxWupdActiveHoursStart', psQuote(normalizeNumberText(v.PxWupdActiveHoursStart))),
    psAssign('PxWupdActiveHoursEnd', psQuote(normalizeNumberText(v.PxWupdActiveHoursEnd))),
    '# Let Microsoft report the Azure usage of this deployment to Pexip: an explicit choice is required.',
    psAssign('PxCustomerUsageAttribution', psBool(v.PxCustomerUsageAttribution)),
    '# Tags applied to every resource group and resource of the Teams Connector.',
    psAssign('tags', psHashtable(v.tags)),
    '',
  );
  return { content: L.join('\n'), containsSecrets: writePassword };
}
