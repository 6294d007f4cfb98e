// `tcw` entry point: dispatches to one module per command group, loaded on demand.
import { stdin, stdout, stderr, env, cwd } from 'node:process';
import { EXIT_USAGE, UsageError, type CliIo, type CommandHandler } from './io.ts';
import { promptSecret } from './prompt.ts';

const commands: Record<string, { summary: string; load: () => Promise<{ run: CommandHandler }> }> = {
  validate: {
    summary: 'check a project or an init script against every documented rule',
    load: () => import('./commands/validate.ts'),
  },
  generate: {
    summary: 'write the scripts, DNS records, Teams commands, firewall table and runbook',
    load: () => import('./commands/generate.ts'),
  },
  import: {
    summary: 'read an existing init script (and redeploy script) into a project',
    load: () => import('./commands/import.ts'),
  },
  cert: {
    summary: 'check the Teams Connector PFX and node certificates; make a CSR; assemble a PFX',
    load: () => import('./commands/cert.ts'),
  },
  azure: {
    summary: 'sign in, preflight a region, prepare the static resource group, read the public IP',
    load: () => import('./commands/azure.ts'),
  },
  doctor: {
    summary: 'check a running deployment against its project (Azure, DNS, certificates)',
    load: () => import('./commands/doctor.ts'),
  },
  dns: { summary: 'verify the DNS records a region depends on', load: () => import('./commands/dns.ts') },
  probe: {
    summary: 'probe a TLS endpoint (node or connector) and judge its certificate',
    load: () => import('./commands/probe.ts'),
  },
  ui: { summary: 'serve the wizard in your browser on 127.0.0.1', load: () => import('./commands/ui.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: tcw <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "tcw <command> --help" for the options of a command.\n`;
}

/**
 * Writes to a stream until its reader goes away (`tcw … | head`): then the rest is dropped quietly.
 * The stream is made on the first write: a command that never writes to it does not build it.
 */
function quietWhenClosed(open: () => NodeJS.WriteStream): (text: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  let closed = false;
  return (text) => {
    if (closed) return;
    if (!stream) {
      stream = open();
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
        else throw e;
      });
    }
    stream.write(text);
  };
}

export function processIo(cacheDir?: string): CliIo {
  let interactive: boolean | undefined;
  return {
    cacheDir,
    stdout: quietWhenClosed(() => stdout),
    stderr: quietWhenClosed(() => stderr),
    env,
    cwd: cwd(),
    // Looked at only when a command asks: touching process.stdin builds its stream (a few ms).
    get interactive() {
      interactive ??= Boolean(stderr.isTTY && stdin.isTTY);
      return interactive;
    },
    get promptSecret() {
      return stdin.isTTY ? (q: string) => promptSecret(q) : undefined;
    },
  };
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version') {
    io.stdout('tcw 0.1.0\n');
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`tcw: unknown command "${name}".\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    const mod = await entry.load();
    return await mod.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const command = e.command ?? name;
      io.stderr(`tcw ${command}: ${e.message}\nRun "tcw ${command} --help" for the options.\n`);
      return EXIT_USAGE;
    }
    // Unexpected: say so plainly, without dumping values that might hold secrets.
    io.stderr(
      `tcw ${name}: internal error: ${(e as Error).name}: ${(e as Error).message}\nPlease report this; nothing was written.\n`,
    );
    return EXIT_USAGE;
  }
}
