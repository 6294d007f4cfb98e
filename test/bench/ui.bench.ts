// UI figures: renderer bundle size (sum of gzip sizes of out/renderer assets) and start-page
// time-to-interactive in Debian's Chromium (navigation start → first enabled button in the DOM and
// shown: the static shell's, see renderer/start-shell/), plus when the app's own code takes over,
// median of cold loads (a new browser context each time, so nothing is cached). Targets: ≤ 350 KB, ≤ 300 ms.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ROOT, CHROMIUM_ARGS, startUi, untilTrue } from '../e2e/support.ts';

const OUT = join(ROOT, 'out', 'renderer');
const LOADS = 15;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

async function ensureBuilt(): Promise<void> {
  if (existsSync(join(OUT, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

// Runs in the page before any of its scripts: notes when the first enabled button is in the DOM and
// shown (the static start page's buttons are in the HTML but hidden until its script has run).
const PROBE = `
  (() => {
    const shown = (b) => (b.checkVisibility ? b.checkVisibility() : b.getClientRects().length > 0);
    const mark = () => {
      if (window.__tti === undefined && [...document.querySelectorAll('button:not([disabled])')].some(shown)) { window.__tti = performance.now(); obs.disconnect(); }
    };
    const obs = new MutationObserver(mark);
    obs.observe(document, { childList: true, subtree: true, attributes: true });
  })();
`;

export async function bench(): Promise<void> {
  await ensureBuilt();
  const sizes = files(OUT).map((f) => ({
    f,
    raw: statSync(f).size,
    gz: gzipSync(readFileSync(f), { level: 9 }).length,
  }));
  const gz = sizes.reduce((a, s) => a + s.gz, 0);
  const raw = sizes.reduce((a, s) => a + s.raw, 0);
  console.log(
    `renderer bundle: ${(gz / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(1)} KB raw, ${sizes.length} files) — target ≤ 350 KB: ${gz <= 350 * 1024 ? 'OK' : 'OVER'}`,
  );

  const ui = await startUi();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const times: number[] = [];
    // Where each load's time goes: the first enabled button shown (the shell), then the app's code:
    // its first script request (after the shell is painted), the entry module starting (all
    // start-page JavaScript loaded and evaluated) and React's first render replacing the shell.
    const phases: { scripts: number; main: number; app: number }[] = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(PROBE);
      await page.goto(ui.url);
      await untilTrue(page, 'window.__tti !== undefined');
      const t = (await page.evaluate('window.__tti')) as number;
      // The start page works from its static shell; the app's code loads after the shell is painted.
      // Wait for the app's first render too, to report when the whole app is there.
      await untilTrue(page, "performance.getEntriesByName('tcw:app').length > 0");
      const phase = (await page.evaluate(`({
        scripts: Math.min(...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')).map((e) => e.startTime)),
        main: performance.getEntriesByName('tcw:main')[0]?.startTime ?? NaN,
        app: performance.getEntriesByName('tcw:app')[0]?.startTime ?? NaN,
      })`)) as { scripts: number; main: number; app: number };
      if (i > 0) {
        times.push(t); // the first load also warms the server's file cache
        phases.push(phase);
      }
      await context.close();
    }
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    console.log(
      `  medians: first enabled button shown at ${mid(times).toFixed(0)} ms; the app's code: first script requested at ${mid(phases.map((p) => p.scripts)).toFixed(0)} ms, entry module starts at ${mid(phases.map((p) => p.main)).toFixed(0)} ms, first render at ${mid(phases.map((p) => p.app)).toFixed(0)} ms`,
    );
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    console.log(
      `start page time-to-interactive: median ${median.toFixed(0)} ms over ${times.length} cold loads (min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)}) — target ≤ 300 ms: ${median <= 300 ? 'OK' : 'OVER'}`,
    );
  } finally {
    await browser.close();
    await ui.stop();
  }
}
