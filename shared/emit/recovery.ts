// What to do when the installation script stops part-way. The install script names the step it was in
// when it stopped and prints the advice for that step; the runbook's "the install stopped half-way"
// section lists the same steps. The advice comes from the guide: the redeploy script reuses the app
// created the first time (002 l.1483-1490), the last section can be rerun on its own (l.1494-1497),
// the uninstall steps (l.3256-3300) and the installation issues table (l.3846-3920).
import type { Region } from '../model/project.ts';
import {
  appDisplayName,
  botChannelResourceGroupName,
  botName,
  effectiveDynamicResourceGroupName,
} from '../model/derived.ts';
import { fileNames, windowsPath } from './script-parts.ts';

export type InstallStep = 'prepare' | 'app' | 'bot' | 'consent' | 'vms' | 'next-steps';

export interface StepAdvice {
  step: InstallStep;
  /** Short name, as the script prints it. */
  title: string;
  /** What exists in Azure when the script stops in this step. */
  created: string;
  /** What to do next, in plain words (no command that is not in the guide). */
  next: string[];
}

/** Every step in the script's order, with the region's own names filled in. */
export function installStepAdvice(region: Region): StepAdvice[] {
  const v = region.variables;
  const redeploy = windowsPath(fileNames.redeploy(v.PxVmssRegion));
  const app = appDisplayName(v);
  const botRg = botChannelResourceGroupName(v);
  const removeAll = `To start again from scratch instead, remove what was created as the guide's uninstall section describes: delete the resource group ${botRg} (and ${effectiveDynamicResourceGroupName(v)} if it exists) in the Azure portal, delete the app registration ${app} (Azure Active Directory > App registrations, search for ${v.PxBaseConnName}), then run the installation script again.`;
  return [
    {
      step: 'prepare',
      title: 'checks and sign-in',
      created: 'nothing yet',
      next: [
        'Fix the reported problem (version.json, sign-in, module import, leftovers of an earlier run) and run the installation script again.',
      ],
    },
    {
      step: 'app',
      title: `app registration ${app}`,
      created: `possibly the app registration ${app} (without a password if the second command failed)`,
      next: [
        `If the $AppId and $AppPassword lines were printed, keep them: the app exists. Otherwise delete the app registration ${app} in the Azure portal (Azure Active Directory > App registrations, search for ${v.PxBaseConnName}) and run the installation script again.`,
      ],
    },
    {
      step: 'bot',
      title: `bot ${botName(v)} in ${botRg}`,
      created: `the app registration ${app} (its $AppId and $AppPassword were printed) and perhaps the resource group ${botRg}`,
      next: [
        `"InvalidBotData - Bot is not valid - Id is already in use" means the bot name ${botName(v)} is taken elsewhere in Azure (most likely another company's tenant): $PxBaseConnName must change, so remove what was created and start again with the new name.`,
        removeAll,
      ],
    },
    {
      step: 'consent',
      title: `admin consent web site in ${botRg}`,
      created: `the app registration ${app} (its $AppId and $AppPassword were printed) and the bot in ${botRg}`,
      next: [
        `Do not run the installation script again (it would register a second app). Paste the printed $AppId and $AppPassword lines into ${redeploy}, set $ReinstateConsentPage = $true near its end, and run it: it deploys the VMs and publishes the consent web site.`,
        removeAll,
      ],
    },
    {
      step: 'vms',
      title: 'Teams Connector VMs (create_vmss_deployment.ps1)',
      created: `the app registration ${app}, the bot and the admin consent web site in ${botRg}, and perhaps part of the dynamic resource group`,
      next: [
        `Do not run the installation script again (it would register a second app). Paste the printed $AppId and $AppPassword lines into ${redeploy} and run it: it removes the dynamic resource group and deploys the VMs again. The consent web site exists: its address is in $AdminConsentUrl in this PowerShell window (or set $ReinstateConsentPage = $true in the redeploy script to publish it again and print it).`,
        'Errors about "Storage Account Key Operator Service Role" or "Forbidden" from Add-AzKeyVaultManagedStorageAccount mean the installer lacks Owner on the static resource group (or the culture is not en-US: Set-Culture -CultureInfo en-US, then a new PowerShell window).',
        '"Web space … already exists" means a resource group of the same name was emptied but not deleted: delete the resource group itself.',
      ],
    },
    {
      step: 'next-steps',
      title: 'printing the DNS and consent next steps',
      created: 'everything: the Teams Connector is deployed',
      next: [
        'Dot-source the variables script, run Connect-AzAccount, and run only the last section of the installation script (from "Next steps") to print the load balancer address again.',
      ],
    },
  ];
}
