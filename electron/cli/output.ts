// Output helpers shared by the commands: findings as text and the secrets note.
import type { Finding } from '../../shared/model/finding.ts';
import type { Secrets } from '../../shared/model/project.ts';
import { formatFindings, wantColor } from './findings-format.ts';
import type { CliIo } from './io.ts';

/** Human or JSON rendering of findings for the commands of this group. */
export function printFindings(io: CliIo, findings: readonly Finding[], to: 'stdout' | 'stderr' = 'stdout'): void {
  if (findings.length === 0) return;
  io[to](formatFindings(findings, { color: wantColor(io.interactive, io.env) }));
}

/** Tells the user that secrets found in a script were not kept (never their values). */
export function secretsNote(
  io: CliIo,
  found: Secrets,
  advice = 'pass them with --admin-password-env / --app-password-env when generating',
): void {
  const names = [
    found.adminPassword !== undefined && 'the VM admin password ($PxWinAdminPassword)',
    found.appPassword !== undefined && 'the app password ($AppPassword)',
  ].filter(Boolean);
  if (names.length) {
    io.stderr(`Note: found ${names.join(' and ')} in the input. Secrets are never kept in the project; ${advice}.\n`);
  }
}
