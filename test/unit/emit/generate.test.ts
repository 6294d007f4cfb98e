import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateArtifacts, dnsRecords, instructionUri } from '../../../shared/emit/generate.ts';
import { emitDnsRecords, CONNECTOR_IP_PLACEHOLDER } from '../../../shared/emit/dns-records.ts';
import type { GenerateRequest } from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { assertParses, assertSafeLiterals } from '../../support/powershell.ts';
import { APP_ID, twoRegionProject, withAppId } from './fixtures.ts';

const kinds = (req: GenerateRequest) => generateArtifacts(req).artifacts.map((a) => `${a.kind}:${a.region ?? '-'}`);

test('connector versions other than 26.x are refused with version.unsupported and nothing is generated', () => {
  for (const v of ['25.4', '27', 'latest', '']) {
    const r = generateArtifacts({
      project: { ...exampleProject(), connectorVersion: v },
      journey: 'first-install',
      includeSecrets: false,
    });
    assert.equal(r.artifacts.length, 0, v);
    const f = r.findings.find((x) => x.code === 'version.unsupported');
    assert.ok(f, v);
    assert.equal(f.severity, 'error');
    assert.equal(f.field, 'connectorVersion');
    assert.match(f.message, /26/);
  }
  for (const v of ['26', '26.0', '26.2']) {
    assert.ok(
      generateArtifacts({
        project: { ...exampleProject(), connectorVersion: v },
        journey: 'first-install',
        includeSecrets: false,
      }).artifacts.length > 0,
      v,
    );
  }
});

test('a project with a rule error generates nothing', () => {
  const p = exampleProject();
  p.regions[0]!.variables.PxBaseConnName = 'much-too-long-name';
  const r = generateArtifacts({ project: p, journey: 'first-install', includeSecrets: false });
  assert.equal(r.artifacts.length, 0);
  assert.ok(r.findings.some((f) => f.severity === 'error' && f.field === 'PxBaseConnName'));
});

test('journeys produce their documented sets of files', () => {
  assert.deepEqual(kinds({ project: exampleProject(), journey: 'first-install', includeSecrets: false }), [
    'init-script:eu',
    'static-rg-script:eu',
    'install-script:eu',
    'redeploy-script:eu',
    'dns-records:eu',
    'firewall:eu',
    'teams-commands:-',
    'runbook:-',
  ]);
  assert.deepEqual(kinds({ project: twoRegionProject(), journey: 'add-region', region: 'us', includeSecrets: false }), [
    'init-script:us',
    'static-rg-script:us',
    'redeploy-script:us',
    'dns-records:us',
    'firewall:us',
    'runbook:-',
  ]);
  assert.deepEqual(kinds({ project: twoRegionProject(), journey: 'redeploy', includeSecrets: false }), [
    'init-script:eu',
    'redeploy-script:eu',
    'init-script:us',
    'redeploy-script:us',
    'runbook:-',
  ]);
  // first-install over two regions: one installation script (first region), the others via redeploy.
  const two = kinds({ project: twoRegionProject(null), journey: 'first-install', includeSecrets: false });
  assert.equal(two.filter((k) => k.startsWith('install-script')).join(), 'install-script:eu');
  assert.ok(two.includes('static-rg-script:us') && two.includes('redeploy-script:us'));
});

test('add-region needs to know which region when there are several; unknown regions are refused', () => {
  const a = generateArtifacts({ project: twoRegionProject(), journey: 'add-region', includeSecrets: false });
  assert.equal(a.artifacts.length, 0);
  assert.ok(a.findings.some((f) => f.code === 'journey.region-required'));
  const b = generateArtifacts({
    project: twoRegionProject(),
    journey: 'redeploy',
    region: 'apac',
    includeSecrets: false,
  });
  assert.equal(b.artifacts.length, 0);
  assert.match(b.findings.find((f) => f.code === 'journey.region-unknown')!.message, /eu, us/);
});

test('no secret is written without includeSecrets, even when secrets are known', () => {
  const secrets = { adminPassword: 'Adm1n!Secret#42', appPassword: 'app~Secret.Value_99' };
  const r = generateArtifacts({
    project: withAppId(exampleProject()),
    journey: 'first-install',
    includeSecrets: false,
    secrets,
  });
  assert.ok(r.artifacts.length > 0);
  for (const a of r.artifacts) {
    assert.equal(a.containsSecrets, false, a.fileName);
    assert.ok(!a.content.includes(secrets.adminPassword) && !a.content.includes(secrets.appPassword), a.fileName);
  }
  assert.ok(!JSON.stringify(r.findings).includes(secrets.adminPassword));
});

test('with includeSecrets the passwords are written quoted, the files are flagged and the runbook names them', () => {
  const secrets = { adminPassword: "It's-a-Pa$$word1", appPassword: "app'pw$(x)" };
  const r = generateArtifacts({
    project: withAppId(exampleProject()),
    journey: 'first-install',
    includeSecrets: true,
    secrets,
  });
  const init = r.artifacts.find((a) => a.kind === 'init-script')!;
  const redeploy = r.artifacts.find((a) => a.kind === 'redeploy-script')!;
  assert.equal(init.containsSecrets, true);
  assert.equal(redeploy.containsSecrets, true);
  assert.ok(init.content.includes("$PxWinAdminPassword = 'It''s-a-Pa$$word1'"));
  assert.ok(redeploy.content.includes("$AppPassword = 'app''pw$(x)'"));
  assert.ok(redeploy.content.includes(`$AppId = '${APP_ID}'`));
  assert.deepEqual(
    r.artifacts.filter((a) => a.containsSecrets).map((a) => a.fileName),
    ['eu/initialize-variables.ps1', 'eu/redeploy.ps1'],
  );
  const runbook = r.artifacts.find((a) => a.kind === 'runbook')!.content;
  assert.match(runbook, /0600/);
  assert.ok(runbook.includes('`eu/initialize-variables.ps1`') && runbook.includes('`eu/redeploy.ps1`'));
  assert.ok(!runbook.includes(secrets.adminPassword));
});

test('includeSecrets without a known password writes no password line', () => {
  const r = generateArtifacts({ project: exampleProject(), journey: 'first-install', includeSecrets: true });
  assert.ok(r.artifacts.every((a) => !a.containsSecrets));
  const init = r.artifacts.find((a) => a.kind === 'init-script')!.content;
  // Only the clearing line: a password left in the window by an earlier script is not used silently.
  assert.deepEqual(init.match(/^\$PxWinAdminPassword.*$/gm), ['$PxWinAdminPassword = $null']);
  assert.match(init, /Get-Credential/);
});

test('every emitted .ps1 of every journey parses as PowerShell with safe literals', () => {
  const reqs: GenerateRequest[] = [
    { project: exampleProject(), journey: 'first-install', includeSecrets: false, ownerUpn: 'alice@example.com' },
    {
      project: twoRegionProject(null),
      journey: 'first-install',
      includeSecrets: true,
      secrets: { adminPassword: 'x’y‘z!A1', appPassword: "'" },
    },
    { project: twoRegionProject(), journey: 'add-region', region: 'us', includeSecrets: false },
    { project: twoRegionProject(), journey: 'redeploy', includeSecrets: true, secrets: { appPassword: 'p@ss' } },
  ];
  let count = 0;
  for (const req of reqs) {
    for (const a of generateArtifacts(req).artifacts.filter((x) => x.fileName.endsWith('.ps1'))) {
      assertParses(a.content, a.fileName);
      assertSafeLiterals(a.content, a.fileName);
      count++;
    }
  }
  assert.ok(count >= 15, `parsed ${count} scripts`);
});

test('the init script holds every variable in the documented order, node names as one string', () => {
  const init = generateArtifacts({
    project: twoRegionProject(),
    journey: 'redeploy',
    region: 'eu',
    includeSecrets: true,
    secrets: { adminPassword: 'Xy1!abcd' },
  }).artifacts.find((a) => a.kind === 'init-script')!.content;
  const order = [...init.matchAll(/^\$(\w+)\s*=/gm)].map((m) => m[1]);
  assert.deepEqual(order, [
    'PxBaseConnName',
    'PxVmssRegion',
    'PxTeamsConnFqdn',
    'PxNodeFqdns',
    'PxSubscriptionId',
    'PxAzureLocation',
    'PxWinAdminUser',
    'PxWinAdminPassword',
    'PxTeamsConnInstanceCount',
    'PxTeamsConnResourceGroupName',
    'PxTeamsConnStaticResourceGroupName',
    'PxTeamsConnIncidentReporting',
    'PxPfxCertFileName',
    'PxMgmtSrcAddrPrefixes',
    'PxNodesSourceAddressPrefixes',
    'PxConsentSourceAddressPrefixes',
    'PxWupdScheduledInstallDay',
    'PxWupdScheduledInstallTime',
    'PxWupdActiveHoursStart',
    'PxWupdActiveHoursEnd',
    'PxCustomerUsageAttribution',
    'tags',
  ]);
  const p = exampleProject();
  p.regions[0]!.variables.PxNodeFqdns = ['px01.vc.example.com', 'px02.vc.example.com'];
  const init2 = generateArtifacts({ project: p, journey: 'redeploy', includeSecrets: false }).artifacts[0]!.content;
  assert.ok(init2.includes("$PxNodeFqdns = 'px01.vc.example.com,px02.vc.example.com'"));
});

test('an explicit resource group name from an imported script is kept', () => {
  const p = exampleProject();
  p.regions[0]!.variables.PxTeamsConnResourceGroupName = 'contoso-TeamsConn-eu-RG';
  p.regions[0]!.variables.PxTeamsConnStaticResourceGroupName = 'legacy-static-RG';
  const init = generateArtifacts({ project: p, journey: 'redeploy', includeSecrets: false }).artifacts[0]!.content;
  assert.ok(init.includes("$PxTeamsConnStaticResourceGroupName = 'legacy-static-RG'"));
});

test('create_vmss_deployment.ps1 gets every documented parameter', () => {
  const install = generateArtifacts({
    project: exampleProject(),
    journey: 'first-install',
    includeSecrets: false,
  }).artifacts.find((a) => a.kind === 'install-script')!.content;
  const line = install.split('\n').find((l) => l.startsWith('.\\create_vmss_deployment.ps1'))!;
  const params = [...line.matchAll(/ -(\w+)/g)].map((m) => m[1]);
  assert.deepEqual(params, [
    'SubscriptionId',
    'ResourceGroupName',
    'VmssName',
    'VMAdminCredential',
    'PfxPath',
    'TeamsConnectorFqdn',
    'PexipFqdns',
    'instanceCount',
    'AppCredential',
    'StaticResourcesResourceGroupName',
    'IncidentReporting',
    'RdpSourceAddressPrefixes',
    'PexipSourceAddressPrefixes',
    'WupdScheduledInstallDay',
    'WupdScheduledInstallTime',
    'WupdActiveHoursStart',
    'WupdActiveHoursEnd',
    'CustomerUsageAttribution',
    'Tag',
  ]);
  assert.match(line, /-VmssName 'contosoeu'/);
  for (const cmd of [
    'Connect-AzureAD',
    'Set-ExecutionPolicy -ExecutionPolicy Unrestricted -Scope Process',
    'Import-Module Az -MinimumVersion 4.7.0',
    'Connect-AzAccount',
    'Import-Module .\\PexTeamsCviApplication.psm1',
    "New-PexTeamsCviApplication -AppDisplayName 'contosoTeamsConn'",
    'Register-PexTeamsCviApplicationBot',
    "-BotName 'contosoTeamsBot'",
    "$BotChanResourceGroupName = 'contoso-TeamsBotChan-RG'",
    'Publish-PexTeamsAdminConsentWebSite',
    'Get-AzLoadBalancer',
    'Get-AzPublicIpAddress -ResourceGroupName $PxTeamsConnStaticResourceGroupName',
  ]) {
    assert.ok(install.includes(cmd), cmd);
  }
  // The documented order of the main steps (after the per-step advice, which names some of them).
  const body = install.slice(install.indexOf('# Make sure this script matches'));
  const at = (s: string) => body.indexOf(s);
  assert.ok(
    at('version.json') < at('Connect-AzureAD') &&
      at('Connect-AzureAD') < at('Set-ExecutionPolicy') &&
      at('Set-ExecutionPolicy') < at('Import-Module Az ') &&
      at('Import-Module Az ') < at('Connect-AzAccount') &&
      at('Connect-AzAccount') < at('New-PexTeamsCviApplication ') &&
      at('Register-PexTeamsCviApplicationBot') < at('Publish-PexTeamsAdminConsentWebSite') &&
      at('Publish-PexTeamsAdminConsentWebSite') < at('create_vmss_deployment') &&
      at('create_vmss_deployment') < at('Get-AzLoadBalancer'),
  );
});

test('static RG script: the documented commands, the role assignment only with an owner', () => {
  const withOwner = generateArtifacts({
    project: exampleProject(),
    journey: 'first-install',
    includeSecrets: false,
    ownerUpn: "o'neil@example.com",
  }).artifacts.find((a) => a.kind === 'static-rg-script')!.content;
  assert.ok(
    withOwner.includes(
      'New-AzResourceGroup -Name $PxTeamsConnStaticResourceGroupName -Location $PxAzureLocation -Force -Tag $tags',
    ),
  );
  assert.ok(
    withOwner.includes(
      "New-AzRoleAssignment -SignInName 'o''neil@example.com' -RoleDefinitionName 'Owner' -ResourceGroupName $PxTeamsConnStaticResourceGroupName",
    ),
  );
  const without = generateArtifacts({
    project: exampleProject(),
    journey: 'first-install',
    includeSecrets: false,
  }).artifacts.find((a) => a.kind === 'static-rg-script')!.content;
  assert.doesNotMatch(without, /^New-AzRoleAssignment/m);
  assert.match(without, /^# New-AzRoleAssignment/m);
});

test('InstructionUri follows the guide: its example is reproduced exactly, values are percent-encoded', () => {
  const p = exampleProject();
  p.infinity.teams = {
    ivrAlias: 'teams',
    testCallAlias: 'test_call',
    browserJoin: true,
    prefix: null,
    instructionIp: '198.51.100.40',
  };
  assert.equal(
    instructionUri(p),
    'https://px.vc.example.com/teams/?conf={ConfId}&ivr=teams&d=example.com&ip=198.51.100.40&test=test_call&w',
  );
  p.infinity.teams = { ivrAlias: 'a&b c', testCallAlias: null, browserJoin: false, prefix: 'tm.', instructionIp: null };
  assert.equal(
    instructionUri(p),
    'https://px.vc.example.com/teams/?conf={ConfId}&ivr=a%26b%20c&d=example.com&prefix=tm.',
  );
  const teams = generateArtifacts({
    project: withAppId(exampleProject()),
    journey: 'first-install',
    includeSecrets: false,
  }).artifacts.find((a) => a.kind === 'teams-commands')!.content;
  assert.ok(
    teams.includes(
      "New-CsVideoInteropServiceProvider -Name Pexip -TenantKey 'teams@example.com' -InstructionUri 'https://px.vc.example.com/teams/?conf={ConfId}&ivr=teams&d=example.com&test=test_call&w' -AllowAppGuestJoinsAsAuthenticated $true -AadApplicationIds $AppId",
    ),
  );
  assert.ok(teams.includes(`$AppId = '${APP_ID}'`));
  assert.ok(teams.includes('Grant-CsTeamsVideoInteropServicePolicy -PolicyName PexipServiceProviderEnabled -Global'));
  assert.match(teams, /6 hours/);
});

test('DNS records match the reference examples', () => {
  const p = exampleProject();
  const recs = dnsRecords(p, 'eu');
  const srv = (name: string) => recs.filter((r) => r.type === 'SRV' && r.name === name).map((r) => r.value);
  assert.deepEqual(srv('_pexapp._tcp.example.com'), [
    '10 100 443 px01.vc.example.com',
    '20 100 443 px02.vc.example.com',
  ]);
  assert.deepEqual(srv('_pexapp._tcp.vc.example.com'), [
    '10 100 443 px01.vc.example.com',
    '20 100 443 px02.vc.example.com',
  ]);
  assert.deepEqual(srv('_h323cs._tcp.example.com'), [
    '10 10 1720 px01.vc.example.com',
    '10 10 1720 px02.vc.example.com',
  ]);
  assert.deepEqual(srv('_h323ls._udp.vc.example.com'), [
    '10 10 1719 px01.vc.example.com',
    '10 10 1719 px02.vc.example.com',
  ]);
  assert.deepEqual(srv('_sip._tcp.example.com'), ['10 10 5060 px01.vc.example.com', '10 10 5060 px02.vc.example.com']);
  assert.deepEqual(srv('_sips._tcp.vc.example.com'), [
    '10 10 5061 px01.vc.example.com',
    '10 10 5061 px02.vc.example.com',
  ]);
  assert.deepEqual(srv('_sipfederationtls._tcp.vc.example.com'), ['1 100 5061 px.vc.example.com']);
  assert.deepEqual(
    recs.filter((r) => r.type === 'A' && r.name === 'px.vc.example.com').map((r) => r.value),
    ['198.51.100.40', '198.51.100.41'],
  );
  assert.deepEqual(
    recs.filter((r) => r.role === 'node').map((r) => `${r.name} ${r.value} ${r.ttl}`),
    ['px01.vc.example.com 198.51.100.40 86400', 'px02.vc.example.com 198.51.100.41 86400'],
  );
  const conn = recs.find((r) => r.role === 'connector')!;
  assert.equal(conn.value, CONNECTOR_IP_PLACEHOLDER);
  assert.equal(conn.pending, true);
  assert.equal(recs.length, 1 + 2 + 2 + 20 + 1);
  p.regions[0]!.publicIp = '20.1.2.3';
  const conn2 = dnsRecords(p, 'eu').find((r) => r.role === 'connector')!;
  assert.equal(conn2.value, '20.1.2.3');
  assert.equal(conn2.pending, undefined);
  assert.match(emitDnsRecords(p, 'eu'), /^pexip-teamsconn-eu\.teams\.example\.com\.\s+3600\s+IN A\s+20\.1\.2\.3$/m);
  p.infinity.sfbFederation = false;
  assert.ok(!dnsRecords(p, 'eu').some((r) => r.role === 'federation'));
});

test('a federation target outside the SRV domain is flagged in the DNS file', () => {
  const p = exampleProject();
  p.regions[0]!.nodes.pool = 'px.video.example.com';
  const text = emitDnsRecords(p, 'eu');
  assert.match(
    text,
    /WARNING: the federation target px\.video\.example\.com is not directly in the domain vc\.example\.com/,
  );
  assert.doesNotMatch(emitDnsRecords(exampleProject(), 'eu'), /WARNING/);
});

test('redeploy without a known App ID stops with a message and warns', () => {
  const r = generateArtifacts({ project: exampleProject(), journey: 'redeploy', includeSecrets: false });
  assert.ok(r.findings.some((f) => f.code === 'app.app-id-missing' && f.severity === 'warning'));
  const s = r.artifacts.find((a) => a.kind === 'redeploy-script')!.content;
  assert.ok(s.includes("$AppId = ''"));
  assert.match(s, /if \(-not \$AppId\) \{\n\s+throw '/);
  assert.match(s, /Read-Host -AsSecureString/);
});

test('the redeploy runbook covers the Owner check and what changed since 24/25', () => {
  const rb = generateArtifacts({
    project: withAppId(exampleProject()),
    journey: 'redeploy',
    includeSecrets: false,
  }).artifacts.find((a) => a.kind === 'runbook')!.content;
  assert.match(rb, /Get-AzRoleAssignment -ResourceGroupName 'contoso-TeamsConn-eu-static-RG'/);
  assert.match(rb, /\$tags/);
  assert.match(rb, /CNAME/);
  assert.match(rb, /MicrosoftTeams module/);
});

test('the add-region runbook has the Pexip location and call routing steps', () => {
  const rb = generateArtifacts({
    project: twoRegionProject(),
    journey: 'add-region',
    region: 'us',
    includeSecrets: false,
  }).artifacts.find((a) => a.kind === 'runbook')!.content;
  assert.match(rb, /Platform > Locations/);
  assert.match(rb, /Calls being handled in location/);
  assert.match(rb, /pexip-teamsconn-us\.teams\.example\.com/);
  assert.doesNotMatch(rb, /install\.ps1/);
});

test('round trip through the importer: the emitted scripts read back to the same variables, app ID and secrets', async () => {
  const { importScripts } = await import('../../../shared/import/import-scripts.ts');
  const project = withAppId(exampleProject());
  const secrets = { adminPassword: "Adm'n‘Pw1!", appPassword: 'app~pw.1' };
  const r = generateArtifacts({ project, journey: 'first-install', includeSecrets: true, secrets });
  const init = r.artifacts.find((a) => a.kind === 'init-script')!.content;
  const redeploy = r.artifacts.find((a) => a.kind === 'redeploy-script')!.content;
  const back = importScripts({ initScript: init, redeployScript: redeploy });
  assert.deepEqual(
    back.findings.filter((f) => f.severity === 'error'),
    [],
  );
  const v = back.project!.regions[0]!.variables;
  const expected = { ...project.regions[0]!.variables };
  // The emitter writes the derived resource group names literally; they read back as those names.
  assert.deepEqual({ ...v, PxTeamsConnResourceGroupName: null, PxTeamsConnStaticResourceGroupName: null }, expected);
  assert.equal(back.project!.app.appId, APP_ID);
  assert.deepEqual(back.secrets, secrets);
});

test('each runbook names only files of its own set (plus the vendor scripts and the PFX), and says why secrets are in files without "you asked"', () => {
  for (const journey of ['first-install', 'add-region', 'redeploy'] as const) {
    const project = withAppId(exampleProject());
    const r = generateArtifacts({
      project,
      journey,
      includeSecrets: true,
      secrets: { adminPassword: 'Adm1n-Secret-Pass', appPassword: 'App-Secret-Pass-1' },
      region: 'eu',
    });
    // As a reader sees it: Markdown escapes (\_ in headings) removed.
    const runbook = r.artifacts.find((a) => a.kind === 'runbook')!.content.replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1');
    const own = new Set(r.artifacts.map((a) => a.fileName.split('/').pop()!));
    const named = [...runbook.matchAll(/([\w-]+\.(?:ps1|txt|md|csv))\b/g)].map((m) => m[1]!);
    const vendor = new Set(['create_vmss_deployment.ps1', 'RUNBOOK.md']);
    for (const n of named)
      assert.ok(own.has(n) || vendor.has(n), `${journey}: the runbook names ${n}, which this run did not write`);
    assert.doesNotMatch(runbook, /You asked for secrets/, journey);
  }
});
