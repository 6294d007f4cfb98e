// Starts `tcw ui` as a child process and waits for the address it prints alone on its first stdout line.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface TcwUi {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** The first stdout line: the wizard's address with its token. */
  url: string;
  /** What it wrote on stderr so far. */
  stderr: () => string;
}

export async function startTcwUi(root: string, args: string[], env: NodeJS.ProcessEnv): Promise<TcwUi> {
  const child = spawn(process.execPath, [join(root, 'bin', 'tcw.js'), 'ui', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (c) => reject(new Error(`exited ${c}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}
