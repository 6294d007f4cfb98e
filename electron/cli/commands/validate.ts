// `tcw validate PROJECT|INIT.ps1 [--admin-password-env VAR] [--json]`: every documented rule over a
// project file or an init script (imported first; its import findings are included).
import { resolve } from 'node:path';
import { hasErrors } from '../../../shared/model/finding.ts';
import type { Secrets } from '../../../shared/model/project.ts';
import { readProjectOrScript } from '../../services/projects/project-files.ts';
import { secretFromEnv } from '../../services/secrets/secret-values.ts';
import { validateLoaded } from '../../services/projects/generation-pipeline.ts';
import { printFindings } from '../output.ts';
import { defineCommand } from '../command.ts';
import { checkConnectorFiles } from '../../../shared/connector-zip/check-connector.ts';
import { readConnectorFiles } from '../../services/files/connector-zip-reader.ts';
import { EXIT_FINDINGS, EXIT_OK } from '../io.ts';

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

// The output helpers lived here first; other commands may still import them from this module.
export { printFindings, secretsNote } from '../output.ts';

export const run = defineCommand({
  name: 'validate',
  help: HELP,
  options: {
    'admin-password-env': { type: 'string' },
    'connector-zip': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: {
    min: 1,
    max: 1,
    missing: 'give the PROJECT file or INIT.ps1 script to check',
    tooMany: (p) => `give one file to check, not ${p.length}`,
  },
  secretHint: 'put the VM admin password in an environment variable and give its name with --admin-password-env VAR',
  run: async ({ values, positionals, io }) => {
    const given: Secrets = {};
    if (values['admin-password-env'] !== undefined)
      given.adminPassword = secretFromEnv(io.env, values['admin-password-env'], 'VM admin password');
    const loaded = await readProjectOrScript(resolve(io.cwd, positionals[0]!));
    const adminPassword = given.adminPassword ?? loaded.secrets.adminPassword;
    const zip =
      values['connector-zip'] !== undefined && loaded.project
        ? checkConnectorFiles(await readConnectorFiles(resolve(io.cwd, values['connector-zip'])), loaded.project)
        : [];
    const findings = validateLoaded(
      loaded.project,
      [...loaded.findings, ...zip],
      adminPassword !== undefined ? { adminPassword } : {},
    );
    const ok = loaded.project !== null && !hasErrors(findings);
    if (values.json) {
      io.stdout(JSON.stringify({ ok, findings }, null, 2) + '\n');
    } else {
      printFindings(io, findings);
      io.stdout(ok ? 'OK: no errors.\n' : 'Not ready: fix the errors above, then validate again.\n');
    }
    return ok ? EXIT_OK : EXIT_FINDINGS;
  },
});
