// The start page: what the admin wants to do today.
import { lazy, Suspense, useId } from 'react';
import { Alert, AlertTitle, Box, Button, Card, CardActions, CardContent, Stack, Typography } from '@mui/material';
import type { AppContext, AppEvent } from '../machines/app.ts';
import { JOURNEYS, LABEL } from './journeys.ts';
import type { SourceRef } from './SourcePanel.tsx';

const StartSubpage = lazy(() => import('./StartSubpage.tsx').then((m) => ({ default: m.StartSubpage })));

export function StartPage({
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
  // Unique per render root: the build renders this page twice (light and dark) into one document.
  const uid = useId();
  if (state !== 'start')
    return (
      <Suspense fallback={null}>
        <StartSubpage state={state} ctx={ctx} send={send} source={source} />
      </Suspense>
    );
  return (
    <Box component="main" sx={{ maxWidth: 1100, mx: 'auto' }}>
      <Typography variant="h1" component="h1" sx={{ mb: 1 }}>
        Deploy the Pexip Teams Connector
      </Typography>
      <Typography sx={{ mb: 3, color: 'text.secondary', maxWidth: 760 }}>
        The wizard walks you through the vendor&apos;s deployment guide, checks every value as you type, and writes the
        PowerShell scripts, DNS records and Teams commands for you. Nothing changes in Azure unless you ask it to.
      </Typography>
      {ctx.stored && (
        <Alert
          severity="info"
          sx={{ mb: 3 }}
          action={
            <Stack direction="row" spacing={1}>
              <Button color="inherit" variant="outlined" size="small" onClick={() => send({ type: 'RESUME' })}>
                Resume
              </Button>
              <Button color="inherit" size="small" onClick={() => send({ type: 'DISCARD' })}>
                Discard
              </Button>
            </Stack>
          }
        >
          <AlertTitle>Continue where you left off?</AlertTitle>
          {LABEL[ctx.stored.journey]}, saved {new Date(ctx.stored.savedAt).toLocaleString()}. Passwords are never kept,
          so you will be asked for them again.
        </Alert>
      )}
      <Box
        sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(2, 1fr)', lg: 'repeat(4, 1fr)' } }}
      >
        {JOURNEYS.map((j) => (
          <Card key={j.journey} variant="outlined" component="section" aria-labelledby={`${uid}-${j.journey}`}>
            <CardContent>
              <Typography variant="h2" component="h2" id={`${uid}-${j.journey}`} sx={{ mb: 1 }}>
                {j.title}
              </Typography>
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                {j.text}
              </Typography>
            </CardContent>
            <CardActions sx={{ px: 2, pb: 2 }}>
              <Button
                variant="contained"
                data-intent={`start:${j.journey}`}
                onClick={() => send({ type: 'START', journey: j.journey })}
              >
                {j.action}
              </Button>
            </CardActions>
          </Card>
        ))}
      </Box>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 3 }}>
        <Button variant="outlined" data-intent="open" onClick={() => send({ type: 'OPEN' })}>
          Open a saved project
        </Button>
        <Button variant="outlined" data-intent="import" onClick={() => send({ type: 'IMPORT' })}>
          Import my scripts
        </Button>
      </Stack>
    </Box>
  );
}
