import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { psArray, psBool, psHashtable, psQuote } from '../../../shared/emit/ps-literals.ts';
import { assertParses, readVerbatim, shape, verbatimLiterals } from '../../support/powershell.ts';
import { hostileString } from './fixtures.ts';

test('psQuote doubles the apostrophe and the four typographic single quotes', () => {
  assert.equal(psQuote("it's"), "'it''s'");
  assert.equal(psQuote('a\u2018b\u2019c\u201Ad\u201Be'), "'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be'");
  assert.equal(psQuote(''), "''");
});

test('psQuote leaves PowerShell syntax inert (no expansion inside single quotes)', () => {
  assert.equal(psQuote('$(Remove-Item C:\\)'), "'$(Remove-Item C:\\)'");
  assert.equal(psQuote('a`nb"c'), "'a`nb\"c'");
});

test('double quotes are not quote characters in a single-quoted literal', () => {
  assert.equal(psQuote('\u201Cx\u201D'), "'\u201Cx\u201D'");
});

test('arrays, hashtables and booleans', () => {
  assert.equal(psArray([]), '@()');
  assert.equal(psArray(['a', "b'c"]), "@('a', 'b''c')");
  assert.equal(psHashtable({}), '@{}');
  assert.equal(
    psHashtable({ ResourceOwner: 'user@domain', "Cost'Center": 'Video Services' }),
    "@{ 'ResourceOwner' = 'user@domain'; 'Cost''Center' = 'Video Services' }",
  );
  assert.equal(psBool(true), '$true');
  assert.equal(psBool(false), '$false');
  assertParses(`$a = ${psArray(['x', 'y'])}\n$t = ${psHashtable({ k: 'v', 'k 2': 'w' })}\n$b = ${psBool(false)}\n`);
});

test('the test helper notices a typographic quote that was not doubled', () => {
  assert.throws(() => verbatimLiterals("$a = 'a\u2019b'"), /ends early/);
  assert.deepEqual(readVerbatim("'a\u2019\u2019b'"), { value: 'a\u2019b', length: 6 });
});

test('psQuote refuses NUL instead of writing a file that other tools cut short', () => {
  assert.throws(() => psQuote('a\u0000b'), /NUL/);
});

test('property: psQuote(x) is one literal whose PowerShell value is exactly x', () => {
  const benign = shape("$v = 'x'\n$w = 1\n");
  fc.assert(
    fc.property(hostileString, (x) => {
      if (x.includes('\u0000')) return;
      const src = `$v = ${psQuote(x)}\n$w = 1\n`;
      assertParses(src);
      assert.deepEqual(shape(src), benign);
      const lits = verbatimLiterals(src);
      assert.equal(lits.length, 1);
      assert.equal(lits[0]!.value, x);
    }),
    { numRuns: 500 },
  );
});
