// Azure subscription: subscription, location and instance count, with an optional live check.
import { Stack, Alert, Box, Button } from '@mui/material';
import { preflightFactRows } from '../../../shared/model/preflight-facts.ts';
import { capacityEstimate } from '../../machines/findings-and-edits.ts';
import { Section, VarField, FactTable, FindingList } from '../../components/fields.tsx';
import { SignInPanel } from '../../components/SignInPanel.tsx';
import type { StepProps } from './step-props.ts';
import { VAR_LABEL, variableBinder } from '../../components/variable-labels.ts';

export function AzureStep({
  ctx,
  v,
  ff,
  setVar,
  send,
  busy,
}: Pick<StepProps, 'ctx' | 'v' | 'ff' | 'setVar' | 'send' | 'busy'>) {
  const bind = variableBinder(v, setVar, ff);
  const cap = capacityEstimate(v.PxTeamsConnInstanceCount);
  const subs = ctx.account?.subscriptions ?? [];
  return (
    <Stack spacing={3}>
      <Section title="Subscription and location">
        {subs.length > 0 ? (
          <VarField
            label="Subscription ($PxSubscriptionId)"
            name="PxSubscriptionId"
            value={subs.some((s) => s.id === v.PxSubscriptionId) ? v.PxSubscriptionId : ''}
            onChange={(x) => setVar({ PxSubscriptionId: x })}
            findings={ff('PxSubscriptionId')}
            hint="From your Azure sign-in."
            options={subs.map((s) => [s.id, `${s.name} (${s.id})`] as const)}
            required
          />
        ) : (
          <VarField
            label="Subscription ID ($PxSubscriptionId)"
            name="PxSubscriptionId"
            value={v.PxSubscriptionId}
            onChange={(x) => setVar({ PxSubscriptionId: x.trim() })}
            findings={ff('PxSubscriptionId')}
            hint="The GUID shown in the Azure portal under Subscriptions."
            required
          />
        )}
        <VarField
          {...bind('PxAzureLocation')}
          trim
          hint="Lower-case region name, e.g. westeurope. It must offer Fs-series VMs (Standard_F4s) and Azure Automation."
          required
        />
        <VarField
          label={VAR_LABEL.PxTeamsConnInstanceCount}
          name="PxTeamsConnInstanceCount"
          value={v.PxTeamsConnInstanceCount}
          onChange={(x) => setVar({ PxTeamsConnInstanceCount: x.trim() })}
          findings={ff('PxTeamsConnInstanceCount').filter((f) => !(cap && f.severity === 'info'))}
          inputMode="numeric"
          hint="1 to 100."
          required
        />
        {cap && (
          // The rules' capacity note says the same; shown once, here, with the figures in bold.
          <Alert severity="info" role="status">
            {cap.vcpu === 4 ? '1 instance needs' : `${v.PxTeamsConnInstanceCount} instances need`}{' '}
            <b>{cap.vcpu} vCPU</b> of Fs-series quota in {v.PxAzureLocation || 'the location'} and carry about{' '}
            <b>
              {cap.callsLow}–{cap.callsHigh} concurrent calls
            </b>
            . Ask Microsoft for more quota early if the default (often 10–20 cores) is too small.
          </Alert>
        )}
      </Section>
      <Section
        title="Check it live in Azure (optional)"
        description="With a sign-in the wizard checks the location, the Fs-series and regional vCPU quota, whether the static resource group exists, and leftover Key Vaults from an earlier uninstall."
      >
        <SignInPanel account={ctx.account} onSignIn={(method) => send({ type: 'SIGN_IN', method })} busy={busy} />
        {ctx.account && (
          <Box>
            <Button variant="outlined" disabled={busy} onClick={() => send({ type: 'PREFLIGHT' })}>
              Check subscription and location
            </Button>
          </Box>
        )}
        {ctx.preflight && (
          <>
            <FactTable
              label="Azure facts"
              rows={preflightFactRows(ctx.preflight.facts, [
                'skuAvailable',
                'automationAvailable',
                'vcpuNeeded',
                'fsFamilyFree',
                'regionalFree',
                'staticGroupExists',
                'deletedKeyVaults',
              ])}
            />
            <FindingList findings={ctx.preflight.findings} title="Azure findings" />
          </>
        )}
      </Section>
    </Stack>
  );
}
