// `tcw generate PROJECT|INIT.ps1 --out DIR …`: every artifact of a journey, written atomically.
// A project with error findings generates nothing. Secrets are written only with --include-secrets,
// into owner-only (0600) files.
import { relative, resolve } from 'node:path';
import type { Journey } from '../../../shared/api/wizard-api.ts';
import { hasErrors } from '../../../shared/model/finding.ts';
import type { Secrets } from '../../../shared/model/project.ts';
import { readProjectOrScript } from '../../services/projects/project-files.ts';
import { secretFromEnv } from '../../services/secrets/secret-values.ts';
import { generateChecked, writeCheckedGeneration } from '../../services/projects/generation-pipeline.ts';
import { UPN_PATTERN } from '../../../shared/api/schemas.ts';
import { defineCommand } from '../command.ts';
import { checkConnectorFiles } from '../../../shared/connector-zip/check-connector.ts';
import { readConnectorFiles } from '../../services/files/connector-zip-reader.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.ts';
import { printFindings, secretsNote } from '../output.ts';

const JOURNEYS: readonly Journey[] = ['first-install', 'add-region', 'redeploy'];

const HELP = `Usage: tcw generate PROJECT|INIT.ps1 --out DIR [options]

Writes the scripts, DNS records, Teams commands, firewall table and runbook of a journey into DIR
(created if missing; only the files generated are replaced, all at once or not at all).
Nothing is written while the project has error findings (run "tcw validate" to see them).

Options:
  --out DIR                 output folder (required)
  --journey J               first-install (default), add-region or redeploy
  --region R                only the region whose $PxVmssRegion is R
  --include-secrets         write the passwords into the scripts (files are made owner-only, 0600);
                            without it no secret is written, even when one is given
  --admin-password-env VAR  VM admin password from environment variable VAR
  --app-password-env VAR    app password ($AppPassword) from environment variable VAR
  --owner-upn UPN           add the Owner role assignment for UPN to the static resource group script
  --connector-zip PATH      check the Teams Connector ZIP you downloaded (or its extracted folder)
                            against the scripts first; a mismatch is an error and nothing is written
  --json                    print { "files": [...], "findings": [...] } instead of text
  -h, --help                show this help

Exit status: 0 written, 1 error findings (nothing written), 2 usage or input error.
`;

export const run = defineCommand({
  name: 'generate',
  help: HELP,
  options: {
    out: { type: 'string', short: 'o' },
    journey: { type: 'string', default: 'first-install' },
    region: { type: 'string' },
    'include-secrets': { type: 'boolean', default: false },
    'admin-password-env': { type: 'string' },
    'app-password-env': { type: 'string' },
    'owner-upn': { type: 'string' },
    'connector-zip': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: {
    min: 1,
    max: 1,
    missing: 'give the PROJECT file or INIT.ps1 script to generate from',
    tooMany: (p) => `give one input file, not ${p.length}`,
  },
  secretHint:
    'put each password in an environment variable and give its name with --admin-password-env VAR / --app-password-env VAR (add --include-secrets to write them into the scripts)',
  run: async ({ values, positionals, io }) => {
    if (!values.out) throw new UsageError('--out DIR is required: the folder to write the files into');
    const journey = values.journey as Journey;
    if (!JOURNEYS.includes(journey))
      throw new UsageError(`--journey must be one of ${JOURNEYS.join(', ')}, not "${values.journey}"`);
    const ownerUpn = values['owner-upn'];
    if (ownerUpn !== undefined && !UPN_PATTERN.test(ownerUpn))
      throw new UsageError(`--owner-upn expects a sign-in name such as alice@example.com, not "${ownerUpn}"`);

    const given: Secrets = {};
    if (values['admin-password-env'] !== undefined)
      given.adminPassword = secretFromEnv(io.env, values['admin-password-env'], 'VM admin password');
    if (values['app-password-env'] !== undefined)
      given.appPassword = secretFromEnv(io.env, values['app-password-env'], 'app password');

    const loaded = await readProjectOrScript(resolve(io.cwd, positionals[0]!));
    const outDir = resolve(io.cwd, values.out!);
    const report = (
      files: { kind: string; region: string | null; path: string }[],
      findings: typeof loaded.findings,
    ) => {
      if (values.json) io.stdout(JSON.stringify({ files, findings }, null, 2) + '\n');
      else printFindings(io, findings);
    };
    if (!loaded.project) {
      report([], loaded.findings);
      return EXIT_FINDINGS;
    }
    const project = loaded.project;
    if (values.region !== undefined && !project.regions.some((r) => r.variables.PxVmssRegion === values.region)) {
      const known = project.regions.map((r) => r.variables.PxVmssRegion).filter(Boolean);
      throw new UsageError(
        `--region "${values.region}" is not in the project; its regions are: ${known.join(', ') || '(none)'}`,
      );
    }

    // Secrets: what was given wins; one found in the imported script is used only when asked for.
    const secrets: Secrets = { ...loaded.secrets, ...given };
    if (values['include-secrets'] && secrets.adminPassword === undefined && io.interactive && io.promptSecret) {
      const p = await io.promptSecret(
        'VM admin password to write into the scripts (empty: the scripts ask at run time): ',
      );
      if (p) secrets.adminPassword = p;
    }
    if (!values['include-secrets'])
      secretsNote(io, secrets, 'without --include-secrets none is written into the files');

    const gen = generateChecked(
      project,
      {
        journey,
        includeSecrets: values['include-secrets'] === true,
        secrets: values['include-secrets'] ? secrets : {},
        knownSecrets: secrets,
        ...(values.region !== undefined && { region: values.region }),
        ...(ownerUpn !== undefined && { ownerUpn }),
      },
      values['connector-zip'] !== undefined
        ? [
            ...loaded.findings,
            ...checkConnectorFiles(await readConnectorFiles(resolve(io.cwd, values['connector-zip'])), project),
          ]
        : loaded.findings,
    );

    if (hasErrors(gen.findings)) {
      report([], gen.findings);
      if (!values.json) io.stdout('Nothing was written: fix the errors above first.\n');
      return EXIT_FINDINGS;
    }
    const written = await writeCheckedGeneration(outDir, gen);
    const files = written.map((w) => ({ kind: w.artifact.kind, region: w.artifact.region, path: w.path }));
    if (values.json) {
      report(files, gen.findings);
    } else {
      io.stdout(`Wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${outDir}:\n`);
      const width = Math.max(...written.map((w) => relative(outDir, w.path).length), 1);
      for (const w of written) {
        const owner = w.mode === 0o600 ? '  (contains secrets: owner-only)' : '';
        io.stdout(
          `  ${relative(outDir, w.path).padEnd(width)}  ${w.artifact.kind}${w.artifact.region ? ` (${w.artifact.region})` : ''}${owner}\n`,
        );
      }
      if (gen.findings.length) io.stdout('\n');
      printFindings(io, gen.findings);
    }
    return EXIT_OK;
  },
});
