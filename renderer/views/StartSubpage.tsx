// The start page's secondary screens (open a saved project, import scripts, choose a journey for
// them): loaded on demand, so the first screen stays small. Opening and importing are the shared
// source machine's page.
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import type { AppContext, AppEvent } from '../machines/app.ts';
import { FindingList } from '../components/fields.tsx';
import { JOURNEYS } from './journeys.ts';
import { SourcePanel, type SourceRef } from './SourcePanel.tsx';

export function StartSubpage({
  state,
  ctx,
  send,
  source,
}: {
  state: string;
  ctx: AppContext;
  send: (e: AppEvent) => void;
  source?: SourceRef | undefined;
}) {
  if ((state === 'open' || state === 'import') && source) {
    const open = state === 'open';
    return (
      <Box sx={{ maxWidth: 860, mx: 'auto' }} component="main">
        <Typography variant="h2" component="h2" sx={{ mb: 1 }}>
          {open ? 'Open a saved project' : 'Import my scripts'}
        </Typography>
        {!open && (
          <Typography sx={{ mb: 2, color: 'text.secondary' }}>
            The wizard reads the values back so you can check, change and regenerate them.
          </Typography>
        )}
        <SourcePanel
          source={source}
          scriptsIntro="Paste the variables initialization script you keep today (and the redeploy script, for the App ID)."
        />
        <Button sx={{ mt: 2 }} variant="outlined" onClick={() => send({ type: 'BACK' })}>
          Back
        </Button>
      </Box>
    );
  }
  if (state === 'choose' && ctx.source) {
    const project = ctx.source.project;
    const regions = project.regions.map((r) => r.variables.PxVmssRegion).join(', ');
    return (
      <Box sx={{ maxWidth: 860, mx: 'auto' }} component="main">
        <Typography variant="h2" component="h2" sx={{ mb: 1 }}>
          What do you want to do with it?
        </Typography>
        <Alert severity="success" sx={{ mb: 2 }}>
          Deployment {project.regions[0]?.variables.PxBaseConnName || '(unnamed)'} with region(s) {regions || 'none'}
          {project.app.appId ? `, App ID ${project.app.appId}` : ''}.
        </Alert>
        <FindingList findings={ctx.source.findings} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 2 }}>
          {JOURNEYS.map((j) => (
            <Button key={j.journey} variant="contained" onClick={() => send({ type: 'START', journey: j.journey })}>
              {j.action}
            </Button>
          ))}
          <Button variant="outlined" onClick={() => send({ type: 'BACK' })}>
            Back
          </Button>
        </Stack>
      </Box>
    );
  }
  return null;
}
