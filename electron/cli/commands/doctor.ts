// `tcw doctor PROJECT [--region R] [--json]`: checks a running deployment against its project,
// read-only. Exit 0 healthy, 1 findings (a red line), 2 could not check (or a usage / input error),
// so a service provider can run it over many projects on a schedule.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatDoctorReport } from '../../../shared/doctor/format.ts';
import { DOCTOR_EXIT } from '../../../shared/doctor/types.ts';
import { classify } from '../../services/azure/azure-layer.ts';
import { analyzePfx } from '../../services/cert/cert-backend.ts';
import { runDoctor } from '../../services/doctor/run-doctor.ts';
import { AUTH_HELP, authOptions, cancellation, contextFrom, loadProject, type AuthValues } from './azure.ts';
import { defineCommand } from '../command.ts';
import { UsageError, type CliIo } from '../io.ts';
import { InputError } from '../../../shared/model/input-error.ts';

const HELP = `Usage: tcw doctor PROJECT [--region R] [sign-in/cloud options] [--json]

Checks a running Teams Connector deployment against its project (or variables script), read-only:
  Azure      both resource groups in the project's location; scale set <base><region> with the
             project's instance count, provisioning Succeeded, every instance running; the load
             balancer and its public IP in the static group; the NSG rules "MCU-signalling-endpoint"
             (priority 120) and "RDP" (priority 1000) holding exactly the project's address lists;
             the Key Vault
  Outside    the connector's A record resolves to that public IP; the certificate the connector
             presents on 443 (the project's PFX when --pfx / --thumbprint is given) and its days left;
             the Conferencing Nodes' certificates and DNS as the live checks judge them
One checklist, what to fix first at the top, each red line with its fix.

  --region R                only this region ($PxVmssRegion); every region when omitted
  --pfx FILE                the connector's PFX, to compare thumbprints (password: --password-env
                            VAR, or asked on the terminal)
  --password-env VAR        environment variable holding the PFX password
  --thumbprint SHA1         the expected certificate thumbprint instead of --pfx
  --resolver HOST:PORT      ask this DNS server instead of the system's resolvers
  --trust CA.pem            extra trust anchors (private PKI) for the certificate checks
  --skip-nodes              do not probe the Conferencing Nodes
  --connector-port N        port of the connector's TLS service (default 443)
  --node-port N             port the Conferencing Nodes are probed on (default 443)
  --warn-days N             warn when the connector certificate has fewer days left (default 30)

${AUTH_HELP}  --json                    print { "verdict": ..., "regions": [{ "items": [...] }], "findings": [...] }

Exit status: 0 healthy, 1 findings, 2 could not check (or a usage / input error).
`;

function port(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`${what} must be a port number 1–65535 (got "${text}").`);
  return n;
}

async function readFileArg(io: CliIo, path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (e) {
    throw new UsageError(
      `cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
}

async function thumbprintFromPfx(
  io: CliIo,
  file: string,
  env: string | undefined,
  trustPem: string | undefined,
): Promise<string> {
  let password: string;
  if (env !== undefined) {
    const v = io.env[env];
    if (v === undefined)
      throw new UsageError(`environment variable ${env} is not set (it should hold the PFX password).`);
    password = v;
  } else if (io.promptSecret) password = await io.promptSecret('PFX password: ');
  else throw new UsageError('no PFX password: use --password-env VAR (no terminal to ask on).');
  const bytes = await readFileArg(io, file, 'PFX file');
  const r = analyzePfx(bytes, { password, fqdns: [], fileName: file, ...(trustPem ? { trustPem } : {}) });
  if (!r.certificate)
    throw new UsageError(
      `${file}: ${r.findings.find((f) => f.severity === 'error')?.message ?? 'no certificate could be read from it'}`,
    );
  return r.certificate.thumbprintSha1;
}

export const run = defineCommand({
  name: 'doctor',
  help: HELP,
  options: {
    ...authOptions,
    region: { type: 'string' },
    pfx: { type: 'string' },
    'password-env': { type: 'string' },
    thumbprint: { type: 'string' },
    resolver: { type: 'string' },
    trust: { type: 'string' },
    'skip-nodes': { type: 'boolean', default: false },
    'connector-port': { type: 'string' },
    'node-port': { type: 'string' },
    'warn-days': { type: 'string' },
  },
  positionals: {
    min: 1,
    max: 1,
    missing: 'give the project file (or the variables initialization script): tcw doctor PROJECT',
    tooMany: (p) => `unexpected argument "${p[1]}".`,
  },
  secretHint: 'give the PFX password in an environment variable named with --password-env VAR, or type it when asked',
  run: async ({ values, positionals, io }) => {
    if (values.pfx !== undefined && values.thumbprint !== undefined)
      throw new UsageError('give --pfx or --thumbprint, not both.');
    const warnDays = values['warn-days'] === undefined ? undefined : Number(values['warn-days']);
    if (warnDays !== undefined && (!Number.isInteger(warnDays) || warnDays < 0 || warnDays > 3650))
      throw new UsageError('--warn-days must be a whole number of days (0–3650).');
    const json = Boolean(values.json);
    try {
      const project = await loadProject(io, positionals[0]);
      const trustPem = values.trust ? (await readFileArg(io, values.trust, 'trust file')).toString('utf8') : undefined;
      const thumb = values.pfx
        ? await thumbprintFromPfx(io, values.pfx, values['password-env'], trustPem)
        : (values.thumbprint ?? null);
      const ctx = contextFrom(values as AuthValues, io);
      const c = cancellation();
      try {
        const report = await runDoctor(ctx, project, {
          signal: c.signal,
          ...(values.region !== undefined ? { region: values.region } : {}),
          expectedThumbprint: thumb,
          ...(values.resolver ? { resolver: values.resolver } : {}),
          ...(trustPem ? { trustPem } : {}),
          probeNodes: !values['skip-nodes'],
          ...(port(values['connector-port'], '--connector-port')
            ? { connectorPort: port(values['connector-port'], '--connector-port') }
            : {}),
          ...(port(values['node-port'], '--node-port') ? { nodePort: port(values['node-port'], '--node-port') } : {}),
          ...(warnDays !== undefined ? { warnDays } : {}),
          ...(json
            ? {}
            : {
                onProgress: (m: string, f?: number) => {
                  if (f !== 1) io.stderr(`${m}…\n`);
                },
              }),
        });
        io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
        return DOCTOR_EXIT[report.verdict];
      } finally {
        c.dispose();
      }
    } catch (e) {
      if (e instanceof InputError || e instanceof UsageError) throw e;
      const f = classify(e);
      io.stderr(`tcw doctor: could not check: ${f.code}: ${f.message.split('\n')[0]!.slice(0, 300)}\n`);
      return DOCTOR_EXIT.unchecked;
    }
  },
});
