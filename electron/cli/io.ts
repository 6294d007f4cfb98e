// What a command needs from the outside world, so tests can run the CLI in-process.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when a person is at the keyboard (prompts allowed). */
  interactive: boolean;
  /** Ask for a secret without echo; undefined when no terminal is available. */
  promptSecret?: (question: string) => Promise<string>;
  /** A folder the shipped tool keeps its caches in (beside its bundle); none when run in-process. */
  cacheDir?: string;
}

export type CommandHandler = (args: string[], io: CliIo) => Promise<number>;

/** Exit codes shared by every command: 0 no error finding, 1 error findings, 2 usage or input error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage or input error: said as "tcw COMMAND: message", with a pointer to the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}
