// The one check of a generated file's name, used by the generation pipeline (a finding, nothing
// written) and again by the output-folder writer (refused): a name can never leave the folder, be
// hidden, land in the writer's own .tcw folder or carry an unexpected extension.

/** Extensions of the files the generator writes. */
export const ARTIFACT_EXTENSIONS = ['.ps1', '.txt', '.md', '.csv'] as const;

/**
 * "eu/install.ps1", "RUNBOOK.md": one or two segments of letters, digits, "-" and "_" (dots only
 * inside the last one, before a known extension). No leading dot, no "..", no absolute path.
 */
export function isPlainArtifactName(fileName: string): boolean {
  const parts = fileName.split('/');
  if (parts.length > 2) return false;
  const last = parts[parts.length - 1]!;
  if (parts.slice(0, -1).some((d) => !/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(d))) return false;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(last) || last.includes('..')) return false;
  return ARTIFACT_EXTENSIONS.some((ext) => last.toLowerCase().endsWith(ext));
}
