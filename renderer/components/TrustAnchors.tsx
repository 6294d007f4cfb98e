// A private CA's root (PEM) that chains may end in, for labs with their own PKI.
import { Accordion, AccordionSummary, Typography, AccordionDetails, Stack } from '@mui/material';
import { ExpandMark } from './ExpandMark.tsx';
import { CONTROL } from './gui-text.ts';
import { TextFileButton, VarField } from './fields.tsx';

/**
 * Advanced, collapsed: the root (and intermediate) certificates of a private certificate authority, so
 * that certificates from an in-house PKI are judged against it instead of being reported as untrusted.
 */
export function TrustAnchors({ pem, onChange }: { pem: string; onChange: (pem: string) => void }) {
  const count = (pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  return (
    <Accordion disableGutters variant="outlined" defaultExpanded={pem.trim() !== ''}>
      <AccordionSummary expandIcon={<ExpandMark />} aria-controls="trust-anchors" id="trust-anchors-header">
        <Typography>
          {CONTROL.privateCa}
          {count ? ` (${count} CA certificate${count === 1 ? '' : 's'} added)` : ''}
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="trust-anchors">
        <Stack spacing={1}>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            Only if your certificates come from an in-house certificate authority. Add its root certificate (PEM) and
            the chain is checked against it as well as against the public roots. Remember that Microsoft Teams must
            trust the connector&apos;s certificate: a private CA works only where every Teams and Azure endpoint that
            connects trusts it, which is rarely the case — the guide asks for a public CA.
          </Typography>
          <TextFileButton
            label="Load CA certificate file (PEM)"
            accept=".pem,.crt,.cer"
            kind="trust-pem"
            onText={(_name, text) => onChange(pem.trim() ? `${pem.trim()}\n${text}` : text)}
          />
          <VarField
            label="CA certificates (PEM)"
            name="trustPem"
            multiline
            minRows={3}
            value={pem}
            onChange={onChange}
            placeholder="-----BEGIN CERTIFICATE-----"
            hint="Paste one or more certificates, or load them from a file. Used on this computer for the checks only; not saved."
          />
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}
