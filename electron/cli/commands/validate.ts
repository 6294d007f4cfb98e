// `tcw validate PROJECT|INIT.ps1 [--admin-password-env VAR] [--json]`: every documented rule over a
// project file or an init script (imported first; its import findings are included).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasErrors, type Finding } from '../../../shared/model/finding.ts';
import type { Secrets } from '../../../shared/model/project.ts';
import { formatFindings, ProjectInputError, readProjectOrScript, secretFromEnv, validateLoaded, wantColor } from '../../services/project/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from '../io.ts';
import { checkConnectorFiles } from '../../../shared/connector-zip/index.ts';
import { readConnectorFiles } from '../../services/project/connector-zip.ts';

const HELP = `Usage: tcw validate PROJECT|INIT.ps1 [--admin-password-env VAR] [--connector-zip PATH] [--json]

Checks a tcw-project/1 file, or a variables initialization script (which is imported first),
against every rule of the deployment guide.

Options:
  --admin-password-env VAR  also check the VM admin password held in environment variable VAR
                            (a password set in the script is checked too; neither is printed)
  --connector-zip PATH      also check the Teams Connector ZIP you downloaded (or the folder it was
                            extracted into): its version, create_vmss_deployment.ps1 parameters and
                            module functions must match the scripts the wizard writes
  --json                    print { "ok": true|false, "findings": [...] } instead of text
  -h, --help                show this help

Exit status: 0 no error finding, 1 error findings, 2 usage or input error.
`;

/** Human or JSON rendering of findings for the commands of this group. */
export function printFindings(io: CliIo, findings: readonly Finding[], to: 'stdout' | 'stderr' = 'stdout'): void {
  if (findings.length === 0) return;
  io[to](formatFindings(findings, { color: wantColor(io.interactive, io.env) }));
}

/** Input problems (missing file, bad project, unset variable) are exit 2 with the message. */
export async function withInputErrors(command: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ProjectInputError) {
      io.stderr(`tcw ${command}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** Tells the user that secrets found in a script were not kept (never their values). */
export function secretsNote(io: CliIo, found: Secrets, advice = 'pass them with --admin-password-env / --app-password-env when generating'): void {
  const names = [found.adminPassword !== undefined && 'the VM admin password ($PxWinAdminPassword)', found.appPassword !== undefined && 'the app password ($AppPassword)'].filter(Boolean);
  if (names.length) {
    io.stderr(`Note: found ${names.join(' and ')} in the input. Secrets are never kept in the project; ${advice}.\n`);
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'admin-password-env': { type: 'string' },
      'connector-zip': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the PROJECT file or INIT.ps1 script to check' : `give one file to check, not ${positionals.length}`);

  return withInputErrors('validate', io, async () => {
    const given: Secrets = {};
    if (values['admin-password-env'] !== undefined) given.adminPassword = secretFromEnv(io.env, values['admin-password-env'], 'VM admin password');
    const loaded = await readProjectOrScript(resolve(io.cwd, positionals[0]!));
    const adminPassword = given.adminPassword ?? loaded.secrets.adminPassword;
    const zip = values['connector-zip'] !== undefined && loaded.project
      ? checkConnectorFiles(await readConnectorFiles(resolve(io.cwd, values['connector-zip'])), loaded.project) : [];
    const findings = validateLoaded(loaded.project, [...loaded.findings, ...zip], adminPassword !== undefined ? { adminPassword } : {});
    const ok = loaded.project !== null && !hasErrors(findings);
    if (values.json) {
      io.stdout(JSON.stringify({ ok, findings }, null, 2) + '\n');
    } else {
      printFindings(io, findings);
      io.stdout(ok ? 'OK: no errors.\n' : 'Not ready: fix the errors above, then validate again.\n');
    }
    return ok ? EXIT_OK : EXIT_FINDINGS;
  });
}
