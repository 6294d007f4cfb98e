// Teams PowerShell for lobby bypass and the "Alternate VTC dialing instructions" page (guide:
// "Authorize CVI app to bypass Teams lobby and configure dialing instructions"). Tenant-wide.
import type { Project } from '../model/project.ts';
import { GENERATED_BY } from './script-parts.ts';
import { psQuote } from './ps-literals.ts';

/** `<ivr>@<primary domain>`: the Virtual Reception alias acting as the IVR gateway. */
export function tenantKey(project: Project): string {
  return `${project.infinity.teams.ivrAlias}@${project.infinity.primaryDomain}`;
}

/**
 * The InstructionUri, parameters in the guide's order: conf={ConfId} (kept literally: Teams fills it
 * in), ivr, d, then the optional ip, test, prefix, and w (a flag without value). Values are
 * percent-encoded; the host is the pool name of the first region's Conferencing Nodes.
 */
export function instructionUri(project: Project): string {
  const t = project.infinity.teams;
  const host = project.regions[0]?.nodes.pool ?? '';
  const enc = encodeURIComponent;
  const params = ['conf={ConfId}', `ivr=${enc(t.ivrAlias)}`, `d=${enc(project.infinity.primaryDomain)}`];
  if (t.instructionIp) params.push(`ip=${enc(t.instructionIp)}`);
  if (t.testCallAlias) params.push(`test=${enc(t.testCallAlias)}`);
  if (t.prefix) params.push(`prefix=${enc(t.prefix)}`);
  if (t.browserJoin) params.push('w');
  return `https://${host}/teams/?${params.join('&')}`;
}

export function emitTeamsCommands(project: Project): string {
  const appId = project.app.appId;
  const L: string[] = [
    '# Teams: lobby bypass for the Pexip app and the alternative dialing instructions (once per tenant)',
    `# ${GENERATED_BY}`,
    '#',
    '# Who: a Global Administrator of the Microsoft 365 tenant. When: after the installation and after',
    '# consent was given to the app. The changes can take up to 6 hours to come into effect.',
    '#',
    '# One-time preparation (PowerShell as Administrator): the MicrosoftTeams module, version 2.0.0+.',
    '#   Uninstall-Module MicrosoftTeams -AllVersions -Force',
    "#   Install-Module MicrosoftTeams -MinimumVersion '2.0.0' -AllowClobber",
    '',
    '# Sign in to Teams.',
    'Import-Module MicrosoftTeams',
    'Connect-MicrosoftTeams',
    '',
    '# The app ID printed by the installation script (also in the redeploy script).',
  ];
  if (appId) L.push(`$AppId = ${psQuote(appId)}`);
  else L.push('# Not known to the wizard yet: paste the App ID between the quotes.', "$AppId = ''");
  L.push(
    'if (-not $AppId) {',
    `    throw ${psQuote('$AppId is empty. Put the App ID printed by the installation script into this script and run it again.')}`,
    '}',
    '',
    '# Make Pexip the video interop provider, let its app join as authenticated (lobby bypass for',
    '# trusted callers) and set the dialing instructions page. TenantKey is the Virtual Reception alias.',
    `New-CsVideoInteropServiceProvider -Name Pexip -TenantKey ${psQuote(tenantKey(project))} -InstructionUri ${psQuote(instructionUri(project))} -AllowAppGuestJoinsAsAuthenticated $true -AadApplicationIds $AppId`,
    '',
    '# Allow interop for every user of the tenant.',
    'Grant-CsTeamsVideoInteropServicePolicy -PolicyName PexipServiceProviderEnabled -Global',
    '# For a trial, grant it to named users instead of -Global, for example:',
    "# Grant-CsTeamsVideoInteropServicePolicy -PolicyName PexipServiceProviderEnabled -Identity 'alice@example.com'",
    '',
    '# Later changes use Set-CsVideoInteropServiceProvider, whose first parameter is -Identity (not -Name):',
    "# Set-CsVideoInteropServiceProvider -Identity Pexip -InstructionUri '<new InstructionUri>'",
    "# Set-CsVideoInteropServiceProvider -Identity Pexip -TenantKey '<new alias>@<domain>'",
    '',
  );
  return L.join('\n');
}
