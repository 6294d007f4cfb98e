// The `tcw-project/1` file: one deployment (tenant + subscription) with one entry per Azure region.
// It mirrors the vendor's variables initialization script, keyed by the PowerShell names without `$`,
// and never holds a secret (the VM admin password and the app password live elsewhere).
// Documented for users in docs/project-format.md.
import { z } from 'zod';

export const PROJECT_FORMAT = 'tcw-project/1' as const;

/** Address prefix lists ($PxMgmtSrcAddrPrefixes etc.): JSON arrays of IPv4 addresses or CIDRs. */
const addressList = z.array(z.string()).default(() => []);

/**
 * The number fields: strings as in the vendor's script; a JSON number or "06" is accepted and kept in
 * the plain form ("6"), which is also what the scripts are written with.
 */
const numberText = (dflt: string) =>
  z
    .union([z.string(), z.number().int().nonnegative()])
    .transform((v) => normalizeNumberText(String(v)))
    .default(dflt);

/** $PxNodeFqdns: the project keeps a list; the script's own comma-separated string is accepted too. */
const nodeFqdns = z.union([
  z.array(z.string()),
  z.string().transform((v) =>
    v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  ),
]);

// Lenient on input, canonical on output: a field with a documented default may be left out (the
// default applies); parsing always yields every field, so a file written back is in canonical form.
// Required are the values only the administrator can know (see docs/project-format.md).
// The fields are written in the order of the guide's init script: REGION_VARIABLES takes it from here.
export const regionVariablesSchema = z.object({
  PxBaseConnName: z.string(),
  PxVmssRegion: z.string(),
  PxTeamsConnFqdn: z.string(),
  /** The script holds a comma-separated string; the project keeps the list. */
  PxNodeFqdns: nodeFqdns,
  PxSubscriptionId: z.string(),
  PxAzureLocation: z.string(),
  PxWinAdminUser: z.string(),
  PxTeamsConnInstanceCount: numberText('1'),
  /** null = the documented pattern `<base>-TeamsConn-<region>-RG` (see derived.ts). */
  PxTeamsConnResourceGroupName: z.string().nullable().default(null),
  /** null = the documented pattern `<base>-TeamsConn-<region>-static-RG`. */
  PxTeamsConnStaticResourceGroupName: z.string().nullable().default(null),
  PxTeamsConnIncidentReporting: z.boolean().default(true),
  PxPfxCertFileName: z.string(),
  PxMgmtSrcAddrPrefixes: addressList,
  PxNodesSourceAddressPrefixes: addressList,
  PxConsentSourceAddressPrefixes: addressList,
  PxWupdScheduledInstallDay: numberText('1'),
  PxWupdScheduledInstallTime: numberText('22'),
  PxWupdActiveHoursStart: numberText('6'),
  PxWupdActiveHoursEnd: numberText('22'),
  /** Must be an explicit choice: null (or left out) means "not decided yet" and is an error finding. */
  PxCustomerUsageAttribution: z.boolean().nullable().default(null),
  tags: z.record(z.string(), z.string()).default(() => ({})),
});
export type RegionVariables = z.infer<typeof regionVariablesSchema>;

/** A region's variables in the order of the guide's init script (checks and the importer follow it). */
export const REGION_VARIABLES = Object.keys(regionVariablesSchema.shape) as readonly (keyof RegionVariables)[];

export const nodeMemberSchema = z.object({
  fqdn: z.string(),
  /** Public address of the node (DNS A record, firewall table); null if not known yet. */
  ip: z.string().nullable().default(null),
});
export type NodeMember = z.infer<typeof nodeMemberSchema>;

export const regionSchema = z.object({
  variables: regionVariablesSchema,
  /** Left out: no pool and no individual nodes yet (the rules say what is missing). */
  nodes: z
    .object({
      /** Pool name the Teams Connector talks to, e.g. px.vc.example.com. */
      pool: z.string().default(''),
      members: z.array(nodeMemberSchema).default(() => []),
    })
    .default(() => ({ pool: '', members: [] })),
  /** Public IP of the connector's load balancer once known (for the DNS A record). */
  publicIp: z.string().nullable().default(null),
});
export type Region = z.infer<typeof regionSchema>;

export const teamsSchema = z.object({
  /** Virtual Reception alias, e.g. "teams" (TenantKey teams@example.com). */
  ivrAlias: z.string().default('teams'),
  /** Optional test call alias (InstructionUri `test=`); null to leave it out. */
  testCallAlias: z.string().nullable().default(null),
  /** Offer joining from a browser (InstructionUri `w`). */
  browserJoin: z.boolean().default(true),
  /** Optional dial prefix (InstructionUri `prefix=`). */
  prefix: z.string().nullable().default(null),
  /** Optional IP address shown in the dialing instructions (InstructionUri `ip=`). */
  instructionIp: z.string().nullable().default(null),
});
export type TeamsOptions = z.infer<typeof teamsSchema>;

export const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  /** Teams Connector software version, e.g. "26.2"; the emitters support major 26. */
  connectorVersion: z.string(),
  infinity: z.object({
    primaryDomain: z.string(),
    subdomain: z.string(),
    sfbFederation: z.boolean().default(false),
    teams: teamsSchema.default(() => ({
      ivrAlias: 'teams',
      testCallAlias: null,
      browserJoin: true,
      prefix: null,
      instructionIp: null,
    })),
  }),
  app: z
    .object({
      /** Application (client) ID printed by the install script; null before the first install. */
      appId: z.string().nullable().default(null),
    })
    .default(() => ({ appId: null })),
  regions: z.array(regionSchema),
});
export type Project = z.infer<typeof projectSchema>;

/** Secrets never live in the project; callers pass them alongside when a step needs them. */
export interface Secrets {
  adminPassword?: string;
  appPassword?: string;
}

export type ParseResult = { ok: true; project: Project } | { ok: false; issues: { path: string; message: string }[] };

/** Parse untrusted JSON text or a value into a Project, with readable problems instead of throws. */
export function parseProject(input: unknown): ParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, issues: [{ path: '', message: `The file is not valid JSON: ${(e as Error).message}` }] };
    }
  }
  if (
    value &&
    typeof value === 'object' &&
    'format' in value &&
    (value as { format: unknown }).format !== PROJECT_FORMAT
  ) {
    return {
      ok: false,
      issues: [
        {
          path: 'format',
          message: `Unknown project format ${JSON.stringify((value as { format: unknown }).format)}; this version of the wizard reads "${PROJECT_FORMAT}".`,
        },
      ],
    };
  }
  const r = projectSchema.safeParse(value);
  if (r.success) return { ok: true, project: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}

/**
 * The number fields ($PxTeamsConnInstanceCount, $PxWupd…) are strings in the vendor's script, which
 * converts them to numbers, so "06" means 6. Digits-only text loses its leading zeros; anything else
 * is returned unchanged for the rules to report.
 */
export function normalizeNumberText(v: string): string {
  return /^\d+$/.test(v) ? v.replace(/^0+(?=\d)/, '') : v;
}

/** The regional short name identifies a region inside a project. */
export function findRegion(project: Project, vmssRegion: string | undefined): Region | undefined {
  if (vmssRegion === undefined) return project.regions[0];
  return project.regions.find((r) => r.variables.PxVmssRegion === vmssRegion);
}

/** Documented defaults for a new region (guide's variables table). */
export function defaultRegionVariables(): RegionVariables {
  return {
    PxBaseConnName: '',
    PxVmssRegion: '',
    PxTeamsConnFqdn: '',
    PxNodeFqdns: [],
    PxSubscriptionId: '',
    PxAzureLocation: '',
    PxWinAdminUser: '',
    PxTeamsConnInstanceCount: '1',
    PxTeamsConnResourceGroupName: null,
    PxTeamsConnStaticResourceGroupName: null,
    PxTeamsConnIncidentReporting: true,
    PxPfxCertFileName: '',
    PxMgmtSrcAddrPrefixes: [],
    PxNodesSourceAddressPrefixes: [],
    PxConsentSourceAddressPrefixes: [],
    PxWupdScheduledInstallDay: '1',
    PxWupdScheduledInstallTime: '22',
    PxWupdActiveHoursStart: '6',
    PxWupdActiveHoursEnd: '22',
    PxCustomerUsageAttribution: null,
    tags: {},
  };
}

export function emptyProject(): Project {
  return {
    format: PROJECT_FORMAT,
    connectorVersion: '26.2',
    infinity: {
      primaryDomain: '',
      subdomain: '',
      sfbFederation: false,
      teams: { ivrAlias: 'teams', testCallAlias: null, browserJoin: true, prefix: null, instructionIp: null },
    },
    app: { appId: null },
    regions: [],
  };
}
