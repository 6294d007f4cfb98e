// CONTRACT (placeholder until the rules land): every documented rule over a project.
import type { Finding } from '../model/finding.ts';
import type { Project } from '../model/project.ts';

export interface ValidateOptions {
  /** The VM admin password when known (never stored in the project). */
  adminPassword?: string;
}

export function validateProject(_project: Project, _opts: ValidateOptions = {}): Finding[] {
  return [];
}
