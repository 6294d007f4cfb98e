// Safer scripts: the installation script stops at the first failed step and says what to do next,
// recognises the leftovers of an earlier partial run, and the runbook explains the recovery; the
// init script clears a password left in the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { installStepAdvice } from '../../../shared/emit/recovery.ts';

const first = () => generateArtifacts({ project: exampleProject(), journey: 'first-install', includeSecrets: false });
const content = (kind: string, r = first()) => r.artifacts.find((a) => a.kind === kind)!.content;

test('install: errors stop the script (trap + Stop) before any Azure command, and the step is named', () => {
  const s = content('install-script');
  const at = (x: string) => {
    const i = s.indexOf(x);
    assert.ok(i >= 0, x);
    return i;
  };
  assert.ok(at("$ErrorActionPreference = 'Stop'") < at('\nConnect-AzureAD'));
  assert.ok(at('trap {') < at('\nConnect-AzureAD'));
  assert.match(s, /trap \{[\s\S]*?\$PxInstallAdvice\[\$PxInstallStep\][\s\S]*?break\n\}/);
  // Each step is entered before its first command, in the documented order.
  const order = [
    "$PxInstallStep = 'app'",
    '$App = New-PexTeamsCviApplication',
    "$PxInstallStep = 'bot'",
    'Register-PexTeamsCviApplicationBot',
    "$PxInstallStep = 'consent'",
    '$AdminConsentUrl = Publish-PexTeamsAdminConsentWebSite',
    "$PxInstallStep = 'vms'",
    '.\\create_vmss_deployment.ps1',
    "$PxInstallStep = 'next-steps'",
    'Get-AzLoadBalancer',
  ];
  order.reduce((prev, x) => {
    const i = s.indexOf(x, prev);
    assert.ok(i > prev, `${x} after the previous step`);
    return i;
  }, 0);
  // Every step the script can name has advice.
  for (const a of installStepAdvice(exampleProject().regions[0]!))
    assert.ok(s.includes(`    '${a.step}' = 'Created so far: `), a.step);
  // The vendor's own script keeps its error handling; its failure is still caught.
  assert.match(
    s,
    /\$ErrorActionPreference = \$PxPreviousErrorAction\n# Deploy the Teams Connector VMs[\s\S]*?create_vmss_deployment\.ps1 [^\n]*\nif \(-not \$\?\) \{\n {4}throw /,
  );
});

test("install: an earlier run's App ID in the window or its bot channel resource group stops it before a second app", () => {
  const s = content('install-script');
  const create = s.indexOf('$App = New-PexTeamsCviApplication');
  const appCheck = s.indexOf('if ($AppId) {');
  const rgCheck = s.indexOf('if (Get-AzResourceGroup -Name $BotChanResourceGroupName -ErrorAction SilentlyContinue) {');
  assert.ok(appCheck > 0 && rgCheck > 0 && appCheck < create && rgCheck < create);
  assert.ok(s.indexOf("$BotChanResourceGroupName = 'contoso-TeamsBotChan-RG'") < rgCheck);
  assert.ok(
    s.indexOf('Set-AzContext -SubscriptionId $PxSubscriptionId') < rgCheck,
    'the check runs in the right subscription',
  );
  assert.match(s.slice(rgCheck, create), /Get-AzResource -ResourceGroupName \$BotChanResourceGroupName/);
});

test('runbook: "If the installation stopped half-way" for the first install only, with the guide\'s recovery and uninstall steps', () => {
  const rb = content('runbook');
  assert.match(rb, /## If the installation stopped half-way/);
  for (const x of [
    'Manage deleted vaults',
    'App registrations',
    'Id is already in use',
    'ReinstateConsentPage',
    'Storage Account Key Operator Service Role',
  ]) {
    assert.ok(rb.includes(x), x);
  }
  assert.match(rb, /AzureAD PowerShell module[\s\S]*retired in 2025[\s\S]*version\.json/);
  const redeploy = content(
    'runbook',
    generateArtifacts({
      project: { ...exampleProject(), app: { appId: 'c054d1cb-7961-48e1-b004-389e81356232' } },
      journey: 'redeploy',
      includeSecrets: false,
    }),
  );
  assert.doesNotMatch(redeploy, /stopped half-way/);
  assert.match(content('install-script'), /retired by Microsoft in 2025/);
});

test('init: clears $PxWinAdminPassword unless it sets it', () => {
  assert.match(content('init-script'), /^\$PxWinAdminPassword = \$null$/m);
  const withPw = generateArtifacts({
    project: exampleProject(),
    journey: 'first-install',
    includeSecrets: true,
    secrets: { adminPassword: 'Xy7!long-enough' },
  });
  const init = content('init-script', withPw);
  assert.deepEqual(init.match(/^\$PxWinAdminPassword.*$/gm), ["$PxWinAdminPassword = 'Xy7!long-enough'"]);
});
