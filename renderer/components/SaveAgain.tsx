// Saving the generated files again from a later step.
import { useState } from 'react';
import { Stack, Button, Typography, Alert } from '@mui/material';
import type { GenerateRequest } from '../../shared/api/wizard-api.ts';
import { useApi } from './fields.tsx';
import { downloadBytes } from './downloads.ts';

/**
 * Save on the After-deployment step: once the App ID is read, the redeploy script and Teams commands
 * change, so the whole set is saved again from here (the server builds it from the request).
 */
export function SaveAgain({ request }: { request: GenerateRequest }) {
  const { api, mode } = useApi();
  const [state, setState] = useState<{ busy: boolean; msg: string | null; err: string | null }>({
    busy: false,
    msg: null,
    err: null,
  });
  const run = (job: () => Promise<string | null>) => {
    setState({ busy: true, msg: null, err: null });
    job().then(
      (msg) => setState({ busy: false, msg, err: null }),
      (e: Error) => setState({ busy: false, msg: null, err: e.message }),
    );
  };
  const save = () =>
    run(async () => {
      if (mode === 'electron') {
        const folder = await api.pickFolder();
        if (!folder) return null;
        const r = await api.saveArtifacts({ generate: request, folder });
        return `Saved ${r.files.length} files to ${r.folder}.`;
      }
      const r = await api.downloadArtifacts(request);
      if (r.files.length === 0) throw new Error('the project has errors; fix them first');
      downloadBytes(r.fileName, r.zipBase64);
      return `Downloaded ${r.fileName} (${r.files.length} files): unpack it over the earlier set.`;
    });
  return (
    <Stack spacing={1} role="group" aria-label="Save the updated files">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Button variant="contained" disabled={state.busy} onClick={save}>
          {mode === 'electron' ? 'Save all files again…' : 'Download all again (.zip)'}
        </Button>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          The redeploy script and the Teams commands now carry the App ID; the other files are unchanged.
        </Typography>
      </Stack>
      {state.msg && <Alert severity="success">{state.msg}</Alert>}
      {state.err && <Alert severity="error">The files could not be saved: {state.err}</Alert>}
    </Stack>
  );
}
