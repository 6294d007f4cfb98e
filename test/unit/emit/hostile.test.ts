// Hostile strings in every free-text field of a project. The per-file emitters are called directly
// (the rules would refuse most of these values first), and for every emitted script we prove:
//  - it still parses as PowerShell, with no ERROR / MISSING node;
//  - its syntax tree has exactly the shape it has with harmless values (no value became a variable,
//    sub-expression, command, comment or extra statement);
//  - every single-quoted literal reads back in full under PowerShell's quote rules (U+2018-U+201B too);
//  - no value leaks into code or comments: outside literals, none of the markers appears;
//  - each value is inside a literal whose PowerShell value contains it verbatim.
// Separately: generateArtifacts itself refuses values with line breaks or control characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { emitInitScript } from '../../../shared/emit/init-script.ts';
import { emitStaticRgScript } from '../../../shared/emit/static-rg.ts';
import { emitInstallScript } from '../../../shared/emit/install-script.ts';
import { emitRedeployScript } from '../../../shared/emit/redeploy-script.ts';
import { emitTeamsCommands } from '../../../shared/emit/teams.ts';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import type { Project } from '../../../shared/model/project.ts';
import { assertParses, assertSafeLiterals, codeOutsideLiterals, comments, shape } from '../../support/powershell.ts';
import { hostileString } from './fixtures.ts';

/** Every free-text value of a project (plus the secrets and the owner UPN), by a readable path. */
const FIELDS = [
  'PxBaseConnName',
  'PxVmssRegion',
  'PxTeamsConnFqdn',
  'PxNodeFqdns.0',
  'PxNodeFqdns.1',
  'PxSubscriptionId',
  'PxAzureLocation',
  'PxWinAdminUser',
  'PxTeamsConnInstanceCount',
  'PxTeamsConnResourceGroupName',
  'PxTeamsConnStaticResourceGroupName',
  'PxPfxCertFileName',
  'PxMgmtSrcAddrPrefixes.0',
  'PxNodesSourceAddressPrefixes.0',
  'PxConsentSourceAddressPrefixes.0',
  'PxWupdScheduledInstallDay',
  'PxWupdScheduledInstallTime',
  'PxWupdActiveHoursStart',
  'PxWupdActiveHoursEnd',
  'tagKey.0',
  'tagValue.0',
  'tagKey.1',
  'tagValue.1',
  'pool',
  'primaryDomain',
  'ivrAlias',
  'testCallAlias',
  'prefix',
  'instructionIp',
  'appId',
  'adminPassword',
  'appPassword',
  'ownerUpn',
] as const;
type Field = (typeof FIELDS)[number];

/** Fields whose raw value must show up inside a literal of some script (the rest are URL-encoded or unused there). */
const RAW_IN_SCRIPTS = new Set<Field>(FIELDS.filter((f) => !['testCallAlias', 'prefix', 'instructionIp'].includes(f)));

function build(values: Record<Field, string>): {
  project: Project;
  adminPassword: string;
  appPassword: string;
  ownerUpn: string;
} {
  const p = exampleProject();
  const r = p.regions[0]!;
  const v = r.variables;
  v.PxBaseConnName = values.PxBaseConnName;
  v.PxVmssRegion = values.PxVmssRegion;
  v.PxTeamsConnFqdn = values.PxTeamsConnFqdn;
  v.PxNodeFqdns = [values['PxNodeFqdns.0'], values['PxNodeFqdns.1']];
  v.PxSubscriptionId = values.PxSubscriptionId;
  v.PxAzureLocation = values.PxAzureLocation;
  v.PxWinAdminUser = values.PxWinAdminUser;
  v.PxTeamsConnInstanceCount = values.PxTeamsConnInstanceCount;
  v.PxTeamsConnResourceGroupName = values.PxTeamsConnResourceGroupName;
  v.PxTeamsConnStaticResourceGroupName = values.PxTeamsConnStaticResourceGroupName;
  v.PxPfxCertFileName = values.PxPfxCertFileName;
  v.PxMgmtSrcAddrPrefixes = [values['PxMgmtSrcAddrPrefixes.0']];
  v.PxNodesSourceAddressPrefixes = [values['PxNodesSourceAddressPrefixes.0']];
  v.PxConsentSourceAddressPrefixes = [values['PxConsentSourceAddressPrefixes.0']];
  v.PxWupdScheduledInstallDay = values.PxWupdScheduledInstallDay;
  v.PxWupdScheduledInstallTime = values.PxWupdScheduledInstallTime;
  v.PxWupdActiveHoursStart = values.PxWupdActiveHoursStart;
  v.PxWupdActiveHoursEnd = values.PxWupdActiveHoursEnd;
  v.tags = { [values['tagKey.0']]: values['tagValue.0'], [values['tagKey.1']]: values['tagValue.1'] };
  r.nodes.pool = values.pool;
  p.infinity.primaryDomain = values.primaryDomain;
  p.infinity.teams = {
    ivrAlias: values.ivrAlias,
    testCallAlias: values.testCallAlias,
    prefix: values.prefix,
    instructionIp: values.instructionIp,
    browserJoin: true,
  };
  p.app.appId = values.appId;
  return {
    project: p,
    adminPassword: values.adminPassword,
    appPassword: values.appPassword,
    ownerUpn: values.ownerUpn,
  };
}

function scripts(values: Record<Field, string>): Record<string, string> {
  const { project, adminPassword, appPassword, ownerUpn } = build(values);
  const region = project.regions[0]!;
  return {
    init: emitInitScript(region, { includeSecrets: true, adminPassword }).content,
    staticRg: emitStaticRgScript(region, { ownerUpn }),
    install: emitInstallScript(region),
    redeploy: emitRedeployScript(region, { appId: project.app.appId, appPassword, includeSecrets: true }).content,
    teams: emitTeamsCommands(project),
  };
}

/** Markers make each value unique and findable; they never occur in our own script text. */
const marker = (i: number) => `QZ${i}Z`;

const harmless = Object.fromEntries(FIELDS.map((f, i) => [f, `${marker(i)}v`])) as Record<Field, string>;
const harmlessScripts = scripts(harmless);
const harmlessShapes = Object.fromEntries(Object.entries(harmlessScripts).map(([k, s]) => [k, shape(s)]));

test('the harmless twin itself parses and its markers are all inside literals', () => {
  for (const [name, src] of Object.entries(harmlessScripts)) {
    assertParses(src, name);
    assert.doesNotMatch(codeOutsideLiterals(src), /QZ\d+Z/, name);
    for (const c of comments(src)) assert.doesNotMatch(c, /QZ\d+Z/, `${name}: a value is in a comment`);
  }
});

const valuesArb = fc
  .tuple(...FIELDS.map(() => hostileString))
  .map(
    (hs) =>
      Object.fromEntries(
        FIELDS.map((f, i) => [f, `${marker(i)}${(hs[i] as string).replace(/\u0000/g, '')}`]),
      ) as Record<Field, string>,
  );

test("property: hostile values land inside single-quoted literals and never change the script's structure", () => {
  const details = fc.check(
    fc.property(valuesArb, (values) => {
      const out = scripts(values);
      const found = new Set<Field>();
      for (const [name, src] of Object.entries(out)) {
        assertParses(src, name);
        assert.deepEqual(shape(src), harmlessShapes[name], `${name}: the syntax tree changed shape`);
        const literals = assertSafeLiterals(src, name);
        assert.doesNotMatch(codeOutsideLiterals(src), /QZ\d+Z/, `${name}: a value leaked outside a literal`);
        for (const c of comments(src)) assert.doesNotMatch(c, /QZ\d+Z/, `${name}: a value leaked into a comment`);
        FIELDS.forEach((f) => {
          if (literals.some((l) => l.value.includes(values[f]))) found.add(f);
        });
      }
      for (const f of RAW_IN_SCRIPTS) assert.ok(found.has(f), `${f} was not found verbatim inside any literal`);
    }),
    { numRuns: 150 },
  );
  if (details.failed)
    assert.fail(
      `${(details.errorInstance as Error).message}\ncounterexample: ${JSON.stringify(details.counterexample)}`,
    );
});

test('generateArtifacts refuses line breaks and control characters in any value (nothing is written)', () => {
  for (const bad of ['a\nb', 'a\r\nb', 'a\u0000b', 'a\u2028b', 'a\u001bb']) {
    const p = exampleProject();
    p.regions[0]!.variables.tags = { Note: bad };
    const r = generateArtifacts({ project: p, journey: 'first-install', includeSecrets: false });
    assert.equal(r.artifacts.length, 0, JSON.stringify(bad));
    assert.ok(
      r.findings.some((f) => f.severity === 'error'),
      JSON.stringify(bad),
    );
  }
});
