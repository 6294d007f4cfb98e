// `tcw import INIT.ps1 [--redeploy REDEPLOY.ps1] [--install-output FILE] [--json]`: reads the admin's
// scripts into a tcw-project/1 project. Secrets found are reported, never printed or kept.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasErrors } from '../../../shared/model/finding.ts';
import { importScriptFiles, projectFileText } from '../../services/project/index.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io.ts';
import { printFindings, secretsNote, withInputErrors } from './validate.ts';

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

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      redeploy: { type: 'string' },
      'install-output': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the INIT.ps1 script to import' : `give one init script, not ${positionals.length} (one region per script; import them one by one)`);

  return withInputErrors('import', io, async () => {
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
  });
}
