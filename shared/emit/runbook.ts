// The runbook: every step of a journey in order, who must do it, how long it takes, which generated
// file to use. Markdown, for people who are not PowerShell experts.
import type { Journey } from '../api/wizard-api.ts';
import type { Project, Region } from '../model/project.ts';
import { botChannelResourceGroupName, consentUrlPattern, effectiveStaticResourceGroupName } from '../model/derived.ts';
import { GENERATED_BY, fileNames, windowsPath } from './script-parts.ts';
import { md, mdCode } from './markdown.ts';
import { psQuote } from './ps-literals.ts';
import { installStepAdvice } from './recovery.ts';
import { tenantKey } from './teams.ts';

export interface RunbookInput {
  project: Project;
  journey: Journey;
  /** Regions this journey covers, in project order. */
  regions: Region[];
  /** first-install: the region the installation script is for. */
  installRegion?: Region;
  ownerUpn?: string;
  /** File names of the artifacts that hold a secret (only with includeSecrets). */
  secretFiles: string[];
  includeSecrets: boolean;
}

const title: Record<Journey, string> = {
  'first-install': 'First installation of the Teams Connector',
  'add-region': 'Adding a Teams Connector in another Azure region',
  redeploy: 'Redeploying or upgrading the Teams Connector',
};

function cmd(fileName: string): string {
  return mdCode(windowsPath(fileName));
}

function dot(region: Region): string {
  return mdCode(`. ${windowsPath(fileNames.init(region.variables.PxVmssRegion))}`);
}

function rn(region: Region): string {
  return mdCode(region.variables.PxVmssRegion);
}

/**
 * The v26 installation script signs in with the AzureAD PowerShell module (guide l.1308, l.1359), which
 * Microsoft retired in 2025. The wizard reproduces the v26 scripts and invents no replacement.
 */
export const AZUREAD_NOTE = [
  '**AzureAD module:** the version 26 installation script uses the AzureAD PowerShell module (`Connect-AzureAD`),',
  'which Microsoft retired in 2025. If it no longer installs or signs in, follow the Pexip deployment guide of the',
  'Teams Connector version in your ZIP file (its `version.json`) for the sign-in it expects; the wizard writes the',
  'version 26 steps only.',
];

/** "The installation stopped half-way": the install script's steps, what exists after each, what to do. */
function stoppedHalfWay(region: Region): string[] {
  const out = [
    '## If the installation stopped half-way',
    '',
    'The installation script stops at the first error and prints the step it was in and this advice. Running it',
    'again after the app was registered would register a second app, so it also stops when it finds the App ID of an',
    `earlier run in the PowerShell window or the resource group ${mdCode(botChannelResourceGroupName(region.variables))} in Azure.`,
    '',
    '| Step the script names | What exists in Azure by then | What to do |',
    '| --- | --- | --- |',
  ];
  for (const a of installStepAdvice(region)) {
    out.push(`| ${md(a.step)}: ${md(a.title)} | ${md(a.created)} | ${a.next.map(md).join('<br>')} |`);
  }
  out.push(
    '',
    'Removing a Teams Connector completely (guide, "Uninstalling the Teams Connector"): delete its resource groups',
    '(`<prefix>-TeamsBotChan-RG`, `<prefix>-TeamsConn-<region>-RG`, `<prefix>-TeamsConn-<region>-static-RG`) in the',
    'Azure portal, purge the soft-deleted Key Vault (Key Vaults > Manage deleted vaults) before deploying again with the',
    'same variables, delete the app registration (Azure Active Directory > App registrations), and remove the DNS record.',
    '',
  );
  return out;
}

export function emitRunbook(input: RunbookInput): string {
  const { project, journey, regions } = input;
  const L: string[] = [`# ${title[journey]}`, '', `_${GENERATED_BY}_`, ''];
  const names = regions.map(rn).join(', ');
  L.push(
    `Connector version ${mdCode(project.connectorVersion)}; region(s) in this runbook: ${names || 'none'}.`,
    '',
    '## Roles you need',
    '',
    '| Role | Needed for |',
    '| --- | --- |',
    "| Owner of the Azure subscription | creating each region's static resource group and giving the installer Owner on it |",
    '| Contributor on the subscription **and** Owner of the static resource group | running the installation / redeploy script |',
    ...(journey === 'first-install'
      ? [
          '| Permission to register apps in Azure AD (or app registration allowed for users) | the app registration in the installation script |',
          '| Global Administrator of the Microsoft 365 tenant | consent to the app, Teams lobby bypass commands |',
        ]
      : []),
    // A redeploy keeps the public IP and writes no DNS file: name only the files this run generated.
    ...(journey === 'redeploy' ? [] : ['| DNS administrator | the records in `dns-records.txt` |']),
    '| Pexip Infinity administrator | the Teams Connector and call routing settings in Infinity |',
    '',
    'A guest user of the tenant also needs the Directory Readers role.',
    '',
    '## How long it takes',
    '',
    '| Step | Time |',
    '| --- | --- |',
    '| Static resource group and Owner assignment | a few minutes |',
    ...(journey === 'first-install' ? ['| Installation script without the VM deployment | about 5–10 minutes |'] : []),
    '| VM scale set deployment (create_vmss_deployment.ps1), per region | up to 30 minutes |',
    '| Disk encryption after deployment | performance may be reduced for about 30 minutes |',
    "| DNS | as fast as your DNS provider and the old records' TTL allow |",
    ...(journey === 'first-install' ? ['| Teams policy and provider commands | up to 6 hours to take effect |'] : []),
    '',
  );

  // Secrets
  if (input.includeSecrets && input.secretFiles.length) {
    L.push(
      '## Files that contain secrets',
      '',
      'These files hold the passwords that were entered for them, in clear text, so the scripts do not ask for',
      'them. They are saved readable by you only (mode 0600). Keep them in a password vault or delete them after',
      'use; never e-mail them or put them in version control:',
      '',
      ...input.secretFiles.map((f) => `- ${mdCode(f)}`),
      '',
    );
  } else {
    L.push(
      '## Secrets',
      '',
      'No file contains a password. The scripts ask for the VM administrator password (Get-Credential)',
      ...(journey === 'first-install'
        ? ['and the installation script prints the new app password once: store it safely.', '']
        : ['and, unless you paste it in, the app password (Read-Host).', '']),
    );
  }

  L.push(
    '## Before you start',
    '',
    `1. Download the Teams Connector ZIP of the **same version as Pexip Infinity** (${mdCode(project.connectorVersion)}, including the dot release) and extract it into an empty folder on a Windows PC.`,
    `2. Copy the PFX certificate file(s) into that folder (${regions.map((r) => mdCode(r.variables.PxPfxCertFileName)).join(', ')}), and the generated files too, keeping their sub-folders (so that`,
    `   ${cmd(fileNames.init(regions[0]?.variables.PxVmssRegion ?? 'region'))} exists next to ${mdCode('create_vmss_deployment.ps1')}).`,
    '3. Open PowerShell (or PowerShell ISE) in that folder and first allow scripts for this window only:',
    '   `Set-ExecutionPolicy -ExecutionPolicy Unrestricted -Scope Process` (answer **A**). If the files came by',
    '   e-mail or browser download, also run `Get-ChildItem -Recurse | Unblock-File`.',
    "   Always **dot-source** a region's variables script (a dot, a space, then the path) so its variables stay",
    '   set for the next script.',
    '4. On a PC that never ran these scripts, once, in PowerShell as Administrator:',
    '   `Install-Module -Name AzureAD -RequiredVersion 2.0.2.106` and',
    '   `Install-Module -Name Az -MinimumVersion 4.7.0 -AllowClobber -Scope AllUsers` (uninstall AzureRM if present).',
    ...(journey === 'first-install' ? AZUREAD_NOTE.map((l) => `   ${l}`) : []),
    '5. Check https://status.azure.com for problems in your region, and that the subscription has enough',
    '   Fs-series vCPU quota (4 per Teams Connector instance) in each region.',
    '',
  );

  let n = 1;
  const step = (heading: string, lines: string[]) => {
    L.push(`## Step ${n++}: ${heading}`, '', ...lines, '');
  };

  const staticRgStep = (r: Region) => {
    const owner = input.ownerUpn
      ? `The script also gives ${mdCode(input.ownerUpn)} the Owner role on it.`
      : 'If someone else runs the next step, put their sign-in name into the commented `New-AzRoleAssignment` line of the script first (or generate again with their sign-in name).';
    step(`static resource group of region ${rn(r)}`, [
      '**Who:** the Owner of the Azure subscription. **Time:** a few minutes. Only once per region.',
      '',
      `1. ${dot(r)}`,
      `2. ${cmd(fileNames.staticRg(r.variables.PxVmssRegion))}`,
      '',
      `It creates ${mdCode(effectiveStaticResourceGroupName(r.variables))} with your tags. ${owner}`,
    ]);
  };

  const redeployStep = (r: Region, why: string) => {
    step(`${why} in region ${rn(r)}`, [
      '**Who:** Contributor on the subscription and Owner of the static resource group. **Time:** up to 30 minutes.',
      '',
      `1. ${dot(r)}`,
      `2. ${cmd(fileNames.redeploy(r.variables.PxVmssRegion))}`,
      '',
      project.app.appId
        ? 'The app ID is already in the script.'
        : '**The app ID is not known to the wizard:** paste the `$AppId = …` line printed by the installation script into the script first (or import it with `tcw import` and generate again).',
      'You are asked for the app password unless it is in the script, for the VM administrator password unless the',
      'variables script sets it, and for the password of the PFX file.',
      '',
      "The script deletes the region's dynamic resource group (it lists its resources and asks first): calls",
      'through this Teams Connector drop until the new VMs are up. Plan a maintenance window.',
    ]);
  };

  const dnsStep = (r: Region) => {
    step(`DNS for region ${rn(r)}`, [
      '**Who:** your DNS administrator.',
      '',
      `Create the records in ${cmd(fileNames.dns(r.variables.PxVmssRegion))}. The essential one is the externally resolvable A record`,
      `${mdCode(r.variables.PxTeamsConnFqdn)} → ${r.publicIp ? mdCode(r.publicIp) : 'the public IP of the load balancer (printed at the end of the installation script, shown by `tcw azure public-ip`, or in the Azure portal: the Public IP address in the static resource group)'}.`,
      'Then check them with `tcw dns check`.',
    ]);
  };

  const firewallStep = (r: Region) => {
    step(`firewalls for region ${rn(r)}`, [
      '**Who:** your network / firewall team.',
      '',
      `Open the flows in ${cmd(fileNames.firewall(r.variables.PxVmssRegion))}.`,
    ]);
  };

  const pexipConnector = (r: Region) =>
    `In Pexip Infinity: **Call control > Microsoft Teams Connectors**, add a Teams Connector whose address is ${mdCode(r.variables.PxTeamsConnFqdn)}.`;

  if (journey === 'first-install') {
    const inst = input.installRegion ?? regions[0];
    for (const r of regions) staticRgStep(r);
    if (inst) {
      step(`installation in region ${rn(inst)}`, [
        '**Who:** an Azure AD user of the tenant (not a Microsoft account) with Contributor on the subscription and Owner',
        'of the static resource group; if Azure AD and Azure are run by different people, the Azure AD admin runs the',
        'app registration part. **Time:** up to 40 minutes (the VM deployment alone up to 30).',
        '',
        `1. ${dot(inst)}`,
        `2. ${cmd(fileNames.install(inst.variables.PxVmssRegion))} (or run it section by section in PowerShell ISE: select, then F8)`,
        '',
        'You sign in twice (Azure AD, then Azure), answer **A** for the execution policy, and type the VM administrator',
        'password (unless the variables script sets it) and the PFX password.',
        '',
        '**Immediately save the two lines it prints** (`$AppId = "…"` and `$AppPassword = "…"`): paste them into every',
        `${mdCode('redeploy.ps1')} (and the App ID into ${cmd(fileNames.teams())}), or give them to the wizard with`,
        '`tcw import … --install-output` and generate again. Every upgrade and further region reuses this app; without the',
        'password you would have to create a new app.',
      ]);
    }
    for (const r of regions) if (r !== inst) redeployStep(r, 'install the Teams Connector');
    for (const r of regions) dnsStep(r);
    for (const r of regions) firewallStep(r);
    step('consent to the app', [
      '**Who:** a Global Administrator of the Microsoft 365 tenant. **Time:** a few minutes.',
      '',
      `Open the consent address printed by the installation script (it looks like ${mdCode(consentUrlPattern(regions[0]?.variables ?? { PxBaseConnName: '' }))}`,
      'with a random part), choose **Initiate the consent for your tenant**, sign in and accept. If consent source',
      'addresses are set, do it from one of them. Keep a note of what the success page shows.',
    ]);
    step('lobby bypass and dialing instructions in Teams', [
      '**Who:** a Global Administrator. **Time:** a few minutes to run; **up to 6 hours** to take effect.',
      '',
      `Run ${cmd(fileNames.teams())} in PowerShell (MicrosoftTeams module 2.0.0 or later). It creates the Pexip provider with`,
      `the IVR address ${mdCode(tenantKey(project))} and grants the policy to every user (for a trial, grant it to named users instead).`,
    ]);
    step('Pexip Infinity', [
      '**Who:** the Pexip Infinity administrator.',
      '',
      ...regions.map((r) => `- ${pexipConnector(r)}`),
      `- Create the Virtual Reception with the alias ${mdCode(tenantKey(project))} and the Call Routing Rules into Teams`,
      '  (see the guide\'s "Configuring Pexip Infinity as a Microsoft Teams gateway").',
      ...(regions.length > 1
        ? [
            '- With several Teams Connectors: one location per region, each using its own Teams Connector, and a pair of Call',
            '  Routing Rules per location (see the add-region runbook for the pattern).',
          ]
        : []),
    ]);
    step('keep the scripts', [
      'Store the variables scripts and the redeploy scripts (with the App ID and password) somewhere safe:',
      'every upgrade, certificate change and further region starts from them.',
    ]);
  } else if (journey === 'add-region') {
    L.push(
      'No new app and no new consent are needed: the app registration of the first installation is reused.',
      'The new region needs its own host name (and a certificate holding it), enough Fs-series quota, and an',
      'Azure region that offers Fs-series VMs and Azure Automation.',
      '',
    );
    for (const r of regions) staticRgStep(r);
    for (const r of regions) redeployStep(r, 'install the Teams Connector');
    for (const r of regions) dnsStep(r);
    for (const r of regions) firewallStep(r);
    step('Pexip Infinity: location and call routing', [
      '**Who:** the Pexip Infinity administrator.',
      '',
      "1. If needed, set up the new Conferencing Nodes and their location, with certificates as in the guide's examples.",
      ...regions.map((r) => `2. ${pexipConnector(r)}`),
      '3. **Platform > Locations:** assign the new Teams Connector to the location(s) whose nodes should use it.',
      '4. Call routing: for every Call Routing Rule into Teams, keep the original with **Calls being handled in location**',
      '   and **Outgoing location** set to the existing location, and add a copy (same protocols, alias regex and trust',
      '   settings, a priority right next to the original) with both fields set to the new location. A final rule with',
      '   "Any location" can catch the rest. Calls then leave through the Teams Connector next to the node that received them.',
      '5. The Virtual Reception needs no change.',
    ]);
  } else {
    L.push(
      'Use this for an upgrade, a new certificate, changed node names ($PxNodeFqdns), or a lost deployment.',
      'Changing NSG addresses or the instance count needs no redeploy (edit them in the Azure portal).',
      '',
      '### What changed in the scripts since versions 24 and 25',
      '',
      '- 25: the scripts check the software version (version.json); they unload old Az modules and need Az 4.7.0 or later;',
      '  create_vmss_deployment.ps1 no longer takes -PublicIPAddressResourceName; the public IP is read differently;',
      '  the Teams commands use the MicrosoftTeams module instead of SkypeOnlineConnector.',
      '- 26: a new `$tags` variable, passed as -Tag to every resource group and resource; the redeploy script now removes',
      '  the dynamic resource group itself (no more deleting it in the portal).',
      "- 26.1: a DNS A record to the load balancer's public IP replaces the CNAME (existing CNAMEs keep working).",
      '',
      'Upgrading from an older major version needs these v26 scripts; for a dot release of the same major version',
      'the existing scripts still work.',
      '',
    );
    step('check who may redeploy', [
      '**Who:** the person who will run the redeploy, with the subscription Owner if a role is missing.',
      '',
      'That person needs Owner on the static resource group of every region below (and Contributor on the subscription).',
      'Check in the Azure portal (resource group > Access control (IAM) > Check access), or after `Connect-AzAccount`:',
      '',
      '```powershell',
      ...regions.map(
        (r) =>
          `Get-AzRoleAssignment -ResourceGroupName ${psQuote(effectiveStaticResourceGroupName(r.variables))} -SignInName '<your sign-in name>' -ExpandPrincipalGroups | Where-Object RoleDefinitionName -eq 'Owner'`,
      ),
      '```',
      '',
      'An empty answer (and no Owner on the subscription) means: the subscription Owner runs, after dot-sourcing the',
      "region's variables script:",
      '',
      '```powershell',
      'Connect-AzAccount',
      'Set-AzContext -SubscriptionId $PxSubscriptionId',
      `New-AzRoleAssignment -SignInName ${input.ownerUpn ? psQuote(input.ownerUpn) : "'<sign-in name>'"} -RoleDefinitionName 'Owner' -ResourceGroupName $PxTeamsConnStaticResourceGroupName`,
      '```',
    ]);
    for (const r of regions) redeployStep(r, 'redeploy');
    step('afterwards', [
      '- The public IP stays the same (it lives in the static resource group): DNS needs no change. If you still use a',
      '  CNAME for the Teams Connector, you may replace it with an A record.',
      '- If you changed the certificate or the node names, check the Teams Connector status in Pexip Infinity.',
      '- Keep the updated variables and redeploy scripts.',
    ]);
  }

  if (journey === 'first-install' && input.installRegion) L.push(...stoppedHalfWay(input.installRegion));

  L.push(
    '---',
    '',
    `Project: ${md(project.infinity.primaryDomain || 'no primary domain set')}. Generated files refer to each other by the names above.`,
    '',
  );
  return L.join('\n');
}
