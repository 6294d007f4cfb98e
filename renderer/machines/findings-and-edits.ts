// Pieces every journey machine shares: findings per step, project edits, operation ids.
import { validateProject } from '../../shared/rules/validate.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project, Region, RegionVariables, NodeMember, TeamsOptions } from '../../shared/model/project.ts';
import type { OperationEvent } from '../../shared/api/wizard-api.ts';

/** Which fields each step owns: a finding sits on the step (and the control) of its field. */
export const STEP_FIELDS = {
  version: ['connectorVersion'],
  naming: [
    'PxBaseConnName',
    'PxVmssRegion',
    'PxTeamsConnFqdn',
    'PxTeamsConnResourceGroupName',
    'PxTeamsConnStaticResourceGroupName',
  ],
  azure: ['PxSubscriptionId', 'PxAzureLocation', 'PxTeamsConnInstanceCount'],
  certificate: ['PxPfxCertFileName'],
  nodes: ['PxNodeFqdns', 'pool', 'members', 'nodes', 'primaryDomain', 'subdomain', 'sfbFederation', 'infinity'],
  network: ['PxMgmtSrcAddrPrefixes', 'PxNodesSourceAddressPrefixes', 'PxConsentSourceAddressPrefixes'],
  admin: [
    'PxWinAdminUser',
    'PxWinAdminPassword',
    'PxWupdScheduledInstallDay',
    'PxWupdScheduledInstallTime',
    'PxWupdActiveHoursStart',
    'PxWupdActiveHoursEnd',
  ],
  options: [
    'PxTeamsConnIncidentReporting',
    'PxCustomerUsageAttribution',
    'tags',
    'teams',
    'ivrAlias',
    'testCallAlias',
    'browserJoin',
    'prefix',
    'instructionIp',
  ],
} as const satisfies Record<string, readonly string[]>;
export type FieldStep = keyof typeof STEP_FIELDS;

/** The regional values "Add a region" asks for; everything else is carried over. */
export const REGIONAL_FIELDS = [
  'PxVmssRegion',
  'PxTeamsConnFqdn',
  'PxNodeFqdns',
  'PxAzureLocation',
  'PxPfxCertFileName',
  'PxNodesSourceAddressPrefixes',
  'PxTeamsConnInstanceCount',
  'pool',
  'members',
  'nodes',
] as const;

/**
 * Normalises a finding's field to the key the form uses: "PxBaseConnName", "nodes.pool" → "pool",
 * "infinity.primaryDomain" → "primaryDomain", "tags.CostCenter" → "tags", "PxNodeFqdns[1]" → "PxNodeFqdns".
 */
export function fieldKey(field: string | null): string | null {
  if (!field) return null;
  const parts = field.split(/[.[\]]/).filter(Boolean);
  if (parts.length === 0) return null;
  const first = parts[0] as string;
  if (first === 'nodes' || first === 'infinity' || first === 'teams') return parts[1] ?? first;
  if (first === 'regions' || first === 'variables') {
    // regions[0].variables.PxBaseConnName
    const named = parts.find((p) => /^Px|^tags$|^pool$|^members$/.test(p));
    return named ?? first;
  }
  return first;
}

export function findingsFor(findings: readonly Finding[], fields: readonly string[], region: string | null): Finding[] {
  return findings.filter((f) => {
    const key = fieldKey(f.field);
    if (key === null || !fields.includes(key)) return false;
    return f.region === null || region === null || f.region === region;
  });
}

export function fieldFindings(findings: readonly Finding[], field: string, region: string | null): Finding[] {
  return findingsFor(findings, [field], region);
}

export function stepHasErrors(findings: readonly Finding[], step: FieldStep, region: string | null): boolean {
  return findingsFor(findings, STEP_FIELDS[step], region).some((f) => f.severity === 'error');
}

/** Findings no step owns (project-wide or unknown fields): shown on the review step. */
export function unplacedFindings(findings: readonly Finding[]): Finding[] {
  const all = Object.values(STEP_FIELDS).flat() as string[];
  return findings.filter((f) => {
    const key = fieldKey(f.field);
    return key === null || !all.includes(key);
  });
}

// ---------------------------------------------------------------------------------------------
// Completeness: the rules judge values; the wizard also needs to know a field was filled in at all.
// These only add a finding where the rules have none for that field, so messages never double up.

const required: { field: keyof RegionVariables; label: string }[] = [
  { field: 'PxBaseConnName', label: 'a base name' },
  { field: 'PxVmssRegion', label: 'a short region name' },
  { field: 'PxTeamsConnFqdn', label: "the Teams Connector's host name" },
  { field: 'PxSubscriptionId', label: 'the subscription ID' },
  { field: 'PxAzureLocation', label: 'the Azure location' },
  { field: 'PxTeamsConnInstanceCount', label: 'the number of instances' },
  { field: 'PxPfxCertFileName', label: 'the certificate file name' },
  { field: 'PxWinAdminUser', label: 'the VM admin user name' },
];

export function completenessFindings(region: Region): Finding[] {
  const v = region.variables;
  const r = v.PxVmssRegion || null;
  const out: Finding[] = [];
  for (const { field, label } of required) {
    const value = v[field];
    if (typeof value === 'string' && value.trim() === '') {
      out.push({ region: r, field, severity: 'error', code: 'ui.required', message: `Enter ${label}.` });
    }
  }
  if (v.PxNodeFqdns.length === 0) {
    out.push({
      region: r,
      field: 'PxNodeFqdns',
      severity: 'error',
      code: 'ui.required',
      message: 'Enter at least one Conferencing Node FQDN (usually the pool name) the Teams Connector will talk to.',
    });
  }
  if (region.nodes.pool.trim() === '') {
    out.push({
      region: r,
      field: 'pool',
      severity: 'error',
      code: 'ui.required',
      message: 'Enter the pool name of your Conferencing Nodes, e.g. px.vc.example.com.',
    });
  }
  if (v.PxCustomerUsageAttribution === null) {
    out.push({
      region: r,
      field: 'PxCustomerUsageAttribution',
      severity: 'error',
      code: 'ui.required',
      message: 'Choose Yes or No: the installer stops when usage attribution is left unset.',
    });
  }
  return out;
}

/** Cross-region uniqueness for "Add a region": short name and host name must differ per region. */
export function uniquenessFindings(project: Project): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, number>();
  const seenFqdn = new Map<string, number>();
  project.regions.forEach((reg, i) => {
    const v = reg.variables;
    const key = v.PxVmssRegion.toLowerCase();
    if (key && seen.has(key)) {
      out.push({
        region: v.PxVmssRegion,
        field: 'PxVmssRegion',
        severity: 'error',
        code: 'ui.region-not-unique',
        message: `The short region name "${v.PxVmssRegion}" is already used by another region of this deployment; pick a different one (e.g. "us" or "ap").`,
      });
    } else if (key) seen.set(key, i);
    const fqdn = v.PxTeamsConnFqdn.toLowerCase();
    if (fqdn && seenFqdn.has(fqdn)) {
      out.push({
        region: v.PxVmssRegion || null,
        field: 'PxTeamsConnFqdn',
        severity: 'error',
        code: 'ui.fqdn-not-unique',
        message: `"${v.PxTeamsConnFqdn}" already names the Teams Connector of another region; every region needs its own host name.`,
      });
    } else if (fqdn) seenFqdn.set(fqdn, i);
  });
  return out;
}

/** Every finding the wizard shows while editing: the rules, plus completeness where the rules say nothing. */
export function computeFindings(project: Project, adminPassword?: string): Finding[] {
  let rules: Finding[];
  try {
    rules = validateProject(project, adminPassword ? { adminPassword } : {});
  } catch (e) {
    rules = [
      {
        region: null,
        field: null,
        severity: 'error',
        code: 'ui.rules-failed',
        message: `The checks could not run: ${(e as Error).message}. Please report this; your entries are kept.`,
      },
    ];
  }
  const extra = [...project.regions.flatMap(completenessFindings), ...uniquenessFindings(project)];
  const covered = new Set(
    rules.filter((f) => f.severity === 'error').map((f) => `${f.region ?? ''}|${fieldKey(f.field)}`),
  );
  return [
    ...rules,
    ...extra.filter(
      (f) => !covered.has(`${f.region ?? ''}|${fieldKey(f.field)}`) && !covered.has(`|${fieldKey(f.field)}`),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Project edits (immutable)

export function updateRegion(project: Project, index: number, patch: Partial<RegionVariables>): Project {
  return {
    ...project,
    regions: project.regions.map((r, i) => (i === index ? { ...r, variables: { ...r.variables, ...patch } } : r)),
  };
}

export function updateNodes(
  project: Project,
  index: number,
  nodes: { pool?: string; members?: NodeMember[] },
): Project {
  return {
    ...project,
    regions: project.regions.map((r, i) => (i === index ? { ...r, nodes: { ...r.nodes, ...nodes } } : r)),
  };
}

export function updateInfinity(
  project: Project,
  patch: Partial<Omit<Project['infinity'], 'teams'>> & { teams?: Partial<TeamsOptions> },
): Project {
  const { teams, ...rest } = patch;
  return {
    ...project,
    infinity: { ...project.infinity, ...rest, teams: { ...project.infinity.teams, ...(teams ?? {}) } },
  };
}

export function setPublicIp(project: Project, index: number, ip: string | null): Project {
  return { ...project, regions: project.regions.map((r, i) => (i === index ? { ...r, publicIp: ip } : r)) };
}

export { errorMessage } from './errors.ts';
export type { ProgressState } from './kit.ts';

/** vCPU of Fs-series quota and concurrent calls per Teams Connector instance (guide, capacity planning). */
export function capacityEstimate(instances: string): { vcpu: number; callsLow: number; callsHigh: number } | null {
  if (!/^\d+$/.test(instances)) return null;
  const n = Number(instances);
  if (n < 1 || n > 100) return null;
  return { vcpu: 4 * n, callsLow: 14 * n, callsHigh: 15 * n };
}

/** Forwards the bridge's progress events to a journey actor (which keeps only its own operation's). */
export function forwardProgress(
  api: { onEvent(listener: (e: OperationEvent) => void): () => void },
  actor: { send(e: { type: 'PROGRESS'; event: OperationEvent }): void },
): () => void {
  return api.onEvent((event) => actor.send({ type: 'PROGRESS', event }));
}
