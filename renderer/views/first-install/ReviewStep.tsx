// Review and generate: the summary, open warnings and the generated files.
import { Stack, Typography } from '@mui/material';
import { ReviewSummary } from '../../components/review.tsx';
import { ConfirmBox } from '../../components/ConfirmBox.tsx';
import { FindingList } from '../../components/fields.tsx';
import { unplacedFindings } from '../../machines/findings-and-edits.ts';
import { ArtifactsPanel } from '../../components/ArtifactsPanel.tsx';
import { generateRequest } from '../../machines/journey.ts';
import type { StepProps } from './step-props.ts';

export function ReviewStep({ ctx, send, busy }: Pick<StepProps, 'ctx' | 'send' | 'busy'>) {
  return (
    <Stack spacing={2}>
      <Typography>
        Everything below is generated from your answers. Read it, copy what you need, and save all the files into the
        folder with the connector&apos;s PowerShell files.
      </Typography>
      <ReviewSummary project={ctx.project} regionIndex={ctx.regionIndex} findings={ctx.findings} />
      <ConfirmBox
        checked={ctx.includeSecrets}
        onChange={(value) => send({ type: 'SET_INCLUDE_SECRETS', value })}
        label="Write the passwords into the scripts: the VM admin password, and the app password once you paste the install output (otherwise the scripts ask for them)"
      />
      <FindingList findings={unplacedFindings(ctx.findings)} />
      {ctx.generated && (
        <ArtifactsPanel
          artifacts={ctx.generated.artifacts}
          findings={ctx.generated.findings}
          saved={ctx.saved}
          busy={busy}
          request={generateRequest(ctx, ctx.journey)}
          onSaveAll={(folder) => send({ type: 'SAVE_ALL', folder })}
        />
      )}
    </Stack>
  );
}
