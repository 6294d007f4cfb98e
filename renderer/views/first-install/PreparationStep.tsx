// Prepare Azure: the static resource group and the Owner role, done here or by a script.
import type { RegionVariables } from '../../../shared/model/project.ts';
import { derivedNames } from '../../../shared/model/derived.ts';
import type { FirstInstallContext } from '../../machines/first-install.ts';
import { PreparationPanel } from '../../components/PreparationPanel.tsx';
import type { Send } from './step-props.ts';

export function PreparationStep({
  ctx,
  v,
  send,
  busy,
}: {
  ctx: FirstInstallContext;
  v: RegionVariables;
  send: Send;
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
