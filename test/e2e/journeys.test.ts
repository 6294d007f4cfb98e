// End to end in Debian's Chromium against browser mode (`tcw ui`): the three journeys with the
// guide's example values, axe-core on every step, screenshots in test-results/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, openChromium, type UiServer, type Session } from './support.ts';
import {
  firstInstall,
  addRegion,
  redeploy,
  resumeAfterReload,
  themes,
  deviceCodePrompts,
  type FlowLog,
} from './flows.ts';
import { startLive, type Live } from './live.ts';

let ui: UiServer;
let session: Session;
let live: Live;
const pageErrors: string[] = [];

before(async () => {
  live = await startLive();
  ui = await startUi(live.env);
  session = await openChromium();
  session.page.on('pageerror', (e) => pageErrors.push(e.message));
  // 501 is the bridge saying a service is not part of this build (the page shows that message).
  session.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 501/.test(m.text())) pageErrors.push(m.text());
  });
});

after(async () => {
  await session?.close();
  await ui?.stop();
  await live?.close();
});

async function run(
  name: string,
  flow: (p: typeof session.page, url: string, log: FlowLog) => Promise<void>,
): Promise<void> {
  const log: FlowLog = { violations: [], screenshots: [] };
  pageErrors.length = 0;
  // A fresh document per journey (the token has left the address bar, so a plain goto would only
  // change the fragment), with no resumable journey left from the previous one.
  await session.page.evaluate('try { localStorage.clear() } catch (e) { /* about:blank */ }').catch(() => undefined);
  await session.page.goto('about:blank');
  await flow(session.page, ui.url, log);
  assert.deepEqual(log.violations, [], `${name}: no serious or critical axe violations`);
  assert.ok(log.screenshots.length > 0);
  assert.deepEqual(pageErrors, [], 'no errors in the page');
}

test('first install, end to end, with Azure (emulator), certificates and DNS', { timeout: 180_000 }, () =>
  run('first install', (p, u, l) => firstInstall(p, u, l, live)),
);
test('add a region from the saved scripts', { timeout: 120_000 }, () => run('add region', addRegion));
test('redeploy / upgrade from version-25 scripts, Owner checked in Azure', { timeout: 120_000 }, () =>
  run('redeploy', (p, u, l) => redeploy(p, u, l, live)),
);
test('a reload resumes at the same step', { timeout: 60_000 }, () => run('resume', resumeAfterReload));
test('dark theme and narrow window', { timeout: 60_000 }, () => run('themes', themes));

// Every device-code sign-in of the journeys above showed exactly one code (the Azure layer asks with
// one CAE flag and one flow at a time). Runs after the journeys.
test('one device code per sign-in', () => {
  assert.ok(deviceCodePrompts.length > 0, 'the journeys signed in with a device code');
  assert.deepEqual(
    deviceCodePrompts,
    deviceCodePrompts.map(() => 1),
  );
});
