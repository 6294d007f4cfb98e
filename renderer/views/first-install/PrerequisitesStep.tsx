// Before you start: the roles, PowerShell modules, ZIP and certificates the install needs.
import { Stack, Typography, Box } from '@mui/material';
import { type PrereqKey, PREREQUISITES } from '../../machines/first-install.ts';
import { ConfirmBox } from '../../components/ConfirmBox.tsx';
import { VarField } from '../../components/fields.tsx';
import { fieldFindings } from '../../machines/findings-and-edits.ts';
import type { StepProps } from './step-props.ts';

const PREREQ_TEXT: Record<PrereqKey, { label: string; detail: string }> = {
  roles: {
    label: 'I have the Azure roles',
    detail:
      'Contributor on the subscription for the install, Owner on the static resource group (a subscription Owner can grant it in the "Prepare Azure" step), and a Global Administrator for the app consent and the Teams commands at the end.',
  },
  modules: {
    label: 'PowerShell modules are installed',
    detail:
      'On the Windows PC that runs the scripts, in Windows PowerShell 5.1 (PowerShell ISE; the AzureAD module does not run in PowerShell 7), as Administrator: Install-Module -Name AzureAD -RequiredVersion 2.0.2.106 and Install-Module -Name Az -MinimumVersion 4.7.0 -AllowClobber -Scope AllUsers. For the Teams commands at the end: Install-Module MicrosoftTeams -MinimumVersion 2.0.0 -AllowClobber.',
  },
  connectorZip: {
    label: 'I have the Teams Connector ZIP of the same version as Pexip Infinity',
    detail:
      'Download the Teams Connector ZIP whose version matches your Infinity deployment exactly (including the dot release, e.g. 26.2) and extract it to a folder on that PC.',
  },
  certificates: {
    label: 'I have (or am getting) the certificates',
    detail:
      "A PFX for the Teams Connector's host name from a public CA (RSA key, all intermediates inside), and publicly trusted certificates on the Conferencing Nodes.",
  },
};

export function PrerequisitesStep({ ctx, send }: Pick<StepProps, 'ctx' | 'send'>) {
  return (
    <Stack spacing={2}>
      <Typography>
        The Teams Connector runs in your own Azure subscription. The wizard collects the values the vendor&apos;s
        scripts need, checks each one as you type, and writes the scripts for you. First make sure you have what the
        install needs:
      </Typography>
      {PREREQUISITES.map((k) => (
        <Box key={k}>
          <ConfirmBox
            checked={ctx.prereqs[k]}
            onChange={(value) => send({ type: 'SET_PREREQ', key: k, value })}
            label={<b>{PREREQ_TEXT[k].label}</b>}
          />
          <Typography variant="body2" sx={{ ml: 4, color: 'text.secondary' }}>
            {PREREQ_TEXT[k].detail}
          </Typography>
        </Box>
      ))}
      <Box sx={{ maxWidth: 360 }}>
        <VarField
          label="Teams Connector version"
          name="connectorVersion"
          value={ctx.project.connectorVersion}
          onChange={(version) => send({ type: 'SET_VERSION', version })}
          findings={fieldFindings(ctx.findings, 'connectorVersion', null)}
          hint="The version of the ZIP you downloaded; it must match your Pexip Infinity version exactly, e.g. 26.2."
        />
      </Box>
    </Stack>
  );
}
