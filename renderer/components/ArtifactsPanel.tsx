// The generated files: read each one, then save them all (folder dialog in the app, zip in a browser).
import { useState } from 'react';
import {
  Stack,
  Alert,
  Box,
  Button,
  Accordion,
  AccordionSummary,
  Typography,
  Chip,
  AccordionDetails,
} from '@mui/material';
import type { Artifact, GenerateRequest } from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import { useApi, FindingList, Section, CodeBlock } from './fields.tsx';
import { downloadBytes, downloadBlob } from './downloads.ts';
import { ExpandMark } from './ExpandMark.tsx';

// ---------------------------------------------------------------------------------------------

const KIND_LABEL: Record<Artifact['kind'], string> = {
  'init-script': 'Variables initialization script',
  'static-rg-script': 'Static resource group and Owner role',
  'install-script': 'Installation script',
  'redeploy-script': 'Redeploy script',
  'dns-records': 'DNS records',
  'teams-commands': 'Teams PowerShell commands',
  firewall: 'Firewall table',
  runbook: 'Runbook',
};

export function ArtifactsPanel(p: {
  artifacts: Artifact[];
  findings: Finding[];
  saved: { folder: string; files: string[] } | null;
  busy: boolean;
  /** The request the files were generated from: the server builds the zip and the saved set from it. */
  request: GenerateRequest;
  /** Electron: the folder the dialog granted; the journey's save operation writes there. */
  onSaveAll: (folder: string) => void;
}) {
  const { api, mode } = useApi();
  const [err, setErr] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  if (p.artifacts.length === 0) {
    return (
      <Stack spacing={1}>
        <Alert severity="error">
          Nothing could be generated yet: fix the problems below (each one names the step and field), then come back
          here.
        </Alert>
        <FindingList findings={p.findings} />
      </Stack>
    );
  }
  const run = (what: string, job: () => Promise<void>) => {
    setErr(null);
    setWorking(true);
    job().then(
      () => setWorking(false),
      (e: Error) => {
        setWorking(false);
        setErr(`${what}: ${e.message}`);
      },
    );
  };
  const zip = () =>
    run('The zip could not be made', async () => {
      const r = await api.downloadArtifacts(p.request);
      if (r.files.length === 0) throw new Error('the project has errors; fix them first');
      downloadBytes(r.fileName, r.zipBase64);
    });
  const project = () =>
    run('The project could not be written', async () => {
      const r = await api.exportProject(p.request.project);
      downloadBlob(r.fileName, new Blob([r.content], { type: 'application/json' }));
    });
  const pick = () =>
    run('The folder could not be chosen', async () => {
      const folder = await api.pickFolder();
      if (folder) p.onSaveAll(folder);
    });
  const busy = p.busy || working;
  return (
    <Stack spacing={2}>
      <FindingList findings={p.findings.filter((f) => f.severity !== 'info')} />
      {mode === 'electron' ? (
        <Section
          title="Save everything"
          description="Choose a folder next to the connector's PowerShell files; the wizard writes the whole set there at once. Files that hold a password are written readable by you only."
        >
          <Box>
            <Button variant="contained" disabled={busy} onClick={pick}>
              Save all files…
            </Button>
          </Box>
          {p.saved && (
            <Alert severity="success">
              Saved {p.saved.files.length} files to {p.saved.folder}.
            </Alert>
          )}
        </Section>
      ) : (
        <Section
          title="Download everything"
          description="One zip with every file, to unpack next to the connector's PowerShell files, and the project file to continue later (Open a saved project → project file)."
        >
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <Button variant="contained" disabled={busy} onClick={zip}>
              Download all (.zip)
            </Button>
            <Button variant="outlined" disabled={busy} onClick={project}>
              Download the project file
            </Button>
          </Stack>
        </Section>
      )}
      {err && (
        <Alert severity="error" onClose={() => setErr(null)}>
          {err}
        </Alert>
      )}
      <Section title="Every file, to read and copy">
        <Box>
          {p.artifacts.map((a) => (
            <Accordion
              key={`${a.kind}-${a.region ?? ''}-${a.fileName}`}
              slotProps={{ transition: { unmountOnExit: true } }}
            >
              <AccordionSummary
                expandIcon={<ExpandMark />}
                aria-controls={`art-${a.kind}-${a.region ?? 'all'}`}
                id={`art-${a.kind}-${a.region ?? 'all'}-h`}
              >
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography component="span">{KIND_LABEL[a.kind]}</Typography>
                  <Typography
                    component="span"
                    variant="body2"
                    sx={{ color: 'text.secondary', fontFamily: 'monospace' }}
                  >
                    {a.fileName}
                  </Typography>
                  {a.containsSecrets && <Chip size="small" color="warning" label="contains a password" />}
                </Stack>
              </AccordionSummary>
              <AccordionDetails id={`art-${a.kind}-${a.region ?? 'all'}`}>
                <Stack spacing={1}>
                  <CodeBlock text={a.content} what={a.fileName} maxHeight={420} />
                  <Box>
                    <Button
                      size="small"
                      onClick={() => downloadBlob(a.fileName, new Blob([a.content], { type: 'text/plain' }))}
                    >
                      Download {a.fileName.split('/').pop()}
                    </Button>
                  </Box>
                </Stack>
              </AccordionDetails>
            </Accordion>
          ))}
        </Box>
      </Section>
    </Stack>
  );
}
