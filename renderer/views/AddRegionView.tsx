// Add a region: only the regional values are asked; the rest comes from the existing deployment.
import { useState } from 'react';
import { Alert, AlertTitle, Box, Button, Stack, TextField, Typography } from '@mui/material';
import type { RegionVariables } from '../../shared/model/project.ts';
import { derivedNames } from '../../shared/model/derived.ts';
import { addRegionMachine, ADD_REGION_STEPS, type AddRegionEvent } from '../machines/add-region.ts';
import { fieldFindings } from '../machines/findings-and-edits.ts';
import { generateRequest } from '../machines/journey.ts';
import { useJourney, stepOf, subOf, type JourneyProps } from './use-journey.ts';
import { SourcePanel, type SourceRef } from './SourcePanel.tsx';
import { VarField, ListField, FactTable, CodeBlock, Section } from '../components/fields.tsx';
import { JourneyFrame } from '../components/JourneyFrame.tsx';
import { CertificateStep } from './journey-steps/CertificateStep.tsx';
import { PreparationStep } from './journey-steps/PreparationStep.tsx';
import { ArtifactsPanel } from '../components/ArtifactsPanel.tsx';
import { PrefixListField } from '../components/prefixes.tsx';
import { ReviewSummary } from '../components/review.tsx';
import { DeploymentCheck } from '../components/checklist.tsx';
import type { DoctorReport } from '../../shared/api/wizard-api.ts';
import { variableBinder } from '../components/variable-labels.ts';

const LABELS: Record<(typeof ADD_REGION_STEPS)[number], string> = {
  source: 'Existing deployment',
  region: 'New region',
  certificate: 'Certificate',
  preparation: 'Prepare Azure',
  review: 'Review and generate',
  after: 'After deployment',
};

export function AddRegionView(props: JourneyProps) {
  const { onExit } = props;
  const [snapshot, actor, busy] = useJourney(addRegionMachine, 'add-region', props);
  const ctx = snapshot.context;
  const send = (e: AddRegionEvent) => actor.send(e);
  const step = stepOf(snapshot.value) as (typeof ADD_REGION_STEPS)[number] | 'done';
  const sub = subOf(snapshot.value);

  if (step === 'done') {
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        <Alert severity="success" sx={{ mb: 2 }}>
          <AlertTitle>The new region is planned</AlertTitle>Run its variables script and then the redeploy script for
          that region, create its DNS A record, and add a location with call routing rules for it in Pexip Infinity.
        </Alert>
        <Button variant="contained" onClick={onExit}>
          Back to the start page
        </Button>
      </Box>
    );
  }
  const reg = ctx.project?.regions[ctx.regionIndex];
  const v = reg?.variables as RegionVariables | undefined;
  const key = v?.PxVmssRegion || null;
  // Findings of the regions that already exist stay theirs: none of them shows under the new region's fields.
  const others = new Set(
    (ctx.project?.regions ?? [])
      .filter((_, i) => i !== ctx.regionIndex)
      .map((r) => r.variables.PxVmssRegion)
      .filter((k) => k && k !== key),
  );
  const ff = (f: string) =>
    fieldFindings(ctx.findings, f, key).filter((x) => x.region === null || !others.has(x.region));
  const setVar = (patch: Partial<RegionVariables>) => send({ type: 'SET_REGION', patch });
  const bind = variableBinder(v, setVar, ff);
  const canNext = step === 'after' ? snapshot.can({ type: 'FINISH' }) : snapshot.can({ type: 'NEXT' });
  const existing = (ctx.project?.regions ?? []).slice(0, step === 'source' ? undefined : -1);

  return (
    <JourneyFrame
      title="Add a region"
      steps={ADD_REGION_STEPS.map((s) => LABELS[s])}
      active={ADD_REGION_STEPS.indexOf(step)}
      heading={LABELS[step]}
      canNext={canNext}
      nextLabel={step === 'after' ? 'Finish' : 'Next'}
      onNext={() => send(step === 'after' ? { type: 'FINISH' } : { type: 'NEXT' })}
      onBack={step === 'source' ? onExit : () => send({ type: 'BACK' })}
      busy={busy}
      error={ctx.error}
      onDismissError={() => send({ type: 'DISMISS_ERROR' })}
      blockedReason={
        step === 'source'
          ? 'Open a saved project, or read your scripts with "Read the scripts", first.'
          : step === 'certificate' && ctx.cert?.findings.some((f) => f.severity === 'error')
            ? 'The certificate has problems (listed above): choose a corrected file, or build one with "Build a PFX".'
            : step === 'preparation'
              ? 'Create the resource group first, or choose "Someone else" to hand over the PowerShell.'
              : step === 'review'
                ? 'Nothing could be generated yet: fix the problems listed above.'
                : null
      }
      fieldsBlock={step === 'region'}
    >
      {step === 'source' && (
        <Stack spacing={3}>
          <Typography>
            A new region reuses the app registration and most settings of your first Teams Connector. Start from what
            you have:
          </Typography>
          {snapshot.children.source && (
            <SourcePanel
              source={snapshot.children.source as SourceRef}
              scriptsIntro="Paste (or open) the variables initialization script of an existing region, and the redeploy script if you have it (for the App ID)."
            />
          )}
          {existing.length > 0 && (
            <Alert severity="success">
              <AlertTitle>Deployment found</AlertTitle>
              Regions:{' '}
              {existing
                .map(
                  (r) => `${r.variables.PxVmssRegion} (${r.variables.PxAzureLocation}, ${r.variables.PxTeamsConnFqdn})`,
                )
                .join('; ')}
              .{ctx.project?.app.appId ? ` App ID ${ctx.project.app.appId}.` : ''}
            </Alert>
          )}
          {ctx.project && (
            <VarField
              label="App ID (from your redeploy script)"
              name="appId"
              value={ctx.project.app.appId ?? ''}
              onChange={(x) => send({ type: 'SET_APP_ID', appId: x })}
              hint="The new region's redeploy script needs the App ID of the first install."
            />
          )}
        </Stack>
      )}
      {step === 'region' && v && (
        <Stack spacing={3}>
          <Typography>
            Existing regions: {existing.map((r) => r.variables.PxVmssRegion).join(', ')}. The short name and host name
            must differ from theirs.
          </Typography>
          <VarField
            label="Teams Connector version"
            name="connectorVersion"
            value={ctx.project?.connectorVersion ?? ''}
            onChange={(version) => send({ type: 'SET_VERSION', version })}
            trim
            findings={ff('connectorVersion')}
            hint="The version of the ZIP the new region is installed from; it must match your Pexip Infinity version exactly, e.g. 26.2."
            required
          />
          <VarField {...bind('PxVmssRegion')} trim hint="2–4 lower-case letters or digits, e.g. us." required />
          <VarField
            {...bind('PxAzureLocation')}
            trim
            hint="e.g. eastus; must offer Fs-series VMs and Azure Automation."
            required
          />
          <VarField {...bind('PxTeamsConnFqdn')} trim required />
          <VarField {...bind('PxTeamsConnInstanceCount')} trim />
          <VarField
            label="Pool name of this region's Conferencing Nodes"
            name="pool"
            value={reg?.nodes.pool ?? ''}
            onChange={(x) => send({ type: 'SET_NODES', pool: x.trim() })}
            findings={ff('pool')}
          />
          <ListField {...bind('PxNodeFqdns')} hint="One per line, no wildcards." />
          <PrefixListField
            {...bind('PxNodesSourceAddressPrefixes')}
            hint="This region's nodes' public addresses plus your management addresses."
            offers={[{ label: 'Add the management addresses', values: v.PxMgmtSrcAddrPrefixes }]}
          />
          {v.PxVmssRegion && (
            <FactTable
              label="Derived names"
              rows={[
                ['Static resource group', derivedNames(v).staticResourceGroup],
                ['Resource group for the instances', derivedNames(v).dynamicResourceGroup],
                ['Scale set', derivedNames(v).vmss],
              ]}
            />
          )}
        </Stack>
      )}
      {step === 'certificate' && v && (
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
      {step === 'preparation' && v && <PreparationStep ctx={ctx} v={v} send={send} busy={Boolean(busy)} />}
      {step === 'review' && (
        <Stack spacing={2}>
          {ctx.project && (
            <ReviewSummary
              project={ctx.project}
              regionIndex={ctx.regionIndex}
              findings={ctx.findings.filter((f) => f.region === null || f.region === key)}
            />
          )}
          <TextField
            label="App password (optional, from your redeploy script)"
            type="password"
            autoComplete="off"
            value={ctx.transient.appPassword ?? ''}
            onChange={(e) => send({ type: 'SET_SECRET', key: 'appPassword', value: e.target.value })}
            helperText="Kept in memory only. Without it the redeploy script keeps an empty $AppPassword line for you to fill in. Regenerate by going Back and Next."
          />
          {ctx.generated && (
            <ArtifactsPanel
              artifacts={ctx.generated.artifacts}
              findings={ctx.generated.findings}
              saved={ctx.saved}
              busy={Boolean(busy)}
              request={generateRequest(ctx, ctx.journey)}
              onSaveAll={(folder) => send({ type: 'SAVE_ALL', folder })}
            />
          )}
        </Stack>
      )}
      {step === 'after' && v && (
        <AfterRegion
          v={v}
          ip={reg?.publicIp ?? null}
          record={ctx.publicIp?.dnsRecord ?? null}
          signedIn={Boolean(ctx.account)}
          busy={Boolean(busy)}
          report={ctx.doctor}
          send={send}
        />
      )}
    </JourneyFrame>
  );
}

function AfterRegion({
  v,
  ip,
  record,
  signedIn,
  busy,
  report,
  send,
}: {
  v: RegionVariables;
  ip: string | null;
  record: string | null;
  signedIn: boolean;
  busy: boolean;
  report: DoctorReport | null;
  send: (e: AddRegionEvent) => void;
}) {
  const [text, setText] = useState(ip ?? '');
  return (
    <Stack spacing={2}>
      <Typography>
        Run the new region&apos;s variables script and then its redeploy script. When it has finished:
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <Box sx={{ flex: 1 }}>
          <VarField
            label="Public IP address of the new load balancer"
            name="publicIp"
            value={text}
            onChange={(x) => {
              setText(x);
              send({ type: 'SET_PUBLIC_IP', ip: x });
            }}
          />
        </Box>
        <Button variant="outlined" disabled={busy || !signedIn} onClick={() => send({ type: 'READ_IP' })}>
          Read it from Azure
        </Button>
      </Stack>
      {ip && <CodeBlock text={record ?? `${v.PxTeamsConnFqdn}. IN A ${ip}`} what="DNS A record" maxHeight={80} />}
      <Typography>
        In Pexip Infinity, create a location for this region, add the Teams Connector {v.PxTeamsConnFqdn} to it, and add
        a pair of Call Routing Rules for the location.
      </Typography>
      <Section
        title="Check the deployment"
        description="Compares what runs in Azure for this region with the project (resource groups, scale set and its instances, load balancer and public IP, the RDP and MCU-signalling-endpoint rules, Key Vault), then the A record and the certificate the connector presents. Nothing is changed."
      >
        <DeploymentCheck
          signedIn={signedIn}
          signInHint={
            <>
              go Back to the &quot;Prepare Azure&quot; step and use &quot;Sign in to Azure&quot; (shown when &quot;The
              wizard, with my Azure sign-in&quot; is chosen).
            </>
          }
          busy={busy}
          report={report}
          onCheck={() => send({ type: 'DOCTOR' })}
        />
      </Section>
    </Stack>
  );
}
