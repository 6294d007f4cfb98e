// CONTRACT (placeholder until the importer lands): read the admin's scripts into a project.
import type { ImportRequest, ImportResult } from '../api/wizard-api.ts';

export function importScripts(_req: ImportRequest): ImportResult {
  return { project: null, findings: [], secrets: {} };
}
