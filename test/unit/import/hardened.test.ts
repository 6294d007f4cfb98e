// The hardened importer: last assignment wins (an unreadable one makes the value unknown), encodings,
// linear time on hostile text, typed assignments and here-strings, automatic variables, control
// characters in secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importInitScript, importScripts } from '../../../shared/import/import-scripts.ts';
import { decodeScriptBytes, encodingFindings } from '../../../shared/import/decode.ts';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { hostileScript } from '../../support/hostile-script.ts';

const base = (extra: string) =>
  `$PxBaseConnName = 'contoso'\n$PxVmssRegion = 'eu'\n$PxAzureLocation = 'westeurope'\n${extra}\n`;

test('last assignment wins; an unreadable later one makes the value unknown, with a finding that says so', () => {
  const r = importInitScript(base('$PxAzureLocation = $env:AZLOC'));
  assert.equal(r.region!.variables.PxAzureLocation, '', 'the earlier literal is not kept');
  const f = r.findings.find((x) => x.code === 'import.not-evaluated' && x.field === 'PxAzureLocation')!;
  assert.match(f.message, /value is unknown \(the value on line 3 is not used/);
  assert.doesNotMatch(f.message, /default is used/);
  const later = importInitScript(base("$PxAzureLocation = Read-Host 'where'\n$PxAzureLocation = 'northeurope'"));
  assert.equal(later.region!.variables.PxAzureLocation, 'northeurope');
  // A variable built from an unknown one is unknown too.
  const chained = importInitScript(
    base('$PxVmssRegion = $env:R\n$PxTeamsConnFqdn = "pexip-$($PxVmssRegion).example.com"'),
  );
  assert.equal(chained.region!.variables.PxTeamsConnFqdn, '');
});

test('typed assignments and here-strings are read', () => {
  const r = importInitScript(
    base(
      "[string]$PxTeamsConnInstanceCount = 3\n[string[]]$PxMgmtSrcAddrPrefixes = '203.0.113.10'\n$PxTeamsConnFqdn = @'\nconn.example.com\n'@\n$PxPfxCertFileName = @\"\n.\\$($PxVmssRegion).pfx\n\"@",
    ),
  );
  const v = r.region!.variables;
  assert.equal(v.PxTeamsConnInstanceCount, '3');
  assert.deepEqual(v.PxMgmtSrcAddrPrefixes, ['203.0.113.10']);
  assert.equal(v.PxTeamsConnFqdn, 'conn.example.com');
  assert.equal(v.PxPfxCertFileName, '.\\eu.pfx');
  assert.ok(importInitScript(base("[int]$x = 'abc'")).findings.some((f) => f.code === 'import.not-evaluated'));
});

test('automatic variables ($$, $?, $_, $args …) are unreadable, never kept literally', () => {
  for (const expr of ['"a$$"', '"a$?"', '"$_"', '$args', '"$PSScriptRoot\\x.pfx"', '$?']) {
    const r = importInitScript(base(`$PxPfxCertFileName = ${expr}`));
    assert.equal(r.region!.variables.PxPfxCertFileName, '', expr);
    assert.ok(
      r.findings.some(
        (f) =>
          f.code === 'import.not-evaluated' && f.field === 'PxPfxCertFileName' && /automatic variable/.test(f.message),
      ),
      expr,
    );
  }
});

test('control characters in secrets are refused with a finding; generate never throws on them', () => {
  const r = importScripts({ initScript: base('$PxWinAdminPassword = "Abc`n12345!"\n$AppPassword = "x`0y"') });
  assert.equal(r.secrets.adminPassword, undefined);
  assert.equal(r.secrets.appPassword, undefined);
  assert.deepEqual(
    r.findings
      .filter((f) => f.code === 'import.secret-control-chars')
      .map((f) => f.field)
      .sort(),
    ['AppPassword', 'PxWinAdminPassword'],
  );
  for (const appPassword of ['a\u0000b', 'a\nb', 'a\u2028b']) {
    const p = { ...exampleProject(), app: { appId: 'c054d1cb-7961-48e1-b004-389e81356232' } };
    const g = generateArtifacts({ project: p, journey: 'redeploy', includeSecrets: true, secrets: { appPassword } });
    assert.deepEqual(g.artifacts, []);
    assert.deepEqual(
      g.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.field]),
      [['emit.unsafe-value', 'AppPassword']],
    );
  }
});

test('encodings: UTF-8 ±BOM, UTF-16 LE/BE, Windows-1252 for BOM-less non-UTF-8 bytes (with an info finding)', () => {
  const text = "$PxWinAdminUser = 'René'";
  const utf8 = Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  const cp1252 = Buffer.from(text, 'latin1');
  const cases: [Uint8Array, string][] = [
    [utf8, 'utf-8'],
    [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'utf-8-bom'],
    [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le'],
    [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16be'],
    [cp1252, 'windows-1252'],
  ];
  for (const [bytes, enc] of cases) {
    const d = decodeScriptBytes(bytes);
    assert.equal(d.text, text, enc);
    assert.equal(d.encoding, enc);
    assert.equal(encodingFindings(d, 'init script').length, enc === 'windows-1252' ? 1 : 0);
  }
  // Windows-1252's own letters above 0x7F (€ is 0x80 there).
  assert.equal(decodeScriptBytes(Buffer.from([0x80, 0x41, 0x92, 0x9f])).text, '€A\u2019\u0178');
  assert.equal(encodingFindings(decodeScriptBytes(cp1252), 'init script')[0]!.severity, 'info');
});

const hostile = hostileScript;
function cpuMs(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

test('linear time: 5 MB of hostile input costs about 20× the 256 KB time, not 400× (the absolute figure is in npm run bench generate)', () => {
  const small = hostile(256 * 1024);
  const large = hostile(5 * 1024 * 1024);
  cpuMs(() => importScripts({ initScript: small })); // warm-up
  const tSmall = cpuMs(() => importScripts({ initScript: small }));
  let findings = 0;
  const tLarge = cpuMs(() => {
    findings = importScripts({ initScript: large }).findings.length;
  });
  assert.ok(findings < 500, `findings are summarised (${findings})`);
  // Quadratic growth would be 400×; linear is 20×. Generous for a shared machine, far below 400.
  assert.ok(
    tLarge < Math.max(tSmall, 5) * 60,
    `5 MB took ${Math.round(tLarge)} ms vs ${Math.round(tSmall)} ms for 256 KB`,
  );
});
