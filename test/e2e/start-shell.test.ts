// The start page's static shell (renderer/start-shell/): the page is there and takes a press as soon
// as its HTML has arrived, before React and MUI have loaded; the app then takes over without the
// page moving, replays the press, keeps the theme chosen and the focus; and a tab without the access
// key or with a journey to resume gets no shell at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { startUi, openChromium, shot, axe, untilTrue, ROOT, type UiServer } from './support.ts';
import { JOURNEYS } from '../../renderer/views/journeys.ts';

let ui: UiServer;
before(async () => {
  ui = await startUi();
});
after(async () => {
  await ui?.stop();
});

/** Holds the app's entry module back until release() is called: the page stays the static shell. */
async function holdApp(page: Page): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route(/\/assets\/index-[^/]*\.js$/, async (route: Route) => {
    await gate;
    await route.continue();
  });
  return release;
}

const appStarted = (page: Page) => page.evaluate("performance.getEntriesByName('tcw:main').length > 0");

/** Top-left corner and size of every start-page control and the heading, to the pixel. */
async function layout(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('h1, [data-intent]')]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => { const r = e.getBoundingClientRect(); return [e.textContent, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)].join(' '); })`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`${colorScheme}: the shell takes a press before the app has loaded, and the app carries it on`, async () => {
    const s = await openChromium({ colorScheme });
    try {
      const { page } = s;
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const release = await holdApp(page);
      await page.goto(ui.url, { waitUntil: 'commit' });
      const start = page.getByRole('button', { name: 'Start first install' });
      await start.waitFor();
      assert.equal(await appStarted(page), false, 'the app has not started: this is the static shell');
      assert.equal(await page.evaluate('document.documentElement.dataset.tcwShell'), colorScheme);
      const before = await layout(page);
      await shot(page, `start-shell-${colorScheme}-before-app`);
      assert.deepEqual(await axe(page, `start page shell (${colorScheme})`), [], 'the shell as accessible as the app');
      await start.click();
      assert.equal(await start.getAttribute('aria-busy'), 'true', 'the pressed button says it is working');
      await page.getByRole('status').filter({ hasText: 'Loading the wizard' }).waitFor();
      release();
      await page.getByRole('heading', { name: 'Before you start' }).first().waitFor();
      assert.equal(await appStarted(page), true);
      assert.equal(await page.evaluate('document.documentElement.hasAttribute("data-tcw-shell")'), false);
      // The app's own start page, back from the journey, stands exactly where the shell's did.
      await page.getByRole('button', { name: 'Start page' }).click();
      await start.waitFor();
      assert.deepEqual(await layout(page), before, 'no control moves when the app takes over');
      assert.deepEqual(await axe(page, `start page (${colorScheme})`), []);
      assert.deepEqual(errors, []);
    } finally {
      await s.close();
    }
  });
}

test('the built page holds both variants, whole: every control named, ids unique, every class styled', () => {
  const page = readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8');
  const styles = [...page.matchAll(/<style data-emotion="css ([^"]*)">/g)].map((m) => m[1]!.split(' '));
  assert.equal(styles.length, 1, 'one style element for emotion to take over');
  const named = new Set(styles[0]);
  for (const mode of ['light', 'dark']) {
    const start = page.indexOf(`tcw-shell-${mode}"`);
    assert.ok(start > 0, mode);
    const variant = page.slice(start, mode === 'light' ? page.indexOf('tcw-shell-dark"') : undefined);
    const intents = [...variant.matchAll(/data-intent="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(intents, ['theme', ...JOURNEYS.map((j) => `start:${j.journey}`), 'open', 'import'], mode);
    const classes = [...variant.matchAll(/\bcss-([a-z0-9]+)\b/g)].map((m) => m[1]!);
    assert.ok(classes.length > 20, `${mode}: ${classes.length} styled elements`);
    for (const cls of classes) assert.ok(named.has(cls), `${mode}: css-${cls} is styled`);
  }
  const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, `unique ids: ${ids.join(' ')}`);
});

test('browser mode serves the built shell script inside the page, under a CSP naming its hash', async () => {
  const r = await fetch(new URL('/', ui.url));
  const page = await r.text();
  assert.doesNotMatch(page, /<script src="\.\/assets\/start-shell-/, 'no request for it');
  const inline = /<script>([^<]*startShell[^<]*)<\/script>/.exec(page);
  assert.ok(inline, 'the shell script is in the page');
  const hash = createHash('sha256').update(inline[1]!).digest('base64');
  assert.match(
    r.headers.get('content-security-policy') ?? '',
    new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}';`),
  );
});

test('a page that draws no frames (hidden) still loads the app', async () => {
  const s = await openChromium();
  try {
    const { page } = s;
    // As in a background tab or a window not shown yet: hidden, and requestAnimationFrame never calls back.
    await page.addInitScript(
      "Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden' }); window.requestAnimationFrame = () => 0;",
    );
    await page.goto(ui.url, { waitUntil: 'commit' });
    await untilTrue(page, "performance.getEntriesByName('tcw:app').length > 0");
    await page.getByRole('button', { name: 'Start first install' }).click();
    await page.getByRole('heading', { name: 'Before you start' }).first().waitFor();
  } finally {
    await s.close();
  }
});

test('the theme switch works in the shell; the app keeps the choice and the focus', async () => {
  const s = await openChromium({ colorScheme: 'light' });
  try {
    const { page } = s;
    const release = await holdApp(page);
    await page.goto(ui.url, { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    assert.equal(await page.evaluate('document.documentElement.dataset.tcwShell'), 'dark');
    assert.equal(await page.evaluate("localStorage.getItem('tcw.theme')"), 'dark');
    assert.equal(await page.evaluate("document.activeElement.getAttribute('aria-label')"), 'Switch to light theme');
    const shellBg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    await shot(page, 'start-shell-dark-switched');
    release();
    await untilTrue(page, "performance.getEntriesByName('tcw:main').length > 0");
    await untilTrue(page, '!document.documentElement.hasAttribute("data-tcw-shell")');
    assert.equal(await page.evaluate('getComputedStyle(document.body).backgroundColor'), shellBg, 'still dark');
    assert.equal(
      await page.evaluate("document.activeElement.getAttribute('aria-label')"),
      'Switch to light theme',
      'the focus stays on the switch',
    );
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    assert.equal(await page.evaluate("localStorage.getItem('tcw.theme')"), 'light');
  } finally {
    await s.close();
  }
});

test('no shell without the access key, nor with a journey to resume', async () => {
  const s = await openChromium();
  try {
    const { page } = s;
    const release = await holdApp(page);
    await page.goto(ui.url.replace(/#.*$/, ''), { waitUntil: 'commit' });
    await untilTrue(page, 'document.readyState !== "loading"');
    assert.equal(await page.evaluate('window.tcwStartShell === undefined'), true);
    assert.equal(await page.getByRole('button', { name: 'Start first install' }).count(), 0);
    release();
    await page.getByRole('heading', { name: 'Open the wizard with its full address' }).waitFor();

    // A journey to resume (same origin, so the same storage): the app's start page offers it.
    await page.evaluate(`localStorage.setItem('tcw.journey', '{}')`);
    const again = await s.context.newPage();
    const release2 = await holdApp(again);
    await again.goto(ui.url, { waitUntil: 'commit' });
    await untilTrue(again, 'document.readyState !== "loading"');
    assert.equal(await again.evaluate('window.tcwStartShell === undefined'), true);
    assert.equal(await again.getByRole('button', { name: 'Start first install' }).count(), 0);
    release2();
    await again.getByRole('button', { name: 'Start first install' }).waitFor();
  } finally {
    await s.close();
  }
});
