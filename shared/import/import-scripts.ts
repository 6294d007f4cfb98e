// Reads what administrators keep today (the variables initialization script per region, the redeploy
// script, the pasted output of the install script) into a `tcw-project/1` project. Pure and total:
// every problem becomes a finding with its line number; nothing is executed; secrets go into
// `secrets`, never into the project. Finding codes are listed in docs/project-format.md.
import type { ImportRequest, ImportResult } from '../api/wizard-api.ts';
import type { Finding, Severity } from '../model/finding.ts';
import { dynamicResourceGroupName, staticResourceGroupName } from '../model/derived.ts';
import {
  defaultRegionVariables,
  emptyProject,
  normalizeNumberText,
  REGION_VARIABLES,
  type Project,
  type Region,
  type RegionVariables,
  type Secrets,
} from '../model/project.ts';
import { evaluateScript, stringify, type Assignment, type Problem, type Value } from './evaluate.ts';

export { evaluateScript, type Value, type Assignment, type Problem } from './evaluate.ts';
export { tokenize } from './lexer.ts';

type VarName = keyof RegionVariables;

const STRING_VARS = new Set<VarName>([
  'PxBaseConnName',
  'PxVmssRegion',
  'PxTeamsConnFqdn',
  'PxSubscriptionId',
  'PxAzureLocation',
  'PxWinAdminUser',
  'PxTeamsConnInstanceCount',
  'PxPfxCertFileName',
  'PxWupdScheduledInstallDay',
  'PxWupdScheduledInstallTime',
  'PxWupdActiveHoursStart',
  'PxWupdActiveHoursEnd',
]);
const NUMBER_VARS = new Set<VarName>([
  'PxTeamsConnInstanceCount',
  'PxWupdScheduledInstallDay',
  'PxWupdScheduledInstallTime',
  'PxWupdActiveHoursStart',
  'PxWupdActiveHoursEnd',
]);
const LIST_VARS = new Set<VarName>([
  'PxMgmtSrcAddrPrefixes',
  'PxNodesSourceAddressPrefixes',
  'PxConsentSourceAddressPrefixes',
]);
const BOOL_VARS = new Set<VarName>(['PxTeamsConnIncidentReporting', 'PxCustomerUsageAttribution']);
/** Variables with a documented default: missing ones are only worth an info finding. */
const HAS_DEFAULT = new Set<VarName>([
  'PxTeamsConnResourceGroupName',
  'PxTeamsConnStaticResourceGroupName',
  'PxTeamsConnIncidentReporting',
  'PxMgmtSrcAddrPrefixes',
  'PxNodesSourceAddressPrefixes',
  'PxConsentSourceAddressPrefixes',
  'PxWupdScheduledInstallDay',
  'PxWupdScheduledInstallTime',
  'PxWupdActiveHoursStart',
  'PxWupdActiveHoursEnd',
  'tags',
]);
const SECRET_VARS: Record<string, keyof Secrets> = { pxwinadminpassword: 'adminPassword', apppassword: 'appPassword' };
const canonical = new Map<string, VarName>(REGION_VARIABLES.map((n) => [n.toLowerCase(), n]));

/**
 * Script variables the init, install and redeploy scripts set themselves; seen in a pasted script
 * they are not worth a finding of their own (they are commands, reported as not evaluated if at all).
 */
const SCRIPT_INTERNALS = new Set([
  'app',
  'appid',
  'apppassword',
  'appsecurepassword',
  'appcred',
  'botchanresourcegroupname',
  'adminconsenturl',
  'pxwinadminsecurepassword',
  'pxwinadmincred',
  'pxconnmajorversion',
  'lb',
  'lbpublicipid',
  'publicipaddresses',
  'connectorpublicip',
  'publicipaddress',
  'pxteamsconnresourcegroup',
  'resources',
  'resnames',
]);

/**
 * Example addresses of the guide's script. The single-value examples (yourname, the aaaaaaaa-… GUID,
 * the PFX name, ReplaceThisPassword!) are rule errors (placeholder.guide), reported at their field.
 */
const GUIDE_PLACEHOLDERS: Partial<Record<VarName, string[]>> = {
  PxMgmtSrcAddrPrefixes: ['x.x.x.x', 'y.y.y.y', 'z.z.z.0/24'],
  PxNodesSourceAddressPrefixes: ['a.a.a.a', 'c.c.c.0/28'],
  PxConsentSourceAddressPrefixes: ['x.x.x.x', 'y.y.y.y', 'z.z.z.0/24'],
};

export interface InitScriptImport {
  /** Null when the text sets none of the connector variables. */
  region: Region | null;
  findings: Finding[];
  secrets: Secrets;
  /** Which connector variables the script set (canonical names), for the UI. */
  found: VarName[];
}

/** Per code, findings beyond this many become one summary: a pasted 5 MB file is not 100 000 findings. */
const MAX_PER_CODE = 50;

class Collector {
  readonly findings: Finding[] = [];
  private readonly counts = new Map<string, { n: number; severity: Severity }>();
  constructor(
    private readonly source: string,
    public region: string | null = null,
  ) {}
  add(severity: Severity, code: string, field: string | null, message: string): void {
    const seen = this.counts.get(code) ?? { n: 0, severity };
    seen.n++;
    this.counts.set(code, seen);
    if (seen.n <= MAX_PER_CODE) this.findings.push({ region: this.region, field, severity, code, message });
  }
  /** One finding per code that hit the limit, saying how many more there were. */
  summarize(): void {
    for (const [code, { n, severity }] of this.counts) {
      if (n > MAX_PER_CODE) {
        this.findings.push({
          region: this.region,
          field: null,
          severity,
          code,
          message: `The ${this.source} has ${n - MAX_PER_CODE} more findings like the ${MAX_PER_CODE} above (${code}); this is rarely a variables script. Check that you chose the right file.`,
        });
      }
    }
  }
  where(line: number, endLine = line): string {
    return endLine > line ? `${this.source} lines ${line}–${endLine}` : `${this.source} line ${line}`;
  }
}

const kindName = (v: Value): string => (v.kind === 'hash' ? 'hashtable' : v.kind === 'bool' ? '$true/$false' : v.kind);

/** Reads one variables initialization script into a region. Never throws. */
export function importInitScript(text: string, source = 'init script'): InitScriptImport {
  const c = new Collector(source);
  try {
    const r = importInitScriptUnsafe(text, c);
    c.summarize();
    return r;
  } catch (e) {
    c.add(
      'error',
      'import.internal',
      null,
      `The ${source} could not be read because of an internal error (${(e as Error).name}). Please report it; check the values by hand meanwhile.`,
    );
    return { region: null, findings: c.findings, secrets: {}, found: [] };
  }
}

function importInitScriptUnsafe(text: string, c: Collector): InitScriptImport {
  const { assignments, problems } = evaluateScript(text);
  const secrets: Secrets = {};
  const last = new Map<VarName, Assignment>();
  const failed = new Map<VarName, Problem>();
  const unknown: Assignment[] = [];
  const ignored: Problem[] = [];
  const secretLast = new Map<keyof Secrets, number>();
  const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

  // Assignments and unreadable statements in text order: the last one for a variable decides, as in
  // PowerShell. An unreadable last one makes the value unknown (an earlier literal is not used).
  type Event = { a: Assignment; p?: undefined } | { p: Problem; a?: undefined };
  const events: Event[] = [];
  for (const a of assignments) events.push({ a });
  for (const p of problems) events.push({ p });
  events.sort((x, y) => (x.a ?? x.p)!.order - (y.a ?? y.p)!.order);

  for (const ev of events) {
    if (ev.a) {
      const a = ev.a;
      const lower = a.name.toLowerCase();
      const secretKey = SECRET_VARS[lower];
      if (secretKey) {
        secretLast.set(secretKey, a.line);
        delete secrets[secretKey];
        if (a.value.kind === 'string' && a.value.value !== '') {
          if (CONTROL.test(a.value.value)) {
            c.add(
              'warning',
              'import.secret-control-chars',
              secretKey === 'adminPassword' ? 'PxWinAdminPassword' : 'AppPassword',
              `${c.where(a.line)}: $${a.name} contains a control character (such as a line break or NUL), which no password typed or printed by the scripts holds; it was not read. Give the password when generating (environment variable or prompt).`,
            );
          } else {
            secrets[secretKey] = a.value.value;
          }
        }
        continue;
      }
      const name = canonical.get(lower);
      if (!name) {
        if (!SCRIPT_INTERNALS.has(lower)) unknown.push(a);
        continue;
      }
      const prev = last.get(name) ?? failed.get(name);
      if (prev) {
        c.add(
          'info',
          'import.duplicate-assignment',
          name,
          `${c.where(a.line)}: $${name} is set again (first on line ${prev.line}); the later value is used, as PowerShell would.`,
        );
      }
      last.set(name, a);
      failed.delete(name);
      continue;
    }
    const p = ev.p!;
    if (p.kind === 'not-assignment') {
      ignored.push(p);
      continue;
    }
    const lower = (p.target ?? '').toLowerCase().replace(/^(global|script|local|private):/, '');
    const name = canonical.get(lower);
    const secretKey = SECRET_VARS[lower];
    const shown = secretKey || name ? `$${name ?? p.target} = …` : p.excerpt;
    let what: string;
    if (name) {
      const prev = last.get(name);
      what = prev
        ? `so its value is unknown (the value on line ${prev.line} is not used, because PowerShell would use this later one); enter the real value in the wizard`
        : HAS_DEFAULT.has(name)
          ? 'so its value is unknown; the documented default is shown until you enter the real value'
          : 'so its value is unknown; enter the real value in the wizard';
      last.delete(name);
      failed.set(name, p);
    } else if (secretKey) {
      delete secrets[secretKey];
      what = 'the password was not read; give it when generating instead';
    } else {
      what = 'it was ignored';
    }
    c.add(
      'warning',
      'import.not-evaluated',
      name ?? (secretKey ? (p.target ?? null) : null),
      `${c.where(p.line, p.endLine)}: "${shown}" was not evaluated because ${p.reason}; ${what}. The wizard never runs script code: write the value as a quoted literal (e.g. $Name = 'value').`,
    );
  }

  const reg = last.get('PxVmssRegion');
  const regionName = reg?.value.kind === 'string' && reg.value.value ? reg.value.value : null;
  c.region = regionName;
  reportIgnored(ignored, c);

  const found = [...last.keys()];
  if (found.length === 0 && failed.size === 0) {
    c.add(
      'error',
      'import.no-variables',
      null,
      `The ${c.where(1).replace(/ line 1$/, '')} sets none of the Teams Connector variables ($PxBaseConnName, $PxVmssRegion, …). Choose the variables initialization script you run before the install or redeploy script.`,
    );
    return { region: null, findings: c.findings, secrets, found };
  }

  for (const u of unknown) {
    c.add(
      'info',
      'import.unknown-variable',
      null,
      `${c.where(u.line)}: $${u.name} is not one of the Teams Connector variables; the wizard does not keep it (it can still be used by the lines after it).`,
    );
  }

  const v = defaultRegionVariables();
  const setVar = <K extends VarName>(k: K, value: RegionVariables[K]) => {
    v[k] = value;
  };

  for (const name of REGION_VARIABLES) {
    const a = last.get(name);
    if (!a) continue;
    const at = c.where(a.line);
    const val = a.value;
    if (val.kind === 'placeholder') {
      if (name === 'PxCustomerUsageAttribution') {
        c.add(
          'warning',
          'import.usage-attribution-undecided',
          name,
          `${at}: $PxCustomerUsageAttribution still holds the guide's placeholder <${val.text}>. Choose $true (allow Microsoft to report this deployment's Azure usage to Pexip) or $false (no reporting); the install fails until you do.`,
        );
        setVar(name, null);
      } else if (STRING_VARS.has(name)) {
        // Kept as written, so the rules report it at its field (placeholder.guide) wherever it is shown.
        setVar(name, `<${val.text}>`);
      } else {
        c.add(
          'error',
          'import.placeholder',
          name,
          `${at}: $${name} still holds the placeholder <${val.text}>; replace it with the real value.`,
        );
      }
      continue;
    }
    if (STRING_VARS.has(name)) {
      if (val.kind === 'string' || val.kind === 'number') {
        const text = NUMBER_VARS.has(name) ? normalizeNumberText(val.value) : val.value;
        setVar(name, text);
        if (val.kind === 'number')
          c.add(
            'info',
            'import.number-as-string',
            name,
            `${at}: $${name} is written as a number (${val.value}); the wizard keeps it as the string "${text}", as the guide's script does.`,
          );
        else if (text !== val.value)
          c.add(
            'info',
            'import.number-normalized',
            name,
            `${at}: $${name} is "${val.value}"; the vendor's script reads it as ${text}, and the wizard writes it as "${text}".`,
          );
      } else {
        c.add(
          'warning',
          'import.wrong-type',
          name,
          `${at}: $${name} should be a quoted string but is a ${kindName(val)}; the default is used. Write it as $${name} = 'value'.`,
        );
      }
    } else if (name === 'PxNodeFqdns') {
      const items = listOf(val);
      if (items === null) {
        c.add(
          'warning',
          'import.wrong-type',
          name,
          `${at}: $PxNodeFqdns should be a string of comma-separated names but is a ${kindName(val)}; it was not read.`,
        );
      } else {
        setVar(
          name,
          items
            .flatMap((s) => s.split(','))
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        );
      }
    } else if (LIST_VARS.has(name)) {
      const items = listOf(val);
      if (items === null) {
        c.add(
          'warning',
          'import.wrong-type',
          name,
          `${at}: $${name} should be a list such as @("203.0.113.10", "203.0.113.64/26") but is a ${kindName(val)}; an empty list is used.`,
        );
      } else {
        const split = items
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (items.some((s) => s.includes(','))) {
          c.add(
            'warning',
            'import.address-list-comma',
            name,
            `${at}: $${name} holds comma-separated addresses inside one string; the scripts would pass them to Azure as one invalid prefix. The wizard splits them into a list (${split.length} entries); generated scripts write them as separate quoted items.`,
          );
        }
        setVar(name, split);
      }
    } else if (BOOL_VARS.has(name)) {
      if (val.kind === 'bool') setVar(name, val.value);
      else if (val.kind === 'string' && /^\$?(true|false)$/i.test(val.value)) {
        const b = /true/i.test(val.value);
        setVar(name, b);
        c.add(
          'warning',
          'import.bool-as-string',
          name,
          `${at}: $${name} is the string "${val.value}" rather than $${b}; the wizard reads it as $${b} and generated scripts write $${b}.`,
        );
      } else {
        c.add(
          'warning',
          'import.wrong-type',
          name,
          `${at}: $${name} must be $true or $false but is a ${kindName(val)}; ${name === 'PxCustomerUsageAttribution' ? 'choose one explicitly' : 'the recommended $true is used'}.`,
        );
      }
    } else if (name === 'tags') {
      if (val.kind === 'hash') {
        const tags: Record<string, string> = {};
        for (const [k, tv] of val.entries) {
          if (tv.kind === 'string' || tv.kind === 'number' || tv.kind === 'bool') tags[k] = stringify(tv, a.line);
          else
            c.add(
              'warning',
              'import.wrong-type',
              name,
              `${at}: the tag "${k}" has a ${kindName(tv)} value; tag values are text, so it was left out.`,
            );
        }
        setVar('tags', tags);
      } else if (val.kind === 'null') {
        setVar('tags', {});
      } else {
        c.add(
          'warning',
          'import.wrong-type',
          name,
          `${at}: $tags should be a hashtable such as @{"CostCenter"="Video Services"} but is a ${kindName(val)}; no tags are used.`,
        );
      }
    } else if (name === 'PxTeamsConnResourceGroupName' || name === 'PxTeamsConnStaticResourceGroupName') {
      if (val.kind === 'string') setVar(name, val.value);
      else
        c.add(
          'warning',
          'import.wrong-type',
          name,
          `${at}: $${name} should be a string but is a ${kindName(val)}; the documented name is used.`,
        );
    }
    const examples = GUIDE_PLACEHOLDERS[name];
    const now = v[name];
    if (
      examples &&
      (Array.isArray(now) ? now.some((x) => examples.includes(x)) : typeof now === 'string' && examples.includes(now))
    ) {
      c.add(
        'warning',
        'import.example-value',
        name,
        `${at}: $${name} still holds the guide's example value (${JSON.stringify(now)}); replace it with your deployment's value.`,
      );
    }
  }

  // Derived resource group names: keep null when the script uses the documented pattern.
  if (v.PxTeamsConnResourceGroupName === dynamicResourceGroupName(v)) v.PxTeamsConnResourceGroupName = null;
  else if (v.PxTeamsConnResourceGroupName !== null) {
    c.add(
      'info',
      'import.custom-resource-group',
      'PxTeamsConnResourceGroupName',
      `$PxTeamsConnResourceGroupName is "${v.PxTeamsConnResourceGroupName}", not the documented "${dynamicResourceGroupName(v)}"; the wizard keeps your name. Every redeploy deletes and recreates this group.`,
    );
  }
  if (v.PxTeamsConnStaticResourceGroupName === staticResourceGroupName(v)) v.PxTeamsConnStaticResourceGroupName = null;
  else if (v.PxTeamsConnStaticResourceGroupName !== null) {
    c.add(
      'info',
      'import.custom-resource-group',
      'PxTeamsConnStaticResourceGroupName',
      `$PxTeamsConnStaticResourceGroupName is "${v.PxTeamsConnStaticResourceGroupName}", not the documented "${staticResourceGroupName(v)}"; the wizard keeps your name.`,
    );
  }

  // Missing variables.
  const missing = REGION_VARIABLES.filter((n) => !last.has(n) && !failed.has(n));
  const missingNeeded = missing.filter((n) => !HAS_DEFAULT.has(n) && n !== 'tags');
  for (const n of missingNeeded) {
    if (n === 'PxCustomerUsageAttribution') {
      c.add(
        'warning',
        'import.missing-variable',
        n,
        `The script does not set $PxCustomerUsageAttribution; it has no default. Choose $true (allow usage reporting to Pexip) or $false.`,
      );
    } else {
      const dflt = v[n];
      c.add(
        'warning',
        'import.missing-variable',
        n,
        `The script does not set $${n}; ${Array.isArray(dflt) ? 'it is empty' : dflt ? `the default "${String(dflt)}" is used` : 'it is empty'} until you fill it in.`,
      );
    }
  }
  const missingDefaulted = missing.filter((n) => HAS_DEFAULT.has(n) && n !== 'tags');
  if (missingDefaulted.length > 0) {
    c.add(
      'info',
      'import.missing-variable',
      null,
      `The script does not set ${missingDefaulted.map((n) => `$${n}`).join(', ')}; the documented defaults are used (derived resource group names, empty address lists, Windows update schedule day 1 at 22:00, active hours 6–22, incident reporting on).`,
    );
  }
  if (!last.has('tags') && !failed.has('tags')) {
    c.add(
      'info',
      'import.older-version',
      'tags',
      'The script has no $tags, so it was written for a Teams Connector before version 26. Version 26 added $tags (optional name/value pairs put on every resource group and resource); the wizard uses no tags until you add some. The generated scripts are for version 26.',
    );
  }

  if (secrets.adminPassword !== undefined) {
    c.add(
      'info',
      'import.secret-found',
      'PxWinAdminPassword',
      '$PxWinAdminPassword is set in the script. The wizard does not keep passwords in the project; it is held for this session only. Give it again when generating (environment variable, prompt or keychain), or leave it out so the scripts ask for it at run time.',
    );
  }
  if (secrets.appPassword !== undefined) {
    c.add(
      'info',
      'import.secret-found',
      'AppPassword',
      'The script holds $AppPassword. It is held for this session only and never stored in the project.',
    );
  }

  const nodeFqdns = v.PxNodeFqdns;
  const pool = nodeFqdns[0] ?? '';
  const region: Region = {
    variables: v,
    nodes: { pool, members: nodeFqdns.length > 1 ? nodeFqdns.map((fqdn) => ({ fqdn, ip: null })) : [] },
    publicIp: null,
  };
  return { region, findings: c.findings, secrets, found };
}

/** Strings of a list-like value (array of scalars, one string, or $null/@()); null if not a list. */
function listOf(v: Value): string[] | null {
  if (v.kind === 'null') return [];
  if (v.kind === 'string') return v.value === '' ? [] : [v.value];
  if (v.kind === 'array') {
    const out: string[] = [];
    for (const x of v.items) {
      if (x.kind === 'string' || x.kind === 'number') out.push(x.value);
      else if (x.kind === 'null') continue;
      else return null;
    }
    return out;
  }
  return null;
}

/** Consecutive ignored statements become one finding, so a pasted PDF page is not 40 findings. */
function reportIgnored(ignored: Problem[], c: Collector): void {
  const groups: Problem[][] = [];
  for (const p of ignored) {
    const g = groups[groups.length - 1];
    const prev = g?.[g.length - 1];
    if (g && prev && p.line <= prev.endLine + 2 && p.reason === prev.reason) g.push(p);
    else groups.push([p]);
  }
  for (const g of groups) {
    const first = g[0]!;
    const lastP = g[g.length - 1]!;
    const sample =
      g
        .slice(0, 3)
        .map((p) => `"${p.excerpt}"`)
        .join(', ') + (g.length > 3 ? ', …' : '');
    const n = g.length === 1 ? 'a statement' : `${g.length} statements`;
    c.add(
      'warning',
      'import.statement-ignored',
      null,
      `${c.where(first.line, lastP.endLine)}: ${n} (${sample}) ${g.length === 1 ? 'was' : 'were'} ignored (${first.reason}). A variables script should only set variables; if one of these lines matters, rewrite it as $Name = 'value'.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Redeploy script and pasted install output

export interface AppCredentials {
  appId: string | null;
  appPassword: string | null;
  /** Major version the script checks for ($PxConnMajorVersion -ne "26"), if any. */
  scriptMajor: string | null;
  findings: Finding[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads $AppId / $AppPassword from a redeploy script (only those two; the rest are commands). */
export function readRedeployScript(text: string, source = 'redeploy script'): AppCredentials {
  const c = new Collector(source);
  let appId: string | null = null;
  let appPassword: string | null = null;
  let scriptMajor: string | null = null;
  try {
    const { assignments, problems } = evaluateScript(text);
    for (const a of assignments) {
      const lower = a.name.toLowerCase();
      if (lower !== 'appid' && lower !== 'apppassword') continue;
      if (a.value.kind !== 'string') {
        c.add(
          'warning',
          'import.wrong-type',
          lower === 'appid' ? 'appId' : 'AppPassword',
          `${c.where(a.line)}: $${a.name} should be a quoted string; it was not read.`,
        );
        continue;
      }
      if (lower === 'appid') appId = a.value.value.trim() || null;
      else appPassword = a.value.value || null;
    }
    for (const p of problems) {
      const lower = (p.target ?? '').toLowerCase();
      if (p.kind === 'not-evaluated' && (lower === 'appid' || lower === 'apppassword')) {
        c.add(
          'warning',
          'import.not-evaluated',
          lower === 'appid' ? 'appId' : 'AppPassword',
          `${c.where(p.line, p.endLine)}: "$${p.target} = …" was not evaluated because ${p.reason}; write the value as a quoted literal.`,
        );
      }
    }
    const m = /\$PxConnMajorVersion\s+-ne\s+["'\u2018-\u201E]?(\d+)/i.exec(text);
    scriptMajor = m ? m[1]! : null;
    const hasRemove = /Remove-AzResourceGroup/i.test(text);
    const hasTags = /-Tag\s+\$tags/i.test(text);
    if (/create_vmss_deployment/i.test(text) && (scriptMajor !== '26' || !hasRemove || !hasTags)) {
      c.add(
        'info',
        'import.older-version',
        null,
        `The ${source} was written for Teams Connector version ${scriptMajor ?? '24 or older'}. Since version 26 the redeploy script passes $tags to every resource, and removes the dynamic resource group itself (listing its resources first); since 26.1 it no longer asks you to check a DNS CNAME (an A record is used). Use the redeploy script the wizard generates; only $AppId and $AppPassword carry over.`,
      );
    }
  } catch (e) {
    c.add(
      'error',
      'import.internal',
      null,
      `The ${source} could not be read because of an internal error (${(e as Error).name}).`,
    );
  }
  if (appId === null) {
    c.add(
      'info',
      'import.app-id-missing',
      'appId',
      `The ${source} has no $AppId filled in. Paste the $AppId line the install script printed, or leave it empty before the first install.`,
    );
  }
  return { appId, appPassword, scriptMajor, findings: c.findings };
}

/** Finds the install script's printed `$AppId = "…"` / `$AppPassword = "…"` lines in noisy text. */
export function readInstallOutput(text: string, source = 'install output'): AppCredentials {
  const c = new Collector(source);
  let appId: string | null = null;
  let appPassword: string | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    // The value runs to the last quote on the line; a line still holding "$(" or a backtick is the
    // script's own Write-Host template, not its output.
    const m = /\$(AppId|AppPassword)\s*=\s*["'\u2018-\u201E](.*)["'\u2018-\u201E]\s*$/i.exec(raw.trim());
    if (!m || /\$\(|`/.test(m[2]!)) return;
    const value = m[2]!;
    if (m[1]!.toLowerCase() === 'appid') {
      if (appId !== null && appId !== value.trim())
        c.add(
          'warning',
          'import.app-id-conflict',
          'appId',
          `${c.where(i + 1)}: a second, different $AppId; the last one is used. Check which application the deployment uses.`,
        );
      appId = value.trim() || appId;
    } else if (value) {
      appPassword = value;
    }
  });
  if (appId === null && appPassword === null) {
    c.add(
      'warning',
      'import.no-app-credentials',
      null,
      `No "$AppId = \u201C…\u201D" or "$AppPassword = \u201C…\u201D" line was found in the ${source}. Paste the lines the install script printed between the dashed lines.`,
    );
  }
  return { appId, appPassword, scriptMajor: null, findings: c.findings };
}

// ---------------------------------------------------------------------------------------------

/** Parent domain of a DNS name (drops the left-most label); null for a name of fewer than 3 labels. */
function parentDomain(fqdn: string): string | null {
  const labels = fqdn.split('.').filter(Boolean);
  return labels.length >= 3 ? labels.slice(1).join('.') : null;
}

/** The init script (and optionally redeploy script / install output) into a project. Never throws. */
export function importScripts(req: ImportRequest): ImportResult {
  const findings: Finding[] = [];
  const secrets: Secrets = {};
  try {
    const init = importInitScript(typeof req.initScript === 'string' ? req.initScript : '', 'init script');
    for (const f of init.findings) findings.push(f);
    Object.assign(secrets, init.secrets);
    const regionName = init.region?.variables.PxVmssRegion || null;

    const creds: AppCredentials[] = [];
    if (typeof req.redeployScript === 'string') creds.push(readRedeployScript(req.redeployScript));
    if (typeof req.installOutput === 'string') creds.push(readInstallOutput(req.installOutput));
    let appId: string | null = null;
    for (const cr of creds) {
      for (const f of cr.findings)
        if (!(f.code === 'import.app-id-missing' && creds.some((o) => o.appId))) findings.push(f);
      if (cr.appId) {
        if (appId && appId.toLowerCase() !== cr.appId.toLowerCase()) {
          findings.push({
            region: null,
            field: 'appId',
            severity: 'warning',
            code: 'import.app-id-conflict',
            message: `The redeploy script and the install output name different application IDs (${appId} and ${cr.appId}); the redeploy script's is used. Check which one the deployment uses.`,
          });
        } else appId = cr.appId;
      }
      if (cr.appPassword && secrets.appPassword === undefined) secrets.appPassword = cr.appPassword;
    }
    if (appId && !GUID.test(appId)) {
      findings.push({
        region: null,
        field: 'appId',
        severity: 'warning',
        code: 'import.app-id-invalid',
        message: `The application ID "${appId.slice(0, 60)}" is not a GUID (aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee). Copy it again from the install script's output or from the app registration in Azure AD.`,
      });
    }
    if (creds.some((cr) => cr.appPassword)) {
      findings.push({
        region: null,
        field: 'AppPassword',
        severity: 'info',
        code: 'import.secret-found',
        message:
          'An app password ($AppPassword) was found. It is never stored in the project; it is held for this session only. Give it again when generating the redeploy script (environment variable, prompt or keychain).',
      });
    }

    if (!init.region) return { project: null, findings, secrets };

    const project: Project = emptyProject();
    project.app.appId = appId;
    project.regions = [init.region];
    const pool = init.region.nodes.pool;
    const subdomain = pool ? (parentDomain(pool) ?? '') : '';
    const primary = subdomain ? (parentDomain(subdomain) ?? subdomain) : '';
    project.infinity.subdomain = subdomain;
    project.infinity.primaryDomain = primary;
    const t = project.infinity.teams;
    findings.push({
      region: regionName,
      field: null,
      severity: 'info',
      code: 'import.review-infinity',
      message:
        `The scripts do not hold the Pexip Infinity settings, so the wizard guessed them; review them: pool "${pool || '(none)'}" (first name of $PxNodeFqdns), Pexip subdomain "${subdomain || '(unknown)'}", primary domain "${primary || '(unknown)'}", ` +
        `${init.region.nodes.members.length ? `nodes ${init.region.nodes.members.map((m) => m.fqdn).join(', ')} without addresses` : "no individual nodes (add each node's name and public address for the DNS records and firewall table)"}, ` +
        `Skype for Business federation off, Teams dialing options (alias "${t.ivrAlias}", browser join ${t.browserJoin ? 'on' : 'off'}, no test call alias, no prefix).`,
    });
    return { project, findings, secrets };
  } catch (e) {
    findings.push({
      region: null,
      field: null,
      severity: 'error',
      code: 'import.internal',
      message: `The scripts could not be read because of an internal error (${(e as Error).name}). Please report it.`,
    });
    return { project: null, findings, secrets };
  }
}
