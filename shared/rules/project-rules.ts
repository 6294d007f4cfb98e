// Project-wide rules (version, Pexip Infinity settings, app) and the rules across regions.
import type { Project } from '../model/project.ts';
import { PROJECT_FORMAT } from '../model/project.ts';
import {
  botChannelResourceGroupName,
  effectiveDynamicResourceGroupName,
  effectiveStaticResourceGroupName,
  vmssName,
} from '../model/derived.ts';
import { Collector } from './collector.ts';
import { classifyIp, isIpv4 } from './net.ts';
import { regionLabel } from './region-rules.ts';
import { GUID_RE, hostNameProblem, listChars, show } from './text.ts';

export const SUPPORTED_MAJOR = 26;

export function checkConnectorVersion(v: string, c: Collector): void {
  const f = 'connectorVersion';
  if (!/^\d+(\.\d+){0,3}$/.test(v)) {
    c.add(
      'connector-version.invalid',
      f,
      `connectorVersion ${show(v)} is not a version number; write the Teams Connector version from its ZIP file name, e.g. "26.2".`,
    );
    return;
  }
  const major = Number(v.split('.')[0]);
  if (major !== SUPPORTED_MAJOR) {
    c.add(
      'connector-version.unsupported-major',
      f,
      `connectorVersion ${show(v)} is major ${major}; this wizard knows the version ${SUPPORTED_MAJOR} scripts only, whose commands and parameters differ from other majors. Use a version ${SUPPORTED_MAJOR}.x Teams Connector, or follow that version's own guide.`,
    );
  }
}

function checkDomain(field: string, label: string, v: string, c: Collector): void {
  const p = v.includes('*') ? 'it contains a wildcard' : hostNameProblem(v);
  if (p)
    c.add(
      'infinity.domain.invalid',
      field,
      `The ${label} ${show(v)} is not a valid domain name: ${p}. Enter it like 'example.com'.`,
    );
}

/** InstructionUri values: the name part of an alias, put in a URL query (guide ~1704-1770). */
function checkAlias(field: string, label: string, v: string | null, required: boolean, c: Collector): void {
  if (v === null) {
    if (required)
      c.add(
        'teams.alias.invalid',
        field,
        `The ${label} is not set; enter the name part of the Virtual Reception alias, e.g. 'teams' for teams@example.com.`,
      );
    return;
  }
  if (v.trim().length === 0) {
    c.add(
      'teams.alias.invalid',
      field,
      `The ${label} is empty; ${required ? "enter it, e.g. 'teams'" : 'enter a value or turn the option off'}.`,
    );
    return;
  }
  if (/\s/.test(v)) {
    c.add('teams.alias.invalid', field, `The ${label} ${show(v)} contains spaces; aliases cannot.`);
    return;
  }
  if (v.includes('@')) {
    c.add(
      'teams.alias.invalid',
      field,
      `The ${label} ${show(v)} includes a domain; give only the part before @ (the domain comes from the primary domain), e.g. ${show(v.slice(0, v.indexOf('@')) || 'teams')}.`,
    );
    return;
  }
  const odd = [...v].filter((ch) => !/[A-Za-z0-9._+\-~]/.test(ch));
  if (odd.length > 0) {
    c.add(
      'teams.alias.url-chars',
      field,
      `The ${label} ${show(v)} has characters that change meaning inside the dialing-instructions URL ${listChars(odd)}; prefer letters, digits, '.', '_', '-' and '+'.`,
    );
  }
}

export function checkProjectSettings(p: Project, c: Collector): void {
  if (p.format !== PROJECT_FORMAT) {
    c.add(
      'project.format',
      'format',
      `The project format ${show(String(p.format))} is not "${PROJECT_FORMAT}"; open it with a wizard version that reads it, or re-import the scripts.`,
    );
  }
  if (p.regions.length === 0) {
    c.add(
      'project.no-regions',
      'regions',
      'The project has no region yet; add one (each region has its own variables initialization script).',
    );
  }
  checkConnectorVersion(p.connectorVersion, c);
  checkDomain('infinity.primaryDomain', 'Pexip Infinity primary domain', p.infinity.primaryDomain, c);
  checkDomain('infinity.subdomain', 'Pexip subdomain', p.infinity.subdomain, c);
  const t = p.infinity.teams;
  checkAlias('infinity.teams.ivrAlias', 'Virtual Reception alias (ivr)', t.ivrAlias, true, c);
  checkAlias('infinity.teams.testCallAlias', 'test call alias', t.testCallAlias, false, c);
  checkAlias('infinity.teams.prefix', 'dial prefix', t.prefix, false, c);
  if (t.instructionIp !== null) {
    if (!isIpv4(t.instructionIp)) {
      c.add(
        'teams.instruction-ip.invalid',
        'infinity.teams.instructionIp',
        `The dialing-instructions IP ${show(t.instructionIp)} is not one IPv4 address; give the public address of one Conferencing Node, e.g. 198.51.100.40, or leave it out.`,
      );
    } else {
      const k = classifyIp(t.instructionIp);
      if (k.cls === 'not-public')
        c.add(
          'teams.instruction-ip.not-public',
          'infinity.teams.instructionIp',
          `The dialing-instructions IP ${t.instructionIp} is in a ${k.range} range; meeting guests outside your network cannot dial it. Use a node's public address.`,
        );
    }
  }
  if (p.app.appId !== null && !GUID_RE.test(p.app.appId)) {
    c.add(
      'app.app-id.invalid',
      'app.appId',
      `The app ID ${show(p.app.appId)} is not a GUID; copy the $AppId value the install script printed (aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee), or leave it empty before the first install.`,
    );
  }
}

/** "no. 2 ('us')": region names may collide, so cross-region messages give the position too. */
function nth(i: number, label: string): string {
  return `no. ${i + 1} (${show(label)})`;
}

/** Rules across regions: one deployment (base name, subscription), distinct regions and names. */
export function checkCrossRegion(p: Project): Collector[] {
  const out: Collector[] = [];
  const first = p.regions[0];
  if (!first) return out;
  const firstLabel = regionLabel(first, 0);
  const regionSeen = new Map<string, string>();
  const fqdnSeen = new Map<string, string>();
  const vmssSeen = new Map<string, string>();
  const rgSeen = new Map<string, string>();
  const claimRg = (name: string, what: string, c: Collector, field: string, idx: number) => {
    const key = name.toLowerCase();
    const prev = rgSeen.get(key);
    if (prev !== undefined) {
      c.add(
        'cross.resource-group.duplicate',
        field,
        `The ${what} ${show(name)} is also used as the ${prev}; every resource group must be distinct (a redeploy deletes the dynamic one). Use the documented names.`,
      );
    } else {
      rgSeen.set(key, `${what} of region ${nth(idx, c.region ?? '')}`);
    }
  };
  // The bot channel group is once per tenant, named from the first region's base name.
  rgSeen.set(botChannelResourceGroupName(first.variables).toLowerCase(), 'bot channel resource group');
  p.regions.forEach((r, i) => {
    const label = regionLabel(r, i);
    const c = new Collector(label);
    out.push(c);
    const v = r.variables;
    if (i > 0 && v.PxBaseConnName !== first.variables.PxBaseConnName) {
      c.add(
        'cross.base-name.differs',
        'PxBaseConnName',
        `PxBaseConnName ${show(v.PxBaseConnName)} differs from ${show(first.variables.PxBaseConnName)} in region ${nth(0, firstLabel)}; all regions of one deployment share the app, bot and naming, so use the same base name.`,
      );
    }
    if (i > 0 && v.PxSubscriptionId.toLowerCase() !== first.variables.PxSubscriptionId.toLowerCase()) {
      c.add(
        'cross.subscription.differs',
        'PxSubscriptionId',
        `PxSubscriptionId ${show(v.PxSubscriptionId)} differs from ${show(first.variables.PxSubscriptionId)} in region ${nth(0, firstLabel)}; a project describes one deployment in one subscription. Use the same subscription, or make a separate project.`,
      );
    }
    let regionDup = false;
    if (v.PxVmssRegion) {
      const prev = regionSeen.get(v.PxVmssRegion.toLowerCase());
      regionDup = prev !== undefined;
      if (prev !== undefined)
        c.add(
          'cross.vmss-region.duplicate',
          'PxVmssRegion',
          `PxVmssRegion ${show(v.PxVmssRegion)} is already used by region ${prev}; give every region its own short name.`,
        );
      else regionSeen.set(v.PxVmssRegion.toLowerCase(), nth(i, label));
    }
    if (v.PxTeamsConnFqdn) {
      const key = v.PxTeamsConnFqdn.toLowerCase();
      const prev = fqdnSeen.get(key);
      if (prev !== undefined)
        c.add(
          'cross.teams-fqdn.duplicate',
          'PxTeamsConnFqdn',
          `PxTeamsConnFqdn ${show(v.PxTeamsConnFqdn)} is already used by region ${prev}; every region's Teams Connector needs its own host name (e.g. with the region in it).`,
        );
      else fqdnSeen.set(key, nth(i, label));
    }
    if (v.PxBaseConnName && v.PxVmssRegion) {
      const vm = vmssName(v).toLowerCase();
      const prev = vmssSeen.get(vm);
      // Same region name is already reported; this catches e.g. 'ab'+'cd' vs 'abc'+'d'.
      if (prev !== undefined && !regionDup) {
        c.add(
          'cross.vmss-name.duplicate',
          'PxVmssRegion',
          `The scale set name ${show(vmssName(v))} (PxBaseConnName + PxVmssRegion) is already produced by region ${prev}; change PxVmssRegion.`,
        );
      } else if (prev === undefined) vmssSeen.set(vm, nth(i, label));
      if (regionDup) return; // same names follow from the same region name; reported once above
      claimRg(effectiveDynamicResourceGroupName(v), 'dynamic resource group', c, 'PxTeamsConnResourceGroupName', i);
      claimRg(effectiveStaticResourceGroupName(v), 'static resource group', c, 'PxTeamsConnStaticResourceGroupName', i);
    }
  });
  return out;
}
