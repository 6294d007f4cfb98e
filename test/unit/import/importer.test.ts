import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  importScripts,
  importInitScript,
  readInstallOutput,
  readRedeployScript,
} from '../../../shared/import/import-scripts.ts';
import { parseProject, type RegionVariables } from '../../../shared/model/project.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import { validateProject } from '../../../shared/rules/validate.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const find = (fs: Finding[], code: string, field?: string | null) =>
  fs.find((f) => f.code === code && (field === undefined || f.field === field));

/** A complete, clean init script in the guide's style (double quotes, comments, the guide's layout). */
const BASE = [
  '$PxBaseConnName = "contoso" # company',
  '$PxVmssRegion = "eu"',
  '$PxTeamsConnFqdn = "pexip-teamsconn-eu.teams.example.com"',
  '$PxNodeFqdns = "px.vc.example.com"',
  '$PxSubscriptionId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"',
  '$PxAzureLocation = "westeurope"',
  '$PxWinAdminUser = "pexadmin"',
  '$PxTeamsConnInstanceCount = "3"',
  '$PxTeamsConnResourceGroupName = "$($PxBaseConnName)-TeamsConn-$($PxVmssRegion)-RG"',
  '$PxTeamsConnStaticResourceGroupName = "$($PxBaseConnName)-TeamsConn-$($PxVmssRegion)-static-RG"',
  '$PxTeamsConnIncidentReporting = $true',
  '$PxPfxCertFileName = ".\\connector.pfx"',
  '$PxMgmtSrcAddrPrefixes = @( "203.0.113.10", "203.0.113.64/26" )',
  '$PxNodesSourceAddressPrefixes = @( "198.51.100.40", "198.51.100.41" ) + $PxMgmtSrcAddrPrefixes',
  '$PxConsentSourceAddressPrefixes = $PxMgmtSrcAddrPrefixes',
  '$PxWupdScheduledInstallDay = "1"',
  '$PxWupdScheduledInstallTime = "22"',
  '$PxWupdActiveHoursStart = "6"',
  '$PxWupdActiveHoursEnd = "22"',
  '$PxCustomerUsageAttribution = $false',
  '$tags= @{"ResourceOwner"="video-team@example.com"; "CostCenter"="Video Services";}',
].join('\n');

const EXPECTED: RegionVariables = {
  PxBaseConnName: 'contoso',
  PxVmssRegion: 'eu',
  PxTeamsConnFqdn: 'pexip-teamsconn-eu.teams.example.com',
  PxNodeFqdns: ['px.vc.example.com'],
  PxSubscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  PxAzureLocation: 'westeurope',
  PxWinAdminUser: 'pexadmin',
  PxTeamsConnInstanceCount: '3',
  PxTeamsConnResourceGroupName: null,
  PxTeamsConnStaticResourceGroupName: null,
  PxTeamsConnIncidentReporting: true,
  PxPfxCertFileName: '.\\connector.pfx',
  PxMgmtSrcAddrPrefixes: ['203.0.113.10', '203.0.113.64/26'],
  PxNodesSourceAddressPrefixes: ['198.51.100.40', '198.51.100.41', '203.0.113.10', '203.0.113.64/26'],
  PxConsentSourceAddressPrefixes: ['203.0.113.10', '203.0.113.64/26'],
  PxWupdScheduledInstallDay: '1',
  PxWupdScheduledInstallTime: '22',
  PxWupdActiveHoursStart: '6',
  PxWupdActiveHoursEnd: '22',
  PxCustomerUsageAttribution: false,
  tags: { ResourceOwner: 'video-team@example.com', CostCenter: 'Video Services' },
};

function vars(text: string): { v: RegionVariables; findings: Finding[] } {
  const r = importInitScript(text);
  assert.ok(r.region, `expected a region; findings: ${JSON.stringify(r.findings)}`);
  return { v: r.region.variables, findings: r.findings };
}

/** Replace one assignment line of BASE. */
function withLine(name: string, line: string | null): string {
  return BASE.split('\n')
    .flatMap((l) => (l.startsWith(`$${name} `) || l.startsWith(`$${name}=`) ? (line === null ? [] : [line]) : [l]))
    .join('\n');
}

test("the guide's own init script imports with its placeholders reported", () => {
  const r = importScripts({ initScript: fixture('guide-init.ps1') });
  assert.ok(r.project);
  assert.equal(parseProject(r.project).ok, true);
  const v = r.project.regions[0]!.variables;
  assert.equal(v.PxBaseConnName, 'yourname');
  assert.equal(v.PxVmssRegion, 'eu');
  assert.deepEqual(v.PxNodeFqdns, ['pxedge.vc.example.com']);
  assert.equal(v.PxTeamsConnInstanceCount, '3');
  assert.equal(v.PxTeamsConnResourceGroupName, null, 'the documented pattern is stored as derived (null)');
  assert.equal(v.PxTeamsConnStaticResourceGroupName, null);
  assert.equal(v.PxTeamsConnIncidentReporting, true);
  assert.equal(v.PxPfxCertFileName, '.\\your_connector_certificate.pfx');
  assert.deepEqual(v.PxMgmtSrcAddrPrefixes, []);
  assert.deepEqual(v.tags, {});
  assert.equal(v.PxCustomerUsageAttribution, null);
  const ua = find(r.findings, 'import.usage-attribution-undecided');
  assert.ok(ua);
  assert.match(ua.message, /line 94/);
  assert.match(ua.message, /\$true.*\$false/);
  // the password goes to secrets, never into the project
  assert.equal(r.secrets.adminPassword, 'ReplaceThisPassword!');
  assert.ok(!JSON.stringify(r.project).includes('ReplaceThisPassword!'));
  assert.ok(!JSON.stringify(r.findings).includes('ReplaceThisPassword!'));
  assert.ok(find(r.findings, 'import.secret-found', 'PxWinAdminPassword'));
  // The guide's example values are rule errors at their fields (validate, generate, the wizard).
  const errs = validateProject(r.project!, { adminPassword: r.secrets.adminPassword! }).filter(
    (f) => f.code === 'placeholder.guide',
  );
  assert.deepEqual(errs.map((f) => f.field).sort(), [
    'PxBaseConnName',
    'PxPfxCertFileName',
    'PxSubscriptionId',
    'PxWinAdminPassword',
  ]);
  assert.ok(!JSON.stringify(errs).includes('ReplaceThisPassword!'), 'the password is never quoted');
  // Infinity settings guessed from the node name, with a review note
  assert.equal(r.project.regions[0]!.nodes.pool, 'pxedge.vc.example.com');
  assert.equal(r.project.infinity.subdomain, 'vc.example.com');
  assert.equal(r.project.infinity.primaryDomain, 'example.com');
  assert.match(find(r.findings, 'import.review-infinity')!.message, /review/);
  assert.ok(r.findings.every((f) => f.severity !== 'error'));
});

test('the same script as copied out of the PDF (page footers, lost # marks) still imports, noise reported by line', () => {
  const r = importScripts({ initScript: fixture('guide-init-pdf.ps1') });
  assert.ok(r.project);
  const v = r.project.regions[0]!.variables;
  assert.equal(v.PxVmssRegion, 'eu');
  assert.deepEqual(v.PxMgmtSrcAddrPrefixes, [], 'the later assignment wins, as in PowerShell');
  assert.ok(find(r.findings, 'import.duplicate-assignment', 'PxMgmtSrcAddrPrefixes'));
  const ignored = r.findings.filter((f) => f.code === 'import.statement-ignored');
  assert.equal(ignored.length, 2);
  assert.match(ignored[0]!.message, /lines 59–65/);
  assert.match(ignored[1]!.message, /Page 23 of 84/);
});

test('a clean script imports exactly', () => {
  const { v, findings } = vars(BASE);
  assert.deepEqual(v, EXPECTED);
  assert.ok(!findings.some((f) => f.severity !== 'info'), JSON.stringify(findings));
});

test('single quotes with doubled quotes, typographic quotes and backtick escapes', () => {
  assert.equal(vars(withLine('PxWinAdminUser', "$PxWinAdminUser = 'o''brien'")).v.PxWinAdminUser, "o'brien");
  assert.equal(vars(withLine('PxVmssRegion', '$PxVmssRegion = \u2018eu\u2019')).v.PxVmssRegion, 'eu');
  assert.equal(vars(withLine('PxVmssRegion', '$PxVmssRegion = \u201Ceu\u201D')).v.PxVmssRegion, 'eu');
  assert.equal(
    vars(withLine('PxWinAdminUser', '$PxWinAdminUser = \u2018it\u2019\u2019s\u201B')).v.PxWinAdminUser,
    'it\u2019s',
  );
  assert.equal(vars(withLine('PxWinAdminUser', '$PxWinAdminUser = "a`"b`$c`tq""d"')).v.PxWinAdminUser, 'a"b$c\tq"d');
  // a dollar sign in single quotes is literal
  assert.equal(
    vars(withLine('PxPfxCertFileName', "$PxPfxCertFileName = '.\\$(x).pfx'")).v.PxPfxCertFileName,
    '.\\$(x).pfx',
  );
});

test('hashtables: trailing ";" or not, new lines, bare and quoted keys', () => {
  const variants = [
    '$tags = @{"ResourceOwner"="video-team@example.com"; "CostCenter"="Video Services"}',
    '$tags = @{ ResourceOwner = "video-team@example.com"; CostCenter = \'Video Services\'; }',
    '$tags = @{\n  "ResourceOwner" = "video-team@example.com" # who\n  \'CostCenter\' = "Video Services"\n}',
  ];
  for (const t of variants) assert.deepEqual(vars(withLine('tags', t)).v.tags, EXPECTED.tags, t);
  assert.deepEqual(vars(withLine('tags', '$tags= @{}')).v.tags, {});
});

test('arrays: comma- and newline-separated, concatenation across a line break, assignment from another variable', () => {
  const multi = '$PxMgmtSrcAddrPrefixes = @(\n  "203.0.113.10"   # office\n  "203.0.113.64/26"\n)';
  assert.deepEqual(
    vars(withLine('PxMgmtSrcAddrPrefixes', multi)).v.PxMgmtSrcAddrPrefixes,
    EXPECTED.PxMgmtSrcAddrPrefixes,
  );
  const bare = '$PxMgmtSrcAddrPrefixes = "203.0.113.10", "203.0.113.64/26"';
  assert.deepEqual(
    vars(withLine('PxMgmtSrcAddrPrefixes', bare)).v.PxMgmtSrcAddrPrefixes,
    EXPECTED.PxMgmtSrcAddrPrefixes,
  );
  // the guide's own example, wrapped after "+"
  const wrapped = '$PxNodesSourceAddressPrefixes = @( "198.51.100.40", "198.51.100.41" ) +\n$PxMgmtSrcAddrPrefixes';
  assert.deepEqual(
    vars(withLine('PxNodesSourceAddressPrefixes', wrapped)).v.PxNodesSourceAddressPrefixes,
    EXPECTED.PxNodesSourceAddressPrefixes,
  );
  const cont = '$PxNodesSourceAddressPrefixes = @( "198.51.100.40", "198.51.100.41" ) `\n  + $PxMgmtSrcAddrPrefixes';
  assert.deepEqual(
    vars(withLine('PxNodesSourceAddressPrefixes', cont)).v.PxNodesSourceAddressPrefixes,
    EXPECTED.PxNodesSourceAddressPrefixes,
  );
  assert.deepEqual(
    vars(withLine('PxConsentSourceAddressPrefixes', '$PxConsentSourceAddressPrefixes = @()')).v
      .PxConsentSourceAddressPrefixes,
    [],
  );
});

test('comments: trailing, whole-line and <# … #> blocks', () => {
  const text =
    '<# my notes\n$PxVmssRegion = "xx"\n#>\n' +
    BASE.replace('$PxVmssRegion = "eu"', '$PxVmssRegion = "eu" # Europe <#not a block#>');
  const r = importInitScript(text);
  assert.equal(r.region!.variables.PxVmssRegion, 'eu');
  assert.deepEqual(r.region!.variables, EXPECTED);
});

test('CRLF line endings and a BOM give the same result and the same line numbers', () => {
  const broken = withLine('PxAzureLocation', '$PxAzureLocation = (Get-AzLocation)[0]');
  const lf = importInitScript(broken);
  const crlf = importInitScript('\uFEFF' + broken.replace(/\n/g, '\r\n'));
  assert.deepEqual(crlf.region, lf.region);
  assert.deepEqual(crlf.findings, lf.findings);
  assert.match(find(crlf.findings, 'import.not-evaluated')!.message, /line 6\b/);
});

test('interpolation of known variables; RG names equal to the pattern are derived, others kept', () => {
  const plain = withLine(
    'PxTeamsConnResourceGroupName',
    '$PxTeamsConnResourceGroupName = "$PxBaseConnName-TeamsConn-$PxVmssRegion-RG"',
  );
  assert.equal(vars(plain).v.PxTeamsConnResourceGroupName, null);
  const custom = withLine(
    'PxTeamsConnStaticResourceGroupName',
    '$PxTeamsConnStaticResourceGroupName = "rg-$($PxVmssRegion)-static"',
  );
  const r = vars(custom);
  assert.equal(r.v.PxTeamsConnStaticResourceGroupName, 'rg-eu-static');
  assert.ok(find(r.findings, 'import.custom-resource-group', 'PxTeamsConnStaticResourceGroupName'));
  const concat = withLine(
    'PxTeamsConnResourceGroupName',
    "$PxTeamsConnResourceGroupName = $PxBaseConnName + '-TeamsConn-' + $PxVmssRegion + '-RG'",
  );
  assert.equal(vars(concat).v.PxTeamsConnResourceGroupName, null);
});

test('comma-separated $PxNodeFqdns becomes a list; several names become the node members', () => {
  const r = importScripts({
    initScript: withLine('PxNodeFqdns', '$PxNodeFqdns = "px01.vc.example.com, px02.vc.example.com"'),
  });
  const region = r.project!.regions[0]!;
  assert.deepEqual(region.variables.PxNodeFqdns, ['px01.vc.example.com', 'px02.vc.example.com']);
  assert.equal(region.nodes.pool, 'px01.vc.example.com');
  assert.deepEqual(
    region.nodes.members.map((m) => m.fqdn),
    ['px01.vc.example.com', 'px02.vc.example.com'],
  );
});

test('numbers and string booleans are accepted with a note', () => {
  const r = vars(withLine('PxTeamsConnInstanceCount', '$PxTeamsConnInstanceCount = 3'));
  assert.equal(r.v.PxTeamsConnInstanceCount, '3');
  assert.ok(find(r.findings, 'import.number-as-string'));
  const b = vars(withLine('PxTeamsConnIncidentReporting', '$PxTeamsConnIncidentReporting = "false"'));
  assert.equal(b.v.PxTeamsConnIncidentReporting, false);
  assert.ok(find(b.findings, 'import.bool-as-string'));
});

test('code is never run: commands, sub-expressions, method calls, pipelines and unknown variables are reported with their line', () => {
  const cases: [string, string, RegExp][] = [
    ['PxAzureLocation', '$PxAzureLocation = $(Get-AzLocation | Select-Object -First 1)', /would run code/],
    ['PxAzureLocation', '$PxAzureLocation = Get-Location', /runs the command "Get-Location"/],
    ['PxAzureLocation', '$PxAzureLocation = "westeurope".ToLower()', /method call|would need PowerShell/],
    ['PxAzureLocation', '$PxAzureLocation = "$($env:AZ_REGION)"', /would run code|not set earlier/],
    ['PxAzureLocation', '$PxAzureLocation = "$Unknown-x"', /\$Unknown, which is not set earlier/],
    ['PxAzureLocation', '$PxAzureLocation = [string]"westeurope"', /type conversion/],
    ['PxAzureLocation', '$PxAzureLocation = $Later', /\$Later, which is not set earlier/],
    ['PxAzureLocation', '$PxAzureLocation = "west" | Out-String', /pipeline|would need PowerShell/],
  ];
  for (const [name, line, reason] of cases) {
    const r = importInitScript(withLine(name, line));
    const f = find(r.findings, 'import.not-evaluated', name);
    assert.ok(f, `${line}: ${JSON.stringify(r.findings)}`);
    assert.match(f.message, /line 6\b/, line);
    assert.match(f.message, reason, line);
    assert.equal(r.region!.variables.PxAzureLocation, '', 'left at its default, not guessed');
  }
});

test('a password in a line that cannot be evaluated is never echoed in the finding', () => {
  const text = BASE + '\n$PxWinAdminPassword = "Sup3r-S3cret!" + (Get-Random)';
  const r = importScripts({ initScript: text });
  assert.equal(r.secrets.adminPassword, undefined);
  const f = find(r.findings, 'import.not-evaluated', 'PxWinAdminPassword');
  assert.ok(f);
  assert.ok(!JSON.stringify(r.findings).includes('Sup3r'));
  // nor when it is in a statement that is not an assignment at all
  const r2 = importScripts({ initScript: BASE + '\nSet-Secret -Name vm -Secret "Sup3r-S3cret!"' });
  assert.ok(find(r2.findings, 'import.statement-ignored'));
  assert.ok(!JSON.stringify(r2.findings).includes('Sup3r'));
});

test('an if-block is skipped whole: an assignment inside it is not applied unconditionally', () => {
  const text = BASE + '\nif ($env:PROD) {\n  $PxVmssRegion = "us"\n}';
  const r = importInitScript(text);
  assert.equal(r.region!.variables.PxVmssRegion, 'eu');
  const f = find(r.findings, 'import.statement-ignored');
  assert.ok(f);
  assert.match(f.message, /lines 22–24/);
});

test('unknown variables are an info finding and still usable later', () => {
  const text = '$Company = "contoso"\n' + withLine('PxBaseConnName', '$PxBaseConnName = $Company');
  const r = importInitScript(text);
  assert.equal(r.region!.variables.PxBaseConnName, 'contoso');
  const f = find(r.findings, 'import.unknown-variable');
  assert.equal(f?.severity, 'info');
  assert.match(f!.message, /line 1\b.*\$Company/);
});

test('variable names are case-insensitive, like PowerShell', () => {
  const r = importInitScript(
    BASE.replace('$PxVmssRegion = "eu"', '$pxvmssregion = "eu"').replace(
      '-$($PxVmssRegion)-RG',
      '-$($PXVMSSREGION)-RG',
    ),
  );
  assert.deepEqual(r.region!.variables, EXPECTED);
});

test('missing variables get the documented defaults and findings', () => {
  const text = BASE.split('\n')
    .filter((l) => !/^\$(PxWupd|PxAzureLocation|PxCustomerUsageAttribution|tags)/.test(l))
    .join('\n');
  const r = importInitScript(text);
  const v = r.region!.variables;
  assert.equal(v.PxWupdScheduledInstallDay, '1');
  assert.equal(v.PxWupdActiveHoursEnd, '22');
  assert.equal(v.PxCustomerUsageAttribution, null);
  assert.equal(find(r.findings, 'import.missing-variable', 'PxAzureLocation')?.severity, 'warning');
  assert.equal(find(r.findings, 'import.missing-variable', 'PxCustomerUsageAttribution')?.severity, 'warning');
  assert.match(find(r.findings, 'import.missing-variable', null)!.message, /\$PxWupdScheduledInstallDay/);
  // no $tags: a version 24/25 script, imported with a note on what changed in 26
  const older = find(r.findings, 'import.older-version', 'tags');
  assert.equal(older?.severity, 'info');
  assert.match(older!.message, /version 26/);
});

test('a <…> placeholder on a text variable is kept, so the rules report it at its field; elsewhere it is an import error', () => {
  const r = importInitScript(withLine('PxAzureLocation', '$PxAzureLocation = <your Azure region>'));
  assert.equal(r.region!.variables.PxAzureLocation, '<your Azure region>');
  const p = importScripts({
    initScript: withLine('PxAzureLocation', '$PxAzureLocation = <your Azure region>'),
  }).project!;
  assert.deepEqual(
    validateProject(p)
      .filter((f) => f.code === 'placeholder.guide')
      .map((f) => f.field),
    ['PxAzureLocation'],
  );
  const b = importInitScript(
    withLine('PxTeamsConnIncidentReporting', '$PxTeamsConnIncidentReporting = <replace with $true or $false>'),
  );
  assert.equal(find(b.findings, 'import.placeholder', 'PxTeamsConnIncidentReporting')?.severity, 'error');
});

test('a text without any connector variable yields no project and an error', () => {
  const r = importScripts({ initScript: 'Write-Host "hello"\n$x = 1' });
  assert.equal(r.project, null);
  assert.ok(find(r.findings, 'import.no-variables'));
  assert.equal(importScripts({ initScript: '' }).project, null);
});

const APP_ID = '0f6e5a7c-1d2b-4c3a-9e8f-7a6b5c4d3e2f';

test("redeploy script: the guide's script with $AppId filled in; the password goes to secrets", () => {
  const redeploy = fixture('guide-redeploy.ps1')
    .replace('$AppId = ""', `$AppId = "${APP_ID}"`)
    .replace('$AppPassword = ""', '$AppPassword = "abc~DEF.123_xyz"');
  const r = importScripts({ initScript: BASE, redeployScript: redeploy });
  assert.equal(r.project!.app.appId, APP_ID);
  assert.equal(r.secrets.appPassword, 'abc~DEF.123_xyz');
  assert.ok(!JSON.stringify(r.project).includes('abc~DEF'));
  assert.ok(!JSON.stringify(r.findings).includes('abc~DEF'));
  assert.ok(find(r.findings, 'import.secret-found', 'AppPassword'));
  assert.ok(!find(r.findings, 'import.older-version', null), 'a version 26 redeploy script is current');
  // still empty, as in the guide: nothing to read, said so
  const empty = readRedeployScript(fixture('guide-redeploy.ps1'));
  assert.equal(empty.appId, null);
  assert.ok(find(empty.findings, 'import.app-id-missing'));
});

test('an older (version 25) redeploy script is read with a note on what changed', () => {
  const old = [
    'if ($PxConnMajorVersion -ne "25"){Write-Warning "mismatch"}',
    `$AppId = '${APP_ID}'`,
    "$AppPassword = 'pw'",
    'New-AzResourceGroup -Name $PxTeamsConnResourceGroupName -Location $PxAzureLocation',
    '.\\create_vmss_deployment.ps1 -SubscriptionId $PxSubscriptionId',
  ].join('\n');
  const r = readRedeployScript(old);
  assert.equal(r.appId, APP_ID);
  assert.equal(r.scriptMajor, '25');
  const f = find(r.findings, 'import.older-version');
  assert.match(f!.message, /version 25/);
  assert.match(f!.message, /removes the dynamic resource group/);
});

test('pasted install output: $AppId / $AppPassword lines found in noisy text; the script template is not taken', () => {
  const out = [
    'PS C:\\pexip> .\\install.ps1',
    'WARNING: something',
    '\x1b[32m----------------------------------------\x1b[0m',
    '### App ID and credentials MUST be saved in the redeploy script ###',
    `   $AppId = "${APP_ID}"  `,
    '$AppPassword = "Xy7~q.Z_p-9"',
    '----------------------------------------',
    'Write-Host "`$AppId = `"$($AppId)`""',
  ].join('\r\n');
  const r = readInstallOutput(out);
  assert.equal(r.appId, APP_ID);
  assert.equal(r.appPassword, 'Xy7~q.Z_p-9');
  const all = importScripts({ initScript: BASE, installOutput: out });
  assert.equal(all.project!.app.appId, APP_ID);
  assert.equal(all.secrets.appPassword, 'Xy7~q.Z_p-9');
  const none = readInstallOutput('Write-Host "`$AppId = `"$($AppId)`""\nnothing here');
  assert.equal(none.appId, null);
  assert.ok(find(none.findings, 'import.no-app-credentials'));
});

test('conflicting or malformed application IDs are reported', () => {
  const r = importScripts({
    initScript: BASE,
    redeployScript: `$AppId = "${APP_ID}"`,
    installOutput: '$AppId = "11111111-2222-3333-4444-555555555555"',
  });
  assert.equal(r.project!.app.appId, APP_ID);
  assert.ok(find(r.findings, 'import.app-id-conflict'));
  const bad = importScripts({ initScript: BASE, redeployScript: '$AppId = "not-a-guid"' });
  assert.ok(find(bad.findings, 'import.app-id-invalid'));
});

test('every imported project satisfies the project schema', () => {
  for (const text of [BASE, fixture('guide-init.ps1'), fixture('guide-init-pdf.ps1'), withLine('tags', null)]) {
    const r = importScripts({ initScript: text });
    assert.equal(parseProject(JSON.parse(JSON.stringify(r.project))).ok, true);
  }
  assert.ok(codes(importScripts({ initScript: BASE }).findings).includes('import.review-infinity'));
});
