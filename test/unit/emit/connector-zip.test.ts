// The connector check against the admin's own ZIP: the tests build their own ZIPs (the documented v26
// set, a renamed parameter, an extra mandatory parameter, another major version) and a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import {
  checkConnectorFiles,
  connectorVersion,
  exportedFunctions,
  scriptParameters,
} from '../../../shared/connector-zip/check-connector.ts';
import { MODULE_FUNCTIONS, vmssParameterNames } from '../../../shared/emit/script-parts.ts';
import { readConnectorFiles, readConnectorZipBytes } from '../../../electron/services/files/connector-zip-reader.ts';

/** A ZIP with the given entries, the odd ones deflated (both methods real ZIP tools write). */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  Object.entries(entries).forEach(([name, text], i) => {
    const data = Buffer.from(text, 'utf8');
    const deflate = i % 2 === 1;
    const body = deflate ? deflateRawSync(data) : data;
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, body);
    centrals.push(central, n);
    offset += 30 + n.length + body.length;
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The v26 connector as the guide documents it: the 19 parameters, the module's four functions. */
function v26(
  opts: { major?: number; rename?: [string, string]; extraMandatory?: string } = {},
): Record<string, string> {
  const names = vmssParameterNames().map((p) => (opts.rename && p === opts.rename[0] ? opts.rename[1] : p));
  const params = names.map((p, i) => `    [Parameter(Mandatory${i < 6 ? '=$true' : '=$false'})]\n    [string]$${p}`);
  if (opts.extraMandatory) params.push(`    [Parameter(Mandatory)] [string]$${opts.extraMandatory}`);
  return {
    'pexip_teams_connector/version.json': JSON.stringify({ major: opts.major ?? 26, minor: 2 }),
    'pexip_teams_connector/create_vmss_deployment.ps1': `# Deploys the VMSS (test copy)\n[CmdletBinding()]\nparam(\n${params.join(',\n')}\n)\nWrite-Host "deploying"\n`,
    'pexip_teams_connector/PexTeamsCviApplication.psm1': `${MODULE_FUNCTIONS.map((f) => `function ${f} { param($x) }`).join('\n')}\nfunction Internal-Helper {}\nExport-ModuleMember -Function ${MODULE_FUNCTIONS.join(', ')}\n`,
    'pexip_teams_connector/readme.txt': 'not read',
  };
}

const project = { connectorVersion: '26.2' };
const codes = (entries: Record<string, string>) =>
  checkConnectorFiles(readConnectorZipBytes(zip(entries)), project).map((f) => [f.code, f.severity]);

test('the documented v26 ZIP passes', () => {
  const files = readConnectorZipBytes(zip(v26()));
  assert.ok(files.versionJson && files.createVmss && files.module);
  assert.deepEqual(
    scriptParameters(files.createVmss!)!.map((p) => p.name),
    vmssParameterNames(),
  );
  assert.deepEqual(checkConnectorFiles(files, project), []);
});

test('a renamed parameter is an error naming it', () => {
  const f = checkConnectorFiles(readConnectorZipBytes(zip(v26({ rename: ['PexipFqdns', 'PexipNodeFqdns'] }))), project);
  assert.deepEqual(
    f.map((x) => [x.code, x.severity]),
    [['zip.parameter-unknown', 'error']],
  );
  assert.match(f[0]!.message, /-PexipFqdns/);
});

test('an extra mandatory parameter is an error naming it', () => {
  const f = checkConnectorFiles(readConnectorZipBytes(zip(v26({ extraMandatory: 'TeamsConnectorSku' }))), project);
  assert.deepEqual(
    f.map((x) => [x.code, x.severity]),
    [['zip.parameter-mandatory-missing', 'error']],
  );
  assert.match(f[0]!.message, /-TeamsConnectorSku/);
});

test('another major version is an error', () => {
  assert.deepEqual(codes(v26({ major: 27 })), [['zip.version-mismatch', 'error']]);
  assert.deepEqual(connectorVersion('{"major":"26","minor":"1"}'), { major: 26, minor: 1, text: '26.1' });
  // The project's own minor must match too when both say one.
  assert.deepEqual(
    checkConnectorFiles(readConnectorZipBytes(zip(v26())), { connectorVersion: '26.1' }).map((f) => f.code),
    ['zip.version-mismatch'],
  );
});

test('a function the scripts call that the module does not export; missing files', () => {
  const e = v26();
  e['pexip_teams_connector/PexTeamsCviApplication.psm1'] = e[
    'pexip_teams_connector/PexTeamsCviApplication.psm1'
  ]!.replace(', Publish-PexTeamsAdminConsentWebSite', '');
  const f = checkConnectorFiles(readConnectorZipBytes(zip(e)), project);
  assert.deepEqual(
    f.map((x) => x.code),
    ['zip.function-missing'],
  );
  assert.match(f[0]!.message, /Publish-PexTeamsAdminConsentWebSite/);
  assert.deepEqual(
    codes({ 'a/readme.txt': 'x' }).map(([c]) => c),
    ['zip.file-missing', 'zip.file-missing', 'zip.file-missing'],
  );
  // A manifest's FunctionsToExport wins; without any export list every function is exported.
  assert.deepEqual(exportedFunctions('function A {}\nfunction B {}', "@{ FunctionsToExport = @('A') }"), ['A']);
  assert.deepEqual(exportedFunctions('function A {}\nfunction B {}', null), ['A', 'B']);
});

test('the unpacked folder is read the same way; a non-ZIP file is an input error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcw-zip-'));
  try {
    for (const [name, text] of Object.entries(v26({ major: 27 }))) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const files = await readConnectorFiles(dir);
    assert.deepEqual(
      checkConnectorFiles(files, project).map((f) => f.code),
      ['zip.version-mismatch'],
    );
    writeFileSync(join(dir, 'not.zip'), 'hello');
    await assert.rejects(readConnectorFiles(join(dir, 'not.zip')), /not a ZIP archive/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
