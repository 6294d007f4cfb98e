// `tcw azure login|preflight|prepare|public-ip`: the Azure steps the wizard performs itself, from a
// terminal. Human output by default, `--json` gives { "findings": [...], ... }; exit 0 no error
// finding, 1 error findings, 2 usage or input error.
import { resolve, join } from 'node:path';
import { homedir } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { stdin, stderr } from 'node:process';
import { hasErrors, type Finding } from '../../../shared/model/finding.ts';
import type { Project } from '../../../shared/model/project.ts';
import { readProjectOrScript } from '../../services/projects/project-files.ts';
import { formatFindings, wantColor } from '../findings-format.ts';
import {
  AZURE_CODES,
  classify,
  preflight,
  prepare,
  publicIp,
  saveAuthenticationRecord,
  signIn,
  signInApplication,
  signInContext,
  type AzureContext,
  type CredentialMethod,
} from '../../services/azure/azure-layer.ts';
import { authFinding } from '../../services/azure/findings.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io.ts';
import { InputError } from '../../../shared/model/input-error.ts';
import { preflightFactRows } from '../../../shared/model/preflight-facts.ts';

export const AUTH_HELP = `Sign-in (pick one; default: browser when interactive):
  --device-code             sign in with a code shown here, on any device's browser
  --use-azure-cli           use the account of the Azure CLI (az login)
  --use-environment         service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET
  --access-token-env VAR    ARM access token held in environment variable VAR (automation)
  --graph-token-env VAR     Microsoft Graph token in VAR (needed with --access-token-env for --owner-upn)
  --tenant T                tenant id or domain
  --client-id ID            public client (application) id for browser / device-code sign-in
Cloud:
  --cloud NAME              AzureCloud (default), AzureUSGovernment, AzureChinaCloud
  --arm-endpoint URL        explicit Resource Manager endpoint (https)
  --graph-endpoint URL      explicit Microsoft Graph endpoint
  --authority-host URL      explicit Microsoft Entra sign-in host
`;

const HELP: Record<string, string> = {
  '': `Usage: tcw azure <login|preflight|prepare|public-ip> [options]

  login       sign in and list tenants and subscriptions
  preflight   read-only checks of a region: Fs-series, Automation, vCPU quota, static group,
              Owner rights, soft-deleted Key Vaults, resource providers
  prepare     create the static resource group and give the installer Owner on it
  public-ip   read the connector's public IP and print the DNS A record

Run "tcw azure <command> --help" for its options.
Exit status: 0 no error finding, 1 error findings, 2 usage or input error.
`,
  login: `Usage: tcw azure login [--device-code | --use-azure-cli] [--tenant T] [--cloud NAME] [--json]

Signs in and lists the tenants and subscriptions you can use. The account (not the tokens) is
remembered for the next commands; the CLI keeps tokens in memory only (the desktop app keeps them
in the OS-protected store). For repeated CLI use, --use-azure-cli reuses "az login".

${AUTH_HELP}  --json                    print { "findings": [...], "account": ..., "tenants": [...] }
`,
  preflight: `Usage: tcw azure preflight PROJECT [--region R] [sign-in/cloud options] [--json]

Read-only checks for one region (the first when --region is omitted), all sent in parallel.
PROJECT is a tcw-project/1 file or a variables initialization script.

${AUTH_HELP}  --json                    print { "findings": [...], "facts": {...} }
`,
  prepare: `Usage: tcw azure prepare PROJECT [--region R] (--owner-upn UPN | --owner-object-id ID | --no-role-assignment)
                         [--yes] [--dry-run] [sign-in/cloud options] [--json]

Creates the static resource group (location and tags from the project; an existing group in the
same location is fine) and assigns the built-in Owner role on it to the person who runs the
install. Never deletes anything. Run it as the subscription Owner.

  --owner-upn UPN           the installer's sign-in name (a guest may be given by mail address)
  --owner-object-id ID      the installer's object id instead
  --no-role-assignment      only the resource group (the Owner runs the install themselves)
  --dry-run                 change nothing: print the ARM requests and the equivalent PowerShell
                            (works without signing in too: then the PowerShell only)
  --yes                     do it without asking (required when not interactive)

${AUTH_HELP}  --json                    print { "findings": [...], "done": [...], "remaining": [...], "requests": [...], "powershell": "..." }
`,
  'public-ip': `Usage: tcw azure public-ip PROJECT [--region R] [sign-in/cloud options] [--json]

Finds the load balancer in the dynamic resource group, follows its frontend to the Public IP in the
static group and prints the DNS A record for $PxTeamsConnFqdn.

${AUTH_HELP}  --json                    print { "findings": [...], "ip": "...", "dnsRecord": "..." }
`,
};

export const authOptions = {
  'device-code': { type: 'boolean', default: false },
  'use-azure-cli': { type: 'boolean', default: false },
  'use-environment': { type: 'boolean', default: false },
  'access-token-env': { type: 'string' },
  'graph-token-env': { type: 'string' },
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  cloud: { type: 'string' },
  'arm-endpoint': { type: 'string' },
  'graph-endpoint': { type: 'string' },
  'authority-host': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export type AuthValues = {
  'device-code'?: boolean;
  'use-azure-cli'?: boolean;
  'use-environment'?: boolean;
  'access-token-env'?: string;
  'graph-token-env'?: string;
  tenant?: string;
  'client-id'?: string;
  cloud?: string;
  'arm-endpoint'?: string;
  'graph-endpoint'?: string;
  'authority-host'?: string;
};

function configDir(io: CliIo): string {
  return io.env.TCW_CONFIG_DIR ?? join(io.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'tcw');
}

function envSecret(io: CliIo, option: string, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = io.env[name];
  if (!value) throw new UsageError(`--${option} ${name}: that environment variable is not set or empty.`);
  return value;
}

/** Builds the context from the sign-in and cloud options (no network yet). */
export function contextFrom(v: AuthValues, io: CliIo): AzureContext {
  const chosen = (['device-code', 'use-azure-cli', 'use-environment'] as const).filter((k) => v[k]);
  if (v['access-token-env']) chosen.push('access-token-env' as never);
  if (chosen.length > 1)
    throw new UsageError(`Choose one sign-in method, not ${chosen.map((c) => `--${c}`).join(' and ')}.`);
  if (v['graph-token-env'] && !v['access-token-env'])
    throw new UsageError('--graph-token-env goes with --access-token-env.');
  let method: CredentialMethod;
  if (v['access-token-env']) method = 'token';
  else if (v['use-azure-cli']) method = 'azure-cli';
  else if (v['use-environment']) method = 'environment';
  else if (v['device-code']) method = 'device-code';
  else if (io.interactive) method = 'browser';
  else
    throw new UsageError(
      'No terminal to sign in from: choose --device-code, --use-azure-cli, --use-environment or --access-token-env VAR.',
    );
  return signInContext({
    method,
    endpoints: {
      cloud: v.cloud,
      armEndpoint: v['arm-endpoint'],
      graphEndpoint: v['graph-endpoint'],
      authorityHost: v['authority-host'],
    },
    ...(v.tenant !== undefined ? { tenant: v.tenant } : {}),
    ...(v['client-id'] !== undefined ? { clientId: v['client-id'] } : {}),
    armToken: envSecret(io, 'access-token-env', v['access-token-env']),
    graphToken: envSecret(io, 'graph-token-env', v['graph-token-env']),
    env: io.env,
    recordDir: configDir(io),
    onDeviceCode: (p) => {
      const app = signInApplication(io.env, v['client-id']);
      io.stderr(
        `\n${p.message}\n(Code: ${p.userCode} at ${p.verificationUri}; you sign in to the application ${app.displayName ? `"${app.displayName}" ` : ''}${app.clientId})\n\n`,
      );
    },
  });
}

export async function loadProject(io: CliIo, path: string | undefined): Promise<Project> {
  if (!path) throw new UsageError('Give the project file (or the variables initialization script).');
  const loaded = await readProjectOrScript(resolve(io.cwd, path));
  if (!loaded.project) throw new InputError(`Nothing usable could be read from "${path}".`);
  return loaded.project;
}

function regionOf(project: Project, region: string | undefined): string {
  const r =
    region === undefined ? project.regions[0] : project.regions.find((x) => x.variables.PxVmssRegion === region);
  if (!r) {
    const known = project.regions.map((x) => x.variables.PxVmssRegion).join(', ') || 'none';
    throw new UsageError(
      region === undefined
        ? 'The project has no region.'
        : `The project has no region "${region}" (regions: ${known}).`,
    );
  }
  return r.variables.PxVmssRegion;
}

function print(
  io: CliIo,
  json: boolean,
  findings: Finding[],
  payload: Record<string, unknown>,
  human: () => string,
): number {
  if (json) {
    io.stdout(`${JSON.stringify({ findings, ...payload }, null, 2)}\n`);
  } else {
    const text = human();
    if (text) io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    if (findings.length) io.stdout(`\n${formatFindings(findings, { color: wantColor(io.interactive, io.env) })}`);
  }
  return hasErrors(findings) ? EXIT_FINDINGS : EXIT_OK;
}

/** Ctrl-C cancels the Azure calls in flight (the report then says what exists). */
export function cancellation(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const onInt = () => ac.abort();
  process.once('SIGINT', onInt);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onInt) };
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: stdin, output: stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Sign-in and transport failures become a finding (exit 1) with what to do; input errors exit 2. */
async function withAzureErrors(sub: string, io: CliIo, json: boolean, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) throw e;
    const f = classify(e);
    const finding =
      f.kind === 'auth'
        ? authFinding(null, f)
        : {
            region: null,
            field: null,
            severity: 'error' as const,
            code: AZURE_CODES.requestFailed,
            message: `Azure request failed: ${f.code}: ${f.message.slice(0, 300)}. Check the network and try again.`,
          };
    return print(io, json, [finding], {}, () => '');
  }
}

const TOKEN_HINT =
  'put an access token in an environment variable and give its name with --access-token-env VAR (and --graph-token-env VAR), or sign in with --device-code / --use-azure-cli; a client secret goes in AZURE_CLIENT_SECRET with --use-environment';
const PROJECT_ARG = { min: 0, max: 1, tooMany: (p: string[]) => `Unexpected argument "${p[1]}".` };

const loginCommand = defineCommand({
  name: 'azure login',
  help: HELP.login!,
  options: authOptions,
  secretHint: TOKEN_HINT,
  run: ({ values, io }) => withAzureErrors('login', io, values.json, () => login(io, values, values.json)),
});

const preflightCommand = defineCommand({
  name: 'azure preflight',
  help: HELP.preflight!,
  options: { ...authOptions, region: { type: 'string' } },
  positionals: PROJECT_ARG,
  secretHint: TOKEN_HINT,
  run: ({ values, positionals, io }) =>
    withAzureErrors('preflight', io, values.json, () => runPreflight(io, values, positionals[0], values.json)),
});

const prepareCommand = defineCommand({
  name: 'azure prepare',
  help: HELP.prepare!,
  options: {
    ...authOptions,
    region: { type: 'string' },
    'owner-upn': { type: 'string' },
    'owner-object-id': { type: 'string' },
    'no-role-assignment': { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
  positionals: PROJECT_ARG,
  secretHint: TOKEN_HINT,
  run: ({ values, positionals, io }) =>
    withAzureErrors('prepare', io, values.json, () => runPrepare(io, values, positionals[0], values.json)),
});

const publicIpCommand = defineCommand({
  name: 'azure public-ip',
  help: HELP['public-ip']!,
  options: { ...authOptions, region: { type: 'string' } },
  positionals: PROJECT_ARG,
  secretHint: TOKEN_HINT,
  run: ({ values, positionals, io }) =>
    withAzureErrors('public-ip', io, values.json, () => runPublicIp(io, values, positionals[0], values.json)),
});

export const run = defineGroup({
  name: 'azure',
  help: HELP['']!,
  commands: { login: loginCommand, preflight: preflightCommand, prepare: prepareCommand, 'public-ip': publicIpCommand },
  unknown: (sub) => `Unknown azure command "${sub}"; use login, preflight, prepare or public-ip.`,
});

async function login(io: CliIo, v: AuthValues, json: boolean): Promise<number> {
  const ctx = contextFrom(v, io);
  const c = cancellation();
  try {
    const r = await signIn(ctx, {
      signal: c.signal,
      onProgress: json
        ? undefined
        : (m, f) => {
            if (f !== 1) io.stderr(`${m}…\n`);
          },
    });
    if (r.authenticationRecord) saveAuthenticationRecord(configDir(io), r.authenticationRecord);
    const findings: Finding[] = [];
    if (r.account.subscriptions.length === 0) {
      findings.push({
        region: null,
        field: 'PxSubscriptionId',
        severity: 'warning',
        code: 'azure.no-subscriptions',
        message: `Signed in, but this account sees no subscription in tenant ${r.account.tenantId}. Choose the right tenant with --tenant, or ask the subscription Owner for access.`,
      });
    }
    for (const t of r.skippedTenants) {
      findings.push({
        region: null,
        field: null,
        severity: 'warning',
        code: 'azure.other-tenant',
        message: `The subscriptions of tenant ${t.tenantId} could not be listed without a new sign-in there (${t.reason}). To use them, sign in to that tenant: tcw azure login --tenant ${t.tenantId}.`,
      });
    }
    return print(io, json, findings, { account: r.account, tenants: r.tenants }, () => {
      const lines = [
        `Signed in as ${r.account.userPrincipalName ?? '(unknown user)'} in tenant ${r.account.tenantId}.`,
      ];
      if (r.tenants.length > 1)
        lines.push(
          '',
          'Tenants:',
          ...r.tenants.map(
            (t) => `  ${t.tenantId}  ${t.displayName ?? ''}${t.defaultDomain ? ` (${t.defaultDomain})` : ''}`,
          ),
        );
      lines.push('', 'Subscriptions:', ...r.account.subscriptions.map((s) => `  ${s.id}  ${s.name}  [${s.state}]`));
      return lines.join('\n');
    });
  } finally {
    c.dispose();
  }
}

async function runPreflight(
  io: CliIo,
  v: AuthValues & { region?: unknown },
  path: string | undefined,
  json: boolean,
): Promise<number> {
  const project = await loadProject(io, path);
  const region = regionOf(project, v.region as string | undefined);
  const ctx = contextFrom(v, io);
  const c = cancellation();
  try {
    const r = await preflight(ctx, { project, region }, { signal: c.signal });
    const rows = preflightFactRows(r.facts);
    const width = Math.max(...rows.map(([label]) => label.length)) + 1;
    return print(io, json, r.findings, { facts: r.facts }, () =>
      [
        `Preflight for region ${region}:`,
        ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)} ${value}`),
      ].join('\n'),
    );
  } finally {
    c.dispose();
  }
}

async function runPrepare(
  io: CliIo,
  v: AuthValues & Record<string, unknown>,
  path: string | undefined,
  json: boolean,
): Promise<number> {
  const project = await loadProject(io, path);
  const region = regionOf(project, v.region as string | undefined);
  const upn = v['owner-upn'] as string | undefined;
  const oid = v['owner-object-id'] as string | undefined;
  const none = Boolean(v['no-role-assignment']);
  const dryRun = Boolean(v['dry-run']);
  if ([upn !== undefined, oid !== undefined, none].filter(Boolean).length !== 1) {
    throw new UsageError(
      'Say who gets the Owner role: --owner-upn UPN, --owner-object-id ID, or --no-role-assignment (exactly one).',
    );
  }
  const owner = upn !== undefined ? { upn } : oid !== undefined ? { objectId: oid } : null;
  const anyAuth = Boolean(v['device-code'] || v['use-azure-cli'] || v['use-environment'] || v['access-token-env']);
  // A dry run without a sign-in method and without a terminal: the PowerShell only.
  const ctx = dryRun && !anyAuth && !io.interactive ? null : contextFrom(v, io);
  if (!dryRun && !v.yes) {
    if (!io.interactive)
      throw new UsageError('prepare changes Azure: add --yes to go ahead, or --dry-run to see what it would do.');
    const vars = project.regions.find((r) => r.variables.PxVmssRegion === region)!.variables;
    const ok = await confirm(
      `Create/update the static resource group for region ${region} in subscription ${vars.PxSubscriptionId}${owner ? ` and give ${upn ?? oid} Owner on it` : ''}?`,
    );
    if (!ok) {
      io.stderr('Nothing was changed.\n');
      return EXIT_OK;
    }
  }
  const c = cancellation();
  try {
    const r = await prepare(
      ctx,
      { project, region, owner, dryRun },
      {
        signal: c.signal,
        onProgress: json
          ? undefined
          : (m, f) => {
              if (f !== 1) io.stderr(`${m}…\n`);
            },
      },
    );
    return print(
      io,
      json,
      r.findings,
      { done: r.done, remaining: r.remaining, requests: r.requests, powershell: r.powershell },
      () => {
        const out: string[] = [];
        if (r.done.length)
          out.push(dryRun ? 'Would do / already in place:' : 'Done:', ...r.done.map((d) => `  - ${d}`));
        if (r.remaining.length)
          out.push(...(out.length ? [''] : []), 'Still to do:', ...r.remaining.map((d) => `  - ${d}`));
        if (dryRun) {
          if (r.requests.length)
            out.push(
              '',
              'ARM requests it would send:',
              ...r.requests.map(
                (q) => `  ${q.method} ${q.url}${q.body === undefined ? '' : `\n    ${JSON.stringify(q.body)}`}`,
              ),
            );
          out.push('', 'Equivalent PowerShell:', '', r.powershell);
        }
        return out.join('\n');
      },
    );
  } finally {
    c.dispose();
  }
}

async function runPublicIp(
  io: CliIo,
  v: AuthValues & { region?: unknown },
  path: string | undefined,
  json: boolean,
): Promise<number> {
  const project = await loadProject(io, path);
  const region = regionOf(project, v.region as string | undefined);
  const ctx = contextFrom(v, io);
  const c = cancellation();
  try {
    const r = await publicIp(ctx, { project, region }, { signal: c.signal });
    return print(io, json, r.findings, { ip: r.ip, dnsRecord: r.dnsRecord }, () =>
      r.ip
        ? `Public IP of the Teams Connector in region ${region}: ${r.ip}\n\nDNS A record to create:\n  ${r.dnsRecord}`
        : '',
    );
  } finally {
    c.dispose();
  }
}
