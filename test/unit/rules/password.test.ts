import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateProject, validateField, RESERVED_ADMIN_PASSWORDS } from '../../../shared/rules/validate.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { codes } from './helpers.ts';

const pw = (password: string) =>
  validateProject(exampleProject(), { adminPassword: password }).filter((f) => f.field === 'PxWinAdminPassword');

test('no password given: no password finding (the scripts ask at run time)', () => {
  assert.deepEqual(
    validateProject(exampleProject()).filter((f) => f.field === 'PxWinAdminPassword'),
    [],
  );
});

test('length 8 and 123 pass, 7 and 124 fail', () => {
  assert.deepEqual(pw('Abcdef1!'), []);
  assert.deepEqual(pw(`Ab1!${'x'.repeat(119)}`), []);
  assert.deepEqual(codes(pw('Abcde1!')), ['admin-password.length']);
  assert.deepEqual(codes(pw(`Ab1!${'x'.repeat(120)}`)), ['admin-password.length']);
});

test('three of four classes; \\ - $ are not special', () => {
  assert.deepEqual(pw('abcdefG1'), []); // lower, upper, digit
  assert.deepEqual(pw('abcdefg1!'), []); // lower, digit, special
  assert.deepEqual(pw('ABCDEFG!x'), []); // upper, special, lower
  assert.deepEqual(pw('abcd efG'), []); // a space counts as special (Azure: [\W_])
  assert.deepEqual(pw('abcd_efG'), []); // so does underscore
  for (const p of ['abcdefgh1', 'abcdefgh\\1', 'abcdefgh-1', 'abcdefgh$1', 'ABCDEFGH$-\\', '12345678!']) {
    const f = pw(p);
    assert.deepEqual(codes(f), ['admin-password.complexity'], p);
  }
  assert.match(pw('abcdefgh$1')[0]!.message, /only 2 of the 4/);
  assert.match(pw('abcdefgh$1')[0]!.message, /upper-case letters or special characters/);
});

test('reserved passwords are refused, ignoring case', () => {
  assert.equal(RESERVED_ADMIN_PASSWORDS.length, 10);
  for (const p of RESERVED_ADMIN_PASSWORDS) {
    assert.ok(codes(pw(p)).includes('admin-password.reserved'), p);
    assert.ok(codes(pw(p.toUpperCase())).includes('admin-password.reserved'), p);
  }
});

test('control characters are refused', () => {
  assert.deepEqual(codes(pw('Abcdef1!\n')), ['admin-password.chars']);
});

test('password findings are project-wide from validateProject and never quote the password', () => {
  const secret = 'P@ssw0rd';
  const f = pw(secret);
  assert.ok(f.length > 0);
  for (const x of f) {
    assert.equal(x.region, null);
    assert.ok(!x.message.includes(secret));
  }
});

test('validateField checks the password as it is typed', () => {
  assert.deepEqual(codes(validateField('PxWinAdminPassword', 'short')), [
    'admin-password.length',
    'admin-password.complexity',
  ]);
  assert.deepEqual(validateField('PxWinAdminPassword', 'Longer-Passw0rd'), []);
});
