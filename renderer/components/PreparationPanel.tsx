// Prepare Azure: the static resource group and the Owner role, done by the wizard or by a PowerShell
// script for someone else to run.
import {
  Stack,
  Typography,
  FormControl,
  FormLabel,
  RadioGroup,
  FormControlLabel,
  Radio,
  Box,
  Button,
  Alert,
  AlertTitle,
  Accordion,
  AccordionSummary,
  AccordionDetails,
} from '@mui/material';
import type { AzureAccount, PrepareResult, SignInMethod } from '../../shared/api/wizard-api.ts';
import { VarField, FindingList, BulletList, CodeBlock } from './fields.tsx';
import { SignInPanel } from './SignInPanel.tsx';
import { ExpandMark } from './ExpandMark.tsx';

export function PreparationPanel(p: {
  staticRg: string;
  location: string;
  mode: 'wizard' | 'handover';
  ownerUpn: string;
  account: AzureAccount | null;
  prepare: PrepareResult | null;
  busy: boolean;
  onMode: (m: 'wizard' | 'handover') => void;
  onOwner: (upn: string) => void;
  onSignIn: (m: SignInMethod) => void;
  onPrepare: () => void;
  onShowPowerShell: () => void;
}) {
  return (
    <Stack spacing={2}>
      <Typography variant="body1">
        Before the install, the static resource group <b>{p.staticRg}</b> must exist in{' '}
        <b>{p.location || 'your location'}</b>, and the person who runs the scripts needs the <b>Owner</b> role on it
        (the Key Vault inside requires it). A subscription Owner does this once per region.
      </Typography>
      <FormControl>
        <FormLabel id="prep-mode">Who creates it?</FormLabel>
        <RadioGroup
          aria-labelledby="prep-mode"
          value={p.mode}
          onChange={(e) => p.onMode(e.target.value as 'wizard' | 'handover')}
        >
          <FormControlLabel
            value="wizard"
            control={<Radio />}
            label="The wizard, with my Azure sign-in (I am Owner of the subscription)"
          />
          <FormControlLabel
            value="handover"
            control={<Radio />}
            label="Someone else: give me the PowerShell to hand over"
          />
        </RadioGroup>
      </FormControl>
      <VarField
        label="Owner role for (optional)"
        value={p.ownerUpn}
        onChange={p.onOwner}
        placeholder="installer@example.com"
        hint="The sign-in name of the person who will run the install script, if that is not you."
      />
      {p.mode === 'wizard' ? (
        <>
          <SignInPanel account={p.account} onSignIn={p.onSignIn} busy={p.busy} />
          <Box>
            <Button variant="contained" color="secondary" disabled={!p.account || p.busy} onClick={p.onPrepare}>
              Create the resource group and assign Owner
            </Button>
          </Box>
        </>
      ) : (
        <Box>
          <Button variant="contained" color="secondary" disabled={p.busy} onClick={p.onShowPowerShell}>
            Show the PowerShell
          </Button>
        </Box>
      )}
      {p.prepare && (
        <Stack spacing={1}>
          <FindingList findings={p.prepare.findings} />
          {p.prepare.done.length > 0 && (
            <Alert severity="success">
              <AlertTitle>Done</AlertTitle>
              <BulletList items={p.prepare.done} />
            </Alert>
          )}
          {p.prepare.remaining.length > 0 && (
            <Alert severity={p.mode === 'handover' ? 'info' : 'warning'}>
              <AlertTitle>Still to do</AlertTitle>
              <BulletList items={p.prepare.remaining} />
            </Alert>
          )}
          {p.prepare.powershell &&
            (p.mode === 'wizard' && p.prepare.remaining.length === 0 ? (
              // Already done by the wizard: the script is for the records, not a further step.
              <Accordion disableGutters variant="outlined">
                <AccordionSummary expandIcon={<ExpandMark />} aria-controls="prep-ps" id="prep-ps-header">
                  <Typography>For your records: the same in PowerShell (nothing left to run)</Typography>
                </AccordionSummary>
                <AccordionDetails id="prep-ps">
                  <CodeBlock text={p.prepare.powershell} what="preparation PowerShell" />
                </AccordionDetails>
              </Accordion>
            ) : (
              <>
                <Typography variant="body2">
                  {p.mode === 'wizard'
                    ? 'What is still to do, in PowerShell, for the subscription Owner:'
                    : 'Run this in PowerShell as the subscription Owner:'}
                </Typography>
                <CodeBlock text={p.prepare.powershell} what="preparation PowerShell" />
              </>
            ))}
        </Stack>
      )}
    </Stack>
  );
}
