// The checked path from a loaded project to findings and artifacts, shared by `tcw validate` /
// `tcw generate` and the app's main process. Rules first; nothing is generated while an error
// finding stands; and a last check that no secret reached a file the user did not ask for.
import type { Artifact, GenerateRequest, Journey } from '../../../shared/api/wizard-api.ts';
import { hasErrors, type Finding } from '../../../shared/model/finding.ts';
import type { Project, Secrets } from '../../../shared/model/project.ts';
import { validateProject } from '../../../shared/rules/validate.ts';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { artifactsContainingSecrets } from '../secrets/secret-values.ts';
import { writeArtifactsAtomically, type WrittenFile } from '../files/output-folder.ts';
import { isPlainArtifactName } from '../files/artifact-names.ts';

/** Drops exact repeats (same region, field, code and message), keeping the first. */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = JSON.stringify([f.region, f.field, f.severity, f.code, f.message]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Import findings (if any) plus every rule over the project. */
export function validateLoaded(
  project: Project | null,
  priorFindings: readonly Finding[],
  secrets: Secrets = {},
): Finding[] {
  if (!project) return dedupeFindings(priorFindings);
  const opts = secrets.adminPassword !== undefined ? { adminPassword: secrets.adminPassword } : {};
  return dedupeFindings([...priorFindings, ...validateProject(project, opts)]);
}

export interface GenerationOptions {
  journey: Journey;
  region?: string;
  includeSecrets: boolean;
  /** Secrets to write (only used with includeSecrets). */
  secrets: Secrets;
  /** Every secret known in this session, also those not to be written: used for the leak check. */
  knownSecrets?: Secrets;
  /** Sign-in name for the optional Owner role assignment in the static resource group script. */
  ownerUpn?: string;
}

export interface CheckedGeneration {
  /** Empty when any error finding stands. */
  artifacts: Artifact[];
  findings: Finding[];
  /** Artifacts to be saved owner-only (flagged by the emitter or found to hold a secret value). */
  secretFiles: Set<Artifact>;
}

export function generateChecked(
  project: Project,
  opts: GenerationOptions,
  priorFindings: readonly Finding[] = [],
): CheckedGeneration {
  const findings = validateLoaded(project, priorFindings, opts.secrets);
  if (hasErrors(findings)) return { artifacts: [], findings, secretFiles: new Set() };
  const req: GenerateRequest & { ownerUpn?: string } = {
    project,
    journey: opts.journey,
    includeSecrets: opts.includeSecrets,
    ...(opts.region !== undefined && { region: opts.region }),
    ...(opts.includeSecrets && { secrets: opts.secrets }),
    ...(opts.ownerUpn !== undefined && { ownerUpn: opts.ownerUpn }),
  };
  const res = generateArtifacts(req);
  const all = dedupeFindings([...findings, ...res.findings]);
  if (hasErrors(all)) return { artifacts: [], findings: all, secretFiles: new Set() };

  // The generator names its files from validated values; this is the last word that nothing it
  // writes can be a hidden file, leave the folder or carry an unexpected extension.
  const oddNames = res.artifacts.filter((a) => !isPlainArtifactName(a.fileName));
  if (oddNames.length > 0) {
    all.push({
      region: null,
      field: null,
      severity: 'error',
      code: 'generate.file-name',
      message: `The generator produced file names that are not plain names (${oddNames.map((a) => JSON.stringify(a.fileName)).join(', ')}); nothing was written. Please report this.`,
    });
    return { artifacts: [], findings: all, secretFiles: new Set() };
  }

  const everySecret: Secrets = { ...opts.knownSecrets, ...opts.secrets };
  const holding = artifactsContainingSecrets(res.artifacts, everySecret);
  if (!opts.includeSecrets && holding.length > 0) {
    all.push({
      region: null,
      field: null,
      severity: 'error',
      code: 'generate.secret-leak',
      message: `A secret value would have been written into ${holding.map((a) => a.fileName).join(', ')} although secrets were not requested; nothing was written. Please report this.`,
    });
    return { artifacts: [], findings: all, secretFiles: new Set() };
  }
  const secretFiles = new Set<Artifact>([...res.artifacts.filter((a) => a.containsSecrets), ...holding]);
  return { artifacts: res.artifacts, findings: all, secretFiles };
}

/**
 * Writes a checked generation the one way both `tcw generate` and the app's saveArtifacts do:
 * the generator's set under its own names, all-or-nothing, secret files owner-only.
 */
export function writeCheckedGeneration(dir: string, gen: CheckedGeneration): Promise<WrittenFile[]> {
  return writeArtifactsAtomically(dir, gen.artifacts, { secretFiles: gen.secretFiles });
}
