// The rules engine: every documented rule over a project (SPEC §2; codes in docs/rules.md).
// Pure functions, no I/O; the CLI, the emitters and the UI all call these.
import type { Finding } from '../model/finding.ts';
import type { Project, Region } from '../model/project.ts';
import { Collector } from './collector.ts';
import { checkCrossRegion, checkProjectSettings } from './project-rules.ts';
import { checkRegion, checkWinAdminPassword, regionLabel, type RegionRuleOptions } from './region-rules.ts';

export interface ValidateOptions {
  /** The VM admin password when known (never stored in the project, never quoted in a message). */
  adminPassword?: string;
  /**
   * Locations that offer Standard_F4s and Automation to the signed-in subscription (live check).
   * When given it replaces the guide's June 2021 list: a location outside it is an error.
   */
  liveLocations?: readonly string[];
}

function regionOptions(project: Project, opts: ValidateOptions): RegionRuleOptions {
  return {
    infinity: { subdomain: project.infinity.subdomain, sfbFederation: project.infinity.sfbFederation },
    ...(opts.liveLocations ? { liveLocations: opts.liveLocations } : {}),
  };
}

/**
 * Findings for one region of `project`: its own rules, the password when given, and the cross-region
 * findings that concern it. `region` is the Region object or its PxVmssRegion.
 */
export function validateRegion(project: Project, region: Region | string, opts: ValidateOptions = {}): Finding[] {
  const index =
    typeof region === 'string'
      ? project.regions.findIndex((r) => r.variables.PxVmssRegion === region)
      : project.regions.indexOf(region);
  const r = typeof region === 'string' ? project.regions[index] : region;
  if (!r) return [];
  const label = index >= 0 ? regionLabel(r, index) : r.variables.PxVmssRegion || '#?';
  const out = checkRegion(r, label, regionOptions(project, opts));
  if (opts.adminPassword !== undefined) {
    const c = new Collector(label);
    checkWinAdminPassword(opts.adminPassword, c);
    out.push(...c.out);
  }
  if (index >= 0) {
    const cross = checkCrossRegion(project)[index];
    if (cross) out.push(...cross.out);
  }
  return out;
}

/**
 * Every rule over the project. Findings carry `region` = the region's PxVmssRegion (or `#n` when it
 * is empty) or null for project-wide ones; the admin password is one for all regions, so its
 * findings are project-wide. Never throws on a schema-valid project.
 */
export function validateProject(project: Project, opts: ValidateOptions = {}): Finding[] {
  const top = new Collector(null);
  checkProjectSettings(project, top);
  if (opts.adminPassword !== undefined) checkWinAdminPassword(opts.adminPassword, top);
  const out: Finding[] = [...top.out];
  const ro = regionOptions(project, opts);
  const cross = checkCrossRegion(project);
  project.regions.forEach((r, i) => {
    out.push(...checkRegion(r, regionLabel(r, i), ro));
    const cr = cross[i];
    if (cr) out.push(...cr.out);
  });
  return out;
}

export { validateField, type FieldName, type FieldValue, type FieldContext } from './region-rules.ts';
export {
  RESERVED_ADMIN_USER_NAMES,
  RESERVED_ADMIN_PASSWORDS,
  activeWindowHours,
  resourceGroupNameProblem,
} from './region-rules.ts';
export { parseIpv4Prefix, isIpv4 } from './net.ts';
export { hostNameProblem } from './text.ts';
export { DOCUMENTED_LOCATIONS, isDocumentedLocation } from './regions.ts';
export { RULES, type RuleCode, type RuleInfo, rulesMarkdownTable } from './catalog.ts';
