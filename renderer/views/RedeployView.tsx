// Redeploy / upgrade: import the saved scripts, explain what version 26 changes, check the PFX and
// the Owner right, and emit the redeploy set.
import { Alert, AlertTitle, Box, Button, Chip, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { Project } from '../../shared/model/project.ts';
import { redeployMachine, REDEPLOY_STEPS, changesSince, type RedeployEvent } from '../machines/redeploy.ts';
import { useJourney, stepOf, subOf } from './useJourney.ts';
import { useApi, VarField, Section, FindingList, TextFileButton, FactTable } from '../components/fields.tsx';
import { JourneyFrame, PfxPanel, ArtifactsPanel, SignInPanel, ConfirmBox } from '../components/panels.tsx';
import { effectiveStaticResourceGroupName } from '../../shared/model/derived.ts';

const LABELS: Record<(typeof REDEPLOY_STEPS)[number], string> = {
  import: 'Your saved scripts',
  changes: 'What changes',
  checks: 'Certificate and Owner role',
  review: 'Review and generate',
};

export function RedeployView({ project, stored, onExit }: { project?: Project | undefined; stored?: unknown; onExit: () => void }) {
  const { api, mode } = useApi();
  const [snapshot, actor] = useJourney({ machine: redeployMachine, journey: 'redeploy', api, mode, input: { api, ...(project ? { project } : {}) }, stored });
  const ctx = snapshot.context;
  const send = (e: RedeployEvent) => actor.send(e);
  const step = stepOf(snapshot.value) as (typeof REDEPLOY_STEPS)[number] | 'done';
  const sub = subOf(snapshot.value);

  if (step === 'done') {
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        <Alert severity="success" sx={{ mb: 2 }}><AlertTitle>The redeploy set is ready</AlertTitle>Run the variables script and then the redeploy script from the connector folder of the new version. It removes and recreates the instances; expect about 30 minutes without Teams calls in that region.</Alert>
        <Button variant="contained" onClick={onExit}>Back to the start page</Button>
      </Box>
    );
  }
  const region = ctx.project?.regions.find((r) => r.variables.PxVmssRegion === ctx.region);
  const labels: Record<string, string> = {
    importing: 'Reading your scripts', analyzing: 'Reading the certificate', signingIn: 'Signing in to Azure', checkingOwner: 'Checking your Owner role', generating: 'Generating the scripts', saving: 'Saving the files',
  };
  const cancellable = ['analyzing', 'signingIn', 'checkingOwner'].includes(sub);
  const busy = labels[sub] ? { label: labels[sub] as string, progress: ctx.progress, onCancel: cancellable ? () => send({ type: 'CANCEL' }) : undefined } : null;
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
      blockedReason={step === 'import' ? 'Read your scripts with "Read the scripts" first.'
        : step === 'checks' ? (ctx.cert?.findings.some((f) => f.severity === 'error') ? 'The certificate has problems (listed above): choose a corrected file, or build one with "Build a PFX".' : 'Check the certificate (or tick that you checked it) and confirm the Owner role.')
          : step === 'changes' ? 'Enter the version you are moving to.' : 'Fix the problems listed above first.'}
    >
      {step === 'import' && (
        <Stack spacing={2}>
          <Typography>Paste or open the variables initialization script of the region to redeploy, and the redeploy script you saved after the first install (it holds the App ID and password).</Typography>
          <VarField label="Variables initialization script" name="initScript" multiline minRows={5} value={ctx.initScript} onChange={(t) => send({ type: 'SET_SCRIPTS', initScript: t })} />
          <TextFileButton label="Open variables script file" onText={(_, t) => send({ type: 'SET_SCRIPTS', initScript: t })} />
          <VarField label="Redeploy script" name="redeployScript" multiline minRows={3} value={ctx.redeployScript} onChange={(t) => send({ type: 'SET_SCRIPTS', redeployScript: t })} />
          <TextFileButton label="Open redeploy script file" onText={(_, t) => send({ type: 'SET_SCRIPTS', redeployScript: t })} />
          <Box><Button variant="contained" color="secondary" disabled={!ctx.initScript.trim() || Boolean(busy)} onClick={() => send({ type: 'IMPORT' })}>Read the scripts</Button></Box>
          <FindingList findings={ctx.importFindings} />
          {ctx.project && region && (
            <Alert severity="success">
              Read region {region.variables.PxVmssRegion} ({region.variables.PxAzureLocation}, {region.variables.PxTeamsConnFqdn}).
              {ctx.project.app.appId ? ` App ID ${ctx.project.app.appId}.` : ' No App ID found: enter it on the next step or fill it into the redeploy script yourself.'}
              {ctx.transient.appPassword ? ' The app password was found and is kept in memory only.' : ''}
            </Alert>
          )}
        </Stack>
      )}
      {step === 'changes' && (
        <Stack spacing={2}>
          <TextField label="Teams Connector version you are moving to" value={ctx.targetVersion} onChange={(e) => send({ type: 'SET_TARGET_VERSION', version: e.target.value.trim() })} helperText="Must match your Pexip Infinity version exactly, e.g. 26.2." />
          {(ctx.project?.regions.length ?? 0) > 1 && (
            <TextField select label="Region to redeploy" value={ctx.region} disabled>
              {ctx.project?.regions.map((r) => <MenuItem key={r.variables.PxVmssRegion} value={r.variables.PxVmssRegion}>{r.variables.PxVmssRegion}</MenuItem>)}
            </TextField>
          )}
          <Section title="Changes in the scripts since versions 24 and 25">
            {changesSince(ctx.initScript, ctx.redeployScript).map((c) => (
              <Alert key={c.id} severity={c.applies ? 'warning' : 'success'} icon={false}>
                <AlertTitle>{c.title} <Chip size="small" label={c.applies ? 'affects you' : 'already done'} sx={{ ml: 1 }} /></AlertTitle>
                {c.detail}
              </Alert>
            ))}
          </Section>
          {ctx.project && !ctx.project.app.appId && (
            <VarField label="App ID ($AppId from your redeploy script)" name="appId" value={ctx.project.app.appId ?? ''} onChange={(x) => send({ type: 'SET_APP_ID', appId: x })} />
          )}
        </Stack>
      )}
      {step === 'checks' && region && (
        <Stack spacing={3}>
          <PfxPanel
            fqdn={region.variables.PxTeamsConnFqdn} file={ctx.transient.pfxFile} password={ctx.transient.pfxPassword ?? ''} cert={ctx.cert} analyzing={sub === 'analyzing'} canAnalyze={snapshot.can({ type: 'ANALYZE_PFX' })}
            onFile={(file) => send({ type: 'SET_PFX_FILE', file })} onPassword={(value) => send({ type: 'SET_SECRET', key: 'pfxPassword', value })} onAnalyze={() => send({ type: 'ANALYZE_PFX' })} fileNameField={null}
            csrFqdns={[region.variables.PxTeamsConnFqdn]}
            onBuilt={(file, password) => { send({ type: 'SET_PFX_FILE', file }); send({ type: 'SET_SECRET', key: 'pfxPassword', value: password }); send({ type: 'ANALYZE_PFX' }); }}
          />
          {!ctx.cert && <ConfirmBox checked={ctx.confirmedPfx} onChange={(value) => send({ type: 'CONFIRM', what: 'pfx', value })} label="I checked the PFX myself: valid, RSA, with its intermediates, matching the host name" />}
          <Section title="Owner role on the static resource group" description={`Whoever runs the redeploy script needs Owner on ${effectiveStaticResourceGroupName(region.variables)}.`}>
            <SignInPanel account={ctx.account} onSignIn={(method) => send({ type: 'SIGN_IN', method })} busy={Boolean(busy)} />
            {ctx.account && <Box><Button variant="outlined" disabled={Boolean(busy)} onClick={() => send({ type: 'CHECK_OWNER' })}>Check my Owner role</Button></Box>}
            {ctx.preflight && <FactTable label="Owner check" rows={[['Can act as Owner', owner === null || owner === undefined ? 'unknown' : owner ? 'yes' : 'no'], ['Static resource group exists', ctx.preflight.facts.staticGroupExists === null ? 'unknown' : ctx.preflight.facts.staticGroupExists ? 'yes' : 'no']]} />}
            {ctx.preflight && <FindingList findings={ctx.preflight.findings} />}
            {owner !== true && owner !== false && <ConfirmBox checked={ctx.confirmedOwner} onChange={(value) => send({ type: 'CONFIRM', what: 'owner', value })} label="The person running the script has the Owner role on the static resource group" />}
            {owner === false && !ctx.preflight?.findings.some((f) => f.code === 'azure.not-owner') && <Alert severity="error">You are not Owner of the static resource group: ask a subscription Owner to assign it (New-AzRoleAssignment … -RoleDefinitionName &quot;Owner&quot;) before redeploying, or the Key Vault step fails.</Alert>}
          </Section>
        </Stack>
      )}
      {step === 'review' && ctx.generated && (
        <ArtifactsPanel artifacts={ctx.generated.artifacts} findings={ctx.generated.findings} saved={ctx.saved} busy={Boolean(busy)} onSaveAll={(folder) => send({ type: 'SAVE_ALL', folder })} />
      )}
    </JourneyFrame>
  );
}
