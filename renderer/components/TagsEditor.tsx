// The Azure tags of the deployment's resources.
import { useState } from 'react';
import { Stack, TextField, Button, Box } from '@mui/material';
import type { Finding } from '../../shared/model/finding.ts';
import { FindingList } from './fields.tsx';

// ---------------------------------------------------------------------------------------------

export function TagsEditor({
  tags,
  onChange,
  findings,
}: {
  tags: Record<string, string>;
  onChange: (t: Record<string, string>) => void;
  findings: readonly Finding[];
}) {
  const [rows, setRows] = useState<[string, string][]>(() => Object.entries(tags));
  const commit = (next: [string, string][]) => {
    setRows(next);
    onChange(Object.fromEntries(next.filter(([k]) => k.trim() !== '')));
  };
  return (
    <Stack spacing={1} role="group" aria-label="Azure tags">
      {rows.map(([k, v], i) => (
        <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField
            label={`Tag ${i + 1} name`}
            value={k}
            onChange={(e) => commit(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
          />
          <TextField
            label={`Tag ${i + 1} value`}
            value={v}
            onChange={(e) => commit(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
          />
          <Button aria-label={`Remove tag ${i + 1}`} onClick={() => commit(rows.filter((_, j) => j !== i))}>
            Remove
          </Button>
        </Stack>
      ))}
      <Box>
        <Button
          variant="outlined"
          size="small"
          disabled={rows.length >= 50}
          onClick={() => setRows([...rows, ['', '']])}
        >
          Add a tag
        </Button>
      </Box>
      <FindingList findings={findings} title="Tag findings" />
    </Stack>
  );
}
