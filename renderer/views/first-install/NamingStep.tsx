// Names: the base name, region, host name and resource groups, with the names Azure derives.
import { Stack } from '@mui/material';
import { derivedNames } from '../../../shared/model/derived.ts';
import { Section, VarField, FactTable, FindingList } from '../../components/fields.tsx';
import { findingsFor } from '../../machines/findings-and-edits.ts';
import type { StepProps } from './step-props.ts';
import { variableBinder } from '../../components/variable-labels.ts';

export function NamingStep({ ctx, v, ff, setVar }: Pick<StepProps, 'ctx' | 'v' | 'ff' | 'setVar'>) {
  const bind = variableBinder(v, setVar, ff);
  const d = derivedNames(v);
  const ready = v.PxBaseConnName !== '' && v.PxVmssRegion !== '';
  const show = (s: string) => (ready ? s : '—');
  return (
    <Stack spacing={3}>
      <Section
        title="Your names"
        description="The scripts build every Azure name from these two short names. Pick them once: changing them later means a new deployment."
      >
        <VarField
          {...bind('PxBaseConnName')}
          trim
          hint="1–9 lower-case letters or digits, starting with a letter, e.g. contoso."
          required
        />
        <VarField
          {...bind('PxVmssRegion')}
          trim
          hint="2–4 lower-case letters or digits naming this region, e.g. eu."
          required
        />
        <VarField
          {...bind('PxTeamsConnFqdn')}
          trim
          hint="The DNS name your Conferencing Nodes use to reach the connector, e.g. pexip-teamsconn-eu.teams.example.com. The certificate must carry it."
          required
        />
      </Section>
      <Section title="What will be created" description="These names appear in Azure exactly like this.">
        <FactTable
          label="Derived names"
          rows={[
            ['Static resource group', show(d.staticResourceGroup)],
            ['Resource group for the instances', show(d.dynamicResourceGroup)],
            ['Scale set (VMSS)', show(d.vmss)],
            ['App registration', v.PxBaseConnName ? d.appDisplayName : '—'],
            ['Azure Bot (unique across Azure)', v.PxBaseConnName ? d.bot : '—'],
            ['Bot channel resource group', v.PxBaseConnName ? d.botChannelResourceGroup : '—'],
            ['Consent page', v.PxBaseConnName ? d.consentUrlPattern : '—'],
          ]}
        />
      </Section>
      <FindingList
        quiet
        findings={findingsFor(
          ctx.findings,
          ['PxTeamsConnResourceGroupName', 'PxTeamsConnStaticResourceGroupName'],
          v.PxVmssRegion || null,
        )}
      />
    </Stack>
  );
}
