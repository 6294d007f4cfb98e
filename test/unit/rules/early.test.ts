// Rules that fail early (issue: an @ in the VM admin name, the guide's placeholders, leading zeros):
// what the scale-set API or the vendor's script would refuse late is an error at its field now, and
// what the vendor's script takes ("06") is taken and written in its plain form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, problems } from './helpers.ts';
import { validateField, validateProject } from '../../../shared/rules/validate.ts';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { importInitScript } from '../../../shared/import/import-scripts.ts';
import { exampleProject } from '../../../shared/model/example.ts';

test("the guide's example values are errors at their field, in validate, generate and a single field (the wizard)", () => {
  const cases: [string, Record<string, string>][] = [
    ['PxBaseConnName', { PxBaseConnName: 'yourname' }],
    ['PxSubscriptionId', { PxSubscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }],
    ['PxPfxCertFileName', { PxPfxCertFileName: '.\\your_connector_certificate.pfx' }],
    ['PxAzureLocation', { PxAzureLocation: '<your Azure region>' }],
    ['PxWinAdminUser', { PxWinAdminUser: '<replace>' }],
    ['PxTeamsConnInstanceCount', { PxTeamsConnInstanceCount: '<1-100>' }],
    ['PxWupdActiveHoursEnd', { PxWupdActiveHoursEnd: '<hour>' }],
  ];
  for (const [field, vars] of cases) {
    const f = problems(check(vars));
    assert.deepEqual(
      f.map((x) => [x.code, x.field]),
      [['placeholder.guide', field]],
      field,
    );
    assert.equal(f[0]!.severity, 'error');
    const p = exampleProject();
    Object.assign(p.regions[0]!.variables, vars);
    assert.deepEqual(
      generateArtifacts({ project: p, journey: 'first-install', includeSecrets: false }).artifacts,
      [],
      `${field}: nothing generated`,
    );
    assert.deepEqual(
      codes(validateField(field as 'PxBaseConnName', vars[field]!)),
      ['placeholder.guide'],
      `${field}: field check`,
    );
  }
  // The example password: an error, never quoted.
  const pw = validateProject(exampleProject(), { adminPassword: 'ReplaceThisPassword!' }).filter(
    (f) => f.severity === 'error',
  );
  assert.deepEqual(
    pw.map((f) => [f.code, f.field]),
    [['placeholder.guide', 'PxWinAdminPassword']],
  );
  assert.ok(!pw[0]!.message.includes('ReplaceThisPassword!'));
  // <replace with $true or $false> leaves the choice undecided: an error.
  assert.deepEqual(codes(problems(check({ PxCustomerUsageAttribution: null } as never))), ['usage-attribution.unset']);
});

test('real values that merely resemble examples pass', () => {
  for (const v of ['yourname2', 'myname']) assert.deepEqual(problems(check({ PxBaseConnName: v })), [], v);
  assert.deepEqual(problems(check({ PxPfxCertFileName: '.\\your_company.pfx' })), []);
});

test('@, & and spaces in the VM admin name are errors with a suggestion', () => {
  for (const v of ['pex@admin', 'a&b', 'pex admin', 'pex\tadmin']) {
    const f = problems(check({ PxWinAdminUser: v }));
    assert.deepEqual(
      f.map((x) => [x.code, x.severity]),
      [['admin-user.chars', 'error']],
      v,
    );
  }
});

test('number fields: leading zeros accepted, written normalised; imported normalised with an info finding', () => {
  const p = exampleProject();
  Object.assign(p.regions[0]!.variables, {
    PxTeamsConnInstanceCount: '03',
    PxWupdScheduledInstallDay: '01',
    PxWupdScheduledInstallTime: '022',
    PxWupdActiveHoursStart: '06',
    PxWupdActiveHoursEnd: '0',
  });
  const gen = generateArtifacts({ project: p, journey: 'first-install', includeSecrets: false });
  const init = gen.artifacts.find((a) => a.kind === 'init-script')!.content;
  assert.match(init, /^\$PxTeamsConnInstanceCount = '3'$/m);
  assert.match(init, /^\$PxWupdScheduledInstallDay = '1'$/m);
  assert.match(init, /^\$PxWupdScheduledInstallTime = '22'$/m);
  assert.match(init, /^\$PxWupdActiveHoursStart = '6'$/m);
  assert.match(init, /^\$PxWupdActiveHoursEnd = '0'$/m);
  const r = importInitScript(init.replace("$PxWupdActiveHoursStart = '6'", '$PxWupdActiveHoursStart = "06"'));
  assert.equal(r.region!.variables.PxWupdActiveHoursStart, '6');
  assert.equal(r.findings.find((f) => f.code === 'import.number-normalized')?.severity, 'info');
});
