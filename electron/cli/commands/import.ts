// Placeholder until the "import" command lands; replaced by its implementation.
import { EXIT_USAGE, type CliIo } from '../io.ts';

export async function run(_args: string[], io: CliIo): Promise<number> {
  io.stderr('tcw import: not available in this build yet.\n');
  return EXIT_USAGE;
}
