// The facts of a certificate as an administrator checks them: subject, names, validity with days left,
// thumbprints.
import { Box, Alert } from '@mui/material';
import type { CertResult } from '../../shared/api/wizard-api.ts';
import { Section, FactTable, FindingList } from './fields.tsx';

const DAY_MS = 24 * 60 * 60 * 1000;

/** "12 March 2027 (98 days left)": a date an admin reads at a glance, with what matters about it. */
export function formatValidity(notBefore: string, notAfter: string, now = Date.now()): string {
  const nb = Date.parse(notBefore);
  const na = Date.parse(notAfter);
  const day = (t: number) =>
    new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (Number.isNaN(nb) || Number.isNaN(na)) return `${notBefore} to ${notAfter}`;
  const left = Math.floor((na - now) / DAY_MS);
  const status =
    now < nb
      ? `not valid until ${day(nb)}`
      : left < 0
        ? `expired ${-left} day${left === -1 ? '' : 's'} ago`
        : `${left} day${left === 1 ? '' : 's'} left`;
  return `${day(nb)} to ${day(na)} (${status})`;
}

/** A thumbprint in the pairs Windows shows (certlm.msc), so it can be compared by eye. */
function pairs(hex: string): string {
  return hex
    .replace(/[^0-9a-fA-F]/g, '')
    .toUpperCase()
    .replace(/(..)(?=.)/g, '$1 ');
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
        {cert.findings.length === 0 ? (
          <Alert severity="success">Every check passed for {cert.file}.</Alert>
        ) : (
          <FindingList findings={cert.findings} title="Certificate findings" />
        )}
      </Section>
    </Box>
  );
}
