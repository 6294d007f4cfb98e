// Kept in its own module: the start page's bundle needs it without the form controls.
import { Alert, AlertTitle, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';

/** Progress and cancel for a long operation; the bar is indeterminate until the Node side reports a fraction. */
export function OperationBar({
  label,
  message,
  fraction,
  onCancel,
  kind,
}: {
  label: string;
  message?: string | undefined;
  fraction?: number | undefined;
  onCancel?: (() => void) | undefined;
  kind?: string | undefined;
}) {
  // A device-code sign-in waits for the user: the instruction must stand out, not sit in a status line.
  const deviceCode = kind === 'device-code' && message;
  return (
    <Box role="status" aria-live="polite" sx={{ my: 2 }}>
      {deviceCode && (
        <Alert severity="info" sx={{ mb: 1 }} data-device-code>
          <AlertTitle>Finish signing in on any device</AlertTitle>
          {message}
        </Alert>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="body2">
            {label}
            {message && !deviceCode ? ` — ${message}` : deviceCode ? ' — waiting for you to enter the code' : ''}
          </Typography>
          <LinearProgress
            aria-label={label}
            variant={fraction !== undefined ? 'determinate' : 'indeterminate'}
            value={fraction !== undefined ? Math.round(fraction * 100) : undefined}
            sx={{ mt: 1 }}
          />
        </Box>
        {onCancel && (
          <Button variant="outlined" color="inherit" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Stack>
    </Box>
  );
}
