// Checks the Teams Connector the administrator downloaded against the scripts the wizard writes, from
// three files of its ZIP, read as text and never run: version.json (the version), the param() block of
// create_vmss_deployment.ps1 (parameter names, which are Mandatory) and the functions
// PexTeamsCviApplication.psm1 exports (Export-ModuleMember, or FunctionsToExport of a .psd1 manifest).
// Pure; the Node side (electron/services/files/connector-zip-reader.ts) reads the ZIP or folder.
import type { Finding } from '../model/finding.ts';
import type { Project } from '../model/project.ts';
import { MODULE_FUNCTIONS, majorOf, vmssParameterNames } from '../emit/script-parts.ts';

/** The files of the ZIP this check reads; a missing one is null. Paths are matched by file name. */
export interface ConnectorFiles {
  versionJson: string | null;
  createVmss: string | null;
  module: string | null;
  /** PexTeamsCviApplication.psd1, when the ZIP has one. */
  manifest: string | null;
}

export const CONNECTOR_FILE_NAMES = {
  versionJson: 'version.json',
  createVmss: 'create_vmss_deployment.ps1',
  module: 'PexTeamsCviApplication.psm1',
  manifest: 'PexTeamsCviApplication.psd1',
} as const;

export interface ScriptParameter {
  name: string;
  mandatory: boolean;
}

const stripBom = (t: string) => t.replace(/^\uFEFF/, '');
/** Comments out, strings kept: enough for the declarative parts read here. */
const stripComments = (t: string) =>
  stripBom(t)
    .replace(/<#[\s\S]*?#>/g, ' ')
    .replace(/(^|[^`'"])#[^\r\n]*/g, '$1');

/** Index of the parenthesis closing the one at `open`, skipping quoted text; -1 if none. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The script's param() block: each $Name with whether a [Parameter(…)] attribute makes it Mandatory. */
export function scriptParameters(script: string): ScriptParameter[] | null {
  const text = stripComments(script);
  const m = /(^|[\s\]])param\s*\(/i.exec(text);
  if (!m) return null;
  const open = text.indexOf('(', m.index + m[1]!.length);
  const close = closing(text, open);
  if (close < 0) return null;
  const body = text.slice(open + 1, close);
  const out: ScriptParameter[] = [];
  // Split at top-level commas: attributes and defaults hold their own brackets.
  let depth = 0;
  let start = 0;
  const pieces: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'" || c === '"') {
      const e = body.indexOf(c, i + 1);
      i = e < 0 ? body.length : e;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      pieces.push(body.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(body.slice(start));
  for (const piece of pieces) {
    // The attributes ([Parameter(Mandatory=$true)], [string]) are bracketed: blank them, then the
    // first $Name outside brackets is the parameter.
    let d = 0;
    let outside = '';
    for (const ch of piece) {
      if (ch === '[') d++;
      outside += d > 0 ? ' ' : ch;
      if (ch === ']') d = Math.max(0, d - 1);
    }
    const name = /\$([A-Za-z_][A-Za-z0-9_]*)/.exec(outside);
    if (!name) continue;
    const attrs = piece.slice(0, name.index);
    const mandatory =
      /Parameter\s*\([^)]*\bMandatory\b(\s*=\s*\$true)?/i.test(attrs) && !/\bMandatory\s*=\s*\$false/i.test(attrs);
    out.push({ name: name[1]!, mandatory });
  }
  return out;
}

/** Functions a module exports: Export-ModuleMember -Function …, FunctionsToExport in the manifest, else every function it defines. */
export function exportedFunctions(module: string, manifest: string | null): string[] {
  const names = (list: string) =>
    [...list.matchAll(/['"]?([A-Za-z][\w-]*)['"]?/g)].map((x) => x[1]!).filter((n) => n !== '@');
  if (manifest) {
    const m = /FunctionsToExport\s*=\s*(@\(([\s\S]*?)\)|'[^']*'|"[^"]*")/i.exec(stripComments(manifest));
    if (m) {
      const list = names(m[2] ?? m[1]!);
      if (!list.includes('*')) return list;
    }
  }
  const text = stripComments(module);
  const exported: string[] = [];
  for (const m of text.matchAll(/Export-ModuleMember\s+(?:-Function\s+)?([^\r\n;|]+)/gi)) {
    const args = m[1]!.split(/\s-(?!Function)[A-Za-z]+/)[0]!;
    exported.push(...names(args.replace(/-Function/i, '')));
  }
  if (exported.length) return exported;
  return [...text.matchAll(/^\s*function\s+([A-Za-z][\w-]*)/gim)].map((x) => x[1]!);
}

export interface ConnectorVersion {
  major: number | null;
  minor: number | null;
  text: string;
}

/** version.json: { "major": 26, "minor": 2, … } (or a "version": "26.2" string). */
export function connectorVersion(json: string): ConnectorVersion | null {
  let v: unknown;
  try {
    v = JSON.parse(stripBom(json));
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const num = (x: unknown) =>
    typeof x === 'number' && Number.isInteger(x) ? x : typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : null;
  let major = num(o.major);
  let minor = num(o.minor);
  if (major === null && typeof o.version === 'string') {
    const m = /^(\d+)(?:\.(\d+))?/.exec(o.version);
    if (m) {
      major = Number(m[1]);
      minor = m[2] !== undefined ? Number(m[2]) : null;
    }
  }
  if (major === null) return null;
  return { major, minor, text: minor === null ? String(major) : `${major}.${minor}` };
}

const f = (severity: Finding['severity'], code: string, field: string | null, message: string): Finding => ({
  region: null,
  field,
  severity,
  code,
  message: message.charAt(0).toUpperCase() + message.slice(1),
});

/** Every mismatch between the downloaded connector and what the generated scripts use, as findings. */
export function checkConnectorFiles(
  files: ConnectorFiles,
  project: Pick<Project, 'connectorVersion'>,
  source = 'the Teams Connector ZIP',
): Finding[] {
  const out: Finding[] = [];
  for (const key of ['versionJson', 'createVmss', 'module'] as const) {
    if (files[key] === null) {
      out.push(
        f(
          'error',
          'zip.file-missing',
          'connectorZip',
          `${source} has no ${CONNECTOR_FILE_NAMES[key]}. Choose the Teams Connector ZIP downloaded from Pexip (or the folder it was extracted into).`,
        ),
      );
    }
  }
  if (files.versionJson !== null) {
    const v = connectorVersion(files.versionJson);
    const wantMajor = majorOf(project.connectorVersion);
    const wantMinor = /^\s*\d+\.(\d+)/.exec(project.connectorVersion)?.[1];
    if (!v) {
      out.push(
        f(
          'error',
          'zip.version-unreadable',
          'connectorZip',
          `The version.json of ${source} has no readable major version; check that the download is complete.`,
        ),
      );
    } else if (
      v.major !== wantMajor ||
      (wantMinor !== undefined && v.minor !== null && v.minor !== Number(wantMinor))
    ) {
      out.push(
        f(
          'error',
          'zip.version-mismatch',
          'connectorVersion',
          `${source} is version ${v.text}, but the project is for ${project.connectorVersion}. Download the ZIP of the version you deploy (the same as Pexip Infinity), or set connectorVersion to ${v.text}${v.major !== 26 ? " — the wizard writes version 26 scripts only; for another major version follow that version's deployment guide" : ''}.`,
        ),
      );
    }
  }
  if (files.createVmss !== null) {
    const params = scriptParameters(files.createVmss);
    if (!params) {
      out.push(
        f(
          'error',
          'zip.param-block-missing',
          'connectorZip',
          `create_vmss_deployment.ps1 in ${source} has no param() block the wizard can read; the scripts cannot be checked against it.`,
        ),
      );
    } else {
      const known = new Map(params.map((p) => [p.name.toLowerCase(), p]));
      const passed = vmssParameterNames();
      const passedLower = new Set(passed.map((p) => p.toLowerCase()));
      for (const p of passed) {
        if (!known.has(p.toLowerCase())) {
          out.push(
            f(
              'error',
              'zip.parameter-unknown',
              'connectorZip',
              `The generated scripts pass -${p} to create_vmss_deployment.ps1, but the script in ${source} has no such parameter. This ZIP expects different scripts: use the deployment guide of its version.`,
            ),
          );
        }
      }
      for (const p of params) {
        if (p.mandatory && !passedLower.has(p.name.toLowerCase())) {
          out.push(
            f(
              'error',
              'zip.parameter-mandatory-missing',
              'connectorZip',
              `create_vmss_deployment.ps1 in ${source} requires -${p.name}, which the generated scripts do not pass. This ZIP expects different scripts: use the deployment guide of its version.`,
            ),
          );
        }
      }
    }
  }
  if (files.module !== null) {
    const exported = new Set(exportedFunctions(files.module, files.manifest).map((n) => n.toLowerCase()));
    for (const fn of MODULE_FUNCTIONS) {
      if (!exported.has(fn.toLowerCase())) {
        out.push(
          f(
            'error',
            'zip.function-missing',
            'connectorZip',
            `The generated scripts call ${fn}, but PexTeamsCviApplication.psm1 in ${source} does not export it. This ZIP expects different scripts: use the deployment guide of its version.`,
          ),
        );
      }
    }
  }
  return out;
}
