// Redeploy / upgrade: read the saved scripts, ask the target version there, explain what version 26
// changes, change what a redeploy may change, check the PFX and the Owner right, show old → new and
// emit the redeploy set.
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Chip,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { RegionVariables } from '../../shared/model/project.ts';
import { redeployMachine, REDEPLOY_STEPS, redeployDiff, type RedeployEvent } from '../machines/redeploy.ts';
import { fieldFindings } from '../machines/findings-and-edits.ts';
import { generateRequest, regionOf } from '../machines/journey.ts';
import { useJourney, stepOf, subOf, type JourneyProps } from './use-journey.ts';
import { SourcePanel, type SourceRef } from './SourcePanel.tsx';
import { VarField, ListField, Section, FindingList, FactTable } from '../components/fields.tsx';
import { JourneyFrame } from '../components/JourneyFrame.tsx';
import { CertificateStep } from './journey-steps/CertificateStep.tsx';
import { ArtifactsPanel } from '../components/ArtifactsPanel.tsx';
import { SignInPanel } from '../components/SignInPanel.tsx';
import { ConfirmBox } from '../components/ConfirmBox.tsx';
import { PrefixListField } from '../components/prefixes.tsx';
import { effectiveStaticResourceGroupName } from '../../shared/model/derived.ts';
import { versionFindings } from '../machines/redeploy.ts';
import { preflightFactRows } from '../../shared/model/preflight-facts.ts';
import { variableBinder } from '../components/variable-labels.ts';

const LABELS: Record<(typeof REDEPLOY_STEPS)[number], string> = {
  import: 'Your saved scripts',
  changes: 'What changes',
  values: 'What you change',
  checks: 'Certificate and Owner role',
  review: 'Review and generate',
};

export function RedeployView(props: JourneyProps) {
  const { onExit } = props;
  const [snapshot, actor, busy] = useJourney(redeployMachine, 'redeploy', props);
  const ctx = snapshot.context;
  const send = (e: RedeployEvent) => actor.send(e);
  const step = stepOf(snapshot.value) as (typeof REDEPLOY_STEPS)[number] | 'done';
  const sub = subOf(snapshot.value);

  if (step === 'done') {
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        <Alert severity="success" sx={{ mb: 2 }}>
          <AlertTitle>The redeploy set is ready</AlertTitle>Run the variables script and then the redeploy script from
          the connector folder of the new version. It removes and recreates the instances; expect about 30 minutes
          without Teams calls in that region.
        </Alert>
        <Button variant="contained" onClick={onExit}>
          Back to the start page
        </Button>
      </Box>
    );
  }
  const region = regionOf(ctx);
  const v = region?.variables;
  const ff = (f: string) => fieldFindings(ctx.findings, f, v?.PxVmssRegion ?? null);
  const setVar = (patch: Partial<RegionVariables>) => send({ type: 'SET_REGION', patch });
  const bind = variableBinder(v, setVar, ff);
  const diff = redeployDiff(ctx.baseline, ctx.project, ctx.regionIndex);
  const canNext = step === 'review' ? snapshot.can({ type: 'FINISH' }) : snapshot.can({ type: 'NEXT' });
  const owner = ctx.preflight?.facts.canActAsOwner;

  return (
    <JourneyFrame
      title="Redeploy or upgrade"
      steps={REDEPLOY_STEPS.map((s) => LABELS[s])}
      active={REDEPLOY_STEPS.indexOf(step)}
      heading={LABELS[step]}
      canNext={canNext}
      nextLabel={step === 'review' ? 'Finish' : 'Next'}
      onNext={() => send(step === 'review' ? { type: 'FINISH' } : { type: 'NEXT' })}
      onBack={step === 'import' ? onExit : () => send({ type: 'BACK' })}
      busy={busy}
      error={ctx.error}
      onDismissError={() => send({ type: 'DISMISS_ERROR' })}
      blockedReason={
        step === 'import'
          ? 'Read your scripts with "Read the scripts" and enter a version 26 connector version first.'
          : step === 'checks'
            ? ctx.cert?.findings.some((f) => f.severity === 'error')
              ? 'The certificate has problems (listed above): choose a corrected file, or build one with "Build a PFX".'
              : 'Check the certificate (or tick that you checked it) and confirm the Owner role.'
            : 'Fix the problems listed above first.'
      }
    >
      {step === 'import' && (
        <Stack spacing={2}>
          <Typography>
            Paste or open the variables initialization script of the region to redeploy, and the redeploy script you
            saved after the first install (it holds the App ID and password).
          </Typography>
          <Box sx={{ maxWidth: 360 }}>
            <VarField
              label="Teams Connector version you are moving to"
              name="connectorVersion"
              value={ctx.targetVersion}
              onChange={(version) => send({ type: 'SET_TARGET_VERSION', version })}
              findings={versionFindings(ctx.targetVersion)}
              hint="Must match your Pexip Infinity version exactly, e.g. 26.2."
              required
            />
          </Box>
          {snapshot.children.source && (
            <SourcePanel
              source={snapshot.children.source as SourceRef}
              scriptsIntro="The variables script sets $PxBaseConnName and friends; the redeploy script holds $AppId and $AppPassword."
            />
          )}
          {ctx.project && region && (
            <Alert severity="success">
              Read region {region.variables.PxVmssRegion} ({region.variables.PxAzureLocation},{' '}
              {region.variables.PxTeamsConnFqdn}).
              {ctx.project.app.appId
                ? ` App ID ${ctx.project.app.appId}.`
                : ' No App ID found: enter it on the next step or fill it into the redeploy script yourself.'}
              {ctx.transient.appPassword ? ' The app password was found and is kept in memory only.' : ''}
            </Alert>
          )}
        </Stack>
      )}
      {step === 'changes' && (
        <Stack spacing={2}>
          <Section title="Changes in the scripts since versions 24 and 25">
            {ctx.changes.map((c) => (
              <Alert key={c.id} severity={c.applies ? 'warning' : 'success'} icon={false}>
                <AlertTitle>
                  {c.title} <Chip size="small" label={c.applies ? 'affects you' : 'already done'} sx={{ ml: 1 }} />
                </AlertTitle>
                {c.detail}
              </Alert>
            ))}
          </Section>
          {ctx.project && !ctx.baseline?.app.appId && (
            <VarField
              label="App ID ($AppId from your redeploy script)"
              name="appId"
              value={ctx.project.app.appId ?? ''}
              onChange={(x) => send({ type: 'SET_APP_ID', appId: x })}
              findings={fieldFindings(ctx.findings, 'appId', null)}
            />
          )}
        </Stack>
      )}
      {step === 'values' && v && region && (
        <Stack spacing={2}>
          <Typography>
            Change what this redeploy should change; everything else stays as read. The review shows every difference
            before anything is written.
          </Typography>
          {(ctx.project?.regions.length ?? 0) > 1 && (
            <TextField
              select
              label="Region to redeploy"
              value={ctx.regionIndex}
              onChange={(e) => send({ type: 'SET_REDEPLOY_REGION', index: Number(e.target.value) })}
            >
              {ctx.project?.regions.map((r, i) => (
                <MenuItem key={r.variables.PxVmssRegion} value={i}>
                  {r.variables.PxVmssRegion}
                </MenuItem>
              ))}
            </TextField>
          )}
          <VarField {...bind('PxTeamsConnInstanceCount')} trim />
          <VarField
            label="Pool name of the Conferencing Nodes"
            name="pool"
            value={region.nodes.pool}
            onChange={(x) => send({ type: 'SET_NODES', pool: x.trim() })}
            findings={ff('pool')}
          />
          <ListField
            label="Conferencing Nodes (one per line: name, or name and public address)"
            name="members"
            value={region.nodes.members.map((m) => (m.ip ? `${m.fqdn} ${m.ip}` : m.fqdn))}
            onChange={(lines) =>
              send({
                type: 'SET_NODES',
                members: lines
                  .map((l) => {
                    const [fqdn = '', ip] = l.trim().split(/[\s,]+/);
                    return { fqdn, ip: ip ?? null };
                  })
                  .filter((m) => m.fqdn),
              })
            }
            findings={[...ff('members'), ...ff('nodes')]}
          />
          <ListField {...bind('PxNodeFqdns')} hint="One per line, no wildcards." />
          <PrefixListField {...bind('PxMgmtSrcAddrPrefixes')} />
          <PrefixListField
            {...bind('PxNodesSourceAddressPrefixes')}
            offers={[
              {
                label: "Add the nodes' addresses",
                values: region.nodes.members.map((m) => m.ip ?? '').filter(Boolean),
              },
              { label: 'Add the management addresses', values: v.PxMgmtSrcAddrPrefixes },
            ]}
          />
          <PrefixListField
            {...bind('PxConsentSourceAddressPrefixes')}
            offers={[{ label: 'Same as management addresses', values: v.PxMgmtSrcAddrPrefixes }]}
          />
        </Stack>
      )}
      {step === 'checks' && region && (
        <Stack spacing={3}>
          <CertificateStep
            ctx={ctx}
            v={region.variables}
            ff={ff}
            setVar={setVar}
            send={send}
            analyzing={sub === 'analyzing'}
            canAnalyze={snapshot.can({ type: 'ANALYZE_PFX' })}
          />
          {!ctx.cert && (
            <ConfirmBox
              checked={ctx.confirmedPfx}
              onChange={(value) => send({ type: 'CONFIRM', what: 'pfx', value })}
              label="I checked the PFX myself: valid, RSA, with its intermediates, matching the host name"
            />
          )}
          <Section
            title="Owner role on the static resource group"
            description={`Whoever runs the redeploy script needs Owner on ${effectiveStaticResourceGroupName(region.variables)}.`}
          >
            <SignInPanel
              account={ctx.account}
              onSignIn={(method) => send({ type: 'SIGN_IN', method })}
              busy={Boolean(busy)}
            />
            {ctx.account && (
              <Box>
                <Button variant="outlined" disabled={Boolean(busy)} onClick={() => send({ type: 'CHECK_OWNER' })}>
                  Check my Owner role
                </Button>
              </Box>
            )}
            {ctx.preflight && (
              <FactTable
                label="Owner check"
                rows={preflightFactRows(ctx.preflight.facts, ['canActAsOwner', 'staticGroupExists'])}
              />
            )}
            {ctx.preflight && <FindingList findings={ctx.preflight.findings} />}
            {owner !== true && owner !== false && (
              <ConfirmBox
                checked={ctx.confirmedOwner}
                onChange={(value) => send({ type: 'CONFIRM', what: 'owner', value })}
                label="The person running the script has the Owner role on the static resource group"
              />
            )}
            {owner === false && !ctx.preflight?.findings.some((f) => f.code === 'azure.not-owner') && (
              <Alert severity="error">
                You are not Owner of the static resource group: ask a subscription Owner to assign it
                (New-AzRoleAssignment … -RoleDefinitionName &quot;Owner&quot;) before redeploying, or the Key Vault step
                fails.
              </Alert>
            )}
          </Section>
        </Stack>
      )}
      {step === 'review' && (
        <Section
          title="What this redeploy changes"
          description={
            diff.length === 0
              ? 'Nothing but the scripts themselves: the values are the ones read from your scripts.'
              : 'Old → new, for the region being redeployed.'
          }
        >
          {diff.length > 0 && (
            <Table size="small" aria-label="Changes old to new">
              <TableHead>
                <TableRow>
                  <TableCell>Value</TableCell>
                  <TableCell>Before</TableCell>
                  <TableCell>After</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {diff.map((d) => (
                  <TableRow key={d.label}>
                    <TableCell>{d.label}</TableCell>
                    <TableCell>{d.before}</TableCell>
                    <TableCell>{d.after}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>
      )}
      {step === 'review' && ctx.generated && (
        <ArtifactsPanel
          artifacts={ctx.generated.artifacts}
          findings={ctx.generated.findings}
          saved={ctx.saved}
          busy={Boolean(busy)}
          request={generateRequest(ctx, ctx.journey)}
          onSaveAll={(folder) => send({ type: 'SAVE_ALL', folder })}
        />
      )}
    </JourneyFrame>
  );
}
