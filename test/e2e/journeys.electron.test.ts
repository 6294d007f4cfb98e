// The same journeys in the Electron app through Playwright's _electron, where a binary exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { electronAvailable, openElectron } from './support.ts';
import { firstInstall, addRegion, redeploy, type FlowLog } from './flows.ts';

const skip = electronAvailable();

for (const [name, flow] of [
  ['first install', firstInstall],
  ['add region', addRegion],
  ['redeploy', redeploy],
] as const) {
  test(`electron: ${name}`, { skip, timeout: 180_000 }, async () => {
    const s = await openElectron();
    try {
      const log: FlowLog = { violations: [], screenshots: [] };
      await flow(s.page, s.page.url(), log);
      assert.deepEqual(log.violations, []);
    } finally {
      await s.close();
    }
  });
}
