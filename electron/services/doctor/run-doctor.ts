// `tcw doctor` and the wizard's deployment check: reads each region (read.ts) and judges it with the
// pure comparison in shared/doctor. Regions are read in parallel.
import type { Project } from '../../../shared/model/project.ts';
import { diagnoseRegion, doctorReport } from '../../../shared/doctor/diagnose.ts';
import type { DoctorReport } from '../../../shared/doctor/types.ts';
import type { AzureContext } from '../azure/arm-context.ts';
import { observeRegion, type ReadOptions } from './read.ts';
import { InputError } from '../../../shared/model/input-error.ts';

export { observeRegion, readAzure, publicIpOf, type ReadOptions } from './read.ts';
export { maintain, planChange, type ChangeRequest, type ChangePlan, type ChangeResult } from './maintain.ts';

export interface DoctorOptions extends ReadOptions {
  /** Only this region ($PxVmssRegion); all regions when omitted. */
  region?: string;
  /** SHA-1 thumbprint of the project's PFX (hex, colons allowed). */
  expectedThumbprint?: string | null;
  warnDays?: number;
  onProgress?: (message: string, fraction?: number) => void;
}

export async function runDoctor(ctx: AzureContext, project: Project, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const regions =
    opts.region === undefined
      ? project.regions
      : project.regions.filter((r) => r.variables.PxVmssRegion === opts.region);
  if (project.regions.length === 0)
    throw new InputError('The project has no region: there is nothing deployed to check.');
  if (regions.length === 0) {
    throw new InputError(
      `The project has no region "${opts.region}" (regions: ${project.regions.map((r) => r.variables.PxVmssRegion).join(', ')}).`,
    );
  }
  const thumb = opts.expectedThumbprint?.replace(/[:\s]/g, '') ?? null;
  if (thumb !== null && !/^[0-9a-f]{40}$/i.test(thumb))
    throw new InputError(
      "The thumbprint must be the certificate's SHA-1 thumbprint: 40 hexadecimal digits (colons allowed).",
    );
  const now = opts.now ?? new Date();
  opts.onProgress?.(
    `Reading ${regions.length === 1 ? `region ${regions[0]!.variables.PxVmssRegion}` : `${regions.length} regions`} from Azure, DNS and TLS`,
    0.1,
  );
  const reports = await Promise.all(
    regions.map(async (region) => {
      const { azure, outside } = await observeRegion(ctx, project, region, thumb, { ...opts, now });
      return diagnoseRegion(project, region, azure, outside, {
        now,
        ...(opts.warnDays !== undefined ? { warnDays: opts.warnDays } : {}),
      });
    }),
  );
  opts.onProgress?.('Checked', 1);
  return doctorReport(reports);
}
