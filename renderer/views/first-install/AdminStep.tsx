// VM admin and updates: the Windows admin account and the update schedule.
import { Stack, Typography } from '@mui/material';
import { VarField, Section } from '../../components/fields.tsx';
import type { StepProps } from './step-props.ts';
import { variableBinder } from '../../components/variable-labels.ts';

const DAYS = ['Every day', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function AdminStep({ ctx, v, ff, setVar, send }: Pick<StepProps, 'ctx' | 'v' | 'ff' | 'setVar' | 'send'>) {
  const bind = variableBinder(v, setVar, ff);
  const hours = Array.from({ length: 24 }, (_, h) => String(h));
  const hourSelect = (
    label: string,
    field: 'PxWupdScheduledInstallTime' | 'PxWupdActiveHoursStart' | 'PxWupdActiveHoursEnd',
  ) => (
    <VarField
      label={label}
      name={field}
      value={v[field]}
      onChange={(x) => setVar({ [field]: x })}
      findings={ff(field)}
      hint="UTC"
      options={hours.map((h) => [h, `${h.padStart(2, '0')}:00`] as const)}
    />
  );
  return (
    <Stack spacing={3}>
      <Section title="Windows admin account of the connector VMs">
        <VarField
          {...bind('PxWinAdminUser')}
          hint="Up to 20 characters; names like admin, administrator or root are refused by Azure."
          required
        />
        <VarField
          label="Admin password ($PxWinAdminPassword, optional)"
          name="PxWinAdminPassword"
          type="password"
          autoComplete="new-password"
          value={ctx.transient.adminPassword ?? ''}
          onChange={(value) => send({ type: 'SET_SECRET', key: 'adminPassword', value })}
          findings={ff('PxWinAdminPassword')}
          hint="Kept in memory only. Leave it empty and the script asks for it when it runs. 8–123 characters with three of: lower case, upper case, digit, special character."
        />
      </Section>
      <Section title="Windows Update window" description="When the VMs install updates and restart (UTC).">
        <VarField
          label="Install day"
          name="PxWupdScheduledInstallDay"
          value={v.PxWupdScheduledInstallDay}
          onChange={(x) => setVar({ PxWupdScheduledInstallDay: x })}
          findings={ff('PxWupdScheduledInstallDay')}
          options={DAYS.map((d, i) => [String(i), d] as const)}
        />
        {hourSelect('Install time', 'PxWupdScheduledInstallTime')}
        <Stack direction="row" spacing={2}>
          {hourSelect('Active hours start', 'PxWupdActiveHoursStart')}
          {hourSelect('Active hours end', 'PxWupdActiveHoursEnd')}
        </Stack>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          No restarts happen in the active hours; the window may be at most 18 hours long.
        </Typography>
      </Section>
    </Stack>
  );
}
