// The maintenance changes the guide allows without a redeploy (SPEC §8): the Conferencing Node pool
// (the "MCU-signalling-endpoint" rule, priority 120), management access (the "RDP" rule, priority
// 1000, Deny when no address is left) and the instance count (the scale set's capacity); plus the
// dialing instructions / IVR address, which are a Teams command and not an Azure change. This file
// works out what a change means for the project (pure); electron/services/doctor/maintain.ts applies it.
import ipaddr from 'ipaddr.js';
import type { Finding } from '../model/finding.ts';
import type { NodeMember, Project, Region } from '../model/project.ts';
import type { ChangeRequest } from './doctor-schemas.ts';
import { tenantKey, instructionUri } from '../emit/teams.ts';
import { teamsProviderCommand, TEAMS_DELAY_NOTE } from './manual-fixes.ts';
import { InputError } from '../model/input-error.ts';

export type { MaintenanceChange, ChangeRequest } from './doctor-schemas.ts';

export interface ChangePlan {
  /** The project as it is after the change. */
  project: Project;
  /** What changes, in words. */
  summary: string[];
  /** Set when part of the change needs a redeploy (pool name or $PxNodeFqdns changed). */
  redeployNeeded: string | null;
  /** NSG rule source list to write, when a rule changes. */
  rule: { name: 'MCU-signalling-endpoint' | 'RDP'; prefixes: string[]; access: 'Allow' | 'Deny' } | null;
  /** New scale set capacity, when it changes. */
  capacity: number | null;
  /** The Teams command (no Azure change). */
  teamsCommand: string | null;
  notes: string[];
}

export interface ChangeResult {
  findings: Finding[];
  summary: string[];
  notes: string[];
  redeployNeeded: string | null;
  /** What is in place now (or, in a dry run, already in place), and what is still to do. */
  done: string[];
  remaining: string[];
  /** The ARM writes sent (or, in a dry run, that would be sent). */
  requests: { method: string; url: string; body?: unknown }[];
  /** The same change by hand (Az PowerShell; the Teams command for dialing instructions). */
  powershell: string;
  /** The project after the change and its regenerated init script: save both so the script stays in sync. */
  project: Project;
  initScript: { fileName: string; content: string } | null;
  teamsCommand: string | null;
}

function inSubnet(ip: string, prefixes: readonly string[]): boolean {
  if (!ipaddr.IPv4.isValid(ip)) return false;
  const a = ipaddr.IPv4.parse(ip);
  return prefixes.some((p) => {
    if (p.includes('/')) {
      try {
        const [net, bits] = ipaddr.IPv4.parseCIDR(p);
        return a.match(net, bits);
      } catch {
        return false;
      }
    }
    return p === ip;
  });
}

const withRegion = (project: Project, name: string, edit: (r: Region) => Region): Project => ({
  ...project,
  regions: project.regions.map((r) => (r.variables.PxVmssRegion === name ? edit(r) : r)),
});

/** What a change does to the project, and which Azure write (if any) follows. Throws InputError for bad input. */
export function planChange(req: Pick<ChangeRequest, 'project' | 'region' | 'change'>): ChangePlan {
  const { project, change } = req;
  const region = project.regions.find((r) => r.variables.PxVmssRegion === req.region);
  if (!region && change.kind !== 'teams') throw new InputError(`The project has no region "${req.region}".`);
  const summary: string[] = [];
  const notes: string[] = [];
  switch (change.kind) {
    case 'nodes': {
      const r = region!;
      const v = r.variables;
      for (const m of change.members) {
        if (!m.fqdn.trim()) throw new InputError('Each Conferencing Node needs its FQDN.');
        if (m.ip !== null && !ipaddr.IPv4.isValid(m.ip))
          throw new InputError(`"${m.ip}" is not an IPv4 address; give the public address of node ${m.fqdn}.`);
      }
      const key = (m: NodeMember) => m.fqdn.toLowerCase();
      const before = new Map(r.nodes.members.map((m) => [key(m), m]));
      const after = new Map(change.members.map((m) => [key(m), m]));
      const added = change.members.filter((m) => !before.has(key(m)));
      const removed = r.nodes.members.filter((m) => !after.has(key(m)));
      let prefixes = [...v.PxNodesSourceAddressPrefixes];
      for (const m of removed) {
        // An address listed on its own goes with its node; a subnet stays (other nodes may use it).
        if (m.ip && prefixes.includes(m.ip) && !change.members.some((x) => x.ip === m.ip)) {
          prefixes = prefixes.filter((p) => p !== m.ip);
          summary.push(`Remove node ${m.fqdn} and its address ${m.ip} from the ${'MCU-signalling-endpoint'} rule.`);
        } else
          summary.push(
            `Remove node ${m.fqdn}${m.ip ? ` (its address ${m.ip} stays: it is covered by a subnet or used by another node)` : ''}.`,
          );
      }
      for (const m of added) {
        if (!m.ip) {
          summary.push(`Add node ${m.fqdn}.`);
          notes.push(`Node ${m.fqdn} has no public address yet: add it to the rule once known.`);
        } else if (inSubnet(m.ip, prefixes))
          summary.push(
            `Add node ${m.fqdn} (${m.ip} is already inside ${prefixes.find((p) => inSubnet(m.ip!, [p]))}: the rule does not change).`,
          );
        else {
          prefixes.push(m.ip);
          summary.push(`Add node ${m.fqdn} and allow ${m.ip} in the MCU-signalling-endpoint rule.`);
        }
      }
      for (const m of change.members) {
        const old = before.get(key(m));
        if (old && old.ip !== m.ip && m.ip && !inSubnet(m.ip, prefixes)) {
          prefixes.push(m.ip);
          summary.push(`Allow the new address ${m.ip} of node ${m.fqdn}.`);
        }
      }
      const pool = change.pool ?? r.nodes.pool;
      const nodeFqdns = change.nodeFqdns ?? v.PxNodeFqdns;
      const poolChanged = pool.toLowerCase() !== r.nodes.pool.toLowerCase();
      const fqdnsChanged = nodeFqdns.join(',').toLowerCase() !== v.PxNodeFqdns.join(',').toLowerCase();
      const redeployNeeded =
        poolChanged || fqdnsChanged
          ? `The ${[poolChanged ? `pool name (${r.nodes.pool} → ${pool})` : '', fqdnsChanged ? `$PxNodeFqdns (${v.PxNodeFqdns.join(', ')} → ${nodeFqdns.join(', ')})` : ''].filter(Boolean).join(' and ')} changed: the Teams Connector learns these only when it is deployed, so region ${v.PxVmssRegion} needs a redeploy (the Redeploy journey) with the updated init script.`
          : null;
      if (added.length)
        notes.push(
          `Each new node's certificate must contain ${v.PxNodeFqdns.join(', ')} (the $PxNodeFqdns identity the connector was deployed with); install it on the new node first.`,
        );
      const ruleChanges = prefixes.join('\n') !== v.PxNodesSourceAddressPrefixes.join('\n');
      if (!added.length && !removed.length && !ruleChanges && !redeployNeeded)
        summary.push('The node list is unchanged.');
      return {
        project: withRegion(project, v.PxVmssRegion, (x) => ({
          ...x,
          nodes: { pool, members: change.members.map((m) => ({ fqdn: m.fqdn.trim(), ip: m.ip })) },
          variables: { ...x.variables, PxNodesSourceAddressPrefixes: prefixes, PxNodeFqdns: nodeFqdns },
        })),
        summary,
        redeployNeeded,
        rule: ruleChanges
          ? { name: 'MCU-signalling-endpoint', prefixes: prefixes.length ? prefixes : ['*'], access: 'Allow' }
          : null,
        capacity: null,
        teamsCommand: null,
        notes,
      };
    }
    case 'management': {
      const v = region!.variables;
      const prefixes = change.prefixes.map((p) => p.trim()).filter(Boolean);
      for (const p of prefixes) {
        const ok = p.includes('/')
          ? (() => {
              try {
                ipaddr.IPv4.parseCIDR(p);
                return true;
              } catch {
                return false;
              }
            })()
          : ipaddr.IPv4.isValid(p);
        if (!ok)
          throw new InputError(`"${p}" is not an IPv4 address or CIDR range (e.g. 203.0.113.10 or 203.0.113.64/26).`);
      }
      summary.push(
        prefixes.length
          ? `RDP (rule 1000): Allow from ${prefixes.join(', ')}.`
          : 'RDP (rule 1000): Deny (no management address left).',
      );
      return {
        project: withRegion(project, v.PxVmssRegion, (x) => ({
          ...x,
          variables: { ...x.variables, PxMgmtSrcAddrPrefixes: prefixes },
        })),
        summary,
        redeployNeeded: null,
        rule: { name: 'RDP', prefixes: prefixes.length ? prefixes : ['*'], access: prefixes.length ? 'Allow' : 'Deny' },
        capacity: null,
        teamsCommand: null,
        notes,
      };
    }
    case 'instances': {
      const v = region!.variables;
      if (!Number.isInteger(change.count) || change.count < 1 || change.count > 100)
        throw new InputError('The instance count must be a whole number from 1 to 100.');
      const old = Number(v.PxTeamsConnInstanceCount);
      summary.push(`Scale set instance count ${old} → ${change.count}.`);
      if (change.count < old)
        notes.push('Scaling in: calls on an instance that Azure removes are dropped. Do it outside busy hours.');
      notes.push(
        `Each instance needs 4 Fs-series vCPUs: ${change.count * 4} in all (check the quota with the preflight).`,
      );
      return {
        project: withRegion(project, v.PxVmssRegion, (x) => ({
          ...x,
          variables: { ...x.variables, PxTeamsConnInstanceCount: String(change.count) },
        })),
        summary,
        redeployNeeded: null,
        rule: null,
        capacity: change.count,
        teamsCommand: null,
        notes,
      };
    }
    case 'teams': {
      const t = { ...project.infinity.teams, ...change.teams };
      if (!t.ivrAlias.trim()) throw new InputError('The IVR alias (the Virtual Reception alias) cannot be empty.');
      const next: Project = { ...project, infinity: { ...project.infinity, teams: t } };
      const keyChanged = tenantKey(next) !== tenantKey(project);
      const uriChanged = instructionUri(next) !== instructionUri(project);
      const cmd =
        keyChanged || uriChanged
          ? teamsProviderCommand({
              ...(keyChanged ? { tenantKey: tenantKey(next) } : {}),
              ...(uriChanged ? { instructionUri: instructionUri(next) } : {}),
            })
          : null;
      summary.push(
        cmd
          ? `${keyChanged ? `IVR address → ${tenantKey(next)}. ` : ''}${uriChanged ? `Dialing instructions → ${instructionUri(next)}.` : ''}`.trim()
          : 'The dialing instructions and IVR address are unchanged.',
      );
      return {
        project: next,
        summary,
        redeployNeeded: null,
        rule: null,
        capacity: null,
        teamsCommand: cmd,
        notes: cmd
          ? [
              'Run it in a Teams PowerShell session (Connect-MicrosoftTeams) as a Teams administrator.',
              TEAMS_DELAY_NOTE,
            ]
          : [],
      };
    }
  }
}
