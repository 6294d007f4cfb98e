// Panels several journeys share: the journey frame with stepper and Back/Next, the certificate
// check, Azure preparation, the generated artifacts, and the tags editor.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Accordion, AccordionDetails, AccordionSummary, Alert, AlertTitle, Box, Button, Checkbox, FormControlLabel, Paper, Radio,
  RadioGroup, FormControl, FormLabel, LinearProgress, Stack, Step, StepLabel, Stepper, TextField, Typography, Chip, useMediaQuery,
} from '@mui/material';
import type { Artifact, GenerateRequest, CertResult, FileRef, PrepareResult, AzureAccount, SignInMethod } from '../../shared/api/wizard-api.ts';
import azureApp from '../../build/azure-app.json' with { type: 'json' };
import type { Finding } from '../../shared/model/finding.ts';
import { AttemptedContext, CodeBlock, FactTable, FilePicker, FindingList, OperationBar, Section, VarField, BulletList, TextFileButton, useApi } from './fields.tsx';
import type { ProgressState } from '../machines/findings-and-edits.ts';
import { CONTROL } from './gui-text.ts';

export interface JourneyFrameProps {
  title: string;
  steps: readonly string[];
  active: number;
  heading: string;
  intro?: ReactNode;
  children: ReactNode;
  canNext: boolean;
  nextLabel?: string;
  onNext: () => void;
  onBack?: (() => void) | undefined;
  busy?: { label: string; progress: ProgressState; onCancel?: (() => void) | undefined } | null;
  error?: string | null;
  onDismissError?: () => void;
  /** What keeps Next from going on, in words; said when Next is blocked. */
  blockedReason?: string | null;
  /** Fields of this step have errors (they turn red once Next was tried). */
  fieldsBlock?: boolean;
}

/** The browser-history entry of a step: Back and Forward move between steps instead of leaving. */
interface StepEntry { tcwJourney: string; tcwStep: number; tcwPrev: number | null }

function stepEntry(state: unknown): StepEntry | null {
  const s = state as Partial<StepEntry> | null;
  return s && typeof s.tcwJourney === 'string' && typeof s.tcwStep === 'number' ? (s as StepEntry) : null;
}

function useStepHistory(journey: string, active: number, back: (() => void) | undefined, next: () => void, canNext: boolean): () => void {
  const ref = useRef({ back, next, canNext, active });
  ref.current = { back, next, canNext, active };
  useEffect(() => {
    const cur = stepEntry(window.history.state);
    if (cur && cur.tcwJourney === journey && cur.tcwStep === active) return;
    const entry: StepEntry = { tcwJourney: journey, tcwStep: active, tcwPrev: cur && cur.tcwJourney === journey ? cur.tcwStep : null };
    window.history.pushState(entry, '');
  }, [journey, active]);
  useEffect(() => {
    const onPop = (e: PopStateEvent) => {
      const to = stepEntry(e.state);
      const { back: b, next: n, canNext: c, active: a } = ref.current;
      if (to && to.tcwJourney === journey && to.tcwStep > a) {
        if (c) n();
        else window.history.back(); // Forward to a step that is not reachable yet: stay.
      } else if (!to || to.tcwJourney !== journey || to.tcwStep < a) {
        b?.();
      }
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [journey]);
  // The page's own Back takes the same way as the browser's, so history does not pile up.
  return () => {
    const cur = stepEntry(window.history.state);
    if (cur && cur.tcwJourney === journey && cur.tcwStep === active && cur.tcwPrev === active - 1) window.history.back();
    else back?.();
  };
}

export function JourneyFrame(p: JourneyFrameProps) {
  const wide = useMediaQuery('(min-width: 1000px)');
  const narrow = useMediaQuery('(max-width: 699.95px)');
  // Fields speak once Next was tried on this step; a new step starts quiet.
  const [attempted, setAttempted] = useState<number | null>(null);
  const tried = attempted === p.active;
  const goBack = useStepHistory(p.title, p.active, p.onBack, p.onNext, p.canNext);
  const blocked = !p.canNext || Boolean(p.busy);
  const reason = p.blockedReason ?? (p.fieldsBlock ? (tried ? 'Fix the fields marked in red to go on.' : 'Fill in the fields marked * above to go on; Next shows what is missing.') : null);
  const tryNext = () => {
    if (p.busy) return;
    if (p.canNext) { p.onNext(); return; }
    setAttempted(p.active);
    // Take the keyboard to the first field that needs attention, once the messages are shown.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
  };
  return (
    <Box sx={{ display: 'flex', gap: 3, flexDirection: wide ? 'row' : 'column', alignItems: 'flex-start' }}>
      <Paper component="nav" aria-label={`${p.title} steps`} variant="outlined" sx={{ p: 2, width: wide ? 260 : '100%', flexShrink: 0, overflowX: 'auto' }}>
        <Typography variant="subtitle2" component="p" sx={{ mb: 1, color: 'text.secondary' }}>{p.title}</Typography>
        {narrow ? (
          // A phone-width window has no room for a label per step: say where we are, and how far.
          <Box>
            <Typography component="p" aria-current="step" sx={{ fontWeight: 600 }}>Step {p.active + 1} of {p.steps.length}: {p.steps[p.active]}</Typography>
            <LinearProgress variant="determinate" value={((p.active + 1) / p.steps.length) * 100} aria-label={`Step ${p.active + 1} of ${p.steps.length}`} sx={{ mt: 1 }} />
          </Box>
        ) : (
          <Stepper activeStep={p.active} orientation={wide ? 'vertical' : 'horizontal'} alternativeLabel={!wide}>
            {p.steps.map((label, i) => (
              <Step key={label} completed={i < p.active}>
                <StepLabel {...(i === p.active ? { 'aria-current': 'step' as const } : {})}>{label}</StepLabel>
              </Step>
            ))}
          </Stepper>
        )}
      </Paper>
      <Paper component="main" variant="outlined" sx={{ p: { xs: 2, sm: 3 }, flex: 1, minWidth: 0, width: '100%' }}>
        <Typography variant="h2" component="h2" sx={{ mb: 1 }} tabIndex={-1} data-step-heading>
          {p.heading}
        </Typography>
        {p.intro && <Typography variant="body1" sx={{ mb: 3, color: 'text.secondary' }}>{p.intro}</Typography>}
        {p.error && (
          <Alert severity="error" sx={{ mb: 2 }} {...(p.onDismissError ? { onClose: p.onDismissError } : {})}>{p.error}</Alert>
        )}
        <AttemptedContext.Provider value={tried}>
          {p.children}
        </AttemptedContext.Provider>
        {p.busy && <OperationBar label={p.busy.label} message={p.busy.progress?.message} fraction={p.busy.progress?.fraction} kind={p.busy.progress?.kind} onCancel={p.busy.onCancel} />}
        <Stack direction="row" spacing={2} sx={{ mt: 4, alignItems: 'center', justifyContent: 'space-between' }}>
          <Box>{p.onBack && <Button variant="outlined" onClick={goBack} disabled={Boolean(p.busy)}>Back</Button>}</Box>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            {!p.canNext && reason && !p.busy && (
              <Typography variant="body2" role={tried ? 'alert' : undefined} sx={{ color: tried ? 'error.main' : 'text.secondary', textAlign: 'right' }} id="next-blocked">{reason}</Typography>
            )}
            {/* Not disabled while blocked: pressing it shows what is missing (aria-disabled keeps it announced as unavailable). */}
            <Button
              variant="contained"
              onClick={tryNext}
              aria-disabled={blocked ? 'true' : undefined}
              sx={blocked ? { opacity: 0.55 } : undefined}
              {...(!p.canNext && reason ? { 'aria-describedby': 'next-blocked' } : {})}
            >
              {p.nextLabel ?? 'Next'}
            </Button>
          </Stack>
        </Stack>
      </Paper>
    </Box>
  );
}

// ---------------------------------------------------------------------------------------------

/** The accordion's open/closed mark (a character, to keep icon packages out of the bundle). */
function ExpandMark() {
  return <Box component="span" aria-hidden sx={{ fontSize: 18, lineHeight: 1, px: 0.5 }}>▾</Box>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "12 March 2027 (98 days left)": a date an admin reads at a glance, with what matters about it. */
export function formatValidity(notBefore: string, notAfter: string, now = Date.now()): string {
  const nb = Date.parse(notBefore);
  const na = Date.parse(notAfter);
  const day = (t: number) => new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (Number.isNaN(nb) || Number.isNaN(na)) return `${notBefore} to ${notAfter}`;
  const left = Math.floor((na - now) / DAY_MS);
  const status = now < nb ? `not valid until ${day(nb)}` : left < 0 ? `expired ${-left} day${left === -1 ? '' : 's'} ago` : `${left} day${left === 1 ? '' : 's'} left`;
  return `${day(nb)} to ${day(na)} (${status})`;
}

/** A thumbprint in the pairs Windows shows (certlm.msc), so it can be compared by eye. */
function pairs(hex: string): string {
  return hex.replace(/[^0-9a-fA-F]/g, '').toUpperCase().replace(/(..)(?=.)/g, '$1 ');
}

export function CertificateFacts({ cert }: { cert: CertResult }) {
  const c = cert.certificate;
  return (
    <Box>
      {c && (
        <Section title="What the file contains">
          <FactTable
            label="Certificate facts"
            rows={[
              ['Subject', c.subject],
              ['Alternative names', c.subjectAltNames.join(', ') || '(none)'],
              ['Issuer', c.issuer],
              ['Valid', formatValidity(c.notBefore, c.notAfter)],
              // keyType may already carry the size ("RSA 2048 bits"); say it once.
              ['Key', c.keySize && !/\d\s*bit/.test(c.keyType) ? `${c.keyType} ${c.keySize} bit` : c.keyType],
              ['Extended key usage', c.extendedKeyUsages.join(', ') || '(none)'],
              ['Chain', c.chain.join(' → ')],
              ['Thumbprint (SHA-1)', pairs(c.thumbprintSha1)],
              ['Thumbprint (SHA-256)', pairs(c.thumbprintSha256)],
            ]}
          />
        </Section>
      )}
      <Section title={cert.findings.length ? 'What to fix or know' : 'Checks'}>
        {cert.findings.length === 0 ? <Alert severity="success">Every check passed for {cert.file}.</Alert> : <FindingList findings={cert.findings} title="Certificate findings" />}
      </Section>
    </Box>
  );
}

/** The name the scripts use for a chosen PFX: in the scripts' folder, under the file's own name. */
export function scriptPfxName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() || 'connector.pfx';
  return `.\\${base}`;
}

/** $PxPfxCertFileName, with the reminder that the file must sit next to the scripts under that name. */
export function PfxFileNameField({ value, onChange, findings }: { value: string; onChange: (v: string) => void; findings: readonly Finding[] }) {
  const base = value.split(/[\\/]/).pop() || 'the PFX';
  return (
    <VarField
      label="File name the scripts use ($PxPfxCertFileName)"
      name="PxPfxCertFileName"
      value={value}
      onChange={onChange}
      trim
      findings={findings}
      hint={<>Follows the file you choose. Copy <b>{base}</b> into the folder with the connector&apos;s scripts: they read it from there under this name.</>}
    />
  );
}

export function PfxPanel(p: {
  fqdn: string;
  file: FileRef | undefined;
  password: string;
  fileNameField: ReactNode;
  cert: CertResult | null;
  analyzing: boolean;
  canAnalyze: boolean;
  onFile: (f: FileRef | null) => void;
  onPassword: (pw: string) => void;
  onAnalyze: () => void;
  /** Private PKI: extra trust anchors (PEM); the control is offered when onTrustPem is given. */
  trustPem?: string;
  onTrustPem?: (pem: string) => void;
  /** Host names for a new signing request (the connector's, every region's). */
  csrFqdns?: readonly string[];
  /** A PFX built on this page: use it as the chosen file. */
  onBuilt?: (file: FileRef, password: string) => void;
}) {
  // The certificate step opened: let the certificate service get ready before a file is picked.
  const { api } = useApi();
  useEffect(() => { void api.warmCertificates?.().catch(() => undefined); }, [api]);
  return (
    <Stack spacing={2}>
      <Section
        title="The certificate file (PFX)"
        description={<>The Teams Connector needs a PFX from a public certificate authority with an RSA key, its private key and every intermediate certificate, valid for <b>{p.fqdn || 'your Teams Connector host name'}</b>, with both server and client authentication. Nothing is uploaded anywhere: the file is read on this computer.</>}
      >
        <FilePicker kind="pfx" label="Choose PFX file" accept=".pfx,.p12" onPicked={(fs) => p.onFile(fs[0] ?? null)} chosen={p.file?.name} />
        <TextField
          label="PFX password"
          type="password"
          value={p.password}
          autoComplete="off"
          onChange={(e) => p.onPassword(e.target.value)}
          helperText="Kept in memory only, to open the file. It is never saved."
        />
        {p.fileNameField}
        {p.onTrustPem && <TrustAnchors pem={p.trustPem ?? ''} onChange={p.onTrustPem} />}
        <Stack direction="row" spacing={2}>
          <Button variant="contained" color="secondary" onClick={p.onAnalyze} disabled={!p.canAnalyze || p.analyzing}>Check the certificate</Button>
          {p.file && <Button variant="text" onClick={() => p.onFile(null)} disabled={p.analyzing}>Remove the file and its check</Button>}
        </Stack>
      </Section>
      {p.cert && <CertificateFacts cert={p.cert} />}
      {!p.cert && !p.analyzing && (
        <Alert severity="info">You can go on without checking now (for example while the certificate is still being issued), but the installer stops later if the certificate breaks a rule. Check it before you run the scripts.</Alert>
      )}
      <CsrHelper fqdns={p.csrFqdns ?? (p.fqdn ? [p.fqdn] : [])} trustPem={p.trustPem ?? ''} {...(p.onBuilt ? { onBuilt: p.onBuilt } : {})} />
    </Stack>
  );
}

/**
 * Advanced, collapsed: the root (and intermediate) certificates of a private certificate authority, so
 * that certificates from an in-house PKI are judged against it instead of being reported as untrusted.
 */
export function TrustAnchors({ pem, onChange }: { pem: string; onChange: (pem: string) => void }) {
  const count = (pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  return (
    <Accordion disableGutters variant="outlined" defaultExpanded={pem.trim() !== ''}>
      <AccordionSummary expandIcon={<ExpandMark />} aria-controls="trust-anchors" id="trust-anchors-header">
        <Typography>{CONTROL.privateCa}{count ? ` (${count} CA certificate${count === 1 ? '' : 's'} added)` : ''}</Typography>
      </AccordionSummary>
      <AccordionDetails id="trust-anchors">
        <Stack spacing={1}>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            Only if your certificates come from an in-house certificate authority. Add its root certificate (PEM) and the chain is checked against it as well as
            against the public roots. Remember that Microsoft Teams must trust the connector&apos;s certificate: a private CA works only where every Teams and Azure
            endpoint that connects trusts it, which is rarely the case — the guide asks for a public CA.
          </Typography>
          <TextFileButton label="Load CA certificate file (PEM)" accept=".pem,.crt,.cer" kind="trust-pem" onText={(_name, text) => onChange(pem.trim() ? `${pem.trim()}\n${text}` : text)} />
          <VarField label="CA certificates (PEM)" name="trustPem" multiline minRows={3} value={pem} onChange={onChange} placeholder="-----BEGIN CERTIFICATE-----" hint="Paste one or more certificates, or load them from a file. Used on this computer for the checks only; not saved." />
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}

/** Findings of a PFX the page just built: advice to export it again would send the admin in a circle. */
function builtFinding(f: Finding): Finding {
  if (/chain-incomplete$/.test(f.code)) {
    return { ...f, message: f.message.replace(/Export the PFX again with "Include all certificates in the certification path", or build it with tcw cert assemble --chain <intermediates\.pem>\./, 'Paste the intermediate certificates from your CA into "Intermediate certificates (PEM)" above and build it again.') };
  }
  return f;
}

export function CsrHelper({ fqdns: suggested, trustPem, onBuilt }: { fqdns: readonly string[]; trustPem: string; onBuilt?: (file: FileRef, password: string) => void }) {
  const { api } = useApi();
  const [fqdns, setFqdns] = useState<string | null>(null);
  const names = fqdns ?? suggested.filter(Boolean).join('\n');
  const [csr, setCsr] = useState<{ csrPem: string; keyPem: string } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asm, setAsm] = useState({ certPem: '', keyPem: '', chainPem: '', password: '' });
  const [pfx, setPfx] = useState<{ pfxBase64: string; findings: Finding[] } | null>(null);
  const [used, setUsed] = useState(false);
  return (
    <Accordion>
      <AccordionSummary expandIcon={<ExpandMark />} aria-controls="csr-helper" id="csr-helper-header">
        <Typography>No certificate yet? {CONTROL.csr}, or {CONTROL.buildPfx} from PEM files</Typography>
      </AccordionSummary>
      <AccordionDetails id="csr-helper">
        <Stack spacing={2}>
          <VarField label="Host names for the request (one per line)" name="csrFqdns" multiline minRows={2} value={names} onChange={setFqdns} hint="Filled in from the host names you entered. The first name becomes the subject; all are alternative names." />
          <Box>
            <Button variant="outlined" disabled={busy || !names.trim()} onClick={() => {
              setBusy(true); setErr(null);
              api.createCsr({ fqdns: names.split(/\s+/).filter(Boolean), keySize: 2048 })
                .then((r) => { setCsr(r); setAsm((a) => ({ ...a, keyPem: r.keyPem })); }, (e: Error) => setErr(e.message))
                .finally(() => setBusy(false));
            }}>{CONTROL.csr} (RSA 2048)</Button>
          </Box>
          {csr && <>
            <Typography variant="body2">Send this request to your certificate authority:</Typography>
            <CodeBlock text={csr.csrPem} what="certificate signing request" maxHeight={160} />
            <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
              <Button size="small" variant="outlined" onClick={() => downloadBlob('connector.csr', new Blob([csr.csrPem], { type: 'application/pkcs10' }))}>Download connector.csr</Button>
            </Stack>
            <Alert severity="warning">
              This is the new private key. It is already filled in under &quot;{CONTROL.buildPfx}&quot; below for when the certificate arrives; if you leave this page before
              that, save it now and keep it private: it is not kept anywhere else.
            </Alert>
            <CodeBlock text={csr.keyPem} what="private key" maxHeight={120} />
            <Box><Button size="small" variant="outlined" onClick={() => downloadBlob('connector.key', new Blob([csr.keyPem], { type: 'application/x-pem-file' }))}>Save the private key (connector.key)</Button></Box>
          </>}
          <Typography variant="subtitle2" component="h4">{CONTROL.buildPfx} from the issued certificate</Typography>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>The PFX is written with the key provider the installer needs and the chain in order, so it needs no further export on Windows.</Typography>
          <VarField label="Certificate (PEM)" name="asmCert" multiline minRows={2} value={asm.certPem} onChange={(v) => setAsm({ ...asm, certPem: v })} />
          <VarField label="Private key (PEM)" name="asmKey" multiline minRows={2} value={asm.keyPem} onChange={(v) => setAsm({ ...asm, keyPem: v })} />
          <VarField label="Intermediate certificates (PEM)" name="asmChain" multiline minRows={2} value={asm.chainPem} onChange={(v) => setAsm({ ...asm, chainPem: v })} />
          <TextField label="Password for the new PFX" type="password" autoComplete="new-password" value={asm.password} onChange={(e) => setAsm({ ...asm, password: e.target.value })} />
          <Box>
            <Button variant="outlined" disabled={busy || !asm.certPem || !asm.keyPem || !asm.password} onClick={() => {
              setBusy(true); setErr(null); setUsed(false);
              api.assemblePfx({ certPem: asm.certPem, keyPem: asm.keyPem, ...(asm.chainPem ? { chainPem: asm.chainPem } : {}), password: asm.password, legacyCsp: true, ...(trustPem.trim() ? { trustPem } : {}) })
                .then((r) => setPfx({ ...r, findings: r.findings.map(builtFinding) }), (e: Error) => setErr(e.message)).finally(() => setBusy(false));
            }}>{CONTROL.buildPfx}</Button>
          </Box>
          {pfx && <>
            <FindingList findings={pfx.findings} title="Findings for the built PFX" />
            {pfx.pfxBase64 && (
              <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
                {onBuilt && <Button variant="contained" disabled={used} onClick={() => { onBuilt({ name: 'connector.pfx', dataBase64: pfx.pfxBase64 }, asm.password); setUsed(true); }}>Use this PFX and check it</Button>}
                <Button variant="outlined" onClick={() => downloadBytes('connector.pfx', pfx.pfxBase64)}>Download connector.pfx</Button>
                {used && <Typography variant="body2" role="status">Chosen above as connector.pfx. Save it next to the connector&apos;s scripts.</Typography>}
              </Stack>
            )}
          </>}
          {err && <Alert severity="error">{err}</Alert>}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}

export function downloadBytes(name: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  downloadBlob(name, new Blob([bytes], { type: 'application/octet-stream' }));
}

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name.split('/').join('_');
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------------------------------------------------------------------------------------

export function SignInPanel({ account, onSignIn, busy }: { account: AzureAccount | null; onSignIn: (m: SignInMethod) => void; busy: boolean }) {
  const [method, setMethod] = useState<SignInMethod>('browser');
  if (account) {
    return <Alert severity="success">Signed in to Azure{account.userPrincipalName ? ` as ${account.userPrincipalName}` : ''} (tenant {account.tenantId}, {account.subscriptions.length} subscription{account.subscriptions.length === 1 ? '' : 's'}).</Alert>;
  }
  return (
    <Stack spacing={1}>
      <FormControl>
        <FormLabel id="signin-method">How to sign in to Azure (optional)</FormLabel>
        <RadioGroup row aria-labelledby="signin-method" value={method} onChange={(e) => setMethod(e.target.value as SignInMethod)}>
          <FormControlLabel value="browser" control={<Radio />} label="Browser" />
          <FormControlLabel value="device-code" control={<Radio />} label="Device code" />
          <FormControlLabel value="azure-cli" control={<Radio />} label="Azure CLI login" />
        </RadioGroup>
      </FormControl>
      <Box><Button variant="outlined" disabled={busy} onClick={() => onSignIn(method)}>Sign in to Azure</Button></Box>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>Signing in is optional. Without it the wizard works offline and gives you the PowerShell to run instead. Your password is never seen or stored by the wizard.</Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>With Browser or Device code you sign in to the application &ldquo;{azureApp.displayName}&rdquo; (client id {azureApp.clientId}) unless your administrator configured another one; Microsoft&rsquo;s sign-in page shows that name.</Typography>
    </Stack>
  );
}

export function PreparationPanel(p: {
  staticRg: string;
  location: string;
  mode: 'wizard' | 'handover';
  ownerUpn: string;
  account: AzureAccount | null;
  prepare: PrepareResult | null;
  busy: boolean;
  onMode: (m: 'wizard' | 'handover') => void;
  onOwner: (upn: string) => void;
  onSignIn: (m: SignInMethod) => void;
  onPrepare: () => void;
  onShowPowerShell: () => void;
}) {
  return (
    <Stack spacing={2}>
      <Typography variant="body1">
        Before the install, the static resource group <b>{p.staticRg}</b> must exist in <b>{p.location || 'your location'}</b>, and the person who runs the scripts needs the <b>Owner</b> role on it (the Key Vault inside requires it). A subscription Owner does this once per region.
      </Typography>
      <FormControl>
        <FormLabel id="prep-mode">Who creates it?</FormLabel>
        <RadioGroup aria-labelledby="prep-mode" value={p.mode} onChange={(e) => p.onMode(e.target.value as 'wizard' | 'handover')}>
          <FormControlLabel value="wizard" control={<Radio />} label="The wizard, with my Azure sign-in (I am Owner of the subscription)" />
          <FormControlLabel value="handover" control={<Radio />} label="Someone else: give me the PowerShell to hand over" />
        </RadioGroup>
      </FormControl>
      <VarField label="Give the Owner role to (sign-in name, optional)" value={p.ownerUpn} onChange={p.onOwner} placeholder="installer@example.com" hint="The person who will run the install script, if that is not you." />
      {p.mode === 'wizard' ? (
        <>
          <SignInPanel account={p.account} onSignIn={p.onSignIn} busy={p.busy} />
          <Box><Button variant="contained" color="secondary" disabled={!p.account || p.busy} onClick={p.onPrepare}>Create the resource group and assign Owner</Button></Box>
        </>
      ) : (
        <Box><Button variant="contained" color="secondary" disabled={p.busy} onClick={p.onShowPowerShell}>Show the PowerShell</Button></Box>
      )}
      {p.prepare && (
        <Stack spacing={1}>
          <FindingList findings={p.prepare.findings} />
          {p.prepare.done.length > 0 && <Alert severity="success"><AlertTitle>Done</AlertTitle><BulletList items={p.prepare.done} /></Alert>}
          {p.prepare.remaining.length > 0 && <Alert severity={p.mode === 'handover' ? 'info' : 'warning'}><AlertTitle>Still to do</AlertTitle><BulletList items={p.prepare.remaining} /></Alert>}
          {p.prepare.powershell && (p.mode === 'wizard' && p.prepare.remaining.length === 0 ? (
            // Already done by the wizard: the script is for the records, not a further step.
            <Accordion disableGutters variant="outlined">
              <AccordionSummary expandIcon={<ExpandMark />} aria-controls="prep-ps" id="prep-ps-header">
                <Typography>For your records: the same in PowerShell (nothing left to run)</Typography>
              </AccordionSummary>
              <AccordionDetails id="prep-ps"><CodeBlock text={p.prepare.powershell} what="preparation PowerShell" /></AccordionDetails>
            </Accordion>
          ) : <>
            <Typography variant="body2">{p.mode === 'wizard' ? 'What is still to do, in PowerShell, for the subscription Owner:' : 'Run this in PowerShell as the subscription Owner:'}</Typography>
            <CodeBlock text={p.prepare.powershell} what="preparation PowerShell" />
          </>)}
        </Stack>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------

const KIND_LABEL: Record<Artifact['kind'], string> = {
  'init-script': 'Variables initialization script',
  'static-rg-script': 'Static resource group and Owner role',
  'install-script': 'Installation script',
  'redeploy-script': 'Redeploy script',
  'dns-records': 'DNS records',
  'teams-commands': 'Teams PowerShell commands',
  firewall: 'Firewall table',
  runbook: 'Runbook',
};

export function ArtifactsPanel(p: {
  artifacts: Artifact[];
  findings: Finding[];
  saved: { folder: string; files: string[] } | null;
  busy: boolean;
  /** The request the files were generated from: the server builds the zip and the saved set from it. */
  request: GenerateRequest;
  /** Electron: the folder the dialog granted; the journey's save operation writes there. */
  onSaveAll: (folder: string) => void;
}) {
  const { api, mode } = useApi();
  const [err, setErr] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  if (p.artifacts.length === 0) {
    return (
      <Stack spacing={1}>
        <Alert severity="error">Nothing could be generated yet: fix the problems below (each one names the step and field), then come back here.</Alert>
        <FindingList findings={p.findings} />
      </Stack>
    );
  }
  const run = (what: string, job: () => Promise<void>) => {
    setErr(null); setWorking(true);
    job().then(() => setWorking(false), (e: Error) => { setWorking(false); setErr(`${what}: ${e.message}`); });
  };
  const zip = () => run('The zip could not be made', async () => {
    const r = await api.downloadArtifacts(p.request);
    if (r.files.length === 0) throw new Error('the project has errors; fix them first');
    downloadBytes(r.fileName, r.zipBase64);
  });
  const project = () => run('The project could not be written', async () => {
    const r = await api.exportProject(p.request.project);
    downloadBlob(r.fileName, new Blob([r.content], { type: 'application/json' }));
  });
  const pick = () => run('The folder could not be chosen', async () => {
    const folder = await api.pickFolder();
    if (folder) p.onSaveAll(folder);
  });
  const busy = p.busy || working;
  return (
    <Stack spacing={2}>
      <FindingList findings={p.findings.filter((f) => f.severity !== 'info')} />
      {mode === 'electron' ? (
        <Section title="Save everything" description="Choose a folder next to the connector's PowerShell files; the wizard writes the whole set there at once. Files that hold a password are written readable by you only.">
          <Box><Button variant="contained" disabled={busy} onClick={pick}>Save all files…</Button></Box>
          {p.saved && <Alert severity="success">Saved {p.saved.files.length} files to {p.saved.folder}.</Alert>}
        </Section>
      ) : (
        <Section title="Download everything" description="One zip with every file, to unpack next to the connector's PowerShell files, and the project file to continue later (Open a saved project → project file).">
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <Button variant="contained" disabled={busy} onClick={zip}>Download all (.zip)</Button>
            <Button variant="outlined" disabled={busy} onClick={project}>Download the project file</Button>
          </Stack>
        </Section>
      )}
      {err && <Alert severity="error" onClose={() => setErr(null)}>{err}</Alert>}
      <Section title="Every file, to read and copy">
        <Box>
          {p.artifacts.map((a) => (
            <Accordion key={`${a.kind}-${a.region ?? ''}-${a.fileName}`} slotProps={{ transition: { unmountOnExit: true } }}>
              <AccordionSummary expandIcon={<ExpandMark />} aria-controls={`art-${a.kind}-${a.region ?? 'all'}`} id={`art-${a.kind}-${a.region ?? 'all'}-h`}>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography component="span">{KIND_LABEL[a.kind]}</Typography>
                  <Typography component="span" variant="body2" sx={{ color: 'text.secondary', fontFamily: 'monospace' }}>{a.fileName}</Typography>
                  {a.containsSecrets && <Chip size="small" color="warning" label="contains a password" />}
                </Stack>
              </AccordionSummary>
              <AccordionDetails id={`art-${a.kind}-${a.region ?? 'all'}`}>
                <Stack spacing={1}>
                  <CodeBlock text={a.content} what={a.fileName} maxHeight={420} />
                  <Box><Button size="small" onClick={() => downloadBlob(a.fileName, new Blob([a.content], { type: 'text/plain' }))}>Download {a.fileName.split('/').pop()}</Button></Box>
                </Stack>
              </AccordionDetails>
            </Accordion>
          ))}
        </Box>
      </Section>
    </Stack>
  );
}

/**
 * Save on the After-deployment step: once the App ID is read, the redeploy script and Teams commands
 * change, so the whole set is saved again from here (the server builds it from the request).
 */
export function SaveAgain({ request }: { request: GenerateRequest }) {
  const { api, mode } = useApi();
  const [state, setState] = useState<{ busy: boolean; msg: string | null; err: string | null }>({ busy: false, msg: null, err: null });
  const run = (job: () => Promise<string | null>) => {
    setState({ busy: true, msg: null, err: null });
    job().then((msg) => setState({ busy: false, msg, err: null }), (e: Error) => setState({ busy: false, msg: null, err: e.message }));
  };
  const save = () => run(async () => {
    if (mode === 'electron') {
      const folder = await api.pickFolder();
      if (!folder) return null;
      const r = await api.saveArtifacts({ generate: request, folder });
      return `Saved ${r.files.length} files to ${r.folder}.`;
    }
    const r = await api.downloadArtifacts(request);
    if (r.files.length === 0) throw new Error('the project has errors; fix them first');
    downloadBytes(r.fileName, r.zipBase64);
    return `Downloaded ${r.fileName} (${r.files.length} files): unpack it over the earlier set.`;
  });
  return (
    <Stack spacing={1} role="group" aria-label="Save the updated files">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Button variant="contained" disabled={state.busy} onClick={save}>{mode === 'electron' ? 'Save all files again…' : 'Download all again (.zip)'}</Button>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>The redeploy script and the Teams commands now carry the App ID; the other files are unchanged.</Typography>
      </Stack>
      {state.msg && <Alert severity="success">{state.msg}</Alert>}
      {state.err && <Alert severity="error">The files could not be saved: {state.err}</Alert>}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------

export function TagsEditor({ tags, onChange, findings }: { tags: Record<string, string>; onChange: (t: Record<string, string>) => void; findings: readonly Finding[] }) {
  const [rows, setRows] = useState<[string, string][]>(() => Object.entries(tags));
  const commit = (next: [string, string][]) => {
    setRows(next);
    onChange(Object.fromEntries(next.filter(([k]) => k.trim() !== '')));
  };
  return (
    <Stack spacing={1} role="group" aria-label="Azure tags">
      {rows.map(([k, v], i) => (
        <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField label={`Tag ${i + 1} name`} value={k} onChange={(e) => commit(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))} />
          <TextField label={`Tag ${i + 1} value`} value={v} onChange={(e) => commit(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))} />
          <Button aria-label={`Remove tag ${i + 1}`} onClick={() => commit(rows.filter((_, j) => j !== i))}>Remove</Button>
        </Stack>
      ))}
      <Box><Button variant="outlined" size="small" disabled={rows.length >= 50} onClick={() => setRows([...rows, ['', '']])}>Add a tag</Button></Box>
      <FindingList findings={findings} title="Tag findings" />
    </Stack>
  );
}

export function ConfirmBox({ checked, onChange, label }: { checked: boolean; onChange: (v: boolean) => void; label: ReactNode }) {
  return <FormControlLabel control={<Checkbox checked={checked} onChange={(e) => onChange(e.target.checked)} />} label={label} />;
}
