// The source machine's page (open a saved project or read the admin's scripts), one component for
// the start page, "Add a region" and "Redeploy".
import { Alert, Box, Button, List, ListItemButton, ListItemText, Stack, Typography } from '@mui/material';
import { useSelector } from '@xstate/react';
import type { ActorRefFrom } from 'xstate';
import type { SourceMachine } from '../machines/source.ts';
import { busyOf } from '../machines/kit.ts';
import { FilePicker, FindingList, TextFileButton, VarField, Section, OperationBar } from '../components/fields.tsx';

export type SourceRef = ActorRefFrom<SourceMachine>;

export function SourcePanel({
  source,
  scriptsIntro,
  showError = true,
}: {
  source: SourceRef;
  scriptsIntro: string;
  showError?: boolean;
}) {
  const snap = useSelector(source, (s) => s);
  const ctx = snap.context;
  const busy = busyOf(snap);
  const send = source.send;
  return (
    <Stack spacing={3}>
      {showError && ctx.error && (
        <Alert severity="error" onClose={() => send({ type: 'DISMISS_ERROR' })}>
          {ctx.error}
        </Alert>
      )}
      {ctx.list && (
        <Section title="A project saved by the wizard">
          <FilePicker
            kind="project"
            label="Open a project file"
            accept=".json,application/json"
            onPicked={(files) => {
              if (files[0]) send({ type: 'OPEN_FILE', file: files[0] });
            }}
          />
          {busy && ctx.projects.length === 0 ? null : ctx.projects.length === 0 ? (
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>
              No saved projects found. The desktop app saves your project as you go; in the browser, read your scripts
              instead.
            </Typography>
          ) : (
            <List aria-label="Saved projects" dense>
              {ctx.projects.map((p) => (
                <ListItemButton key={p.id} disabled={Boolean(busy)} onClick={() => send({ type: 'LOAD', id: p.id })}>
                  <ListItemText primary={p.name} secondary={`saved ${new Date(p.savedAt).toLocaleString()}`} />
                </ListItemButton>
              ))}
            </List>
          )}
        </Section>
      )}
      <Section title={ctx.list ? 'Or your scripts' : 'Your scripts'} description={scriptsIntro}>
        <VarField
          label="Variables initialization script"
          name="initScript"
          multiline
          minRows={5}
          value={ctx.initScript}
          onChange={(t) => send({ type: 'SET_SCRIPTS', initScript: t })}
        />
        <TextFileButton
          label="Open variables script file"
          onText={(_, t) => send({ type: 'SET_SCRIPTS', initScript: t })}
        />
        <VarField
          label="Redeploy script (optional)"
          name="redeployScript"
          multiline
          minRows={3}
          value={ctx.redeployScript}
          onChange={(t) => send({ type: 'SET_SCRIPTS', redeployScript: t })}
        />
        <TextFileButton
          label="Open redeploy script file"
          onText={(_, t) => send({ type: 'SET_SCRIPTS', redeployScript: t })}
        />
        <Box>
          <Button
            variant="contained"
            color="secondary"
            disabled={!snap.can({ type: 'IMPORT' })}
            onClick={() => send({ type: 'IMPORT' })}
          >
            Read the scripts
          </Button>
        </Box>
        <FindingList findings={ctx.importFindings} />
      </Section>
      {busy && <OperationBar label={busy.label} message={ctx.progress?.message} />}
    </Stack>
  );
}
