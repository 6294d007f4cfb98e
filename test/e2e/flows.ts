// The three journeys as a user does them, with the guide's example values. Independent of how the
// page is hosted: the Chromium spec (browser mode) and the Electron spec run the same functions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { exampleProject } from '../../shared/model/example.ts';
import { generateArtifacts } from '../../shared/emit/generate.ts';
import { axe, shot } from './support.ts';
import { setSubscriptionOwner, type Live } from './live.ts';
import { namesCli } from '../../renderer/components/gui-text.ts';

export interface FlowLog {
  violations: string[];
  screenshots: string[];
}

export async function checkpoint(page: Page, name: string, log: FlowLog): Promise<void> {
  // Let transitions and focus settle so the screenshot shows what a user sees.
  await page.waitForTimeout(150);
  log.violations.push(...(await cliHints(page, name)));
  log.violations.push(...(await axe(page, name)));
  log.screenshots.push(await shot(page, name));
}

/**
 * Text on the page (outside generated files and code) that sends the admin to the CLI: a GUI message
 * points to a control on the page instead.
 */
export async function cliHints(page: Page, where: string): Promise<string[]> {
  const text = (await page.evaluate(`(() => {
    const root = document.body.cloneNode(true);
    root.querySelectorAll('pre, code').forEach((e) => e.remove());
    return root.innerText;
  })()`)) as string;
  return text
    .split('\n')
    .filter((l) => namesCli(l))
    .map((l) => `${where}: names the CLI: ${l.trim().slice(0, 200)}`);
}

const ex = exampleProject();
const v = ex.regions[0]!.variables;
const nodes = ex.regions[0]!.nodes;

/** The Conferencing Nodes step with the guide's example pool, nodes and domains. */
export async function fillNodesStep(page: Page): Promise<void> {
  await page.getByLabel('Pool name').fill(nodes.pool);
  for (const [i, m] of nodes.members.entries()) {
    await page.getByRole('button', { name: 'Add a node' }).click();
    await page.getByLabel(`Node ${i + 1} FQDN`).fill(m.fqdn);
    await page.getByLabel(`Node ${i + 1} public IP`).fill(m.ip ?? '');
  }
  await page.getByLabel('Node names the connector trusts ($PxNodeFqdns)').fill(v.PxNodeFqdns.join('\n'));
  await page.getByLabel('Primary domain').fill(ex.infinity.primaryDomain);
  await page.getByLabel('Pexip subdomain').fill(ex.infinity.subdomain);
}

async function next(page: Page): Promise<void> {
  const btn = page.getByRole('button', { name: /^(Next|Next: after deployment|Finish)$/ });
  await btn.waitFor();
  assert.equal(await btn.isEnabled(), true, `Next should be enabled on "${await heading(page)}"`);
  await btn.click();
}

async function nextDisabled(page: Page): Promise<boolean> {
  return !(await page.getByRole('button', { name: /^(Next|Next: after deployment|Finish)$/ }).isEnabled());
}

async function heading(page: Page): Promise<string> {
  return (await page.locator('[data-step-heading]').textContent()) ?? '';
}

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.locator('[data-step-heading]', { hasText: text }).waitFor({ timeout: 15_000 });
}

/** A self-signed PFX made with openssl: readable, but not from a public CA. */
export function makePfx(): { path: string; password: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tcw-e2e-pfx-'));
  const key = join(dir, 'key.pem');
  const crt = join(dir, 'crt.pem');
  const pfx = join(dir, 'connector.pfx');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '30',
      '-subj',
      `/CN=${v.PxTeamsConnFqdn}`,
      '-addext',
      `subjectAltName=DNS:${v.PxTeamsConnFqdn}`,
      '-addext',
      'extendedKeyUsage=serverAuth,clientAuth',
    ],
    { stdio: 'ignore' },
  );
  execFileSync(
    'openssl',
    ['pkcs12', '-export', '-inkey', key, '-in', crt, '-out', pfx, '-passout', 'pass:Pfx-Pass-1'],
    { stdio: 'ignore' },
  );
  return { path: pfx, password: 'Pfx-Pass-1' };
}

export async function firstInstall(page: Page, url: string, log: FlowLog, live?: Live): Promise<void> {
  await page.goto(url);
  const start = page.getByRole('button', { name: 'Start first install' });
  await start.waitFor();
  await checkpoint(page, 'first-00-start', log);
  // Keyboard: reach the button with Tab and press Enter.
  await start.focus();
  await page.keyboard.press('Enter');

  await expectHeading(page, 'Before you start');
  assert.ok(await nextDisabled(page), 'prerequisites must be confirmed');
  for (const label of [
    'I have the Azure roles',
    'PowerShell modules are installed',
    'I have the Teams Connector ZIP',
    'I have (or am getting) the certificates',
  ]) {
    await page.getByLabel(label).check();
  }
  await checkpoint(page, 'first-01-prerequisites', log);
  await next(page);

  await expectHeading(page, 'Names');
  await page.getByLabel('Base name ($PxBaseConnName)').fill('Contoso-Video');
  // A field speaks once it has been left.
  await page.getByLabel('Base name ($PxBaseConnName)').blur();
  await page
    .getByText(/PxBaseConnName/)
    .first()
    .waitFor();
  assert.ok(await nextDisabled(page), 'an invalid base name blocks Next');
  await page.locator('.Mui-error').first().waitFor();
  await checkpoint(page, 'first-02-naming-error', log);
  await page.getByLabel('Base name ($PxBaseConnName)').fill(v.PxBaseConnName);
  await page.getByLabel('Short region name ($PxVmssRegion)').fill(v.PxVmssRegion);
  await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill(v.PxTeamsConnFqdn);
  await page.getByText('contoso-TeamsConn-eu-static-RG').waitFor();
  await page.getByText('contosoTeamsBot').waitFor();
  await checkpoint(page, 'first-03-naming', log);
  await next(page);

  await expectHeading(page, 'Azure subscription');
  await page.getByLabel('Subscription ID ($PxSubscriptionId)').fill(v.PxSubscriptionId);
  await page.getByLabel('Azure location ($PxAzureLocation)').fill(v.PxAzureLocation);
  await page.getByLabel('Number of instances ($PxTeamsConnInstanceCount)').fill(v.PxTeamsConnInstanceCount);
  await page
    .getByText(/12 vCPU/)
    .first()
    .waitFor();
  await checkpoint(page, 'first-04-azure', log);
  if (live) await liveAzureStep(page, log, live);
  await next(page);

  await expectHeading(page, 'Connector certificate');
  if (live) await liveCertificateStep(page, log, live);
  const pfx = makePfx();
  await page.locator('input[type=file][data-kind=pfx]').setInputFiles(pfx.path);
  await page.getByLabel('PFX password').fill(pfx.password);
  await page.getByRole('button', { name: 'Check the certificate' }).click();
  // Either the facts and findings (certificate service present) or a clear message why not.
  await page
    .getByText(/What the file contains|could not be read/)
    .first()
    .waitFor({ timeout: 30_000 });
  await checkpoint(page, 'first-05-certificate-checked', log);
  if (await page.getByText('What the file contains').count()) {
    // A self-signed certificate is not from a public CA: an error, so Next waits.
    assert.ok(await nextDisabled(page), 'certificate errors block Next');
    await page.getByRole('button', { name: 'Remove the file and its check' }).click();
  }
  await next(page);

  await expectHeading(page, 'Conferencing Nodes');
  await fillNodesStep(page);
  await page.getByLabel(/Skype for Business/).check();
  await checkpoint(page, 'first-06-nodes', log);
  await next(page);

  await expectHeading(page, 'Network access');
  const nodesField = page.getByLabel('Conferencing Nodes allowed to connect on HTTPS ($PxNodesSourceAddressPrefixes)');
  await nodesField.fill('91.90.42.96/26');
  await nodesField.blur();
  await page
    .getByText(/91\.90\.42\.64\/26/)
    .nth(1)
    .waitFor();
  assert.ok(await nextDisabled(page), 'a prefix with host bits set blocks Next');
  await checkpoint(page, 'first-07-network-error', log);
  // The corrected network in one click.
  await page.getByRole('button', { name: 'Use 91.90.42.64/26 instead of 91.90.42.96/26' }).click();
  assert.equal(await nodesField.inputValue(), '91.90.42.64/26');
  await nodesField.fill(v.PxNodesSourceAddressPrefixes.join('\n'));
  await page
    .getByLabel('Management addresses allowed to use RDP ($PxMgmtSrcAddrPrefixes)')
    .fill(v.PxMgmtSrcAddrPrefixes.join('\n'));
  await page
    .getByLabel('Who may open the consent page ($PxConsentSourceAddressPrefixes)')
    .fill(v.PxConsentSourceAddressPrefixes.join('\n'));
  await checkpoint(page, 'first-08-network', log);
  await next(page);

  await expectHeading(page, 'VM admin and updates');
  await page.getByLabel('Admin user name ($PxWinAdminUser)').fill(v.PxWinAdminUser);
  await page.getByLabel('Admin password ($PxWinAdminPassword, optional)').fill('Kq7#vRt2!mXz');
  await checkpoint(page, 'first-09-admin', log);
  await next(page);

  await expectHeading(page, 'Options');
  assert.ok(await nextDisabled(page), 'usage attribution has no default');
  await page.getByLabel('No', { exact: true }).check();
  for (const [k, val] of Object.entries(v.tags)) {
    await page.getByRole('button', { name: 'Add a tag' }).click();
    const n = await page.getByLabel(/^Tag \d+ name$/).count();
    await page.getByLabel(`Tag ${n} name`).fill(k);
    await page.getByLabel(`Tag ${n} value`).fill(val);
  }
  await page.getByLabel('Test call alias (optional)').fill(ex.infinity.teams.testCallAlias ?? '');
  await checkpoint(page, 'first-10-options', log);
  await next(page);

  await expectHeading(page, 'Prepare Azure');
  assert.ok(await nextDisabled(page), 'preparation needs a choice');
  if (live) {
    await livePreparation(page, log, live);
  } else {
    await page.getByLabel('Someone else: give me the PowerShell to hand over').check();
    await page.getByRole('button', { name: 'Show the PowerShell' }).click();
    await page
      .getByText(/Run this in PowerShell|could not be prepared|Still to do/)
      .first()
      .waitFor({ timeout: 30_000 });
    await checkpoint(page, 'first-11-preparation', log);
  }
  await next(page);

  await expectHeading(page, 'Review and generate');
  await page.getByText('Every file, to read and copy').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: /Variables initialization script/ }).click();
  await page
    .getByText(/\$PxBaseConnName\s*=\s*'contoso'/)
    .first()
    .waitFor();
  await checkpoint(page, 'first-12-review', log);
  // Browser mode: the server builds a zip of the whole set, and the project file, for download.
  // (Electron saves through the native folder dialog, which a spec would have to stub in main.)
  if ((await page.getByRole('button', { name: 'Save all files…' }).count()) === 0) await downloadsCheck(page);
  await next(page);

  await expectHeading(page, 'After deployment');
  const appId = '0b6a0f2e-1111-4222-8333-944444444444';
  await page
    .getByLabel('Paste what the install script printed')
    .fill(`Deployment complete\n------\n$AppId = "${appId}"\n$AppPassword = "app-Secret-xyz"\n------`);
  await page.getByRole('button', { name: 'Read the App ID' }).click();
  await page.getByText(`App ID captured: ${appId}`).waitFor({ timeout: 30_000 });
  if (live) {
    await liveAfterStep(page, log, live);
  } else {
    await page.getByLabel('Public IP address of the load balancer').fill('20.1.2.3');
    await page
      .getByText(/IN A 20\.1\.2\.3/)
      .first()
      .waitFor();
  }
  await checkpoint(page, 'first-13-after', log);
  await next(page);
  await page.getByText('Your Teams Connector plan is complete').waitFor();
  await checkpoint(page, 'first-14-done', log);
  await page.getByRole('button', { name: 'Back to the start page' }).click();
  await page.getByRole('button', { name: 'Start first install' }).waitFor();
}

async function downloadsCheck(page: Page): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'tcw-e2e-out-'));
  const zipPath = join(folder, 'set.zip');
  const [zip] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download all (.zip)' }).click(),
  ]);
  assert.match(zip.suggestedFilename(), /\.zip$/);
  await zip.saveAs(zipPath);
  execFileSync('unzip', ['-q', zipPath, '-d', join(folder, 'set')]);
  const saved = listFiles(join(folder, 'set'));
  assert.ok(
    saved.some((f) => f.endsWith('.ps1')),
    `scripts saved: ${saved.join(', ')}`,
  );
  const initFile = saved.find((f) => f.endsWith('initialize-variables.ps1'));
  const init = initFile ? readFileSync(initFile, 'utf8') : undefined;
  assert.ok(init?.includes("'contoso'"), 'the saved init script carries the values');
  assert.ok(!saved.some((f) => readFileSync(f, 'utf8').includes('Kq7#vRt2!mXz')), 'the admin password was not written');
  const [proj] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the project file' }).click(),
  ]);
  const projPath = join(folder, proj.suggestedFilename());
  await proj.saveAs(projPath);
  assert.ok(readFileSync(projPath, 'utf8').includes('tcw-project/1'), 'the project file is the CLI format');
  assert.ok(!readFileSync(projPath, 'utf8').includes('Kq7#vRt2!mXz'));
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)],
  );
}

/** The admin's scripts from an earlier install (version-25 style: no $tags line). */
export function savedScripts(): { init: string; redeploy: string } {
  const r = generateArtifacts({
    project: { ...ex, app: { appId: '0b6a0f2e-1111-4222-8333-944444444444' } },
    journey: 'first-install',
    includeSecrets: false,
  });
  const init = r.artifacts.find((a) => a.kind === 'init-script')!.content.replace(/^\s*\$tags\s*=.*$/m, '');
  return { init, redeploy: '$AppId = "0b6a0f2e-1111-4222-8333-944444444444"\n$AppPassword = "kept-app-pw"\n' };
}

export async function addRegion(page: Page, url: string, log: FlowLog): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Add a region' }).click();
  await expectHeading(page, 'Existing deployment');
  const s = savedScripts();
  await page.getByLabel('Variables initialization script').fill(s.init);
  await page.getByLabel('Redeploy script (optional)').fill(s.redeploy);
  await page.getByRole('button', { name: 'Read the scripts' }).click();
  await page.getByText('Deployment found').waitFor({ timeout: 30_000 });
  await checkpoint(page, 'region-01-source', log);
  await next(page);

  await expectHeading(page, 'New region');
  await page.getByLabel('Short region name ($PxVmssRegion)').fill('eu');
  await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill(v.PxTeamsConnFqdn);
  await page
    .getByText(/already/)
    .first()
    .waitFor();
  assert.ok(await nextDisabled(page), 'a region name used by another region blocks Next');
  await checkpoint(page, 'region-02-duplicate', log);
  await page.getByLabel('Short region name ($PxVmssRegion)').fill('us');
  await page.getByLabel('Azure location ($PxAzureLocation)').fill('eastus');
  await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill('pexip-teamsconn-us.teams.example.com');
  await page.getByLabel("Pool name of this region's Conferencing Nodes").fill('px.us.example.com');
  await page.getByLabel('Node names the connector trusts ($PxNodeFqdns)').fill('px.us.example.com');
  await page
    .getByLabel('Conferencing Nodes allowed to connect on HTTPS ($PxNodesSourceAddressPrefixes)')
    .fill('198.51.100.60\n203.0.113.10');
  await page.getByText('contoso-TeamsConn-us-static-RG').waitFor();
  await checkpoint(page, 'region-03-values', log);
  await next(page);

  await expectHeading(page, 'Certificate');
  await checkpoint(page, 'region-04-certificate', log);
  await next(page);
  await expectHeading(page, 'Prepare Azure');
  await page.getByLabel('Someone else: give me the PowerShell to hand over').check();
  await next(page);
  await expectHeading(page, 'Review and generate');
  await page.getByText('Every file, to read and copy').waitFor({ timeout: 30_000 });
  await page
    .getByRole('button', { name: /Redeploy script/ })
    .first()
    .click();
  await page
    .getByText(/0b6a0f2e-1111-4222-8333-944444444444/)
    .first()
    .waitFor();
  await checkpoint(page, 'region-05-review', log);
  await next(page);
  await expectHeading(page, 'After deployment');
  await checkpoint(page, 'region-06-after', log);
  await next(page);
  await page.getByText('The new region is planned').waitFor();
}

export async function redeploy(page: Page, url: string, log: FlowLog, live?: Live): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Redeploy or upgrade' }).click();
  await expectHeading(page, 'Your saved scripts');
  assert.ok(await nextDisabled(page));
  const s = savedScripts();
  await page.getByLabel('Variables initialization script').fill(s.init);
  await page.getByLabel('Teams Connector version you are moving to').fill('27.0');
  await page
    .getByText(/major 27/)
    .first()
    .waitFor();
  await page.getByLabel('Teams Connector version you are moving to').fill('26.2');
  await page.getByLabel('Redeploy script (optional)').fill(s.redeploy);
  await page.getByRole('button', { name: 'Read the scripts' }).click();
  await page.getByText(/Read region eu/).waitFor({ timeout: 30_000 });
  await checkpoint(page, 'redeploy-01-import', log);
  await next(page);

  await expectHeading(page, 'What changes');
  await page.getByText('New $tags variable').waitFor();
  await checkpoint(page, 'redeploy-02-changes', log);
  await next(page);

  await expectHeading(page, 'What you change');
  await page.getByLabel('Number of instances ($PxTeamsConnInstanceCount)').fill('4');
  await checkpoint(page, 'redeploy-02b-values', log);
  await next(page);

  await expectHeading(page, 'Certificate and Owner role');
  assert.ok(await nextDisabled(page), 'PFX and Owner must be checked or confirmed');
  await page.getByLabel(/I checked the PFX myself/).check();
  if (live) {
    await signInWithDeviceCode(page, log, live, 'redeploy-03a-device-code');
    await liveOwnerCheck(page, log, live);
  } else {
    await page.getByLabel(/has the Owner role on the static resource group/).check();
  }
  await checkpoint(page, 'redeploy-03-checks', log);
  await next(page);

  await expectHeading(page, 'Review and generate');
  await page.getByText('Every file, to read and copy').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: /Variables initialization script/ }).click();
  await page
    .getByText(/\$tags\s*=/)
    .first()
    .waitFor();
  await page
    .getByRole('table', { name: 'Changes old to new' })
    .getByText('Instances ($PxTeamsConnInstanceCount)')
    .waitFor();
  await checkpoint(page, 'redeploy-04-review', log);
  await next(page);
  await page.getByText('The redeploy set is ready').waitFor();
  await checkpoint(page, 'redeploy-05-done', log);
}

/** A reload in the middle of a journey offers to resume at the same step, without the passwords. */
export async function resumeAfterReload(page: Page, url: string, log: FlowLog): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Start first install' }).click();
  for (const label of [
    'I have the Azure roles',
    'PowerShell modules are installed',
    'I have the Teams Connector ZIP',
    'I have (or am getting) the certificates',
  ])
    await page.getByLabel(label).check();
  await next(page);
  await page.getByLabel('Base name ($PxBaseConnName)').fill('fabrikam');
  await page.getByLabel('Short region name ($PxVmssRegion)').fill('we');
  await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill('teamsconn-we.example.com');
  await next(page);
  await expectHeading(page, 'Azure subscription');
  await page.reload();
  await page.getByText('Continue where you left off?').waitFor();
  await checkpoint(page, 'resume-01-offer', log);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expectHeading(page, 'Azure subscription');
  await page.getByRole('button', { name: 'Back' }).click();
  await expectHeading(page, 'Names');
  assert.equal(await page.getByLabel('Base name ($PxBaseConnName)').inputValue(), 'fabrikam');
  await page.getByRole('button', { name: 'Start page' }).click();
}

/** Dark theme, and the narrow layout, on a busy step. */
export async function themes(page: Page, url: string, log: FlowLog): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.getByRole('button', { name: 'Redeploy or upgrade' }).click();
  await expectHeading(page, 'Your saved scripts');
  const s = savedScripts();
  await page.getByLabel('Variables initialization script').fill(s.init);
  await page.getByRole('button', { name: 'Read the scripts' }).click();
  await page.getByText(/Read region eu/).waitFor({ timeout: 30_000 });
  await next(page);
  await checkpoint(page, 'theme-dark-changes', log);
  await page.setViewportSize({ width: 420, height: 900 });
  await checkpoint(page, 'theme-dark-narrow', log);
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
}

// ---------------------------------------------------------------------------------------------
// The live parts: the real services behind browser mode (Azure emulator, DNS test server, corpus).

/** Device-code sign-in through the UI: the code arrives over the event stream and must be shown. */
async function signInWithDeviceCode(page: Page, log: FlowLog, live: Live, shotName: string): Promise<void> {
  const before = live.emu.requests.filter((r) => r.path.endsWith('/devicecode')).length;
  // The user "takes a moment" to enter the code: one more pending answer keeps the prompt up long
  // enough to read it reliably (the emulator approves on the next poll).
  live.emu.inject({
    listener: 'login',
    method: 'POST',
    path: /\/token$/,
    status: 400,
    code: 'authorization_pending',
    message: 'AADSTS70016: Authorization is pending.',
    times: 1,
  });
  await page.getByLabel('Device code').check();
  await page.getByRole('button', { name: 'Sign in to Azure' }).click();
  const prompt = page.locator('[data-device-code]');
  await prompt.waitFor({ timeout: 20_000 });
  const text = (await prompt.textContent()) ?? '';
  assert.match(text, /EMU-[0-9A-F]{6}/, `the user code is shown: ${text}`);
  assert.ok(text.includes(`${live.emu.urls.login}/devicelogin`), `the verification address is shown: ${text}`);
  // The emulator approves on its second poll (about a second): enough for the screenshot, no axe here.
  log.screenshots.push(await shot(page, shotName));
  await page.getByText(/Signed in to Azure as alice@contoso\.com/).waitFor({ timeout: 30_000 });
  deviceCodePrompts.push(live.emu.requests.filter((r) => r.path.endsWith('/devicecode')).length - before);
}

/** Device-code requests per UI sign-in (should be 1 each; see the todo test in journeys.test.ts). */
export const deviceCodePrompts: number[] = [];

async function liveAzureStep(page: Page, log: FlowLog, live: Live): Promise<void> {
  await signInWithDeviceCode(page, log, live, 'first-04a-device-code');
  // The subscription now comes from the sign-in (a list), still the example's.
  await page
    .getByText(/Video Services \(3f2504e0/)
    .first()
    .waitFor();
  // Someone else's VMs use 12 of the 20 Fs-series vCPU: 8 free, 12 needed.
  const fs = live.emu.state.usages.westeurope!.find((u) => u.name === 'standardFSFamily')!;
  const used = fs.currentValue;
  fs.currentValue = 12;
  try {
    await page.getByRole('button', { name: 'Check subscription and location' }).click();
    const quota = page.getByRole('listitem').filter({ hasText: 'azure.quota-insufficient' });
    await quota.waitFor({ timeout: 30_000 });
    const msg = (await quota.textContent()) ?? '';
    assert.match(msg, /limit 20, 12 in use, so 8 vCPU free/, msg);
    assert.match(msg, /need 12\. Request a limit of at least 24/, msg);
    await tableText(page, 'Fs-series vCPU free', /Fs-series vCPU free\s*8(?!\d)/);
    await checkpoint(page, 'first-04b-preflight-quota', log);
  } finally {
    fs.currentValue = used;
  }
  // Quota raised: the same check passes.
  await page.getByRole('button', { name: 'Check subscription and location' }).click();
  await tableText(page, 'Fs-series vCPU free', /Fs-series vCPU free\s*20(?!\d)/);
  assert.equal(await page.getByText('azure.quota-insufficient').count(), 0);
  await checkpoint(page, 'first-04c-preflight-ok', log);
}

async function checkPfx(page: Page, file: string, password: string): Promise<string> {
  await page.locator('input[type=file][data-kind=pfx]').setInputFiles(file);
  await page.getByLabel('PFX password').fill(password);
  await page.getByRole('button', { name: 'Check the certificate' }).click();
  const findings = page.getByRole('list', { name: 'Certificate findings' });
  await page.getByText('What the file contains').waitFor({ timeout: 30_000 });
  // Facts first (subject, names, validity, thumbprints), then what to fix.
  const body = (await page.locator('main').textContent()) ?? '';
  for (const label of ['Subject', 'Alternative names', 'Valid', 'Thumbprint (SHA-1)'])
    assert.ok(body.includes(label), `fact "${label}" shown`);
  assert.ok(
    body.indexOf('What the file contains') < body.indexOf('What to fix or know') ||
      !body.includes('What to fix or know'),
    'facts come before findings',
  );
  return (await findings.count()) ? ((await findings.textContent()) ?? '') : '';
}

async function liveCertificateStep(page: Page, log: FlowLog, live: Live): Promise<void> {
  const { pfx, rootFile } = live.corpus;
  // An ECDSA key: readable, but the connector needs RSA.
  let findings = await checkPfx(page, pfx.ecdsa.file, pfx.ecdsa.password);
  assert.match(findings, /pfx\.not-rsa/, findings);
  assert.ok(await nextDisabled(page), 'certificate errors block Next');
  await checkpoint(page, 'first-05a-certificate-ecdsa', log);
  await page.getByRole('button', { name: 'Remove the file and its check' }).click();

  // A good file from the private test PKI: without its root the chain cannot be trusted, and says so.
  findings = await checkPfx(page, pfx.openssl3.file, pfx.openssl3.password);
  assert.ok(await page.getByText('pexip-teamsconn-eu.teams.example.com').first().isVisible());
  const untrusted = findings;
  assert.match(untrusted, /trust|root|public/i, untrusted);
  await checkpoint(page, 'first-05b-certificate-untrusted', log);

  // The private CA's root, through the advanced control: the verdict is judged against it.
  await page.getByRole('button', { name: /Advanced: my certificate authority is private/ }).click();
  await page.locator('input[type=file][data-kind=trust-pem]').setInputFiles(rootFile);
  await page.getByRole('button', { name: /private \(1 CA certificate added\)/ }).waitFor();
  await page.getByRole('button', { name: 'Check the certificate' }).click();
  await page.getByText('What the file contains').waitFor({ timeout: 30_000 });
  const list = page.getByRole('list', { name: 'Certificate findings' });
  findings = (await list.count()) ? ((await list.textContent()) ?? '') : '';
  assert.notEqual(findings, untrusted, 'the extra trust anchor changes the verdict');
  await checkpoint(page, 'first-05c-certificate-private-ca', log);
  await page.getByRole('button', { name: 'Remove the file and its check' }).click();
}

async function livePreparation(page: Page, log: FlowLog, live: Live): Promise<void> {
  const st = live.emu.state;
  const rgScope = (a: (typeof st.roleAssignments)[number]) =>
    /\/resourceGroups\//i.test(a.scope) && a.scope.toLowerCase().endsWith(`/${live.staticRg.toLowerCase()}`);
  assert.equal(
    st.resourceGroups.some((g) => g.name === live.staticRg),
    false,
    'the static group does not exist yet',
  );
  // The signed-in admin is a subscription Owner (as the option says).
  setSubscriptionOwner(live, true);
  await page.getByLabel(/The wizard, with my Azure sign-in/).check();
  await page.getByText(/Signed in to Azure as alice/).waitFor();
  // The colleague who runs the install script gets Owner on the group (looked up in Graph by sign-in name).
  await page.getByLabel('Owner role for (optional)').fill('owner@contoso.com');
  const installer = st.users.find((u) => u.userPrincipalName === 'owner@contoso.com')!.id;
  const create = page.getByRole('button', { name: 'Create the resource group and assign Owner' });
  await create.click();
  await page.getByText('Done', { exact: true }).waitFor({ timeout: 30_000 });
  assert.equal(st.resourceGroups.filter((g) => g.name === live.staticRg).length, 1, 'the static group exists in Azure');
  const owners = st.roleAssignments.filter(
    (a) =>
      rgScope(a) && a.principalId === installer && /8e3af657-a8ff-443c-a75c-2fe8c4bcb635$/.test(a.roleDefinitionId),
  );
  assert.equal(owners.length, 1, `one Owner assignment on the group: ${JSON.stringify(st.roleAssignments)}`);
  await checkpoint(page, 'first-11-preparation-done', log);
  // A second run finds both and creates nothing new.
  const writes = live.emu.armWrites().length;
  await create.click();
  await page
    .getByRole('status')
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => undefined);
  await page.getByText('Done', { exact: true }).waitFor({ timeout: 30_000 });
  assert.equal(st.resourceGroups.filter((g) => g.name === live.staticRg).length, 1, 'no second group');
  assert.equal(st.roleAssignments.filter(rgScope).length, 1, 'no duplicate role assignment');
  assert.ok(live.emu.armWrites().length - writes <= 1, 'the second run sends at most the idempotent group PUT');
  setSubscriptionOwner(live, false);
}

async function liveAfterStep(page: Page, log: FlowLog, live: Live): Promise<void> {
  await page.getByRole('button', { name: 'Read it from Azure' }).click();
  await page
    .getByText(new RegExp(`IN A ${live.publicIp.replace(/\./g, '\\.')}`))
    .first()
    .waitFor({ timeout: 30_000 });
  assert.equal(await page.getByLabel('Public IP address of the load balancer').inputValue(), live.publicIp);
  assert.equal(await page.getByText('azure.public-ip-not-found').count(), 0, 'the IP is where the guide puts it');
  // DNS against the loopback test server with the correct zone: every record as expected.
  await page.getByRole('button', { name: /Advanced: ask a specific DNS server/ }).click();
  await page.getByLabel('DNS server to ask (host:port)').fill(live.dns.address);
  await page.getByRole('button', { name: 'Check DNS', exact: true }).click();
  await page.getByText('Every DNS record is as expected.').waitFor({ timeout: 30_000 });
  assert.ok(live.dns.queries > 0, 'the test DNS server was asked');
  await checkpoint(page, 'first-13a-dns-ok', log);
  // The A record still points at an old address: red, with what to change.
  live.dns.setZone({ ...(await import('../support/dns-server.ts')).exampleZone('20.9.9.9') });
  await page.getByRole('button', { name: 'Check DNS', exact: true }).click();
  await page.getByText('Not ready yet').waitFor({ timeout: 30_000 });
  const fix = (await page.getByRole('list', { name: 'Verification findings' }).textContent()) ?? '';
  assert.match(fix, /20\.50\.60\.70/, `the finding names the address to set: ${fix}`);
  await checkpoint(page, 'first-13b-dns-wrong', log);
  live.dns.setZone((await import('../support/dns-server.ts')).exampleZone(live.publicIp));
}

async function liveOwnerCheck(page: Page, log: FlowLog, live: Live): Promise<void> {
  // The signed-in admin is only Contributor: the check says so, and Next stays off.
  const permissionCalls = () => live.emu.requests.filter((r) => /permissions$/i.test(r.path)).length;
  const before = permissionCalls();
  await page.getByRole('button', { name: 'Check my Owner role' }).click();
  await tableText(page, 'Can act as Owner', /Can act as Owner\s*no/);
  await page.getByRole('listitem').filter({ hasText: 'azure.not-owner' }).waitFor();
  assert.ok(await nextDisabled(page), 'no Owner, no redeploy');
  await checkpoint(page, 'redeploy-03b-not-owner', log);
  // A subscription Owner assigns it on the static group; checking again reads the new state.
  const st = live.emu.state;
  const scope = `/subscriptions/${st.subscriptions[0]!.subscriptionId}/resourceGroups/${live.staticRg}`;
  st.roleAssignments.push({
    name: '55555555-5555-4555-8555-555555555555',
    scope,
    roleDefinitionId: `/subscriptions/${st.subscriptions[0]!.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    principalId: live.deviceUser,
    principalType: 'User',
  });
  await page.getByRole('button', { name: 'Check my Owner role' }).click();
  await tableText(page, 'Can act as Owner', /Can act as Owner\s*yes/);
  assert.ok(permissionCalls() > before, 'the permissions were read from Azure');
}

/** Waits until the fact table holding `label` reads `re` (tables update in place after a re-check). */
async function tableText(page: Page, label: string, re: RegExp): Promise<void> {
  const deadline = Date.now() + 30_000;
  let text = '';
  while (Date.now() < deadline) {
    const t = page.locator('dl', { hasText: label });
    text = (await t.count()) ? ((await t.first().textContent()) ?? '') : '';
    if (re.test(text)) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`table "${label}" never matched ${re}: ${text}`);
}
