// After deployment: the public IP, DNS, the deployment check and saving again.
import { useState, useEffect } from 'react';
import {
  Stack,
  Box,
  Button,
  Alert,
  Accordion,
  AccordionSummary,
  Typography,
  AccordionDetails,
  AlertTitle,
} from '@mui/material';
import { derivedNames } from '../../../shared/model/derived.ts';
import type { FirstInstallContext } from '../../machines/first-install.ts';
import { Section, VarField, FindingList, CodeBlock, BulletList, FactTable } from '../../components/fields.tsx';
import { SaveAgain } from '../../components/SaveAgain.tsx';
import { generateRequest } from '../../machines/journey.ts';
import { DeploymentCheck } from '../../components/checklist.tsx';
import type { StepProps } from './step-props.ts';

export function AfterStep({ ctx, v, send, busy }: Pick<StepProps, 'ctx' | 'v' | 'send' | 'busy'>) {
  const r = ctx.project?.regions[ctx.regionIndex];
  const [ipText, setIpText] = useState(r?.publicIp ?? '');
  const [resolver, setResolver] = useState('');
  // The address read from Azure fills the field too (it was only in the record below before).
  const readIp = ctx.publicIp?.ip ?? null;
  useEffect(() => {
    if (readIp) setIpText(readIp);
  }, [readIp]);
  const teams = ctx.generated?.artifacts.find((a) => a.kind === 'teams-commands');
  const ip = r?.publicIp ?? null;
  return (
    <Stack spacing={3}>
      <Section
        title="1. Run the scripts"
        description="In PowerShell ISE on the admin PC, in the connector folder: run the variables script, then the install script. It takes about 30 minutes."
      >
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
        <Box>
          <Button
            variant="contained"
            color="secondary"
            disabled={busy || !ctx.installOutput.trim()}
            onClick={() => send({ type: 'CAPTURE_OUTPUT' })}
          >
            Read the App ID
          </Button>
        </Box>
        {ctx.project.app.appId && (
          <Alert severity="success">
            App ID captured: <b>{ctx.project.app.appId}</b>. The redeploy script and Teams commands now include it
            {ctx.transient.appPassword
              ? ctx.includeSecrets
                ? ', and the redeploy script the app password'
                : '; tick "Write the passwords" on the previous step to put the app password in too'
              : ''}
            : save them below.
          </Alert>
        )}
        {ctx.project.app.appId && ctx.generated && <SaveAgain request={generateRequest(ctx, ctx.journey)} />}
      </Section>
      <Section
        title="2. DNS A record"
        description="Point the Teams Connector's host name at the public IP of its load balancer (in the static resource group)."
      >
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <Box sx={{ flex: 1 }}>
            <VarField
              label="Public IP address of the load balancer"
              name="publicIp"
              value={ipText}
              onChange={(x) => {
                setIpText(x);
                send({ type: 'SET_PUBLIC_IP', ip: x });
              }}
            />
          </Box>
          {ctx.account ? (
            <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'READ_IP' })}>
              Read it from Azure
            </Button>
          ) : (
            <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'SIGN_IN', method: 'browser' })}>
              Sign in to read it from Azure
            </Button>
          )}
        </Stack>
        {ctx.publicIp && <FindingList findings={ctx.publicIp.findings} />}
        {ip && (
          <CodeBlock
            text={ctx.publicIp?.dnsRecord ?? `${v.PxTeamsConnFqdn}. IN A ${ip}`}
            what="DNS A record"
            maxHeight={80}
          />
        )}
      </Section>
      <Section title="3. Consent and Teams settings" description="A Global Administrator does these.">
        <BulletList
          items={[
            <>
              Open the consent page the install script printed (it looks like {derivedNames(v).consentUrlPattern}) and
              accept the permissions.
            </>,
            <>
              Run the Teams PowerShell commands below to let the app bypass the lobby and show the dialing instructions.
              Changes can take up to 6 hours.
            </>,
            <>
              In Pexip Infinity, add a Teams Connector (Call control &gt; Microsoft Teams Connectors) with the address{' '}
              {v.PxTeamsConnFqdn}.
            </>,
          ]}
        />
        {teams && <CodeBlock text={teams.content} what="Teams PowerShell commands" />}
      </Section>
      <Section
        title="4. Verify"
        description="Checks the DNS records (the connector's A record and the SIP/Teams records of your domain), then connects to the connector on port 443 to read its certificate."
      >
        <Accordion disableGutters variant="outlined">
          <AccordionSummary aria-controls="verify-advanced" id="verify-advanced-header">
            <Typography>Advanced: ask a specific DNS server{resolver.trim() ? ` (${resolver.trim()})` : ''}</Typography>
          </AccordionSummary>
          <AccordionDetails id="verify-advanced">
            <VarField
              label="DNS server to ask (host:port)"
              name="resolver"
              value={resolver}
              onChange={setResolver}
              placeholder="10.0.0.53:53"
              hint="For example your internal DNS server, or the zone's authoritative server to see a change before it has spread. Empty: this computer's DNS."
            />
          </AccordionDetails>
        </Accordion>
        <Stack direction="row" spacing={2}>
          <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'VERIFY', resolver, dnsOnly: true })}>
            Check DNS
          </Button>
          <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'VERIFY', resolver })}>
            Check DNS and TLS
          </Button>
        </Stack>
        {ctx.verify && <VerifyResult verify={ctx.verify} />}
      </Section>
      <Section
        title="5. Check the deployment"
        description="Compares what runs in Azure with the project (resource groups, scale set and its instances, load balancer and public IP, the RDP and MCU-signalling-endpoint rules, Key Vault), then the A record and the certificate the connector presents. Nothing is changed."
      >
        <DeploymentCheck
          signedIn={Boolean(ctx.account)}
          signInHint={
            <>
              use &quot;Sign in to read it from Azure&quot; in section 2 above, or &quot;Sign in to Azure&quot; on the
              &quot;Prepare Azure&quot; step.
            </>
          }
          busy={busy}
          report={ctx.doctor}
          onCheck={() => send({ type: 'DOCTOR', resolver })}
        />
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
      {errors ? (
        <Alert severity="error">
          <AlertTitle>Not ready yet</AlertTitle>Fix what is listed below; DNS changes can take a while to reach every
          server. Then check again.
        </Alert>
      ) : bad.length || findings.some((f) => f.severity === 'warning') ? (
        <Alert severity="warning">Mostly right: read the notes below.</Alert>
      ) : (
        <Alert severity="success">
          {verify.tls ? 'DNS and the connector certificate are as expected.' : 'Every DNS record is as expected.'}
        </Alert>
      )}
      {/* What needs attention first; the records that are right stay one click away. */}
      {bad.length > 0 && (
        <FactTable
          label="DNS records to fix"
          rows={bad.map((d) => [
            `${d.type} ${d.name}`,
            `${d.status === 'warning' ? 'CHECK' : 'WRONG'}: expected ${d.expected}; found ${d.found.join(', ') || 'nothing'}`,
          ])}
        />
      )}
      {verify.dns.records.length > bad.length && (
        <Accordion disableGutters variant="outlined">
          <AccordionSummary aria-controls="dns-ok-records" id="dns-ok-records-header">
            <Typography>
              {verify.dns.records.length - bad.length} DNS record
              {verify.dns.records.length - bad.length === 1 ? '' : 's'} as expected
            </Typography>
          </AccordionSummary>
          <AccordionDetails id="dns-ok-records">
            <FactTable
              label="DNS records as expected"
              rows={verify.dns.records
                .filter((d) => d.status === 'ok')
                .map((d) => [`${d.type} ${d.name}`, `found ${d.found.join(', ')}`])}
            />
          </AccordionDetails>
        </Accordion>
      )}
      <FindingList findings={findings} title="Verification findings" />
      {verify.tls?.protocol && <Alert severity="info">The connector answered with {verify.tls.protocol}.</Alert>}
    </Stack>
  );
}
