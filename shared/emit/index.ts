// CONTRACT (placeholder until the emitters land): every artifact of a journey.
import type { GenerateRequest, GenerateResult } from '../api/wizard-api.ts';

export function generateArtifacts(_req: GenerateRequest): GenerateResult {
  return { artifacts: [], findings: [] };
}
