// The guide's "add a region" procedure (002 l.3103-3125), done exactly as written: copy the existing
// region's variables initialization script, change the six regional variables, and carry on with the
// copy. The copy must name the new region's resource groups, never the old region's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { evaluateScript, importScripts } from '../../../shared/import/import-scripts.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { hasErrors } from '../../../shared/model/finding.ts';
import { validateProject } from '../../../shared/rules/validate.ts';

/** The six variables the guide says to update, with the new region's values (PowerShell literals). */
const SIX: Record<string, string> = {
  PxVmssRegion: "'us'",
  PxTeamsConnFqdn: "'pexip-teamsconn-us.teams.example.com'",
  PxNodeFqdns: "'px-us.vc.example.com'",
  PxAzureLocation: "'eastus'",
  PxPfxCertFileName: "'.\\connector-us.pfx'",
  PxNodesSourceAddressPrefixes: "@('198.51.100.80', '198.51.100.81', '203.0.113.64/26')",
};

/** Replaces the one line that assigns `name`, as an administrator editing the copy would. */
function setVariable(script: string, name: string, literal: string): string {
  const re = new RegExp(`^\\$${name} = .*$`, 'gm');
  assert.equal(script.match(re)?.length, 1, `the init script assigns $${name} on exactly one line`);
  return script.replace(re, () => `$${name} = ${literal}`);
}

function euInitScript(): string {
  const gen = generateArtifacts({ project: exampleProject(), journey: 'first-install', includeSecrets: false });
  const init = gen.artifacts.find((a) => a.kind === 'init-script' && a.region === 'eu');
  assert.ok(init, 'the eu init script is generated');
  return init.content;
}

function copyForUs(eu: string): string {
  return Object.entries(SIX).reduce((s, [name, literal]) => setVariable(s, name, literal), eu);
}

function valueOf(script: string, name: string): string | undefined {
  const a = evaluateScript(script)
    .assignments.filter((x) => x.name === name)
    .at(-1);
  return a?.value.kind === 'string' ? a.value.value : undefined;
}

test('copy-a-region: the copied eu init script, six variables changed, names the US resource groups', () => {
  const us = copyForUs(euInitScript());
  assert.equal(valueOf(us, 'PxTeamsConnResourceGroupName'), 'contoso-TeamsConn-us-RG');
  assert.equal(valueOf(us, 'PxTeamsConnStaticResourceGroupName'), 'contoso-TeamsConn-us-static-RG');
});

test('copy-a-region: import, validate and generate the copy; us/redeploy.ps1 targets the US groups', () => {
  const imported = importScripts({ initScript: copyForUs(euInitScript()) });
  assert.ok(imported.project, 'the copy imports');
  const region = imported.project.regions[0]!;
  assert.equal(region.variables.PxVmssRegion, 'us');
  // Derived names stay derived: nothing of "eu" is carried over.
  assert.equal(region.variables.PxTeamsConnResourceGroupName, null);
  assert.equal(region.variables.PxTeamsConnStaticResourceGroupName, null);
  assert.deepEqual(
    imported.findings.filter((f) => f.code === 'import.custom-resource-group'),
    [],
  );

  const findings = validateProject(imported.project);
  assert.equal(hasErrors(findings), false, JSON.stringify(findings.filter((f) => f.severity === 'error')));
  assert.deepEqual(
    findings.filter((f) => f.code.startsWith('resource-group.')),
    [],
    'no resource group finding',
  );

  const gen = generateArtifacts({
    project: { ...imported.project, app: { appId: 'c054d1cb-7961-48e1-b004-389e81356232' } },
    journey: 'add-region',
    includeSecrets: false,
  });
  assert.equal(hasErrors(gen.findings), false, JSON.stringify(gen.findings.filter((f) => f.severity === 'error')));
  const redeploy = gen.artifacts.find((a) => a.fileName === 'us/redeploy.ps1');
  const init = gen.artifacts.find((a) => a.fileName === 'us/initialize-variables.ps1');
  assert.ok(redeploy && init);
  assert.ok(!/\beu\b|-eu-/.test(redeploy.content), 'us/redeploy.ps1 mentions nothing of eu');
  assert.match(redeploy.content, /\$PxVmssRegion -ne 'us'/, 'the guard expects the us variables');
  assert.match(redeploy.content, /-VmssName 'contosous'/);
  assert.match(redeploy.content, /Remove-AzResourceGroup -Name \$PxTeamsConnResourceGroupName/);
  // The regenerated us init script, dot-sourced before it, sets the US groups.
  assert.equal(valueOf(init.content, 'PxTeamsConnResourceGroupName'), 'contoso-TeamsConn-us-RG');
  assert.equal(valueOf(init.content, 'PxTeamsConnStaticResourceGroupName'), 'contoso-TeamsConn-us-static-RG');
});

test('copy-a-region: a copy that still names the eu groups as fixed text is an error, and nothing is generated', () => {
  let us = copyForUs(euInitScript());
  us = setVariable(us, 'PxTeamsConnResourceGroupName', "'contoso-TeamsConn-eu-RG'");
  us = setVariable(us, 'PxTeamsConnStaticResourceGroupName', "'contoso-TeamsConn-eu-static-RG'");
  const imported = importScripts({ initScript: us });
  assert.ok(imported.project);
  const errors = validateProject(imported.project).filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => [f.code, f.field]),
    [
      ['resource-group.other-region', 'PxTeamsConnResourceGroupName'],
      ['resource-group.other-region', 'PxTeamsConnStaticResourceGroupName'],
    ],
  );
  const gen = generateArtifacts({ project: imported.project, journey: 'add-region', includeSecrets: false });
  assert.deepEqual(gen.artifacts, []);
});

test('copy-a-region: a name the user chose is kept as written (and may be any region-neutral name)', () => {
  const p = exampleProject();
  p.regions[0]!.variables.PxTeamsConnResourceGroupName = 'video-prod-RG';
  const gen = generateArtifacts({ project: p, journey: 'first-install', includeSecrets: false });
  const init = gen.artifacts.find((a) => a.kind === 'init-script')!;
  assert.match(init.content, /^\$PxTeamsConnResourceGroupName = 'video-prod-RG'$/m);
  assert.match(
    init.content,
    /^\$PxTeamsConnStaticResourceGroupName = "\$\(\$PxBaseConnName\)-TeamsConn-\$\(\$PxVmssRegion\)-static-RG"$/m,
  );
});
