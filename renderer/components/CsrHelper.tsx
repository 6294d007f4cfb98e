// "Build a PFX": a key and CSR for the connector's names, then the CA's answer assembled into a PFX.
import { useState } from 'react';
import {
  Accordion,
  AccordionSummary,
  Typography,
  AccordionDetails,
  Stack,
  Box,
  Button,
  Alert,
  TextField,
} from '@mui/material';
import type { Finding } from '../../shared/model/finding.ts';
import type { FileRef } from '../../shared/api/wizard-api.ts';
import { useApi, VarField, CodeBlock, FindingList } from './fields.tsx';
import { ExpandMark } from './ExpandMark.tsx';
import { CONTROL } from './gui-text.ts';
import { downloadBlob, downloadBytes } from './downloads.ts';

/** Findings of a PFX the page just built: advice to export it again would send the admin in a circle. */
function builtFinding(f: Finding): Finding {
  if (/chain-incomplete$/.test(f.code)) {
    return {
      ...f,
      message: f.message.replace(
        /Export the PFX again with "Include all certificates in the certification path", or build it with tcw cert assemble --chain <intermediates\.pem>\./,
        'Paste the intermediate certificates from your CA into "Intermediate certificates (PEM)" above and build it again.',
      ),
    };
  }
  return f;
}

export function CsrHelper({
  fqdns: suggested,
  trustPem,
  onBuilt,
}: {
  fqdns: readonly string[];
  trustPem: string;
  onBuilt?: (file: FileRef, password: string) => void;
}) {
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
        <Typography>
          No certificate yet? {CONTROL.csr}, or {CONTROL.buildPfx} from PEM files
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="csr-helper">
        <Stack spacing={2}>
          <VarField
            label="Host names for the request (one per line)"
            name="csrFqdns"
            multiline
            minRows={2}
            value={names}
            onChange={setFqdns}
            hint="Filled in from the host names you entered. The first name becomes the subject; all are alternative names."
          />
          <Box>
            <Button
              variant="outlined"
              disabled={busy || !names.trim()}
              onClick={() => {
                setBusy(true);
                setErr(null);
                api
                  .createCsr({ fqdns: names.split(/\s+/).filter(Boolean), keySize: 2048 })
                  .then(
                    (r) => {
                      setCsr(r);
                      setAsm((a) => ({ ...a, keyPem: r.keyPem }));
                    },
                    (e: Error) => setErr(e.message),
                  )
                  .finally(() => setBusy(false));
              }}
            >
              {CONTROL.csr} (RSA 2048)
            </Button>
          </Box>
          {csr && (
            <>
              <Typography variant="body2">Send this request to your certificate authority:</Typography>
              <CodeBlock text={csr.csrPem} what="certificate signing request" maxHeight={160} />
              <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => downloadBlob('connector.csr', new Blob([csr.csrPem], { type: 'application/pkcs10' }))}
                >
                  Download connector.csr
                </Button>
              </Stack>
              <Alert severity="warning">
                This is the new private key. It is already filled in under &quot;{CONTROL.buildPfx}&quot; below for when
                the certificate arrives; if you leave this page before that, save it now and keep it private: it is not
                kept anywhere else.
              </Alert>
              <CodeBlock text={csr.keyPem} what="private key" maxHeight={120} />
              <Box>
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() =>
                    downloadBlob('connector.key', new Blob([csr.keyPem], { type: 'application/x-pem-file' }))
                  }
                >
                  Save the private key (connector.key)
                </Button>
              </Box>
            </>
          )}
          <Typography variant="subtitle2" component="h4">
            {CONTROL.buildPfx} from the issued certificate
          </Typography>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            The PFX is written with the key provider the installer needs and the chain in order, so it needs no further
            export on Windows.
          </Typography>
          <VarField
            label="Certificate (PEM)"
            name="asmCert"
            multiline
            minRows={2}
            value={asm.certPem}
            onChange={(v) => setAsm({ ...asm, certPem: v })}
          />
          <VarField
            label="Private key (PEM)"
            name="asmKey"
            multiline
            minRows={2}
            value={asm.keyPem}
            onChange={(v) => setAsm({ ...asm, keyPem: v })}
          />
          <VarField
            label="Intermediate certificates (PEM)"
            name="asmChain"
            multiline
            minRows={2}
            value={asm.chainPem}
            onChange={(v) => setAsm({ ...asm, chainPem: v })}
          />
          <TextField
            label="Password for the new PFX"
            type="password"
            autoComplete="new-password"
            value={asm.password}
            onChange={(e) => setAsm({ ...asm, password: e.target.value })}
          />
          <Box>
            <Button
              variant="outlined"
              disabled={busy || !asm.certPem || !asm.keyPem || !asm.password}
              onClick={() => {
                setBusy(true);
                setErr(null);
                setUsed(false);
                api
                  .assemblePfx({
                    certPem: asm.certPem,
                    keyPem: asm.keyPem,
                    ...(asm.chainPem ? { chainPem: asm.chainPem } : {}),
                    password: asm.password,
                    legacyCsp: true,
                    ...(trustPem.trim() ? { trustPem } : {}),
                  })
                  .then(
                    (r) => setPfx({ ...r, findings: r.findings.map(builtFinding) }),
                    (e: Error) => setErr(e.message),
                  )
                  .finally(() => setBusy(false));
              }}
            >
              {CONTROL.buildPfx}
            </Button>
          </Box>
          {pfx && (
            <>
              <FindingList findings={pfx.findings} title="Findings for the built PFX" />
              {pfx.pfxBase64 && (
                <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
                  {onBuilt && (
                    <Button
                      variant="contained"
                      disabled={used}
                      onClick={() => {
                        onBuilt({ name: 'connector.pfx', dataBase64: pfx.pfxBase64 }, asm.password);
                        setUsed(true);
                      }}
                    >
                      Use this PFX and check it
                    </Button>
                  )}
                  <Button variant="outlined" onClick={() => downloadBytes('connector.pfx', pfx.pfxBase64)}>
                    Download connector.pfx
                  </Button>
                  {used && (
                    <Typography variant="body2" role="status">
                      Chosen above as connector.pfx. Save it next to the connector&apos;s scripts.
                    </Typography>
                  )}
                </Stack>
              )}
            </>
          )}
          {err && <Alert severity="error">{err}</Alert>}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}
