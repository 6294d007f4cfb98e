// `tcw ui`: the wizard in the browser, served on 127.0.0.1 with a per-session token.
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { defineCommand } from '../command.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from '../io.ts';

const HELP = `Usage: tcw ui [--port N] [--no-open]

Serves the wizard on http://127.0.0.1 (this machine only) and opens it in your browser.
The printed address carries an access key after "#token=": it is made new each time
tcw ui starts and works until it stops, in any tab you open with the full address.
Keep it to yourself. Press Ctrl+C to stop; a new start prints a new address.

Options:
  --port N     listen on port N; 0 (the default) picks a free port
  --no-open    print the address without opening a browser (always so when CI=true)
  -h, --help   show this help
`;

export const run = defineCommand({
  name: 'ui',
  help: HELP,
  options: { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
  run: async ({ values, io }) => {
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      // 0 asks the OS for any free port, like leaving --port out (scripts pass it explicitly).
      if (!/^\d+$/.test(values.port) || !Number.isInteger(port) || port > 65535) {
        throw new UsageError(`--port must be a number from 0 to 65535, 0 for any free port (got "${values.port}").`);
      }
    }
    const { startBrowserMode, RENDERER_DIR, REPO_ROOT } = await import('../../bridge/browser-mode.ts');
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      const built = await buildRenderer(REPO_ROOT, io);
      if (!built) return EXIT_USAGE;
    }
    let bridge: Awaited<ReturnType<typeof startBrowserMode>>;
    try {
      bridge = await startBrowserMode({
        ...(port !== undefined ? { port } : {}),
        env: io.env,
        log: (l) => io.stderr(`${l}\n`),
      });
    } catch (e) {
      io.stderr(`tcw ui: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
    // The address alone on stdout (scripts and tests read the first line); the rest on stderr.
    io.stdout(`${bridge.url}\n`);
    io.stderr('tcw ui: the wizard is running on this machine only. Keep this terminal open; press Ctrl+C to stop.\n');
    let opener: { dispose: () => Promise<void> } | null = null;
    if (!values['no-open'] && io.env.CI !== 'true') opener = await openBrowser(bridge.url, io);

    await new Promise<void>((resolveStop) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolveStop();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await opener?.dispose();
    await bridge.close();
    io.stderr('tcw ui: stopped.\n');
    return EXIT_OK;
  },
});

/** Builds out/renderer with vite's JS API when the build is missing (fresh clone). */
async function buildRenderer(root: string, io: CliIo): Promise<boolean> {
  const config = join(root, 'renderer', 'vite.config.ts');
  if (!existsSync(config)) {
    io.stderr(
      'tcw ui: the wizard pages are not built and this checkout has no renderer/vite.config.ts. Run "npm run build:renderer" in a complete checkout.\n',
    );
    return false;
  }
  io.stderr('tcw ui: building the wizard pages once (out/renderer)…\n');
  try {
    const { build } = await import('vite');
    await build({ configFile: config, logLevel: 'warn' });
  } catch (e) {
    io.stderr(
      `tcw ui: building the pages failed: ${(e as Error).message}\nRun "npm run build:renderer" to see the details.\n`,
    );
    return false;
  }
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    io.stderr(
      'tcw ui: the build finished but out/renderer/index.html is missing. Run "npm run build:renderer" and check its output folder.\n',
    );
    return false;
  }
  return true;
}

/** The redirect page: sends the browser on to the wizard's address, key included, without a trace in history. */
function redirectPage(url: string): string {
  const json = JSON.stringify(url).replace(/</g, '\\u003c');
  return `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Teams Connector wizard</title><script>location.replace(${json});</script>\n`;
}

/**
 * Opens the browser without putting the access key in any process's arguments (any local user can
 * list those): the opener gets the path of an owner-only page (0600, in a 0700 folder) that
 * redirects to the address. The page is deleted after a minute, or when tcw ui stops.
 */
async function openBrowser(url: string, io: CliIo): Promise<{ dispose: () => Promise<void> } | null> {
  let dir: string;
  let page: string;
  try {
    dir = await mkdtemp(join(tmpdir(), 'tcw-ui-'));
    page = join(dir, 'open.html');
    const fh = await open(page, 'wx', 0o600);
    try {
      await fh.chmod(0o600);
      await fh.writeFile(redirectPage(url));
    } finally {
      await fh.close();
    }
  } catch {
    io.stderr('tcw ui: could not prepare the page that opens the browser; open the address above yourself.\n');
    return null;
  }
  const dispose = () => rm(dir, { recursive: true, force: true }).catch(() => undefined);
  const timer = setTimeout(() => void dispose(), 60_000);
  timer.unref();
  const [cmd, args]: [string, string[]] =
    process.platform === 'darwin'
      ? ['open', [page]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', page]]
        : ['xdg-open', [page]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => io.stderr('tcw ui: could not open a browser; open the address above yourself.\n'));
    child.unref();
  } catch {
    io.stderr('tcw ui: could not open a browser; open the address above yourself.\n');
  }
  return {
    dispose: async () => {
      clearTimeout(timer);
      await dispose();
    },
  };
}
