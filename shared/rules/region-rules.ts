// Rules for one region's variables (SPEC §2; guide 002 lines ~795-1210, troubleshooting ~3760-4460).
// Each variable has one small checker so a form can validate a field as the user types; the rules that
// need two variables (base + region length, active-hours window, node coverage) are "combo" rules.
import type { Finding } from '../model/finding.ts';
import type { NodeMember, Region, RegionVariables } from '../model/project.ts';
import { dynamicResourceGroupName, staticResourceGroupName } from '../model/derived.ts';
import { Collector } from './collector.ts';
import { classify, classifyIp, isIpv4, parseIpv4Prefix, prefixContains, type Ipv4Prefix } from './net.ts';
import { closestLocation, isDocumentedLocation } from './regions.ts';
import { GUID_RE, hostNameProblem, listChars, plural, show } from './text.ts';
import { normalizeNumberText, REGION_VARIABLES } from '../model/project.ts';

export interface RegionRuleOptions {
  /** Live list of locations offering Standard_F4s and Automation (from a signed-in check); wins over the documented list. */
  liveLocations?: readonly string[];
  /** Project settings some region rules need (SfB/Lync federation pool placement). */
  infinity?: { subdomain: string; sfbFederation: boolean };
}

// ---------------------------------------------------------------- names

function suggestLowerAlnum(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The guide's own example values and `<…>` placeholders (variables script, guide ~807-919): left in,
 * they pass every other rule (or, like a foreign subscription GUID, fail only inside Azure), so each
 * is an error at its field.
 */
export const GUIDE_PLACEHOLDER_VALUES: Readonly<Record<string, readonly string[]>> = {
  PxBaseConnName: ['yourname'],
  PxSubscriptionId: ['aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'],
  PxPfxCertFileName: ['.\\your_connector_certificate.pfx', 'your_connector_certificate.pfx'],
  PxWinAdminPassword: ['ReplaceThisPassword!'],
};

/** True (and an error finding) when `v` is the guide's placeholder for `field`. */
function placeholder(field: string, v: string, c: Collector): boolean {
  const t = v.trim();
  const isAngle = /^<[^<>]*>$/.test(t);
  const isExample = (GUIDE_PLACEHOLDER_VALUES[field] ?? []).some((x) => x.toLowerCase() === t.toLowerCase());
  if (!isAngle && !isExample) return false;
  const shown = field === 'PxWinAdminPassword' ? "the guide's example password" : show(v);
  c.add(
    'placeholder.guide',
    field,
    `${field} is still ${isAngle ? "the guide's placeholder " + show(v) : `${shown}, the guide's example value`}; replace it with your deployment's own value.`,
  );
  return true;
}

export function checkBaseConnName(v: string, c: Collector): void {
  const f = 'PxBaseConnName';
  if (placeholder(f, v, c)) return;
  if (v.length === 0) {
    c.add(
      'base-name.empty',
      f,
      "PxBaseConnName is empty; enter a short prefix for every resource name, usually your company name: 1-9 lower-case letters and digits starting with a letter, e.g. 'contoso'.",
    );
    return;
  }
  const bad = [...v].filter((ch) => !/[a-z0-9]/.test(ch));
  const suggestion = suggestLowerAlnum(v)
    .replace(/^[0-9]+/, '')
    .slice(0, 9);
  const eg = suggestion ? `, e.g. ${show(suggestion)}` : '';
  if (bad.length > 0) {
    const upper = bad.some((ch) => /[A-Z]/.test(ch));
    c.add(
      'base-name.chars',
      f,
      `PxBaseConnName ${show(v)} has characters other than a-z and 0-9 ${listChars(bad)}; use ${upper ? 'lower-case letters' : 'letters a-z'} and digits only${eg}.`,
    );
  }
  if (!/^[A-Za-z]/.test(v)) {
    c.add('base-name.first-char', f, `PxBaseConnName ${show(v)} must start with a letter; put a letter first${eg}.`);
  }
  if (v.length > 9) {
    c.add(
      'base-name.too-long',
      f,
      `PxBaseConnName ${show(v)} has ${v.length} characters; the maximum is 9. Shorten it${eg}.`,
    );
  }
}

export function checkVmssRegion(v: string, c: Collector): void {
  const f = 'PxVmssRegion';
  if (v.length === 0) {
    c.add(
      'vmss-region.empty',
      f,
      "PxVmssRegion is empty; enter a short name for this region, 2-4 lower-case letters or digits, e.g. 'eu'.",
    );
    return;
  }
  const bad = [...v].filter((ch) => !/[a-z0-9]/.test(ch));
  if (bad.length > 0) {
    const s = suggestLowerAlnum(v);
    c.add(
      'vmss-region.chars',
      f,
      `PxVmssRegion ${show(v)} has characters other than a-z and 0-9 ${listChars(bad)}; use lower-case letters and digits only${s ? `, e.g. ${show(s)}` : ''}.`,
    );
  }
  if (v.length < 2 || v.length > 4) {
    c.add(
      'vmss-region.length',
      f,
      `PxVmssRegion ${show(v)} has ${plural(v.length, 'character')}; the guide recommends 2-4 (e.g. 'eu', 'us', 'apac') to keep resource names short.`,
    );
  }
}

export function checkTeamsConnFqdn(v: string, c: Collector): void {
  const f = 'PxTeamsConnFqdn';
  if (placeholder(f, v, c)) return;
  if (v.includes('*')) {
    c.add(
      'teams-fqdn.wildcard',
      f,
      `PxTeamsConnFqdn ${show(v)} contains a wildcard; it is the host name of this region's Teams Connector, e.g. 'pexip-teamsconn-eu.teams.example.com' (a wildcard is fine in the certificate, not here).`,
    );
    return;
  }
  const p = hostNameProblem(v);
  if (p)
    c.add(
      'teams-fqdn.invalid',
      f,
      `PxTeamsConnFqdn ${show(v)} is not a valid host name: ${p}. Enter the connector's own name, e.g. 'pexip-teamsconn-eu.teams.example.com'; it must match the PFX certificate.`,
    );
}

export function checkNodeFqdns(list: readonly string[], c: Collector): void {
  const f = 'PxNodeFqdns';
  if (list.length === 0) {
    c.add(
      'node-fqdns.empty',
      f,
      "PxNodeFqdns is empty; enter the pool name of the Conferencing Nodes (usually Proxying Edge Nodes) that talk to this connector, e.g. 'px.vc.example.com'.",
    );
    return;
  }
  const seen = new Map<string, number>();
  list.forEach((name, i) => {
    const at = `PxNodeFqdns entry ${i + 1} ${show(name)}`;
    if (name.includes('*')) {
      c.add(
        'node-fqdns.wildcard',
        f,
        `${at} contains a wildcard; wildcards are not allowed here. List the pool name or each node name exactly as it appears in the nodes' certificate.`,
      );
      return;
    }
    const p = hostNameProblem(name);
    if (p) {
      c.add(
        'node-fqdns.invalid',
        f,
        `${at} is not a valid FQDN: ${p}. List pool or node names such as 'px.vc.example.com'.`,
      );
      return;
    }
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      c.add('node-fqdns.duplicate', f, `${at} repeats entry ${first + 1}; remove the duplicate.`);
    else seen.set(key, i);
  });
}

export function checkSubscriptionId(v: string, c: Collector): void {
  const f = 'PxSubscriptionId';
  if (placeholder(f, v, c) || GUID_RE.test(v)) return;
  const inner = v.replace(/^\{(.*)\}$/, '$1').trim();
  const hint =
    inner !== v && GUID_RE.test(inner)
      ? ` Remove the braces/spaces: ${show(inner)}.`
      : ' Copy the Subscription ID from the Azure portal (Subscriptions).';
  c.add(
    'subscription.invalid',
    f,
    v.length === 0
      ? "PxSubscriptionId is empty; enter the Azure subscription ID, a GUID like 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'."
      : `PxSubscriptionId ${show(v)} is not a GUID of the form 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'.${hint}`,
  );
}

export function checkAzureLocation(v: string, c: Collector, live?: ReadonlySet<string>): void {
  const f = 'PxAzureLocation';
  if (placeholder(f, v, c)) return;
  if (v.length === 0) {
    c.add(
      'location.empty',
      f,
      "PxAzureLocation is empty; enter the Azure region name in lower case, e.g. 'westeurope'.",
    );
    return;
  }
  if (!/^[a-z][a-z0-9]*$/.test(v)) {
    const s = v.toLowerCase().replace(/[^a-z0-9]/g, '');
    c.add(
      'location.malformed',
      f,
      `PxAzureLocation ${show(v)} is not an Azure region name; use the lower-case RegionName without spaces${s ? `, e.g. ${show(s)}` : ''} (not the display name such as 'West Europe').`,
    );
    return;
  }
  if (live) {
    const near = live.has(v) ? null : closestLocation(v, live);
    if (!live.has(v))
      c.add(
        'location.not-available',
        f,
        `Azure reports that region ${show(v)} does not offer both Standard_F4s virtual machines and Azure Automation to this subscription; ${near ? `did you mean ${show(near)}?` : 'choose another region.'}`,
      );
    return;
  }
  if (!isDocumentedLocation(v)) {
    const near = closestLocation(v);
    c.add(
      'location.not-listed',
      f,
      near
        ? `${show(v)} is not an Azure region in the guide's list; did you mean ${show(near)}?`
        : `${show(v)} is not in the guide's list of regions with Fs-series and Automation (June 2021); check the region live when signed in to Azure, or choose a listed one such as 'westeurope' or 'eastus'.`,
    );
  }
}

const RESERVED_USERS = new Set([
  'administrator',
  'admin',
  'user',
  'user1',
  'test',
  'user2',
  'test1',
  'user3',
  'admin1',
  '1',
  '123',
  'a',
  'actuser',
  'adm',
  'admin2',
  'aspnet',
  'backup',
  'console',
  'david',
  'guest',
  'john',
  'owner',
  'root',
  'server',
  'sql',
  'support',
  'support_388945a0',
  'sys',
  'test2',
  'test3',
  'user4',
  'user5',
]);
export const RESERVED_ADMIN_USER_NAMES: readonly string[] = [...RESERVED_USERS];

export function checkWinAdminUser(v: string, c: Collector): void {
  const f = 'PxWinAdminUser';
  if (placeholder(f, v, c)) return;
  if (v.length === 0) {
    c.add(
      'admin-user.empty',
      f,
      "PxWinAdminUser is empty; enter a user name for the VMs' administrator account, e.g. 'pexadmin'.",
    );
    return;
  }
  if (v.length > 20)
    c.add(
      'admin-user.too-long',
      f,
      `PxWinAdminUser ${show(v)} has ${v.length} characters; Windows VMs allow at most 20. Shorten it.`,
    );
  if (v.endsWith('.'))
    c.add(
      'admin-user.trailing-period',
      f,
      `PxWinAdminUser ${show(v)} ends with a period, which Windows does not allow; remove it.`,
    );
  if (RESERVED_USERS.has(v.toLowerCase()))
    c.add(
      'admin-user.reserved',
      f,
      `PxWinAdminUser ${show(v)} is a name Azure refuses for VM administrators; choose another, e.g. 'pexadmin'.`,
    );
  // Characters the Azure VM user name FAQ (linked from the guide) refuses in a Windows administrator
  // name, whitespace and control characters: the scale-set API rejects them only after the app, bot,
  // consent site and resource groups exist, so they are errors here.
  const bad = [...v].filter((ch) => /["/\\[\]:;|=,+*?<>@&\s\u0000-\u001f\u007f]/.test(ch));
  if (bad.length > 0)
    c.add(
      'admin-user.chars',
      f,
      `PxWinAdminUser ${show(v)} has characters Azure does not allow in a VM administrator name ${listChars(bad)}; use letters, digits, '.', '-' or '_', e.g. ${show(suggestUser(v))}.`,
    );
}

function suggestUser(v: string): string {
  const s = v
    .replace(/@.*$/, '')
    .replace(/[^A-Za-z0-9._-]/g, '')
    .replace(/\.+$/, '')
    .slice(0, 20);
  return s && !RESERVED_USERS.has(s.toLowerCase()) ? s : 'pexadmin';
}

const RESERVED_PASSWORDS = [
  'abc@123',
  'P@$$w0rd',
  'P@ssw0rd',
  'P@ssword123',
  'Pa$$word',
  'pass@word1',
  'Password!',
  'Password1',
  'Password22',
  'iloveyou!',
];
const RESERVED_PASSWORDS_LC = new Set(RESERVED_PASSWORDS.map((p) => p.toLowerCase()));
export const RESERVED_ADMIN_PASSWORDS: readonly string[] = RESERVED_PASSWORDS;

/** The password never appears in a message: only its length and which classes it has. */
export function checkWinAdminPassword(pw: string, c: Collector): void {
  const f = 'PxWinAdminPassword';
  if (placeholder(f, pw, c)) return;
  if (pw.length < 8 || pw.length > 123) {
    c.add(
      'admin-password.length',
      f,
      `The VM admin password has ${plural(pw.length, 'character')}; it must have 8-123.`,
    );
  }
  if (/[\u0000-\u001f\u007f]/.test(pw)) {
    c.add(
      'admin-password.chars',
      f,
      'The VM admin password contains control characters (such as a tab or line break); remove them.',
    );
  }
  const classes: [string, boolean][] = [
    ['lower-case letters', /[a-z]/.test(pw)],
    ['upper-case letters', /[A-Z]/.test(pw)],
    ['digits', /[0-9]/.test(pw)],
    // Any character that is not a letter or digit counts, except \ - $ (guide line ~845) and controls.
    ['special characters', /[^\p{L}\p{N}\\$\-\u0000-\u001f\u007f]/u.test(pw)],
  ];
  const have = classes.filter(([, ok]) => ok).length;
  if (have < 3) {
    const missing = classes.filter(([, ok]) => !ok).map(([n]) => n);
    c.add(
      'admin-password.complexity',
      f,
      `The VM admin password uses only ${have} of the 4 character classes; it needs at least 3. Add ${missing.join(' or ')} (\\, - and $ do not count as special characters).`,
    );
  }
  if (RESERVED_PASSWORDS_LC.has(pw.toLowerCase())) {
    c.add(
      'admin-password.reserved',
      f,
      'The VM admin password is one of the well-known passwords Azure refuses; choose a different one.',
    );
  }
}

export function checkInstanceCount(v: string, c: Collector, location = ''): void {
  const f = 'PxTeamsConnInstanceCount';
  if (placeholder(f, v, c)) return;
  let reason: string | null = null;
  // Leading zeros ("03") are fine: the vendor's script converts the string to a number; the scripts
  // are written with the plain number (see normalizeNumberText).
  if (v.length === 0) reason = 'it is empty';
  else if (v.trim() !== v) reason = 'it has spaces around the number';
  else if (!/^\d+$/.test(v)) reason = /^[+-]\d+$/.test(v) ? 'it has a sign' : 'it is not a whole number';
  else if (Number(v) < 1 || Number(v) > 100) reason = `${normalizeNumberText(v)} is outside 1-100`;
  if (reason) {
    c.add(
      'instance-count.invalid',
      f,
      `PxTeamsConnInstanceCount ${show(v)} is invalid: ${reason}. Enter a whole number from "1" to "100", digits only, e.g. "3".`,
    );
    return;
  }
  const n = Number(v);
  c.add(
    'instance-count.capacity',
    f,
    `${plural(n, 'instance')} handle about ${14 * n}-${15 * n} concurrent calls and need ${4 * n} vCPUs of Fs-series quota${location ? ` in ${location}` : ''}; default quotas are often only 10-20 cores per region and series, so request an increase (with room to grow) before installing if needed.`,
  );
}

/** Azure resource group names: 1-90 letters, digits, _ - . ( ); not ending with a period. */
export function resourceGroupNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > 90) return `it has ${name.length} characters (at most 90)`;
  const bad = [...name].filter((ch) => !/[\p{L}\p{N}_\-.()]/u.test(ch));
  if (bad.length > 0) return `it has characters Azure does not allow ${listChars(bad)}`;
  if (name.endsWith('.')) return 'it ends with a period';
  return null;
}

/**
 * The region a name of the documented pattern belongs to (`<base>-TeamsConn-<region>-RG` or
 * `…-static-RG`, case-insensitive as Azure compares group names), or null for any other name.
 */
export function patternRegionOf(name: string, base: string, kind: 'dynamic' | 'static'): string | null {
  const head = `${base}-TeamsConn-`.toLowerCase();
  const tail = kind === 'dynamic' ? '-rg' : '-static-rg';
  const lower = name.toLowerCase();
  if (!base || !lower.startsWith(head) || !lower.endsWith(tail) || lower.length <= head.length + tail.length)
    return null;
  const region = name.slice(head.length, name.length - tail.length);
  // "<base>-TeamsConn-eu-static-RG" also ends in "-RG": it is not a dynamic name of region "eu-static".
  if (kind === 'dynamic' && /-static$/i.test(region)) return null;
  return region;
}

function checkResourceGroup(
  field: 'PxTeamsConnResourceGroupName' | 'PxTeamsConnStaticResourceGroupName',
  v: string | null,
  expected: string | null,
  c: Collector,
  naming: { PxBaseConnName: string; PxVmssRegion: string } | null = null,
): void {
  if (v === null) return;
  const kind = field === 'PxTeamsConnResourceGroupName' ? 'dynamic' : 'static';
  const p = resourceGroupNameProblem(v);
  if (p) {
    c.add(
      'resource-group.invalid',
      field,
      `${field} ${show(v)} is not a valid resource group name: ${p}. Use letters, digits, '-', '_', '.', '(' or ')', at most 90 characters${expected ? `, or clear it to use ${show(expected)}` : ''}.`,
    );
    return;
  }
  // A script copied for a new region that still names the old region's groups (the guide's add-a-region
  // procedure changes six variables, not these): a redeploy would delete the other region's VMs.
  const other = naming ? patternRegionOf(v, naming.PxBaseConnName, kind) : null;
  if (naming && other !== null && other.toLowerCase() !== naming.PxVmssRegion.toLowerCase()) {
    c.add(
      'resource-group.other-region',
      field,
      `The ${kind} resource group ${show(v)} is the documented name of region ${show(other)}, not of this region ${show(naming.PxVmssRegion)}: a redeploy of this region would ${kind === 'dynamic' ? "delete and recreate that region's VMs" : "use that region's public IP and Key Vault"}. Clear the name to use ${show(expected ?? '')} (the init script then derives it from $PxBaseConnName and $PxVmssRegion).`,
    );
    return;
  }
  if (expected !== null && v.toLowerCase() !== expected.toLowerCase()) {
    c.add(
      'resource-group.non-standard',
      field,
      `The ${kind} resource group ${show(v)} differs from the documented pattern ${show(expected)}. Keep it only if an existing deployment already uses this name; otherwise clear it to use the pattern.`,
    );
  }
}

export function checkIncidentReporting(v: boolean, c: Collector): void {
  if (!v)
    c.add(
      'incident-reporting.disabled',
      'PxTeamsConnIncidentReporting',
      'Incident reporting is off; the guide recommends turning it on so that incident reports reach Pexip support automatically.',
    );
}

export function checkPfxCertFileName(v: string, c: Collector): void {
  const f = 'PxPfxCertFileName';
  if (placeholder(f, v, c)) return;
  if (v.trim().length === 0) {
    c.add(
      'pfx-file.empty',
      f,
      "PxPfxCertFileName is empty; enter the PFX file name of the Teams Connector certificate, stored next to the scripts, e.g. '.\\connector.pfx'.",
    );
    return;
  }
  // A colon is only valid as a drive letter (C:\...).
  const rest = /^[A-Za-z]:/.test(v) ? v.slice(2) : v;
  const bad = [...rest].filter((ch) => /[<>"|?*:\u0000-\u001f]/.test(ch));
  if (bad.length > 0)
    c.add(
      'pfx-file.chars',
      f,
      `PxPfxCertFileName ${show(v)} has characters Windows does not allow in file names ${listChars(bad)}; rename the file.`,
    );
  if (!/\.pfx$/i.test(v))
    c.add(
      'pfx-file.extension',
      f,
      `PxPfxCertFileName ${show(v)} does not end in .pfx; the installer expects the certificate as a PFX (PKCS#12) file, e.g. '.\\connector.pfx'.`,
    );
  if (/^([A-Za-z]:[\\/]|[\\/])/.test(v))
    c.add(
      'pfx-file.absolute',
      f,
      `PxPfxCertFileName ${show(v)} is an absolute path; keeping the PFX next to the scripts (e.g. '.\\connector.pfx') lets you rerun them from another machine or folder.`,
    );
}

// ---------------------------------------------------------------- address prefixes

export type PrefixField = 'PxMgmtSrcAddrPrefixes' | 'PxNodesSourceAddressPrefixes' | 'PxConsentSourceAddressPrefixes';

const PREFIX_PURPOSE: Record<PrefixField, string> = {
  PxMgmtSrcAddrPrefixes: 'RDP management access',
  PxNodesSourceAddressPrefixes: 'the Conferencing Nodes (HTTPS 443)',
  PxConsentSourceAddressPrefixes: 'the admin consent page',
};

/** What an entry of each list opens, and to whom it should be limited (for the 0.0.0.0/0 warning). */
const PREFIX_OPENS: Record<PrefixField, string> = {
  PxMgmtSrcAddrPrefixes: "RDP on the Teams Connector's instances; list only your management network's public addresses",
  PxNodesSourceAddressPrefixes:
    'the Teams Connector on HTTPS 443; list only the public addresses of your Conferencing Nodes (and management networks)',
  PxConsentSourceAddressPrefixes:
    'the admin consent page; list only the public addresses of the people who give consent',
};

/** Checks one list and returns its valid entries (for coverage checks). */
export function checkPrefixList(field: PrefixField, list: readonly string[], c: Collector): Ipv4Prefix[] {
  const valid: Ipv4Prefix[] = [];
  const examples: string[] = [];
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const r = parseIpv4Prefix(entry);
    if (r.ok && r.prefix.bits > 0 && !seen.has(r.prefix.network)) {
      const k = classify(r.prefix.address);
      if (k.cls === 'public') {
        seen.set(r.prefix.network, i);
        valid.push(r.prefix);
        return;
      }
    }
    const at = `${field} entry ${i + 1} ${show(entry)}`;
    if (!r.ok) {
      if (r.kind === 'host-bits') {
        const addr = entry.slice(0, entry.indexOf('/'));
        c.add(
          'prefix.host-bits',
          field,
          `${at} has host bits set, so Azure rejects it ("invalid Address prefix"). The network is ${show(r.network)}; write that, or ${show(`${addr}/32`)} for the single address.`,
        );
      } else if (r.kind === 'ipv6') {
        c.add(
          'prefix.ipv6',
          field,
          `${at} is IPv6; the Teams Connector's security rules take IPv4 addresses only. Use the public IPv4 address or prefix.`,
        );
      } else {
        c.add('prefix.invalid', field, `${at} is not valid: ${r.reason}.`);
      }
      return;
    }
    const p = r.prefix;
    const first = seen.get(p.network);
    if (first !== undefined) {
      c.add('prefix.duplicate', field, `${at} is the same as entry ${first + 1}; remove the duplicate.`);
      return;
    }
    seen.set(p.network, i);
    valid.push(p);
    if (p.bits === 0) {
      c.add('prefix.any', field, `${at} lets every address on the Internet reach ${PREFIX_OPENS[field]}.`);
      return;
    }
    const k = classify(p.address);
    if (k.cls === 'not-public') {
      c.add(
        'prefix.not-public',
        field,
        `${at} is in a ${k.range} range. Azure's security rules see the public (post-NAT) address of whoever connects, so this entry will likely never match; use the public address of ${PREFIX_PURPOSE[field]}.`,
      );
    } else if (k.cls === 'documentation') {
      examples.push(entry);
    }
  });
  if (examples.length > 0) {
    c.add(
      'prefix.documentation',
      field,
      `${field} holds documentation example addresses (RFC 5737: ${examples
        .slice(0, 4)
        .map((e) => show(e))
        .join(', ')}${examples.length > 4 ? ', …' : ''}); replace them with real public addresses before deploying.`,
    );
  }
  return valid;
}

function checkPrefixListEmpty(field: PrefixField, list: readonly string[], c: Collector): void {
  if (list.length > 0) return;
  if (field === 'PxMgmtSrcAddrPrefixes') {
    c.add(
      'mgmt-prefixes.empty',
      field,
      "No management addresses: RDP to the Teams Connector instances will be blocked. Add your management network's public addresses if you may need RDP for troubleshooting.",
    );
  } else if (field === 'PxNodesSourceAddressPrefixes') {
    c.add(
      'nodes-prefixes.empty',
      field,
      'No node addresses: anyone on the Internet can connect to the Teams Connector over HTTPS 443. List the public addresses of your Conferencing Nodes (and management networks).',
    );
  } else {
    c.add(
      'consent-prefixes.empty',
      field,
      "No consent addresses: the admin consent page is public and shows your app IDs to anyone who finds it. List your management network's public addresses, or stop the app service in the bot channel resource group after consent has been given.",
    );
  }
}

// ---------------------------------------------------------------- Windows Update, attribution, tags

/** Whole numbers as the vendor's script reads them: digits only, leading zeros allowed ("06"). */
function isNumberIn(v: string, max: number): boolean {
  return /^\d{1,4}$/.test(v) && Number(v) <= max;
}
function isHour(v: string): boolean {
  return isNumberIn(v, 23);
}

export function checkWupdDay(v: string, c: Collector): void {
  if (placeholder('PxWupdScheduledInstallDay', v, c) || isNumberIn(v, 7)) return;
  c.add(
    'wupd.day.invalid',
    'PxWupdScheduledInstallDay',
    `PxWupdScheduledInstallDay ${show(v)} must be a number "0"-"7": "0" every day, "1" Sunday … "7" Saturday (default "1").`,
  );
}

export function checkWupdHour(
  field: 'PxWupdScheduledInstallTime' | 'PxWupdActiveHoursStart' | 'PxWupdActiveHoursEnd',
  v: string,
  c: Collector,
): void {
  if (placeholder(field, v, c) || isHour(v)) return;
  const def = { PxWupdScheduledInstallTime: '22', PxWupdActiveHoursStart: '6', PxWupdActiveHoursEnd: '22' }[field];
  c.add(
    'wupd.hour.invalid',
    field,
    `${field} ${show(v)} must be an hour (UTC) from "0" to "23", digits only (default "${def}").`,
  );
}

/**
 * Active hours wrap around midnight (start 22, end 6 = 8 hours), like Windows Update's own setting.
 * start == end is reported as a warning: it reads as 0 hours, but could be taken as 24 (over 18).
 */
export function activeWindowHours(start: number, end: number): number {
  return (((end - start) % 24) + 24) % 24;
}

function checkWupdWindow(v: Partial<RegionVariables>, c: Collector): void {
  const { PxWupdActiveHoursStart: s, PxWupdActiveHoursEnd: e, PxWupdScheduledInstallTime: t } = v;
  if (s === undefined || e === undefined || !isHour(s) || !isHour(e)) return;
  const start = Number(s);
  const hours = activeWindowHours(start, Number(e));
  if (hours === 0) {
    c.add(
      'wupd.active-window.empty',
      'PxWupdActiveHoursEnd',
      `Active hours start and end at the same hour (${s}); that is either no active hours or a full day, which exceeds the 18-hour limit. Set a window of at most 18 hours, e.g. start "6", end "22".`,
    );
    return;
  }
  if (hours > 18) {
    c.add(
      'wupd.active-window.too-long',
      'PxWupdActiveHoursEnd',
      `Active hours from ${s} to ${e} (UTC) span ${hours} hours${Number(e) < start ? ' (across midnight)' : ''}; the install script stops when the window is longer than 18 hours. End them by "${(start + 18) % 24}" or start later.`,
    );
    return;
  }
  if (t !== undefined && isHour(t) && activeWindowHours(start, Number(t)) < hours) {
    c.add(
      'wupd.install-in-active-hours',
      'PxWupdScheduledInstallTime',
      `Updates are scheduled at ${t}:00 UTC, inside the active hours ${s}-${e}; they install then, but any restart waits until the active hours end. Schedule them outside the active hours if you want restarts to follow right away.`,
    );
  }
}

export function checkUsageAttribution(v: boolean | null, c: Collector): void {
  if (v === null)
    c.add(
      'usage-attribution.unset',
      'PxCustomerUsageAttribution',
      "PxCustomerUsageAttribution is not set; the installation does not complete without an explicit choice. Choose true (let Microsoft report this deployment's Azure usage to Pexip) or false.",
    );
}

export function checkTags(tags: Readonly<Record<string, string>>, c: Collector): void {
  const f = 'tags';
  const entries = Object.entries(tags);
  if (entries.length > 50)
    c.add(
      'tags.too-many',
      f,
      `There are ${entries.length} tags; Azure allows at most 50 per resource or resource group. Remove ${entries.length - 50}.`,
    );
  const seen = new Map<string, string>();
  for (const [name, value] of entries) {
    const bad = [...name].filter((ch) => '<>%&\\?/'.includes(ch));
    if (name.trim().length === 0) c.add('tags.name-invalid', f, 'A tag has an empty name; give every tag a name.');
    else if (name.length > 512)
      c.add('tags.name-invalid', f, `Tag name ${show(name)} has ${name.length} characters; Azure allows at most 512.`);
    else if (bad.length > 0)
      c.add(
        'tags.name-invalid',
        f,
        `Tag name ${show(name)} has characters Azure does not allow in tag names ${listChars(bad)}; rename the tag.`,
      );
    if (/^(microsoft|azure|windows)/i.test(name))
      c.add(
        'tags.name-reserved-prefix',
        f,
        `Tag name ${show(name)} starts with a prefix Azure reserves (microsoft, azure, windows); rename the tag.`,
      );
    const key = name.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined)
      c.add(
        'tags.name-duplicate',
        f,
        `Tag names ${show(prev)} and ${show(name)} differ only in case; Azure treats tag names case-insensitively, so keep one.`,
      );
    else seen.set(key, name);
    if (value.length > 256)
      c.add(
        'tags.value-too-long',
        f,
        `The value of tag ${show(name)} has ${value.length} characters; Azure allows at most 256.`,
      );
  }
}

// ---------------------------------------------------------------- Conferencing Nodes

export function checkNodePool(pool: string, c: Collector, infinity?: RegionRuleOptions['infinity']): void {
  const f = 'nodes.pool';
  if (pool.length === 0) {
    c.add(
      'nodes.pool.invalid',
      f,
      "The Conferencing Node pool name is empty; enter the name the nodes share in DNS and in their certificate, e.g. 'px.vc.example.com'.",
    );
    return;
  }
  const p = hostNameProblem(pool);
  if (p) {
    c.add(
      'nodes.pool.invalid',
      f,
      `The pool name ${show(pool)} is not a valid FQDN: ${p}. Use a name such as 'px.vc.example.com'.`,
    );
    return;
  }
  if (infinity?.sfbFederation && infinity.subdomain && hostNameProblem(infinity.subdomain) === null) {
    const parent = pool.slice(pool.indexOf('.') + 1).toLowerCase();
    if (parent !== infinity.subdomain.toLowerCase()) {
      c.add(
        'nodes.pool.sfb-domain',
        f,
        `With Skype for Business / Lync federation the _sipfederationtls SRV record of ${show(infinity.subdomain)} points at the pool, and its target must lie directly in that domain; the pool ${show(pool)} does not. Use a pool name like 'px.${infinity.subdomain}'.`,
      );
    }
  }
}

export function checkNodeMembers(members: readonly NodeMember[], c: Collector): void {
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const field = `nodes.members[${i}]`;
    const p = hostNameProblem(m.fqdn);
    if (p) {
      c.add(
        'nodes.member.fqdn-invalid',
        `${field}.fqdn`,
        `Node ${i + 1} name ${show(m.fqdn)} is not a valid FQDN: ${p}. Use the node's DNS name, e.g. 'px01.vc.example.com'.`,
      );
    } else {
      const key = m.fqdn.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined)
        c.add(
          'nodes.member.duplicate',
          `${field}.fqdn`,
          `Node ${i + 1} ${show(m.fqdn)} is listed already as node ${first + 1}; remove the duplicate.`,
        );
      else seen.set(key, i);
    }
    if (m.ip === null) return;
    if (!isIpv4(m.ip)) {
      c.add(
        'nodes.member.ip-invalid',
        `${field}.ip`,
        `The address ${show(m.ip)} of node ${show(m.fqdn)} is not an IPv4 address; enter its public address like 198.51.100.40, or leave it empty if unknown.`,
      );
      return;
    }
    const k = classifyIp(m.ip);
    if (k.cls === 'not-public') {
      c.add(
        'nodes.member.ip-not-public',
        `${field}.ip`,
        `The address ${show(m.ip)} of node ${show(m.fqdn)} is in a ${k.range} range; the DNS records and the connector's security rule need the node's public address.`,
      );
    }
  });
}

/** PxNodeFqdns entries should name this region's pool or one of its nodes. */
function checkNodeFqdnsAgainstNodes(list: readonly string[], nodes: Region['nodes'], c: Collector): void {
  const known = new Set(
    [nodes.pool, ...nodes.members.map((m) => m.fqdn)].filter((n) => n.length > 0).map((n) => n.toLowerCase()),
  );
  if (known.size === 0) return;
  for (const name of new Set(list)) {
    if (name.includes('*') || hostNameProblem(name) !== null) continue;
    if (!known.has(name.toLowerCase())) {
      c.add(
        'node-fqdns.not-in-nodes',
        'PxNodeFqdns',
        `PxNodeFqdns lists ${show(name)}, which is neither the pool ${show(nodes.pool)} nor one of this region's nodes; check the spelling, or add the node under Conferencing Nodes. The nodes must present a certificate with this name.`,
      );
    }
  }
}

function checkNodesCovered(
  prefixes: readonly Ipv4Prefix[],
  listLength: number,
  members: readonly NodeMember[],
  c: Collector,
): void {
  if (listLength === 0) return; // reported as nodes-prefixes.empty
  for (const m of members) {
    if (m.ip === null || !isIpv4(m.ip)) continue;
    if (!prefixes.some((p) => prefixContains(p, m.ip!))) {
      c.add(
        'nodes-prefixes.node-not-covered',
        'PxNodesSourceAddressPrefixes',
        `Node ${show(m.fqdn)} (${m.ip}) is not covered by PxNodesSourceAddressPrefixes, so the connector's security rule will block it; add ${show(m.ip)} or a prefix that contains it.`,
      );
    }
  }
}

function checkVmssNameLength(v: Partial<RegionVariables>, c: Collector): void {
  const b = v.PxBaseConnName;
  const r = v.PxVmssRegion;
  if (b === undefined || r === undefined || b.length === 0 || r.length === 0) return;
  const n = b.length + r.length;
  if (n < 3 || n > 14) {
    c.add(
      'vmss-name.length',
      'PxVmssRegion',
      `PxBaseConnName + PxVmssRegion (${show(b + r)}) has ${n} characters; together they must have 3-14. ${n < 3 ? 'Lengthen one of them.' : 'Shorten one of them.'}`,
    );
  }
}

// ---------------------------------------------------------------- composition

export type FieldName = keyof RegionVariables | 'PxWinAdminPassword' | 'nodes.pool' | 'nodes.members';
export type FieldValue<K extends FieldName> = K extends keyof RegionVariables
  ? RegionVariables[K]
  : K extends 'nodes.members'
    ? NodeMember[]
    : string;

export interface FieldContext extends RegionRuleOptions {
  /** Region label used in the findings (the region's PxVmssRegion). */
  region?: string | null;
  /** The other values of the form, for rules that combine fields (base + region length, active hours, node coverage). */
  variables?: Partial<RegionVariables>;
  nodes?: Region['nodes'];
}

function liveSet(o: RegionRuleOptions): ReadonlySet<string> | undefined {
  return o.liveLocations ? new Set(o.liveLocations) : undefined;
}

function runField(field: FieldName, value: unknown, c: Collector, ctx: FieldContext): void {
  const v = ctx.variables ?? {};
  switch (field) {
    case 'PxBaseConnName':
      return checkBaseConnName(value as string, c);
    case 'PxVmssRegion':
      return checkVmssRegion(value as string, c);
    case 'PxTeamsConnFqdn':
      return checkTeamsConnFqdn(value as string, c);
    case 'PxNodeFqdns':
      return checkNodeFqdns(value as string[], c);
    case 'PxSubscriptionId':
      return checkSubscriptionId(value as string, c);
    case 'PxAzureLocation':
      return checkAzureLocation(value as string, c, liveSet(ctx));
    case 'PxWinAdminUser':
      return checkWinAdminUser(value as string, c);
    case 'PxWinAdminPassword':
      return checkWinAdminPassword(value as string, c);
    case 'PxTeamsConnInstanceCount':
      return checkInstanceCount(value as string, c, v.PxAzureLocation);
    case 'PxTeamsConnResourceGroupName':
    case 'PxTeamsConnStaticResourceGroupName': {
      const named =
        v.PxBaseConnName && v.PxVmssRegion ? { PxBaseConnName: v.PxBaseConnName, PxVmssRegion: v.PxVmssRegion } : null;
      const expected = named
        ? field === 'PxTeamsConnResourceGroupName'
          ? dynamicResourceGroupName(named)
          : staticResourceGroupName(named)
        : null;
      return checkResourceGroup(field, value as string | null, expected, c, named);
    }
    case 'PxTeamsConnIncidentReporting':
      return checkIncidentReporting(value as boolean, c);
    case 'PxPfxCertFileName':
      return checkPfxCertFileName(value as string, c);
    case 'PxMgmtSrcAddrPrefixes':
    case 'PxNodesSourceAddressPrefixes':
    case 'PxConsentSourceAddressPrefixes': {
      const list = value as string[];
      const valid = checkPrefixList(field, list, c);
      checkPrefixListEmpty(field, list, c);
      if (field === 'PxNodesSourceAddressPrefixes' && ctx.nodes)
        checkNodesCovered(valid, list.length, ctx.nodes.members, c);
      return;
    }
    case 'PxWupdScheduledInstallDay':
      return checkWupdDay(value as string, c);
    case 'PxWupdScheduledInstallTime':
    case 'PxWupdActiveHoursStart':
    case 'PxWupdActiveHoursEnd':
      return checkWupdHour(field, value as string, c);
    case 'PxCustomerUsageAttribution':
      return checkUsageAttribution(value as boolean | null, c);
    case 'tags':
      return checkTags(value as Record<string, string>, c);
    case 'nodes.pool':
      return checkNodePool(value as string, c, ctx.infinity);
    case 'nodes.members':
      return checkNodeMembers(value as NodeMember[], c);
  }
}

function runCombos(v: Partial<RegionVariables>, nodes: Region['nodes'] | undefined, c: Collector): void {
  checkVmssNameLength(v, c);
  checkWupdWindow(v, c);
  if (nodes && v.PxNodeFqdns) checkNodeFqdnsAgainstNodes(v.PxNodeFqdns, nodes, c);
}

/**
 * Findings for one field as the user edits it: the field's own rules plus the combined rules that
 * report on this field when `context.variables` / `context.nodes` hold the other values.
 */
export function validateField<K extends FieldName>(
  field: K,
  value: FieldValue<K>,
  context: FieldContext = {},
): Finding[] {
  const c = new Collector(context.region ?? null);
  runField(field, value, c, context);
  const vars: Partial<RegionVariables> = { ...context.variables };
  if (field !== 'PxWinAdminPassword' && field !== 'nodes.pool' && field !== 'nodes.members') {
    (vars as Record<string, unknown>)[field] = value;
  }
  const nodes =
    field === 'nodes.pool' && context.nodes
      ? { ...context.nodes, pool: value as string }
      : field === 'nodes.members' && context.nodes
        ? { ...context.nodes, members: value as NodeMember[] }
        : context.nodes;
  const combos = new Collector(c.region);
  runCombos(vars, nodes, combos);
  c.out.push(...combos.out.filter((f) => f.field === field));
  return c.out;
}

export function regionLabel(region: Region, index: number): string {
  return region.variables.PxVmssRegion || `#${index + 1}`;
}

/** Every per-region rule (not the cross-region ones) for one region, labelled `label`. */
export function checkRegion(region: Region, label: string, opts: RegionRuleOptions = {}): Finding[] {
  const c = new Collector(label);
  const ctx: FieldContext = { ...opts, region: label, variables: region.variables, nodes: region.nodes };
  for (const field of REGION_VARIABLES) runField(field, region.variables[field], c, ctx);
  runField('nodes.pool', region.nodes.pool, c, ctx);
  runField('nodes.members', region.nodes.members, c, ctx);
  runCombos(region.variables, region.nodes, c);
  return c.out;
}
