// Azure sign-in: the account in use, or the ways to sign in.
import { useState } from 'react';
import {
  Alert,
  Stack,
  FormControl,
  FormLabel,
  RadioGroup,
  FormControlLabel,
  Radio,
  Box,
  Button,
  Typography,
} from '@mui/material';
import type { AzureAccount, SignInMethod } from '../../shared/api/wizard-api.ts';
import azureApp from '../../build/azure-app.json' with { type: 'json' };

// ---------------------------------------------------------------------------------------------

export function SignInPanel({
  account,
  onSignIn,
  busy,
}: {
  account: AzureAccount | null;
  onSignIn: (m: SignInMethod) => void;
  busy: boolean;
}) {
  const [method, setMethod] = useState<SignInMethod>('browser');
  if (account) {
    return (
      <Alert severity="success">
        Signed in to Azure{account.userPrincipalName ? ` as ${account.userPrincipalName}` : ''} (tenant{' '}
        {account.tenantId}, {account.subscriptions.length} subscription{account.subscriptions.length === 1 ? '' : 's'}).
      </Alert>
    );
  }
  return (
    <Stack spacing={1}>
      <FormControl>
        <FormLabel id="signin-method">How to sign in to Azure (optional)</FormLabel>
        <RadioGroup
          row
          aria-labelledby="signin-method"
          value={method}
          onChange={(e) => setMethod(e.target.value as SignInMethod)}
        >
          <FormControlLabel value="browser" control={<Radio />} label="Browser" />
          <FormControlLabel value="device-code" control={<Radio />} label="Device code" />
          <FormControlLabel value="azure-cli" control={<Radio />} label="Azure CLI login" />
        </RadioGroup>
      </FormControl>
      <Box>
        <Button variant="outlined" disabled={busy} onClick={() => onSignIn(method)}>
          Sign in to Azure
        </Button>
      </Box>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Signing in is optional. Without it the wizard works offline and gives you the PowerShell to run instead. Your
        password is never seen or stored by the wizard.
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        With Browser or Device code you sign in to the application &ldquo;{azureApp.displayName}&rdquo; (client id{' '}
        {azureApp.clientId}) unless your administrator configured another one; Microsoft&rsquo;s sign-in page shows that
        name.
      </Typography>
    </Stack>
  );
}
