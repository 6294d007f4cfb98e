// Reading a project: a tcw-project/1 JSON file or a variables initialization script (.ps1),
// plus the optional redeploy script and pasted install output. Shared by the CLI and the app's main
// process; no CLI concerns here.
import type { ImportResult } from '../../../shared/api/wizard-api.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import { parseProject, type Project, type Secrets } from '../../../shared/model/project.ts';
import { importScripts } from '../../../shared/import/import-scripts.ts';
import { encodingFindings, type DecodedText } from '../../../shared/import/decode.ts';
import { readTextFile } from '../files/input-files.ts';
import { InputError } from '../../../shared/model/input-error.ts';

export interface LoadedProject {
  source: 'project' | 'script';
  /** Null when a script yielded nothing usable (the findings say why). */
  project: Project | null;
  /** Import findings (empty for a project file). */
  findings: Finding[];
  /** Secrets found in a script; never written back into the project. */
  secrets: Secrets;
}

function looksLikeScript(path: string, text: string): boolean {
  if (/\.ps1$/i.test(path)) return true;
  if (/\.json$/i.test(path)) return false;
  return !text.trimStart().startsWith('{');
}

/** The canonical text of a tcw-project/1 file, as `tcw import` prints it and the app saves and exports it. */
export function projectFileText(project: Project): string {
  return `${JSON.stringify(project, null, 2)}\n`;
}

/** A project file is parsed; anything else (a .ps1, or text not starting with "{") is imported. */
export async function readProjectOrScript(
  path: string,
  extra: { redeployPath?: string; installOutputPath?: string } = {},
): Promise<LoadedProject> {
  let decoded: DecodedText | undefined;
  const text = await readTextFile(path, 'project or script', (d) => {
    decoded = d;
  });
  if (!looksLikeScript(path, text)) return parseProjectText(path, text);
  const imported = await importDecodedScripts(decoded!, extra);
  return { source: 'script', ...imported };
}

/**
 * The same decision and the same readers for text that arrived without a path (an upload in the
 * app): `name` is the file's name, used for the .ps1/.json decision and in messages.
 */
export function readProjectOrScriptText(name: string, text: string): LoadedProject {
  if (!looksLikeScript(name, text)) return parseProjectText(name, text);
  return { source: 'script', ...importScripts({ initScript: text }) };
}

function parseProjectText(name: string, text: string): LoadedProject {
  const r = parseProject(text);
  if (!r.ok) {
    const shown = r.issues
      .slice(0, 8)
      .map((i) => `  ${i.path || '(file)'}: ${i.message}`)
      .join('\n');
    const more = r.issues.length > 8 ? `\n  … and ${r.issues.length - 8} more` : '';
    throw new InputError(
      `"${name}" is not a valid tcw-project/1 file:\n${shown}${more}\nFix these fields (see docs/project-format.md) or import the init script instead.`,
    );
  }
  return { source: 'project', project: r.project, findings: [], secrets: {} };
}

export async function importScriptFiles(
  initPath: string,
  extra: { redeployPath?: string; installOutputPath?: string } = {},
): Promise<ImportResult> {
  // Which encoding the init script was read in: a Windows-1252 guess is worth an info finding.
  let initDecoded: DecodedText | undefined;
  await readTextFile(initPath, 'init script', (d) => {
    initDecoded = d;
  });
  return importDecodedScripts(initDecoded!, extra);
}

/** The import of an init script already read (and its decoding), with the optional other files. */
async function importDecodedScripts(
  initDecoded: DecodedText,
  extra: { redeployPath?: string; installOutputPath?: string },
): Promise<ImportResult> {
  const initScript = initDecoded.text;
  const redeployScript = extra.redeployPath ? await readTextFile(extra.redeployPath, 'redeploy script') : undefined;
  const installOutput = extra.installOutputPath
    ? await readTextFile(extra.installOutputPath, 'install output file')
    : undefined;
  const result = importScripts({
    initScript,
    ...(redeployScript !== undefined && { redeployScript }),
    ...(installOutput !== undefined && { installOutput }),
  });
  result.findings.push(...encodingFindings(initDecoded, 'init script'));
  return result;
}
