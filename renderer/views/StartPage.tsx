// The start page: what the admin wants to do today.
import { Alert, AlertTitle, Box, Button, Card, CardActions, CardContent, List, ListItemButton, ListItemText, Stack, Typography } from '@mui/material';
import type { Journey } from '../../shared/api/wizard-api.ts';
import type { AppContext, AppEvent } from '../machines/app.ts';
import { FindingList, TextFileButton, VarField, OperationBar } from '../components/fields.tsx';

const JOURNEYS: { journey: Journey; title: string; text: string; action: string }[] = [
  { journey: 'first-install', title: 'First install', text: 'Deploy the first Teams Connector in your Azure subscription: names, certificate, network, scripts, DNS and consent — step by step.', action: 'Start first install' },
  { journey: 'add-region', title: 'Add a region', text: 'Put another Teams Connector in a new Azure region, reusing the app registration of your first install.', action: 'Add a region' },
  { journey: 'redeploy', title: 'Redeploy or upgrade', text: 'Move to a new connector version, a new certificate or changed node names, from the scripts you saved.', action: 'Redeploy or upgrade' },
];

const LABEL: Record<Journey, string> = { 'first-install': 'First install', 'add-region': 'Add a region', redeploy: 'Redeploy or upgrade' };

export function StartPage({ state, ctx, send }: { state: string; ctx: AppContext; send: (e: AppEvent) => void }) {
  if (state.startsWith('open')) {
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }} component="main">
        <Typography variant="h2" component="h2" sx={{ mb: 2 }}>Open a saved project</Typography>
        {ctx.error && <Alert severity="error" sx={{ mb: 2 }}>{ctx.error}</Alert>}
        {state === 'open.listing' || state === 'open.loading' ? <OperationBar label={state === 'open.listing' ? 'Looking for saved projects' : 'Opening the project'} /> : ctx.projects.length === 0 ? (
          <Alert severity="info">No saved projects yet. The wizard saves your project as you go in the desktop app; in the browser, use &quot;Import my scripts&quot; instead.</Alert>
        ) : (
          <List aria-label="Saved projects">
            {ctx.projects.map((p) => (
              <ListItemButton key={p.id} onClick={() => send({ type: 'LOAD', id: p.id })}>
                <ListItemText primary={p.name} secondary={`saved ${new Date(p.savedAt).toLocaleString()}`} />
              </ListItemButton>
            ))}
          </List>
        )}
        <Button sx={{ mt: 2 }} variant="outlined" onClick={() => send({ type: 'BACK' })}>Back</Button>
      </Box>
    );
  }
  if (state.startsWith('import')) {
    return (
      <Box sx={{ maxWidth: 860, mx: 'auto' }} component="main">
        <Typography variant="h2" component="h2" sx={{ mb: 1 }}>Import my scripts</Typography>
        <Typography sx={{ mb: 2, color: 'text.secondary' }}>Paste the variables initialization script you keep today (and the redeploy script, for the App ID). The wizard reads the values back so you can check, change and regenerate them.</Typography>
        {ctx.error && <Alert severity="error" sx={{ mb: 2 }}>{ctx.error}</Alert>}
        <Stack spacing={2}>
          <VarField label="Variables initialization script" name="initScript" multiline minRows={6} value={ctx.initScript} onChange={(t) => send({ type: 'SET_SCRIPTS', initScript: t })} />
          <TextFileButton label="Open variables script file" onText={(_, t) => send({ type: 'SET_SCRIPTS', initScript: t })} />
          <VarField label="Redeploy script (optional)" name="redeployScript" multiline minRows={3} value={ctx.redeployScript} onChange={(t) => send({ type: 'SET_SCRIPTS', redeployScript: t })} />
          <TextFileButton label="Open redeploy script file" onText={(_, t) => send({ type: 'SET_SCRIPTS', redeployScript: t })} />
          <FindingList findings={ctx.importFindings} />
          {state === 'import.reading' && <OperationBar label="Reading your scripts" />}
          <Stack direction="row" spacing={2}>
            <Button variant="outlined" onClick={() => send({ type: 'BACK' })}>Back</Button>
            <Button variant="contained" disabled={!ctx.initScript.trim() || state === 'import.reading'} onClick={() => send({ type: 'READ' })}>Read the scripts</Button>
          </Stack>
        </Stack>
      </Box>
    );
  }
  if (state === 'choose' && ctx.project) {
    const regions = ctx.project.regions.map((r) => r.variables.PxVmssRegion).join(', ');
    return (
      <Box sx={{ maxWidth: 860, mx: 'auto' }} component="main">
        <Typography variant="h2" component="h2" sx={{ mb: 1 }}>What do you want to do with it?</Typography>
        <Alert severity="success" sx={{ mb: 2 }}>Deployment {ctx.project.regions[0]?.variables.PxBaseConnName || '(unnamed)'} with region(s) {regions || 'none'}{ctx.project.app.appId ? `, App ID ${ctx.project.app.appId}` : ''}.</Alert>
        <FindingList findings={ctx.importFindings} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 2 }}>
          {JOURNEYS.map((j) => <Button key={j.journey} variant="contained" onClick={() => send({ type: 'START', journey: j.journey })}>{j.action}</Button>)}
          <Button variant="outlined" onClick={() => send({ type: 'BACK' })}>Back</Button>
        </Stack>
      </Box>
    );
  }
  return (
    <Box component="main" sx={{ maxWidth: 1100, mx: 'auto' }}>
      <Typography variant="h1" component="h1" sx={{ mb: 1 }}>Deploy the Pexip Teams Connector</Typography>
      <Typography sx={{ mb: 3, color: 'text.secondary', maxWidth: 760 }}>
        The wizard walks you through the vendor&apos;s deployment guide, checks every value as you type, and writes the PowerShell scripts,
        DNS records and Teams commands for you. Nothing changes in Azure unless you ask it to.
      </Typography>
      {ctx.stored && (
        <Alert severity="info" sx={{ mb: 3 }} action={
          <Stack direction="row" spacing={1}>
            <Button color="inherit" variant="outlined" size="small" onClick={() => send({ type: 'RESUME' })}>Resume</Button>
            <Button color="inherit" size="small" onClick={() => send({ type: 'DISCARD' })}>Discard</Button>
          </Stack>
        }>
          <AlertTitle>Continue where you left off?</AlertTitle>
          {LABEL[ctx.stored.journey]}, saved {new Date(ctx.stored.savedAt).toLocaleString()}. Passwords are never kept, so you will be asked for them again.
        </Alert>
      )}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}>
        {JOURNEYS.map((j) => (
          <Card key={j.journey} variant="outlined" component="section" aria-labelledby={`j-${j.journey}`}>
            <CardContent>
              <Typography variant="h2" component="h2" id={`j-${j.journey}`} sx={{ mb: 1 }}>{j.title}</Typography>
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>{j.text}</Typography>
            </CardContent>
            <CardActions sx={{ px: 2, pb: 2 }}>
              <Button variant="contained" onClick={() => send({ type: 'START', journey: j.journey })}>{j.action}</Button>
            </CardActions>
          </Card>
        ))}
      </Box>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 3 }}>
        <Button variant="outlined" onClick={() => send({ type: 'OPEN' })}>Open a saved project</Button>
        <Button variant="outlined" onClick={() => send({ type: 'IMPORT' })}>Import my scripts</Button>
      </Stack>
    </Box>
  );
}
