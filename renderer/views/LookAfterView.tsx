// "Look after a deployment": the deployment from a saved project or the admin's scripts, the doctor's
// checklist (what to fix first, each red line with its fix), and one change at a time with a dry run
// before it is applied; the updated project and init script at the end.
import { useEffect, useMemo, useState } from 'react';
import { useActorRef, useSelector } from '@xstate/react';
import type { AnyActorRef } from 'xstate';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormLabel,
  List,
  ListItemButton,
  ListItemText,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { MaintenanceChange } from '../../shared/api/wizard-api.ts';
import type { Project } from '../../shared/model/project.ts';
import {
  withLookAfterApi,
  LOOK_AFTER_STEPS,
  type LookAfterEvent,
  type LookAfterStep,
  type ChangeKind,
} from '../machines/look-after.ts';
import { busyOf } from '../machines/kit.ts';
import type { SourceContext, SourceEvent, SourceResult } from '../machines/source.ts';
import { forwardProgress } from '../machines/findings-and-edits.ts';
import {
  useApi,
  VarField,
  ListField,
  Section,
  FindingList,
  CodeBlock,
  TextFileButton,
  BulletList,
} from '../components/fields.tsx';
import { JourneyFrame } from '../components/JourneyFrame.tsx';
import { SignInPanel } from '../components/SignInPanel.tsx';
import { TrustAnchors } from '../components/TrustAnchors.tsx';
import { Checklist } from '../components/checklist.tsx';
import { stepOf } from './use-journey.ts';
import { VAR_LABEL } from '../components/variable-labels.ts';

const LABELS: Record<LookAfterStep, string> = {
  source: 'Your deployment',
  check: 'Check the deployment',
  change: 'Make a change',
  result: 'Save the result',
};

function SourceStep({ actor }: { actor: AnyActorRef }) {
  const snap = useSelector(
    actor,
    (s) => s as { context: SourceContext; hasTag(t: string): boolean; getMeta(): Record<string, unknown> },
  );
  const c = snap.context;
  const send = (e: SourceEvent) => actor.send(e);
  const busy = busyOf(snap as unknown as Parameters<typeof busyOf>[0]);
  return (
    <Stack spacing={3}>
      {c.error && (
        <Alert severity="error" onClose={() => send({ type: 'DISMISS_ERROR' })}>
          {c.error}
        </Alert>
      )}
      <Section title="A saved project">
        {c.projects.length === 0 ? (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            No saved projects here yet: read your scripts below instead.
          </Typography>
        ) : (
          <List aria-label="Saved projects">
            {c.projects.map((p) => (
              <ListItemButton key={p.id} onClick={() => send({ type: 'LOAD', id: p.id })}>
                <ListItemText primary={p.name} secondary={`saved ${new Date(p.savedAt).toLocaleString()}`} />
              </ListItemButton>
            ))}
          </List>
        )}
      </Section>
      <Section title="Or your scripts">
        <VarField
          label="Variables initialization script"
          name="initScript"
          multiline
          minRows={5}
          value={c.initScript}
          onChange={(t) => send({ type: 'SET_SCRIPTS', initScript: t })}
        />
        <TextFileButton
          label="Open variables script file"
          onText={(_, t) => send({ type: 'SET_SCRIPTS', initScript: t })}
        />
        <Box>
          <Button
            variant="contained"
            color="secondary"
            disabled={!c.initScript.trim() || Boolean(busy)}
            onClick={() => send({ type: 'IMPORT' })}
          >
            Read the script
          </Button>
        </Box>
        <FindingList findings={c.importFindings} />
      </Section>
      {busy && <Typography role="status">{busy.label}…</Typography>}
    </Stack>
  );
}

function NodesEditor({
  change,
  onChange,
}: {
  change: Extract<MaintenanceChange, { kind: 'nodes' }>;
  onChange: (c: MaintenanceChange) => void;
}) {
  const set = (i: number, patch: { fqdn?: string; ip?: string | null }) =>
    onChange({ ...change, members: change.members.map((m, k) => (k === i ? { ...m, ...patch } : m)) });
  return (
    <Stack spacing={2}>
      {change.members.length === 0 && (
        <Alert severity="info">
          The project lists no Conferencing Nodes yet (the scripts do not hold them). Add the node you are putting into
          the pool; its address is added to the rule.
        </Alert>
      )}
      {change.members.map((m, i) => (
        <Stack key={i} direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
          <VarField
            label={`Node ${i + 1} FQDN`}
            name={`node-${i}-fqdn`}
            value={m.fqdn}
            onChange={(t) => set(i, { fqdn: t })}
          />
          <VarField
            label={`Node ${i + 1} public IP`}
            name={`node-${i}-ip`}
            value={m.ip ?? ''}
            onChange={(t) => set(i, { ip: t.trim() || null })}
          />
          <Button
            variant="outlined"
            color="error"
            onClick={() => onChange({ ...change, members: change.members.filter((_, k) => k !== i) })}
            aria-label={`Remove node ${m.fqdn || i + 1}`}
          >
            Remove
          </Button>
        </Stack>
      ))}
      <Box>
        <Button
          variant="outlined"
          onClick={() => onChange({ ...change, members: [...change.members, { fqdn: '', ip: null }] })}
        >
          Add a node
        </Button>
      </Box>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        A new node&apos;s address joins the &quot;MCU-signalling-endpoint&quot; rule (priority 120) unless a subnet
        there already covers it. Changing the pool name or $PxNodeFqdns needs a redeploy.
      </Typography>
    </Stack>
  );
}

function ChangeEditor({ change, onChange }: { change: MaintenanceChange; onChange: (c: MaintenanceChange) => void }) {
  switch (change.kind) {
    case 'nodes':
      return <NodesEditor change={change} onChange={onChange} />;
    case 'management':
      return (
        <Stack spacing={1}>
          <ListField
            label={VAR_LABEL.PxMgmtSrcAddrPrefixes}
            name="mgmt"
            value={change.prefixes}
            onChange={(prefixes) => onChange({ kind: 'management', prefixes })}
            hint='One address or CIDR range per line. Leave it empty to close RDP: the "RDP" rule (priority 1000) becomes a Deny rule.'
          />
        </Stack>
      );
    case 'instances':
      return (
        <VarField
          label="Number of Teams Connector instances"
          name="instances"
          inputMode="numeric"
          value={String(change.count)}
          onChange={(t) => onChange({ kind: 'instances', count: Number(t.trim() || '0') })}
          hint="Each instance needs 4 Fs-series vCPUs. Scaling in drops the calls on an instance that Azure removes."
        />
      );
    case 'teams':
      return (
        <Stack spacing={2}>
          <VarField
            label="Virtual Reception alias (IVR address)"
            name="ivrAlias"
            value={change.teams.ivrAlias ?? ''}
            onChange={(t) => onChange({ kind: 'teams', teams: { ...change.teams, ivrAlias: t.trim() } })}
          />
          <VarField
            label="Test call alias (empty to leave it out)"
            name="testCallAlias"
            value={change.teams.testCallAlias ?? ''}
            onChange={(t) => onChange({ kind: 'teams', teams: { ...change.teams, testCallAlias: t.trim() || null } })}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={change.teams.browserJoin ?? false}
                onChange={(e) => onChange({ kind: 'teams', teams: { ...change.teams, browserJoin: e.target.checked } })}
              />
            }
            label="Offer joining from a browser"
          />
        </Stack>
      );
  }
}

export function LookAfterView({
  source,
  onExit,
}: {
  source?: SourceResult | undefined;
  stored?: unknown;
  onExit: () => void;
}) {
  const project: Project | undefined = source?.project;
  const { api } = useApi();
  const machine = useMemo(() => withLookAfterApi(api), [api]);
  const actor = useActorRef(machine, { input: project ? { project } : {} });
  const snapshot = useSelector(actor, (s) => s);
  useEffect(() => forwardProgress(api, actor as unknown as AnyActorRef), [api, actor]);
  const [name, setName] = useState('');
  const ctx = snapshot.context;
  const send = (e: LookAfterEvent) => actor.send(e);
  const step = stepOf(snapshot.value) as LookAfterStep;
  const busy = busyOf(snapshot as unknown as Parameters<typeof busyOf>[0]);
  const sourceRef = snapshot.children.source as AnyActorRef | undefined;
  const dry = ctx.dryRun;
  const res = ctx.applied;

  return (
    <JourneyFrame
      title="Look after a deployment"
      steps={LOOK_AFTER_STEPS.map((s) => LABELS[s])}
      active={LOOK_AFTER_STEPS.indexOf(step)}
      heading={LABELS[step]}
      intro={
        step === 'check'
          ? 'Compare the running deployment with the project: Azure (groups, scale set, network rules, Key Vault), the DNS record and the certificate the connector presents. Nothing is changed.'
          : step === 'change'
            ? 'One change at a time. A dry run shows the Azure requests and the equivalent PowerShell; nothing is sent until you apply it.'
            : undefined
      }
      canNext={
        step === 'check'
          ? snapshot.can({ type: 'NEXT' })
          : step === 'change'
            ? snapshot.can({ type: 'APPLY' })
            : step === 'result'
      }
      nextLabel={step === 'result' ? 'Back to the start page' : step === 'change' ? 'Apply' : 'Next'}
      onNext={() =>
        step === 'result' ? onExit() : step === 'change' ? send({ type: 'APPLY' }) : send({ type: 'NEXT' })
      }
      onBack={
        step === 'source' || step === 'check' ? onExit : step === 'change' ? () => send({ type: 'BACK' }) : undefined
      }
      busy={
        busy
          ? {
              label: busy.label,
              progress: ctx.progress,
              onCancel: busy.cancellable ? () => send({ type: 'CANCEL' }) : undefined,
            }
          : null
      }
      error={ctx.error}
      onDismissError={() => send({ type: 'DISMISS_ERROR' })}
      blockedReason={step === 'change' ? 'Make a dry run of the change first.' : null}
    >
      {step === 'source' && sourceRef && <SourceStep actor={sourceRef} />}
      {step === 'check' && ctx.project && (
        <Stack spacing={2}>
          {ctx.project.regions.length > 1 && (
            <TextField
              select
              label="Region"
              value={ctx.region}
              onChange={(e) => send({ type: 'SET_REGION', region: e.target.value })}
            >
              {ctx.project.regions.map((r) => (
                <MenuItem key={r.variables.PxVmssRegion} value={r.variables.PxVmssRegion}>
                  {r.variables.PxVmssRegion}
                </MenuItem>
              ))}
            </TextField>
          )}
          <VarField
            label="DNS server to ask (optional)"
            name="resolver"
            value={ctx.resolver}
            onChange={(t) => send({ type: 'SET_RESOLVER', resolver: t })}
            placeholder="e.g. 192.0.2.53:53"
            hint="Leave empty to use this computer's resolvers; give a public resolver to see what the internet sees."
          />
          <TrustAnchors pem={ctx.trustPem} onChange={(pem) => send({ type: 'SET_TRUST', pem })} />
          <SignInPanel
            account={ctx.account}
            onSignIn={(method) => send({ type: 'SIGN_IN', method })}
            busy={Boolean(busy)}
          />
          <Box>
            <Button
              variant="contained"
              color="secondary"
              disabled={!ctx.account || Boolean(busy)}
              onClick={() => send({ type: 'CHECK' })}
            >
              Check the deployment
            </Button>
          </Box>
          {!ctx.account && (
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>
              Checking needs a sign-in with at least Reader on the subscription. You can also go on to prepare a change
              without it (a dry run gives the PowerShell).
            </Typography>
          )}
          {ctx.report && <Checklist report={ctx.report} />}
        </Stack>
      )}
      {step === 'change' && ctx.change && (
        <Stack spacing={3}>
          <FormControl>
            <FormLabel id="change-kind">What to change</FormLabel>
            <RadioGroup
              aria-labelledby="change-kind"
              value={ctx.kind}
              onChange={(e) => send({ type: 'SET_KIND', kind: e.target.value as ChangeKind })}
            >
              <FormControlLabel value="nodes" control={<Radio />} label="Add or remove Conferencing Nodes" />
              <FormControlLabel value="management" control={<Radio />} label="Management access (RDP)" />
              <FormControlLabel value="instances" control={<Radio />} label="Number of instances" />
              <FormControlLabel value="teams" control={<Radio />} label="Dialing instructions or IVR address" />
            </RadioGroup>
          </FormControl>
          <ChangeEditor change={ctx.change} onChange={(change) => send({ type: 'SET_CHANGE', change })} />
          <Box>
            <Button variant="outlined" disabled={Boolean(busy)} onClick={() => send({ type: 'DRY_RUN' })}>
              Dry run
            </Button>
          </Box>
          {dry && (
            <Section title="Dry run: what would change">
              <BulletList items={dry.summary} />
              {dry.redeployNeeded && (
                <Alert severity="warning">
                  <AlertTitle>A redeploy is needed</AlertTitle>
                  {dry.redeployNeeded}
                </Alert>
              )}
              <FindingList findings={dry.findings} />
              {dry.done.length > 0 && <Alert severity="success">{dry.done.join(' ')}</Alert>}
              {dry.notes.length > 0 && <BulletList items={dry.notes} />}
              {dry.requests.length > 0 && (
                <CodeBlock
                  what="Azure requests of the change"
                  text={dry.requests
                    .map(
                      (r) =>
                        `${r.method} ${r.url}${r.body === undefined ? '' : `\n${JSON.stringify(r.body, null, 2)}`}`,
                    )
                    .join('\n\n')}
                />
              )}
              {dry.powershell && (
                <>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    The same by hand (PowerShell)
                  </Typography>
                  <CodeBlock what="Equivalent PowerShell" text={dry.powershell} />
                </>
              )}
            </Section>
          )}
        </Stack>
      )}
      {step === 'result' && res && (
        <Stack spacing={2}>
          <FindingList findings={res.findings} />
          {res.done.length > 0 && (
            <Alert severity={res.findings.some((f) => f.severity === 'error') ? 'warning' : 'success'}>
              <AlertTitle>Done</AlertTitle>
              <BulletList items={res.done} />
            </Alert>
          )}
          {res.remaining.length > 0 && (
            <Section title="Still to do">
              <BulletList items={res.remaining} />
            </Section>
          )}
          {res.redeployNeeded && (
            <Alert severity="warning">
              <AlertTitle>A redeploy is needed</AlertTitle>
              {res.redeployNeeded} Use the Redeploy journey from the start page with the saved project.
            </Alert>
          )}
          {res.teamsCommand && (
            <>
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                Teams PowerShell
              </Typography>
              <CodeBlock what="Teams command" text={res.teamsCommand} />
            </>
          )}
          {res.notes.length > 0 && <BulletList items={res.notes} />}
          {res.initScript && (
            <Section
              title="The updated init script"
              description="Keep it with your other scripts: it now matches the deployment, ready for the next redeploy or upgrade."
            >
              <CodeBlock what="Updated variables initialization script" text={res.initScript.content} />
            </Section>
          )}
          <Section title="Save the updated project">
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
              <VarField label="Project name" name="projectName" value={name} onChange={setName} />
              <Button
                variant="contained"
                color="secondary"
                disabled={!name.trim() || Boolean(busy)}
                onClick={() => send({ type: 'SAVE', name: name.trim() })}
              >
                Save the project
              </Button>
            </Stack>
            {ctx.saved && (
              <Alert severity="success" sx={{ mt: 1 }}>
                Saved as &quot;{ctx.saved.name}&quot;.
              </Alert>
            )}
          </Section>
          <Box>
            <Button variant="outlined" onClick={() => send({ type: 'AGAIN' })}>
              Make another change
            </Button>
          </Box>
        </Stack>
      )}
    </JourneyFrame>
  );
}
