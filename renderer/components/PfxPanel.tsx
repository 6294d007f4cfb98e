// The connector certificate step: choose the PFX, give its password, see the verdict.
import { type ReactNode, useEffect } from 'react';
import { Stack, TextField, Button, Alert } from '@mui/material';
import type { FileRef, CertResult } from '../../shared/api/wizard-api.ts';
import { useApi, Section, FilePicker } from './fields.tsx';
import { TrustAnchors } from './TrustAnchors.tsx';
import { CertificateFacts } from './CertificateFacts.tsx';
import { CsrHelper } from './CsrHelper.tsx';

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
  useEffect(() => {
    void api.warmCertificates?.().catch(() => undefined);
  }, [api]);
  return (
    <Stack spacing={2}>
      <Section
        title="The certificate file (PFX)"
        description={
          <>
            The Teams Connector needs a PFX from a public certificate authority with an RSA key, its private key and
            every intermediate certificate, valid for <b>{p.fqdn || 'your Teams Connector host name'}</b>, with both
            server and client authentication. Nothing is uploaded anywhere: the file is read on this computer.
          </>
        }
      >
        <FilePicker
          kind="pfx"
          label="Choose PFX file"
          accept=".pfx,.p12"
          onPicked={(fs) => p.onFile(fs[0] ?? null)}
          chosen={p.file?.name}
        />
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
          <Button variant="contained" color="secondary" onClick={p.onAnalyze} disabled={!p.canAnalyze || p.analyzing}>
            Check the certificate
          </Button>
          {p.file && (
            <Button variant="text" onClick={() => p.onFile(null)} disabled={p.analyzing}>
              Remove the file and its check
            </Button>
          )}
        </Stack>
      </Section>
      {p.cert && <CertificateFacts cert={p.cert} />}
      {!p.cert && !p.analyzing && (
        <Alert severity="info">
          You can go on without checking now (for example while the certificate is still being issued), but the
          installer stops later if the certificate breaks a rule. Check it before you run the scripts.
        </Alert>
      )}
      <CsrHelper
        fqdns={p.csrFqdns ?? (p.fqdn ? [p.fqdn] : [])}
        trustPem={p.trustPem ?? ''}
        {...(p.onBuilt ? { onBuilt: p.onBuilt } : {})}
      />
    </Stack>
  );
}
