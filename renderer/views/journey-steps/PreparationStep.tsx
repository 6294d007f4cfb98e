// Prepare Azure (first install, add a region): the static resource group and the Owner role, done
// here or by a script.
import type { RegionVariables } from '../../../shared/model/project.ts';
import { derivedNames } from '../../../shared/model/derived.ts';
import type { EditEvent, JourneyContext, OpEvent } from '../../machines/journey.ts';
import { PreparationPanel } from '../../components/PreparationPanel.tsx';

/** The events this step sends: each journey's machine that prepares takes all of them. */
export type PreparationStepEvent =
  | Extract<EditEvent, { type: 'SET_PREPARE_MODE' | 'SET_OWNER' }>
  | Extract<OpEvent, { type: 'SIGN_IN' }>
  | { type: 'PREPARE' }
  | { type: 'SHOW_POWERSHELL' };

export function PreparationStep({
  ctx,
  v,
  send,
  busy,
}: {
  ctx: Pick<JourneyContext, 'prepareMode' | 'ownerUpn' | 'account' | 'prepare'>;
  v: RegionVariables;
  send: (e: PreparationStepEvent) => void;
  busy: boolean;
}) {
  return (
    <PreparationPanel
      staticRg={derivedNames(v).staticResourceGroup}
      location={v.PxAzureLocation}
      mode={ctx.prepareMode}
      ownerUpn={ctx.ownerUpn}
      account={ctx.account}
      prepare={ctx.prepare}
      busy={busy}
      onMode={(m) => send({ type: 'SET_PREPARE_MODE', mode: m })}
      onOwner={(upn) => send({ type: 'SET_OWNER', upn })}
      onSignIn={(method) => send({ type: 'SIGN_IN', method })}
      onPrepare={() => send({ type: 'PREPARE' })}
      onShowPowerShell={() => send({ type: 'SHOW_POWERSHELL' })}
    />
  );
}
