// Password files: byte-order marks and the final line break are the file's, not the password's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordFromFile } from '../../../shared/cert/password.ts';

const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

test('BOMs (UTF-8, UTF-16LE, UTF-16BE) and one final line break are dropped; the rest is kept', () => {
  const pw = ' Mötley Crüe 世界 ';
  assert.equal(passwordFromFile(Buffer.from(pw)), pw);
  assert.equal(passwordFromFile(Buffer.from(`${pw}\n`)), pw);
  assert.equal(passwordFromFile(Buffer.from(`${pw}\r\n`)), pw);
  assert.equal(passwordFromFile(Buffer.from(`${pw}\n\n`)), `${pw}\n`, "only one line break is the file's");
  assert.equal(passwordFromFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${pw}\r\n`)])), pw);
  assert.equal(passwordFromFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${pw}\r\n`, 'utf16le')])), pw);
  assert.equal(passwordFromFile(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(`${pw}\n`)])), pw);
  assert.equal(passwordFromFile(new Uint8Array(0)), '');
  // A BOM-like character inside the password stays.
  assert.equal(passwordFromFile(Buffer.from('a\uFEFFb')), 'a\uFEFFb');
});
