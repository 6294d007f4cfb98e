// What every first-install step is given: the machine's context, the region's variables, its findings
// per field and the ways to change them.
import type { Finding } from '../../../shared/model/finding.ts';
import type { RegionVariables } from '../../../shared/model/project.ts';
import type { FirstInstallContext, FirstInstallEvent } from '../../machines/first-install.ts';

export type Send = (e: FirstInstallEvent) => void;

export type FF = (field: string) => Finding[];

export type SetVar = (patch: Partial<RegionVariables>) => void;

/** Every prop a step may take; each step picks the ones it uses. */
export interface StepProps {
  ctx: FirstInstallContext;
  /** The region's variables. */
  v: RegionVariables;
  ff: FF;
  setVar: SetVar;
  send: Send;
  /** An operation runs: its buttons wait. */
  busy: boolean;
}
