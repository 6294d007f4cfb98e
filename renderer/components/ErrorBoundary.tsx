// No blank screens: a render error shows what happened and how to carry on, never an empty window.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, AlertTitle, Box, Button, Stack, Typography } from '@mui/material';

interface Props {
  children: ReactNode;
  onReset?: () => void;
}
interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Only the message and component stack: form values (which may hold secrets) are not in either.
    console.error('Wizard view failed:', error.message, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Box role="alert" sx={{ p: 4, maxWidth: 760, mx: 'auto' }}>
        <Alert severity="error">
          <AlertTitle>This page of the wizard stopped working</AlertTitle>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {this.state.error.message || 'An unexpected error happened while drawing the page.'}
          </Typography>
          <Typography variant="body2">
            Your answers up to the last completed step are kept. Try again; if it happens again, go back to the start
            page and reopen your project, and tell us what you were doing.
          </Typography>
        </Alert>
        <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
          <Button variant="contained" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
          {this.props.onReset && (
            <Button
              variant="outlined"
              onClick={() => {
                this.setState({ error: null });
                this.props.onReset?.();
              }}
            >
              Back to the start page
            </Button>
          )}
        </Stack>
      </Box>
    );
  }
}
