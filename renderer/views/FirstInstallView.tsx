// First install, step by step. Every control edits the machine's project; the findings for a field
// appear under that field, and Next follows `snapshot.can({ type: 'NEXT' })`.
import { Box, Alert, AlertTitle, Button } from '@mui/material';
import type { RegionVariables } from '../../shared/model/project.ts';
import type { Finding } from '../../shared/model/finding.ts';
import {
  FIRST_INSTALL_STEPS,
  firstInstallMachine,
  regionKey,
  type FirstInstallContext,
} from '../machines/first-install.ts';
import { fieldFindings, STEP_FIELDS, stepHasErrors, type FieldStep } from '../machines/findings-and-edits.ts';
import { JourneyFrame } from '../components/JourneyFrame.tsx';
import { type JourneyProps, useJourney, stepOf, subOf } from './use-journey.ts';
import type { Send } from './first-install/step-props.ts';
import { PrerequisitesStep } from './first-install/PrerequisitesStep.tsx';
import { NamingStep } from './first-install/NamingStep.tsx';
import { AzureStep } from './first-install/AzureStep.tsx';
import { CertificateStep } from './journey-steps/CertificateStep.tsx';
import { NodesStep } from './first-install/NodesStep.tsx';
import { NetworkStep } from './first-install/NetworkStep.tsx';
import { AdminStep } from './first-install/AdminStep.tsx';
import { OptionsStep } from './first-install/OptionsStep.tsx';
import { PreparationStep } from './journey-steps/PreparationStep.tsx';
import { ReviewStep } from './first-install/ReviewStep.tsx';
import { AfterStep } from './first-install/AfterStep.tsx';

export const FIRST_INSTALL_LABELS: Record<(typeof FIRST_INSTALL_STEPS)[number], string> = {
  prerequisites: 'Before you start',
  naming: 'Names',
  azure: 'Azure subscription',
  certificate: 'Connector certificate',
  nodes: 'Conferencing Nodes',
  network: 'Network access',
  admin: 'VM admin and updates',
  options: 'Options',
  preparation: 'Prepare Azure',
  review: 'Review and generate',
  after: 'After deployment',
};

export function FirstInstallView(props: JourneyProps) {
  const { onExit } = props;
  const [snapshot, actor, busy] = useJourney(firstInstallMachine, 'first-install', props);
  const ctx = snapshot.context;
  const send: Send = (e) => actor.send(e);
  const step = stepOf(snapshot.value) as (typeof FIRST_INSTALL_STEPS)[number] | 'done';
  const sub = subOf(snapshot.value);

  if (step === 'done') {
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        <Alert severity="success" sx={{ mb: 2 }}>
          <AlertTitle>Your Teams Connector plan is complete</AlertTitle>
          Keep the saved files together with the connector's PowerShell files: the variables and redeploy scripts are
          what you (or a colleague) need to add a region or upgrade later. You can reopen them here with "Import my
          scripts".
        </Alert>
        <Button variant="contained" onClick={onExit}>
          Back to the start page
        </Button>
      </Box>
    );
  }

  const active = FIRST_INSTALL_STEPS.indexOf(step);
  const canNext = step === 'after' ? snapshot.can({ type: 'FINISH' }) : snapshot.can({ type: 'NEXT' });
  const r = ctx.project?.regions[ctx.regionIndex];
  const v = r?.variables as RegionVariables;
  const regionName = regionKey(ctx) || null;
  const ff = (field: string): Finding[] => fieldFindings(ctx.findings, field, regionName);
  const setVar = (patch: Partial<RegionVariables>) => send({ type: 'SET_REGION', patch });
  return (
    <JourneyFrame
      title="First install"
      steps={FIRST_INSTALL_STEPS.map((s) => FIRST_INSTALL_LABELS[s])}
      active={active}
      heading={FIRST_INSTALL_LABELS[step]}
      canNext={canNext}
      nextLabel={step === 'after' ? 'Finish' : step === 'review' ? 'Next: after deployment' : 'Next'}
      onNext={() => send(step === 'after' ? { type: 'FINISH' } : { type: 'NEXT' })}
      onBack={step === 'prerequisites' ? onExit : () => send({ type: 'BACK' })}
      busy={busy}
      error={ctx.error}
      onDismissError={() => send({ type: 'DISMISS_ERROR' })}
      blockedReason={blockedReason(step, ctx)}
      fieldsBlock={step in STEP_FIELDS && stepHasErrors(ctx.findings, step as FieldStep, regionName)}
    >
      {step === 'prerequisites' && <PrerequisitesStep ctx={ctx} send={send} />}
      {step === 'naming' && <NamingStep ctx={ctx} v={v} ff={ff} setVar={setVar} />}
      {step === 'azure' && <AzureStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} busy={Boolean(busy)} />}
      {step === 'certificate' && (
        <CertificateStep
          ctx={ctx}
          v={v}
          ff={ff}
          setVar={setVar}
          send={send}
          analyzing={sub === 'analyzing'}
          canAnalyze={snapshot.can({ type: 'ANALYZE_PFX' })}
        />
      )}
      {step === 'nodes' && <NodesStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} busy={Boolean(busy)} />}
      {step === 'network' && <NetworkStep ctx={ctx} v={v} ff={ff} setVar={setVar} />}
      {step === 'admin' && <AdminStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} />}
      {step === 'options' && <OptionsStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} />}
      {step === 'preparation' && <PreparationStep ctx={ctx} v={v} send={send} busy={Boolean(busy)} />}
      {step === 'review' && <ReviewStep ctx={ctx} send={send} busy={Boolean(busy)} />}
      {step === 'after' && <AfterStep ctx={ctx} v={v} send={send} busy={Boolean(busy)} />}
    </JourneyFrame>
  );
}

/** What blocks Next besides the step's own fields (those are said by the frame). */
function blockedReason(step: string, ctx: FirstInstallContext): string | null {
  if (step === 'prerequisites') return 'Tick each item and enter the connector version to go on.';
  if (step === 'preparation')
    return ctx.prepareMode === 'wizard'
      ? 'Create the resource group with "Create the resource group and assign Owner" first, or choose "Someone else" to hand over the PowerShell.'
      : null;
  if (step === 'review') return 'Nothing could be generated yet: fix the problems listed above.';
  if (step === 'certificate' && ctx.cert?.findings.some((f) => f.severity === 'error'))
    return 'The certificate has problems (listed above): choose a corrected file, or build one with "Build a PFX".';
  if (step === 'nodes' && ctx.nodeCerts?.some((c) => c.findings.some((f) => f.severity === 'error')))
    return 'A node certificate has problems (listed above): fix it, or choose other files.';
  return null;
}
