// First install, step by step. Every control edits the machine's project; the findings for a field
// appear under that field, and Next follows `snapshot.can({ type: 'NEXT' })`.
import { useEffect, useState } from 'react';
import {
  Accordion, AccordionDetails, AccordionSummary, Alert, AlertTitle, Box, Button, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Stack, Switch, Typography,
} from '@mui/material';
import type { RegionVariables, NodeMember } from '../../shared/model/project.ts';
import type { Finding } from '../../shared/model/finding.ts';
import { derivedNames } from '../../shared/model/derived.ts';
import {
  firstInstallMachine, FIRST_INSTALL_STEPS, PREREQUISITES, regionKey, type FirstInstallContext, type FirstInstallEvent, type PrereqKey,
} from '../machines/first-install.ts';
import { capacityEstimate, fieldFindings, findingsFor, stepHasErrors, unplacedFindings, STEP_FIELDS, type FieldStep } from '../machines/findings-and-edits.ts';
import { generateRequest } from '../machines/journey.ts';
import { useJourney, stepOf, subOf, type JourneyProps } from './use-journey.ts';
import { VarField, ListField, Section, FactTable, FindingList, CodeBlock, BulletList, FieldMessages } from '../components/fields.tsx';
import { JourneyFrame, PfxPanel, PfxFileNameField, scriptPfxName, SaveAgain, SignInPanel, PreparationPanel, ArtifactsPanel, TagsEditor, ConfirmBox, CertificateFacts, TrustAnchors } from '../components/panels.tsx';
import { FilePicker } from '../components/fields.tsx';
import { PrefixListField } from '../components/prefixes.tsx';
import { ReviewSummary } from '../components/review.tsx';
import { DeploymentCheck } from '../components/checklist.tsx';
import { preflightFactRows } from '../../shared/model/preflight-facts.ts';

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

const PREREQ_TEXT: Record<PrereqKey, { label: string; detail: string }> = {
  roles: {
    label: 'I have the Azure roles',
    detail: 'Contributor on the subscription for the install, Owner on the static resource group (a subscription Owner can grant it in the "Prepare Azure" step), and a Global Administrator for the app consent and the Teams commands at the end.',
  },
  modules: {
    label: 'PowerShell modules are installed',
    detail: 'On the Windows PC that runs the scripts, in Windows PowerShell 5.1 (PowerShell ISE; the AzureAD module does not run in PowerShell 7), as Administrator: Install-Module -Name AzureAD -RequiredVersion 2.0.2.106 and Install-Module -Name Az -MinimumVersion 4.7.0 -AllowClobber -Scope AllUsers. For the Teams commands at the end: Install-Module MicrosoftTeams -MinimumVersion 2.0.0 -AllowClobber.',
  },
  connectorZip: {
    label: 'I have the Teams Connector ZIP of the same version as Pexip Infinity',
    detail: 'Download the Teams Connector ZIP whose version matches your Infinity deployment exactly (including the dot release, e.g. 26.2) and extract it to a folder on that PC.',
  },
  certificates: {
    label: 'I have (or am getting) the certificates',
    detail: "A PFX for the Teams Connector's host name from a public CA (RSA key, all intermediates inside), and publicly trusted certificates on the Conferencing Nodes.",
  },
};

type Send = (e: FirstInstallEvent) => void;

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
          Keep the saved files together with the connector's PowerShell files: the variables and redeploy scripts are what you (or a colleague) need to add a region or upgrade later. You can reopen them here with "Import my scripts".
        </Alert>
        <Button variant="contained" onClick={onExit}>Back to the start page</Button>
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
      {step === 'prerequisites' && <Prerequisites ctx={ctx} send={send} />}
      {step === 'naming' && <Naming ctx={ctx} v={v} ff={ff} setVar={setVar} />}
      {step === 'azure' && <AzureStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} busy={Boolean(busy)} />}
      {step === 'certificate' && (
        <PfxPanel
          fqdn={v.PxTeamsConnFqdn}
          file={ctx.transient.pfxFile}
          password={ctx.transient.pfxPassword ?? ''}
          cert={ctx.cert}
          analyzing={sub === 'analyzing'}
          canAnalyze={snapshot.can({ type: 'ANALYZE_PFX' })}
          onFile={(file) => { send({ type: 'SET_PFX_FILE', file }); if (file) setVar({ PxPfxCertFileName: scriptPfxName(file.name) }); }}
          onPassword={(value) => send({ type: 'SET_SECRET', key: 'pfxPassword', value })}
          onAnalyze={() => send({ type: 'ANALYZE_PFX' })}
          trustPem={ctx.transient.trustPem ?? ''}
          onTrustPem={(pem) => send({ type: 'SET_TRUST_PEM', pem })}
          csrFqdns={[v.PxTeamsConnFqdn]}
          onBuilt={(file, password) => {
            send({ type: 'SET_PFX_FILE', file });
            send({ type: 'SET_SECRET', key: 'pfxPassword', value: password });
            setVar({ PxPfxCertFileName: scriptPfxName(file.name) });
            send({ type: 'ANALYZE_PFX' });
          }}
          fileNameField={<PfxFileNameField value={v.PxPfxCertFileName} onChange={(x) => setVar({ PxPfxCertFileName: x })} findings={ff('PxPfxCertFileName')} />}
        />
      )}
      {step === 'nodes' && <NodesStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} busy={Boolean(busy)} />}
      {step === 'network' && <NetworkStep ctx={ctx} v={v} ff={ff} setVar={setVar} />}
      {step === 'admin' && <AdminStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} />}
      {step === 'options' && <OptionsStep ctx={ctx} v={v} ff={ff} setVar={setVar} send={send} />}
      {step === 'preparation' && (
        <PreparationPanel
          staticRg={derivedNames(v).staticResourceGroup}
          location={v.PxAzureLocation}
          mode={ctx.prepareMode}
          ownerUpn={ctx.ownerUpn}
          account={ctx.account}
          prepare={ctx.prepare}
          busy={Boolean(busy)}
          onMode={(m) => send({ type: 'SET_PREPARE_MODE', mode: m })}
          onOwner={(upn) => send({ type: 'SET_OWNER', upn })}
          onSignIn={(method) => send({ type: 'SIGN_IN', method })}
          onPrepare={() => send({ type: 'PREPARE' })}
          onShowPowerShell={() => send({ type: 'SHOW_POWERSHELL' })}
        />
      )}
      {step === 'review' && <ReviewStep ctx={ctx} send={send} busy={Boolean(busy)} />}
      {step === 'after' && <AfterStep ctx={ctx} v={v} send={send} busy={Boolean(busy)} />}
    </JourneyFrame>
  );
}

/** What blocks Next besides the step's own fields (those are said by the frame). */
function blockedReason(step: string, ctx: FirstInstallContext): string | null {
  if (step === 'prerequisites') return 'Tick each item and enter the connector version to go on.';
  if (step === 'preparation') return ctx.prepareMode === 'wizard' ? 'Create the resource group with "Create the resource group and assign Owner" first, or choose "Someone else" to hand over the PowerShell.' : null;
  if (step === 'review') return 'Nothing could be generated yet: fix the problems listed above.';
  if (step === 'certificate' && ctx.cert?.findings.some((f) => f.severity === 'error')) return 'The certificate has problems (listed above): choose a corrected file, or build one with "Build a PFX".';
  if (step === 'nodes' && ctx.nodeCerts?.some((c) => c.findings.some((f) => f.severity === 'error'))) return 'A node certificate has problems (listed above): fix it, or choose other files.';
  return null;
}

function Prerequisites({ ctx, send }: { ctx: FirstInstallContext; send: Send }) {
  return (
    <Stack spacing={2}>
      <Typography>
        The Teams Connector runs in your own Azure subscription. The wizard collects the values the vendor&apos;s scripts need, checks each one as you type,
        and writes the scripts for you. First make sure you have what the install needs:
      </Typography>
      {PREREQUISITES.map((k) => (
        <Box key={k}>
          <ConfirmBox checked={ctx.prereqs[k]} onChange={(value) => send({ type: 'SET_PREREQ', key: k, value })} label={<b>{PREREQ_TEXT[k].label}</b>} />
          <Typography variant="body2" sx={{ ml: 4, color: 'text.secondary' }}>{PREREQ_TEXT[k].detail}</Typography>
        </Box>
      ))}
      <Box sx={{ maxWidth: 360 }}>
        <VarField
          label="Teams Connector version" name="connectorVersion" value={ctx.project.connectorVersion}
          onChange={(version) => send({ type: 'SET_VERSION', version })}
          findings={fieldFindings(ctx.findings, 'connectorVersion', null)}
          hint="The version of the ZIP you downloaded; it must match your Pexip Infinity version exactly, e.g. 26.2."
        />
      </Box>
    </Stack>
  );
}

type FF = (field: string) => Finding[];
type SetVar = (patch: Partial<RegionVariables>) => void;

function Naming({ ctx, v, ff, setVar }: { ctx: FirstInstallContext; v: RegionVariables; ff: FF; setVar: SetVar }) {
  const d = derivedNames(v);
  const ready = v.PxBaseConnName !== '' && v.PxVmssRegion !== '';
  const show = (s: string) => (ready ? s : '—');
  return (
    <Stack spacing={3}>
      <Section title="Your names" description="The scripts build every Azure name from these two short names. Pick them once: changing them later means a new deployment.">
        <VarField label="Base name ($PxBaseConnName)" name="PxBaseConnName" value={v.PxBaseConnName} onChange={(x) => setVar({ PxBaseConnName: x })} trim findings={ff('PxBaseConnName')} hint="1–9 lower-case letters or digits, starting with a letter, e.g. contoso." required />
        <VarField label="Short region name ($PxVmssRegion)" name="PxVmssRegion" value={v.PxVmssRegion} onChange={(x) => setVar({ PxVmssRegion: x })} trim findings={ff('PxVmssRegion')} hint="2–4 lower-case letters or digits naming this region, e.g. eu." required />
        <VarField label="Teams Connector host name ($PxTeamsConnFqdn)" name="PxTeamsConnFqdn" value={v.PxTeamsConnFqdn} onChange={(x) => setVar({ PxTeamsConnFqdn: x })} trim findings={ff('PxTeamsConnFqdn')} hint="The DNS name your Conferencing Nodes use to reach the connector, e.g. pexip-teamsconn-eu.teams.example.com. The certificate must carry it." required />
      </Section>
      <Section title="What will be created" description="These names appear in Azure exactly like this.">
        <FactTable
          label="Derived names"
          rows={[
            ['Static resource group', show(d.staticResourceGroup)],
            ['Resource group for the instances', show(d.dynamicResourceGroup)],
            ['Scale set (VMSS)', show(d.vmss)],
            ['App registration', v.PxBaseConnName ? d.appDisplayName : '—'],
            ['Azure Bot (unique across Azure)', v.PxBaseConnName ? d.bot : '—'],
            ['Bot channel resource group', v.PxBaseConnName ? d.botChannelResourceGroup : '—'],
            ['Consent page', v.PxBaseConnName ? d.consentUrlPattern : '—'],
          ]}
        />
      </Section>
      <FindingList quiet findings={findingsFor(ctx.findings, ['PxTeamsConnResourceGroupName', 'PxTeamsConnStaticResourceGroupName'], v.PxVmssRegion || null)} />
    </Stack>
  );
}

function AzureStep({ ctx, v, ff, setVar, send, busy }: { ctx: FirstInstallContext; v: RegionVariables; ff: FF; setVar: SetVar; send: Send; busy: boolean }) {
  const cap = capacityEstimate(v.PxTeamsConnInstanceCount);
  const subs = ctx.account?.subscriptions ?? [];
  return (
    <Stack spacing={3}>
      <Section title="Subscription and location">
        {subs.length > 0 ? (
          <VarField label="Subscription ($PxSubscriptionId)" name="PxSubscriptionId" value={subs.some((s) => s.id === v.PxSubscriptionId) ? v.PxSubscriptionId : ''} onChange={(x) => setVar({ PxSubscriptionId: x })} findings={ff('PxSubscriptionId')} hint="From your Azure sign-in." options={subs.map((s) => [s.id, `${s.name} (${s.id})`] as const)} required />
        ) : (
          <VarField label="Subscription ID ($PxSubscriptionId)" name="PxSubscriptionId" value={v.PxSubscriptionId} onChange={(x) => setVar({ PxSubscriptionId: x.trim() })} findings={ff('PxSubscriptionId')} hint="The GUID shown in the Azure portal under Subscriptions." required />
        )}
        <VarField label="Azure location ($PxAzureLocation)" name="PxAzureLocation" value={v.PxAzureLocation} onChange={(x) => setVar({ PxAzureLocation: x })} trim findings={ff('PxAzureLocation')} hint="Lower-case region name, e.g. westeurope. It must offer Fs-series VMs (Standard_F4s) and Azure Automation." required />
        <VarField label="Number of instances ($PxTeamsConnInstanceCount)" name="PxTeamsConnInstanceCount" value={v.PxTeamsConnInstanceCount} onChange={(x) => setVar({ PxTeamsConnInstanceCount: x.trim() })} findings={ff('PxTeamsConnInstanceCount').filter((f) => !(cap && f.severity === 'info'))} inputMode="numeric" hint="1 to 100." required />
        {cap && (
          // The rules' capacity note says the same; shown once, here, with the figures in bold.
          <Alert severity="info" role="status">
            {cap.vcpu === 4 ? '1 instance needs' : `${v.PxTeamsConnInstanceCount} instances need`} <b>{cap.vcpu} vCPU</b> of Fs-series quota in {v.PxAzureLocation || 'the location'} and carry about <b>{cap.callsLow}–{cap.callsHigh} concurrent calls</b>. Ask Microsoft for more quota early if the default (often 10–20 cores) is too small.
          </Alert>
        )}
      </Section>
      <Section title="Check it live in Azure (optional)" description="With a sign-in the wizard checks the location, the Fs-series and regional vCPU quota, whether the static resource group exists, and leftover Key Vaults from an earlier uninstall.">
        <SignInPanel account={ctx.account} onSignIn={(method) => send({ type: 'SIGN_IN', method })} busy={busy} />
        {ctx.account && <Box><Button variant="outlined" disabled={busy} onClick={() => send({ type: 'PREFLIGHT' })}>Check subscription and location</Button></Box>}
        {ctx.preflight && (
          <>
            <FactTable
              label="Azure facts"
              rows={preflightFactRows(ctx.preflight.facts, ['skuAvailable', 'automationAvailable', 'vcpuNeeded', 'fsFamilyFree', 'regionalFree', 'staticGroupExists', 'deletedKeyVaults'])}
            />
            <FindingList findings={ctx.preflight.findings} title="Azure findings" />
          </>
        )}
      </Section>
    </Stack>
  );
}

function NodesStep({ ctx, v, ff, setVar, send, busy }: { ctx: FirstInstallContext; v: RegionVariables; ff: FF; setVar: SetVar; send: Send; busy: boolean }) {
  const r = ctx.project?.regions[ctx.regionIndex];
  const members = r?.nodes.members ?? [];
  const setMembers = (m: NodeMember[]) => send({ type: 'SET_NODES', members: m });
  const inf = ctx.project.infinity;
  return (
    <Stack spacing={3}>
      <Section title="Pool and nodes" description="The Conferencing Nodes the Teams Connector talks to. One certificate per pool is simplest: the pool name as subject, the pool and every node as alternative names.">
        <VarField label="Pool name" name="pool" value={r?.nodes.pool ?? ''} onChange={(x) => send({ type: 'SET_NODES', pool: x.trim() })} findings={ff('pool')} hint="e.g. px.vc.example.com" required />
        {members.map((m, i) => (
          <Stack key={i} direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <VarField label={`Node ${i + 1} FQDN`} value={m.fqdn} onChange={(x) => setMembers(members.map((n, j) => (j === i ? { ...n, fqdn: x.trim() } : n)))} findings={ff(`members[${i}]`)} />
            <VarField label={`Node ${i + 1} public IP`} value={m.ip ?? ''} onChange={(x) => setMembers(members.map((n, j) => (j === i ? { ...n, ip: x.trim() || null } : n)))} />
            <Button aria-label={`Remove node ${i + 1}`} onClick={() => setMembers(members.filter((_, j) => j !== i))}>Remove</Button>
          </Stack>
        ))}
        <Box><Button variant="outlined" size="small" onClick={() => setMembers([...members, { fqdn: '', ip: null }])}>Add a node</Button></Box>
        <FindingList findings={ff('members')} />
        <ListField label="Node names the connector trusts ($PxNodeFqdns)" name="PxNodeFqdns" value={v.PxNodeFqdns} onChange={(x) => setVar({ PxNodeFqdns: x })} findings={ff('PxNodeFqdns')} hint="One per line; usually just the pool name. No wildcards. Each must be in the nodes' certificate." />
        {v.PxNodeFqdns.length === 0 && r?.nodes.pool && (
          <Box><Button size="small" onClick={() => setVar({ PxNodeFqdns: [r.nodes.pool] })}>Use the pool name</Button></Box>
        )}
      </Section>
      <Section title="Domains">
        <VarField label="Primary domain" name="primaryDomain" value={inf.primaryDomain} onChange={(x) => send({ type: 'SET_INFINITY', patch: { primaryDomain: x.trim() } })} findings={ff('primaryDomain')} hint="e.g. example.com (Teams tenant key domain)" />
        <VarField label="Pexip subdomain" name="subdomain" value={inf.subdomain} onChange={(x) => send({ type: 'SET_INFINITY', patch: { subdomain: x.trim() } })} findings={ff('subdomain')} hint="e.g. vc.example.com" />
        <FormControlLabel control={<Switch checked={inf.sfbFederation} onChange={(e) => send({ type: 'SET_INFINITY', patch: { sfbFederation: e.target.checked } })} />} label="Skype for Business / Lync federation (the node certificate must also carry the SIP domain)" />
      </Section>
      <Section title="Check the node certificates (optional)" description="Choose the PEM certificate(s) your Conferencing Nodes present.">
        <FilePicker kind="pem" label="Choose PEM files" accept=".pem,.crt,.cer" multiple onPicked={(files) => send({ type: 'SET_NODE_CERT_FILES', files })} chosen={ctx.transient.nodeCertFiles?.map((f) => f.name).join(', ')} />
        <TrustAnchors pem={ctx.transient.trustPem ?? ''} onChange={(pem) => send({ type: 'SET_TRUST_PEM', pem })} />
        <Box><Button variant="outlined" disabled={busy || !(ctx.transient.nodeCertFiles?.length)} onClick={() => send({ type: 'ANALYZE_NODE_CERTS' })}>Check node certificates</Button></Box>
        {ctx.nodeCerts?.map((c) => (
          <Box key={c.file}>
            <Typography variant="subtitle2" component="p">{c.file}</Typography>
            <CertificateFacts cert={c} />
            {c.recommendation && <Alert severity="info">Recommended: subject {c.recommendation.subject}; alternative names {c.recommendation.subjectAltNames.join(', ')}</Alert>}
          </Box>
        ))}
      </Section>
    </Stack>
  );
}

function NetworkStep({ ctx, v, ff, setVar }: { ctx: FirstInstallContext; v: RegionVariables; ff: FF; setVar: SetVar }) {
  const nodeIps = (ctx.project.regions[ctx.regionIndex]?.nodes.members ?? []).map((m) => m.ip ?? '').filter((ip) => ip !== '');
  return (
    <Stack spacing={3}>
      <Typography>Three lists of public IPv4 addresses or CIDR ranges (one per line) become the connector&apos;s network security rules. Azure rejects a range with host bits set (e.g. 91.90.42.96/26); the page offers the corrected network.</Typography>
      <PrefixListField
        label="Management addresses allowed RDP ($PxMgmtSrcAddrPrefixes)" name="PxMgmtSrcAddrPrefixes" value={v.PxMgmtSrcAddrPrefixes}
        onChange={(x) => setVar({ PxMgmtSrcAddrPrefixes: x })} findings={ff('PxMgmtSrcAddrPrefixes')} hint="Your management network's public addresses. Empty means nobody can use RDP."
      />
      <PrefixListField
        label="Conferencing Nodes allowed to connect on HTTPS ($PxNodesSourceAddressPrefixes)" name="PxNodesSourceAddressPrefixes" value={v.PxNodesSourceAddressPrefixes}
        onChange={(x) => setVar({ PxNodesSourceAddressPrefixes: x })} findings={ff('PxNodesSourceAddressPrefixes')}
        hint="The nodes' public addresses plus your management addresses, as the guide writes it. Empty means anyone may connect."
        offers={[{ label: "Add the nodes' addresses", values: nodeIps }, { label: 'Add the management addresses', values: v.PxMgmtSrcAddrPrefixes }]}
      />
      <PrefixListField
        label="Who may open the consent page ($PxConsentSourceAddressPrefixes)" name="PxConsentSourceAddressPrefixes" value={v.PxConsentSourceAddressPrefixes}
        onChange={(x) => setVar({ PxConsentSourceAddressPrefixes: x })} findings={ff('PxConsentSourceAddressPrefixes')} hint="Empty makes the page public (it shows the app IDs)."
        offers={[{ label: 'Same as management addresses', values: v.PxMgmtSrcAddrPrefixes }]}
      />
    </Stack>
  );
}

const DAYS = ['Every day', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function AdminStep({ ctx, v, ff, setVar, send }: { ctx: FirstInstallContext; v: RegionVariables; ff: FF; setVar: SetVar; send: Send }) {
  const hours = Array.from({ length: 24 }, (_, h) => String(h));
  const hourSelect = (label: string, field: 'PxWupdScheduledInstallTime' | 'PxWupdActiveHoursStart' | 'PxWupdActiveHoursEnd') => (
    <VarField label={label} name={field} value={v[field]} onChange={(x) => setVar({ [field]: x })} findings={ff(field)} hint="UTC" options={hours.map((h) => [h, `${h.padStart(2, '0')}:00`] as const)} />
  );
  return (
    <Stack spacing={3}>
      <Section title="Windows admin account of the connector VMs">
        <VarField label="Admin user name ($PxWinAdminUser)" name="PxWinAdminUser" value={v.PxWinAdminUser} onChange={(x) => setVar({ PxWinAdminUser: x })} findings={ff('PxWinAdminUser')} hint="Up to 20 characters; names like admin, administrator or root are refused by Azure." required />
        <VarField
          label="Admin password ($PxWinAdminPassword, optional)"
          name="PxWinAdminPassword"
          type="password"
          autoComplete="new-password"
          value={ctx.transient.adminPassword ?? ''}
          onChange={(value) => send({ type: 'SET_SECRET', key: 'adminPassword', value })}
          findings={ff('PxWinAdminPassword')}
          hint="Kept in memory only. Leave it empty and the script asks for it when it runs. 8–123 characters with three of: lower case, upper case, digit, special character."
        />
      </Section>
      <Section title="Windows Update window" description="When the VMs install updates and restart (UTC).">
        <VarField label="Install day" name="PxWupdScheduledInstallDay" value={v.PxWupdScheduledInstallDay} onChange={(x) => setVar({ PxWupdScheduledInstallDay: x })} findings={ff('PxWupdScheduledInstallDay')} options={DAYS.map((d, i) => [String(i), d] as const)} />
        {hourSelect('Install time', 'PxWupdScheduledInstallTime')}
        <Stack direction="row" spacing={2}>
          {hourSelect('Active hours start', 'PxWupdActiveHoursStart')}
          {hourSelect('Active hours end', 'PxWupdActiveHoursEnd')}
        </Stack>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>No restarts happen in the active hours; the window may be at most 18 hours long.</Typography>
      </Section>
    </Stack>
  );
}

function OptionsStep({ ctx, v, ff, setVar, send }: { ctx: FirstInstallContext; v: RegionVariables; ff: FF; setVar: SetVar; send: Send }) {
  const usage = v.PxCustomerUsageAttribution === null ? '' : v.PxCustomerUsageAttribution ? 'yes' : 'no';
  const usageErr = ff('PxCustomerUsageAttribution');
  const teams = ctx.project.infinity.teams;
  return (
    <Stack spacing={3}>
      <FormControlLabel control={<Switch checked={v.PxTeamsConnIncidentReporting} onChange={(e) => setVar({ PxTeamsConnIncidentReporting: e.target.checked })} />} label="Send incident reports to Pexip (recommended; $PxTeamsConnIncidentReporting)" />
      <FormControl>
        <FormLabel id="usage-label">Customer usage attribution ($PxCustomerUsageAttribution)</FormLabel>
        <Typography variant="body2" sx={{ color: 'text.secondary', my: 0.5 }}>Lets Microsoft tell Pexip which Azure resources run the connector. There is no default: choose one.</Typography>
        <RadioGroup aria-labelledby="usage-label" row value={usage} onChange={(e) => setVar({ PxCustomerUsageAttribution: e.target.value === 'yes' })}>
          <FormControlLabel value="yes" control={<Radio />} label="Yes, allow" />
          <FormControlLabel value="no" control={<Radio />} label="No" />
        </RadioGroup>
        <FieldMessages findings={usageErr} />
      </FormControl>
      <Section title="Tags ($tags, optional)" description="Name/value pairs put on every resource group and resource, e.g. for cost reports.">
        <TagsEditor tags={v.tags} onChange={(tags) => setVar({ tags })} findings={ff('tags')} />
      </Section>
      <Section title="Teams dialing instructions" description="Used for the Teams commands at the end.">
        <VarField label="Virtual Reception alias" name="ivrAlias" value={teams.ivrAlias} onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { ivrAlias: x.trim() } } })} findings={ff('ivrAlias')} hint="e.g. teams (people dial teams@your domain)" />
        <VarField label="Test call alias (optional)" name="testCallAlias" value={teams.testCallAlias ?? ''} onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { testCallAlias: x.trim() || null } } })} findings={ff('testCallAlias')} />
        <FormControlLabel control={<Switch checked={teams.browserJoin} onChange={(e) => send({ type: 'SET_INFINITY', patch: { teams: { browserJoin: e.target.checked } } })} />} label="Offer joining from a web browser" />
        <VarField label="Dial prefix (optional, prefix=)" name="prefix" value={teams.prefix ?? ''} onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { prefix: x || null } } })} trim findings={ff('prefix')} hint="Only with a dial plan that routes Teams calls by a prefix, e.g. teams. — it then matches your Call Routing Rules." />
        <VarField label="Node IP address for direct dialing (optional, ip=)" name="instructionIp" value={teams.instructionIp ?? ''} onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { instructionIp: x || null } } })} trim findings={ff('instructionIp')} hint="The public address of one Conferencing Node, for systems (some H.323) that dial an IP address; add it as an alias of the Virtual Reception too." />
      </Section>
    </Stack>
  );
}

function ReviewStep({ ctx, send, busy }: { ctx: FirstInstallContext; send: Send; busy: boolean }) {
  return (
    <Stack spacing={2}>
      <Typography>Everything below is generated from your answers. Read it, copy what you need, and save all the files into the folder with the connector&apos;s PowerShell files.</Typography>
      <ReviewSummary project={ctx.project} regionIndex={ctx.regionIndex} findings={ctx.findings} />
      <ConfirmBox checked={ctx.includeSecrets} onChange={(value) => send({ type: 'SET_INCLUDE_SECRETS', value })} label="Write the passwords into the scripts: the VM admin password, and the app password once you paste the install output (otherwise the scripts ask for them)" />
      <FindingList findings={unplacedFindings(ctx.findings)} />
      {ctx.generated && <ArtifactsPanel artifacts={ctx.generated.artifacts} findings={ctx.generated.findings} saved={ctx.saved} busy={busy} request={generateRequest(ctx, ctx.journey)} onSaveAll={(folder) => send({ type: 'SAVE_ALL', folder })} />}
    </Stack>
  );
}

function AfterStep({ ctx, v, send, busy }: { ctx: FirstInstallContext; v: RegionVariables; send: Send; busy: boolean }) {
  const r = ctx.project?.regions[ctx.regionIndex];
  const [ipText, setIpText] = useState(r?.publicIp ?? '');
  const [resolver, setResolver] = useState('');
  // The address read from Azure fills the field too (it was only in the record below before).
  const readIp = ctx.publicIp?.ip ?? null;
  useEffect(() => { if (readIp) setIpText(readIp); }, [readIp]);
  const teams = ctx.generated?.artifacts.find((a) => a.kind === 'teams-commands');
  const ip = r?.publicIp ?? null;
  return (
    <Stack spacing={3}>
      <Section title="1. Run the scripts" description="In PowerShell ISE on the admin PC, in the connector folder: run the variables script, then the install script. It takes about 30 minutes.">
        <VarField
          label="Paste what the install script printed"
          name="installOutput"
          multiline
          minRows={4}
          value={ctx.installOutput}
          onChange={(text) => send({ type: 'SET_INSTALL_OUTPUT', text })}
          // Only what concerns the pasted text: notes about the wizard's own init script would confuse here.
          findings={ctx.importFindings.filter((f) => f.severity !== 'info')}
          hint="The wizard reads the $AppId and $AppPassword lines and puts them into the redeploy script. The password stays in memory only."
        />
        <Box><Button variant="contained" color="secondary" disabled={busy || !ctx.installOutput.trim()} onClick={() => send({ type: 'CAPTURE_OUTPUT' })}>Read the App ID</Button></Box>
        {ctx.project.app.appId && <Alert severity="success">App ID captured: <b>{ctx.project.app.appId}</b>. The redeploy script and Teams commands now include it{ctx.transient.appPassword ? (ctx.includeSecrets ? ', and the redeploy script the app password' : '; tick "Write the passwords" on the previous step to put the app password in too') : ''}: save them below.</Alert>}
        {ctx.project.app.appId && ctx.generated && <SaveAgain request={generateRequest(ctx, ctx.journey)} />}
      </Section>
      <Section title="2. DNS A record" description="Point the Teams Connector's host name at the public IP of its load balancer (in the static resource group).">
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <Box sx={{ flex: 1 }}><VarField label="Public IP address of the load balancer" name="publicIp" value={ipText} onChange={(x) => { setIpText(x); send({ type: 'SET_PUBLIC_IP', ip: x }); }} /></Box>
          {ctx.account
            ? <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'READ_IP' })}>Read it from Azure</Button>
            : <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'SIGN_IN', method: 'browser' })}>Sign in to read it from Azure</Button>}
        </Stack>
        {ctx.publicIp && <FindingList findings={ctx.publicIp.findings} />}
        {ip && <CodeBlock text={ctx.publicIp?.dnsRecord ?? `${v.PxTeamsConnFqdn}. IN A ${ip}`} what="DNS A record" maxHeight={80} />}
      </Section>
      <Section title="3. Consent and Teams settings" description="A Global Administrator does these.">
        <BulletList items={[
          <>Open the consent page the install script printed (it looks like {derivedNames(v).consentUrlPattern}) and accept the permissions.</>,
          <>Run the Teams PowerShell commands below to let the app bypass the lobby and show the dialing instructions. Changes can take up to 6 hours.</>,
          <>In Pexip Infinity, add a Teams Connector (Call control &gt; Microsoft Teams Connectors) with the address {v.PxTeamsConnFqdn}.</>,
        ]} />
        {teams && <CodeBlock text={teams.content} what="Teams PowerShell commands" />}
      </Section>
      <Section title="4. Verify" description="Checks the DNS records (the connector's A record and the SIP/Teams records of your domain), then connects to the connector on port 443 to read its certificate.">
        <Accordion disableGutters variant="outlined">
          <AccordionSummary aria-controls="verify-advanced" id="verify-advanced-header">
            <Typography>Advanced: ask a specific DNS server{resolver.trim() ? ` (${resolver.trim()})` : ''}</Typography>
          </AccordionSummary>
          <AccordionDetails id="verify-advanced">
            <VarField label="DNS server to ask (host:port)" name="resolver" value={resolver} onChange={setResolver} placeholder="10.0.0.53:53" hint="For example your internal DNS server, or the zone's authoritative server to see a change before it has spread. Empty: this computer's DNS." />
          </AccordionDetails>
        </Accordion>
        <Stack direction="row" spacing={2}>
          <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'VERIFY', resolver, dnsOnly: true })}>Check DNS</Button>
          <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'VERIFY', resolver })}>Check DNS and TLS</Button>
        </Stack>
        {ctx.verify && <VerifyResult verify={ctx.verify} />}
      </Section>
      <Section title="5. Check the deployment" description="Compares what runs in Azure with the project (resource groups, scale set and its instances, load balancer and public IP, the RDP and MCU-signalling-endpoint rules, Key Vault), then the A record and the certificate the connector presents. Nothing is changed.">
        <DeploymentCheck signedIn={Boolean(ctx.account)} signInHint={<>use &quot;Sign in to read it from Azure&quot; in section 2 above, or &quot;Sign in to Azure&quot; on the &quot;Prepare Azure&quot; step.</>} busy={busy} report={ctx.doctor} onCheck={() => send({ type: 'DOCTOR', resolver })} />
      </Section>
    </Stack>
  );
}

function VerifyResult({ verify }: { verify: NonNullable<FirstInstallContext['verify']> }) {
  const findings = [...verify.dns.findings, ...(verify.tls?.findings ?? [])];
  const bad = verify.dns.records.filter((d) => d.status !== 'ok');
  const errors = findings.some((f) => f.severity === 'error') || bad.some((d) => d.status === 'error');
  return (
    <Stack spacing={1}>
      {errors
        ? <Alert severity="error"><AlertTitle>Not ready yet</AlertTitle>Fix what is listed below; DNS changes can take a while to reach every server. Then check again.</Alert>
        : bad.length || findings.some((f) => f.severity === 'warning')
          ? <Alert severity="warning">Mostly right: read the notes below.</Alert>
          : <Alert severity="success">{verify.tls ? 'DNS and the connector certificate are as expected.' : 'Every DNS record is as expected.'}</Alert>}
      {/* What needs attention first; the records that are right stay one click away. */}
      {bad.length > 0 && <FactTable label="DNS records to fix" rows={bad.map((d) => [`${d.type} ${d.name}`, `${d.status === 'warning' ? 'CHECK' : 'WRONG'}: expected ${d.expected}; found ${d.found.join(', ') || 'nothing'}`])} />}
      {verify.dns.records.length > bad.length && (
        <Accordion disableGutters variant="outlined">
          <AccordionSummary aria-controls="dns-ok-records" id="dns-ok-records-header">
            <Typography>{verify.dns.records.length - bad.length} DNS record{verify.dns.records.length - bad.length === 1 ? '' : 's'} as expected</Typography>
          </AccordionSummary>
          <AccordionDetails id="dns-ok-records">
            <FactTable label="DNS records as expected" rows={verify.dns.records.filter((d) => d.status === 'ok').map((d) => [`${d.type} ${d.name}`, `found ${d.found.join(', ')}`])} />
          </AccordionDetails>
        </Accordion>
      )}
      <FindingList findings={findings} title="Verification findings" />
      {verify.tls?.protocol && <Alert severity="info">The connector answered with {verify.tls.protocol}.</Alert>}
    </Stack>
  );
}
