// The start page's secondary screens (open a saved project, import scripts, choose a journey for
// them): loaded on demand, so the first screen stays small.
import { Alert, Box, Button, List, ListItemButton, ListItemText, Stack, Typography } from '@mui/material';
import type { AppContext, AppEvent } from '../machines/app.ts';
import { FindingList, TextFileButton, VarField, OperationBar } from '../components/fields.tsx';
import { JOURNEYS } from './journeys.ts';

export function StartSubpage({ state, ctx, send }: { state: string; ctx: AppContext; send: (e: AppEvent) => void }) {
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
  return null;
}
