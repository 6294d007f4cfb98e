// `tcw import INIT.ps1 [--redeploy REDEPLOY.ps1] [--install-output FILE] [--json]`: reads the admin's
// scripts into a tcw-project/1 project. Secrets found are reported, never printed or kept.
import { resolve } from 'node:path';
import { hasErrors } from '../../../shared/model/finding.ts';
import { importScriptFiles, projectFileText } from '../../services/projects/project-files.ts';
import { defineCommand } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK } from '../io.ts';
import { printFindings, secretsNote } from '../output.ts';

const HELP = `Usage: tcw import INIT.ps1 [--redeploy REDEPLOY.ps1] [--install-output FILE] [--json]

Reads a variables initialization script into a tcw-project/1 project and prints it on stdout
(save it with "> project.json"). Nothing in the scripts is run: values the wizard cannot read
safely are reported with their line numbers.

Options:
  --redeploy FILE        your redeploy script: its $AppId is read into the project
  --install-output FILE  text the install script printed: its "$AppId = ..." line is read
  --json                 print { "project": ..., "findings": [...] } instead
  -h, --help             show this help

Passwords found ($PxWinAdminPassword, $AppPassword) are never printed or kept.
Exit status: 0 imported, 1 error findings (nothing usable read), 2 usage or input error.
`;

export const run = defineCommand({
  name: 'import',
  help: HELP,
  options: {
    redeploy: { type: 'string' },
    'install-output': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: {
    min: 1,
    max: 1,
    missing: 'give the INIT.ps1 script to import',
    tooMany: (p) => `give one init script, not ${p.length} (one region per script; import them one by one)`,
  },
  secretHint: 'import reads no secret; a password found in the script is reported, never kept',
  run: async ({ values, positionals, io }) => {
    const r = await importScriptFiles(resolve(io.cwd, positionals[0]!), {
      ...(values.redeploy !== undefined && { redeployPath: resolve(io.cwd, values.redeploy) }),
      ...(values['install-output'] !== undefined && { installOutputPath: resolve(io.cwd, values['install-output']) }),
    });
    if (values.json) io.stdout(JSON.stringify({ project: r.project, findings: r.findings }, null, 2) + '\n');
    else {
      if (r.project) io.stdout(projectFileText(r.project));
      printFindings(io, r.findings, 'stderr');
    }
    secretsNote(io, r.secrets);
    return r.project && !hasErrors(r.findings) ? EXIT_OK : EXIT_FINDINGS;
  },
});
