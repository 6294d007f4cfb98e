// Hostile and garbage input: the importer must never throw, never hang, and whatever it returns must
// be a well-formed result (a schema-valid project or null, findings of the documented shape).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { importScripts } from '../../../shared/import/import-scripts.ts';
import { tokenize } from '../../../shared/import/lexer.ts';
import { parseProject } from '../../../shared/model/project.ts';

const SEVERITIES = new Set(['error', 'warning', 'info']);

function checkResult(r: ReturnType<typeof importScripts>): void {
  assert.ok(Array.isArray(r.findings));
  for (const f of r.findings) {
    assert.ok(SEVERITIES.has(f.severity));
    assert.equal(typeof f.code, 'string');
    assert.ok(f.message.length > 0);
  }
  if (r.project !== null)
    assert.equal(parseProject(JSON.parse(JSON.stringify(r.project))).ok, true, JSON.stringify(r.project));
}

// Fragments of the PowerShell the importer sees, glued together at random: reaches deep into the
// tokenizer and evaluator far more often than uniform random text.
const fragment = fc.constantFrom(
  '$PxBaseConnName',
  '$PxVmssRegion',
  '$PxNodeFqdns',
  '$tags',
  '$PxMgmtSrcAddrPrefixes',
  '$PxCustomerUsageAttribution',
  '$PxWinAdminPassword',
  '$AppId',
  '$x',
  '$true',
  '$false',
  '$null',
  '${odd name}',
  '$env:PATH',
  ' = ',
  '=',
  ' + ',
  ',',
  ';',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '`',
  '`\n',
  '#',
  '<#',
  '#>',
  '<replace with $true or $false>',
  '@(',
  '@{',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '\u2018',
  '\u2019',
  '\u201C',
  '\u201D',
  '""',
  "''",
  '"$($PxBaseConnName)-x"',
  '"$(Get-Date)"',
  '$(',
  '"a`"b"',
  "'it''s'",
  '"k"="v"',
  'Get-Item',
  '|',
  '.Trim()',
  '123',
  'eu',
  'contoso',
  '"203.0.113.0/24"',
  '\uFEFF',
  '\u0000',
  '\u{1F600}',
  '@"',
  '"@',
);

test('random fragments of PowerShell never make the importer throw', () => {
  fc.assert(
    fc.property(
      fc.array(fragment, { maxLength: 80 }),
      fc.array(fragment, { maxLength: 30 }),
      fc.array(fragment, { maxLength: 30 }),
      (a, b, c) => {
        const r = importScripts({ initScript: a.join(''), redeployScript: b.join(''), installOutput: c.join('') });
        checkResult(r);
      },
    ),
    { numRuns: 1500 },
  );
});

test('arbitrary unicode text never makes the importer throw', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 200 }), (s, t) => {
      checkResult(importScripts({ initScript: s, redeployScript: t, installOutput: s }));
    }),
    { numRuns: 400 },
  );
});

test('valid scripts with one line damaged at random still import, with a finding naming a line', () => {
  const lines = [
    '$PxBaseConnName = "contoso"',
    '$PxVmssRegion = "eu"',
    '$PxNodeFqdns = "px.vc.example.com"',
    '$PxMgmtSrcAddrPrefixes = @( "203.0.113.10" )',
    '$PxCustomerUsageAttribution = $false',
    '$tags = @{ a = "b" }',
  ];
  fc.assert(
    fc.property(fc.nat(lines.length - 1), fc.nat(30), fragment, (which, at, junk) => {
      const copy = [...lines];
      const l = copy[which]!;
      copy[which] = l.slice(0, Math.min(at, l.length)) + junk + l.slice(Math.min(at, l.length));
      const r = importScripts({ initScript: copy.join('\n') });
      checkResult(r);
    }),
    { numRuns: 800 },
  );
});

test('huge and deeply nested input finishes quickly and without a stack overflow', () => {
  const deep = '$PxMgmtSrcAddrPrefixes = ' + '@('.repeat(50000) + '"1.2.3.4"' + ')'.repeat(50000);
  const started = Date.now();
  checkResult(importScripts({ initScript: deep }));
  const long = ('$PxVmssRegion = "eu"\n' + 'x'.repeat(1000) + '\n').repeat(2000);
  checkResult(importScripts({ initScript: long }));
  const unclosed = '$PxVmssRegion = "eu\n' + '$PxBaseConnName = "a"\n'.repeat(5000);
  checkResult(importScripts({ initScript: unclosed }));
  assert.ok(Date.now() - started < 20_000);
});

test('the tokenizer keeps line numbers across CRLF, lone CR, block comments and multi-line strings', () => {
  const toks = tokenize('$a = 1\r\n<# x\r\ny #>\r$b = "p\nq"\n$c = 2');
  const vars = toks.filter((t) => t.type === 'var').map((t) => [t.type === 'var' && t.name, t.line]);
  assert.deepEqual(vars, [
    ['a', 1],
    ['b', 4],
    ['c', 6],
  ]);
});

test('nesting beyond any real script is refused with a finding, not a crash', () => {
  const r = importScripts({
    initScript: '$PxVmssRegion = "eu"\n$PxMgmtSrcAddrPrefixes = ' + '@('.repeat(100) + '"1.2.3.4"' + ')'.repeat(100),
  });
  assert.ok(r.findings.some((f) => f.code === 'import.not-evaluated' && /nested too deeply/.test(f.message)));
  assert.ok(!r.findings.some((f) => f.code === 'import.internal'));
});
