// Shared e2e plumbing: browser mode (`tcw ui`) spawned on 127.0.0.1, Debian's Chromium through
// playwright-core with a fresh profile, axe-core on every step, screenshots to test-results/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, _electron, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const require = createRequire(import.meta.url);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export interface UiServer {
  url: string;
  child: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** Spawns `tcw ui --no-open` (a free port) with its own data folder and returns the printed address. */
export async function startUi(env: Record<string, string> = {}): Promise<UiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tcw-e2e-data-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'tcw.js'), 'ui', '--no-open'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CI: 'true',
      TCW_DATA_DIR: dataDir,
      XDG_CONFIG_HOME: dataDir,
      HOME: dataDir,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`tcw ui printed no address within 60 s. stderr: ${stderr}`)),
      60_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\//.test(l.trim()));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tcw ui exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium with a new empty profile (launchPersistentContext owns --user-data-dir). */
export async function openChromium(
  opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; hasTouch?: boolean } = {},
): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'tcw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    hasTouch: opts.hasTouch ?? false,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The same flows in the Electron app, where an Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH). */
export async function openElectron(): Promise<Session> {
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH as string;
  const app = await _electron.launch({
    executablePath: join(dist, process.platform === 'win32' ? 'electron.exe' : 'electron'),
    args: [join(ROOT, 'out', 'electron', 'main.cjs')],
    cwd: ROOT,
  });
  const page = await app.firstWindow();
  return { context: app.context(), page, close: () => app.close() };
}

export const electronAvailable = (): string | false =>
  process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? false
    : 'ELECTRON_OVERRIDE_DIST_PATH is not set: no Electron binary on this machine (it cannot be downloaded here), so the Electron run of these flows is skipped.';

/** axe-core in the page; returns serious and critical violations (rule id, nodes). */
export async function axe(page: Page, where: string): Promise<string[]> {
  // Page-side code as strings: this file is type-checked without the DOM library.
  const has = (await page.evaluate("typeof window.axe !== 'undefined'")) as boolean;
  // The page's CSP (script-src 'self') refuses addScriptTag's inline script, rightly; evaluating the
  // source through the DevTools protocol is not subject to it and leaves the CSP in force for the app.
  if (!has) await page.evaluate(axeSource());
  const result = (await page.evaluate("window.axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

let axeCache: string | null = null;
function axeSource(): string {
  axeCache ??= readFileSync(require.resolve('axe-core'), 'utf8');
  return axeCache;
}

/** Waits until a page expression is true: polled, because the page's CSP refuses waitForFunction's eval. */
export async function untilTrue(page: Page, expr: string, timeoutMs = 15_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expr))) {
    if (Date.now() > deadline) throw new Error(`never true within ${timeoutMs} ms: ${expr}`);
    await page.waitForTimeout(everyMs);
  }
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
