import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProject, PROJECT_FORMAT } from '../../../shared/model/project.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { derivedNames } from '../../../shared/model/derived.ts';

test('the example project parses', () => {
  const r = parseProject(JSON.stringify(exampleProject()));
  assert.equal(r.ok, true);
});

test('a foreign format is refused with a readable message', () => {
  const r = parseProject({ ...exampleProject(), format: 'tcw-project/9' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.issues[0]!.message, new RegExp(PROJECT_FORMAT));
});

test('broken JSON is reported, not thrown', () => {
  const r = parseProject('{ "format": ');
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.issues[0]!.message, /not valid JSON/);
});

test('derived names follow the guide (pexip + eu)', () => {
  const v = { ...exampleProject().regions[0]!.variables, PxBaseConnName: 'pexip', PxVmssRegion: 'eu' };
  const n = derivedNames(v);
  assert.equal(n.dynamicResourceGroup, 'pexip-TeamsConn-eu-RG');
  assert.equal(n.staticResourceGroup, 'pexip-TeamsConn-eu-static-RG');
  assert.equal(n.vmss, 'pexipeu');
  assert.equal(n.appDisplayName, 'pexipTeamsConn');
  assert.equal(n.bot, 'pexipTeamsBot');
  assert.equal(n.botChannelResourceGroup, 'pexip-TeamsBotChan-RG');
  assert.equal(n.consentUrlPattern, 'https://pexip-pexip-cvi-xxxxx.azurewebsites.net/');
});
