// The doctor's checklist of a deployment, region by region, ordered by what to fix first; each line
// not OK shows its findings and fixes. One component for the look-after journey and the
// After-deployment steps of first install and add a region.
import type { ReactNode } from 'react';
import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import type { DoctorItem, DoctorReport } from '../../shared/api/wizard-api.ts';
import { Section, FindingList, CodeBlock } from './fields.tsx';

const STATUS: Record<DoctorItem['status'], { label: string; color: 'success' | 'warning' | 'error' | 'default' }> = {
  ok: { label: 'OK', color: 'success' },
  warning: { label: 'Warning', color: 'warning' },
  error: { label: 'Fix', color: 'error' },
  skipped: { label: 'Not checked', color: 'default' },
};

const FIX_LABEL: Record<string, string> = {
  powershell: 'PowerShell',
  portal: 'In the Azure portal',
  zone: 'DNS zone line',
  redeploy: 'Redeploy',
  teams: 'Teams PowerShell',
};

export function Checklist({ report }: { report: DoctorReport }) {
  return (
    <Stack spacing={2}>
      <Alert severity={report.verdict === 'healthy' ? 'success' : report.verdict === 'findings' ? 'error' : 'warning'}>
        {report.verdict === 'healthy'
          ? 'Healthy: Azure and the outside world match the project.'
          : report.verdict === 'findings'
            ? 'Findings: fix the lines marked "Fix" from the top (each says how), then check again.'
            : 'Some checks could not be made (they say why); nothing to fix was found in the rest.'}
      </Alert>
      {report.regions.map((r) => (
        <Section key={r.region} title={`Region ${r.region}${r.publicIp ? ` (public IP ${r.publicIp})` : ''}`}>
          <Stack
            component="ol"
            spacing={1}
            sx={{ listStyle: 'none', p: 0, m: 0 }}
            aria-label={`Checklist of region ${r.region}`}
          >
            {r.items.map((i) => (
              <Box
                component="li"
                key={i.id}
                data-check={i.id}
                data-status={i.status}
                sx={{
                  borderLeft: 4,
                  borderColor:
                    i.status === 'error'
                      ? 'error.main'
                      : i.status === 'warning'
                        ? 'warning.main'
                        : i.status === 'ok'
                          ? 'success.main'
                          : 'divider',
                  pl: 1.5,
                  py: 0.5,
                }}
              >
                <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
                  <Chip
                    size="small"
                    label={STATUS[i.status].label}
                    color={STATUS[i.status].color}
                    variant={i.status === 'ok' ? 'outlined' : 'filled'}
                  />
                  <Typography component="span" sx={{ fontWeight: 600 }}>
                    {i.title}
                  </Typography>
                  {i.detail && (
                    <Typography component="span" variant="body2" sx={{ color: 'text.secondary' }}>
                      {i.detail}
                    </Typography>
                  )}
                </Stack>
                {i.status !== 'ok' && <FindingList findings={i.findings} title={`Findings: ${i.title}`} />}
                {i.status !== 'ok' &&
                  i.fixes.map((f, k) => (
                    <Box key={k} sx={{ mt: 1 }}>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {FIX_LABEL[f.kind]}
                      </Typography>
                      {f.kind === 'powershell' || f.kind === 'zone' || f.kind === 'teams' ? (
                        <CodeBlock text={f.text} what={`${FIX_LABEL[f.kind]} fix: ${i.title}`} maxHeight={160} />
                      ) : (
                        <Typography variant="body2">{f.text}</Typography>
                      )}
                    </Box>
                  ))}
              </Box>
            ))}
          </Stack>
        </Section>
      ))}
    </Stack>
  );
}

/**
 * "Check the deployment" on an After-deployment step: the doctor's checks of this region, offered
 * when signed in to Azure (they read the subscription); otherwise `signInHint` says which control signs in.
 */
export function DeploymentCheck({
  signedIn,
  signInHint,
  busy,
  report,
  onCheck,
}: {
  signedIn: boolean;
  signInHint: ReactNode;
  busy: boolean;
  report: DoctorReport | null;
  onCheck: () => void;
}) {
  return (
    <Stack spacing={2}>
      {signedIn ? (
        <Box>
          <Button variant="outlined" disabled={busy} onClick={onCheck}>
            Check the deployment
          </Button>
        </Box>
      ) : (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          To check the deployment, sign in to Azure first: {signInHint} The check needs at least Reader on the
          subscription.
        </Typography>
      )}
      {report && <Checklist report={report} />}
    </Stack>
  );
}
