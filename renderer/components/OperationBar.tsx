// Kept in its own module: the start page's bundle needs it without the form controls.
import { Box, Button, LinearProgress, Stack, Typography } from '@mui/material';

/** Progress and cancel for a long operation; the bar is indeterminate until the Node side reports a fraction. */
export function OperationBar({ label, message, fraction, onCancel }: { label: string; message?: string | undefined; fraction?: number | undefined; onCancel?: (() => void) | undefined }) {
  return (
    <Box role="status" aria-live="polite" sx={{ my: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="body2">{label}{message ? ` — ${message}` : ''}</Typography>
          <LinearProgress aria-label={label} variant={fraction !== undefined ? 'determinate' : 'indeterminate'} value={fraction !== undefined ? Math.round(fraction * 100) : undefined} sx={{ mt: 1 }} />
        </Box>
        {onCancel && <Button variant="outlined" color="inherit" onClick={onCancel}>Cancel</Button>}
      </Stack>
    </Box>
  );
}

