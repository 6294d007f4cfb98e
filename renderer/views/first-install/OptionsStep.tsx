// Options: Infinity domains, Teams dialing options, tags and the app registration.
import { Stack, FormControlLabel, Switch, FormControl, FormLabel, Typography, RadioGroup, Radio } from '@mui/material';
import { FieldMessages, Section, VarField } from '../../components/fields.tsx';
import { TagsEditor } from '../../components/TagsEditor.tsx';
import type { StepProps } from './step-props.ts';

export function OptionsStep({ ctx, v, ff, setVar, send }: Pick<StepProps, 'ctx' | 'v' | 'ff' | 'setVar' | 'send'>) {
  const usage = v.PxCustomerUsageAttribution === null ? '' : v.PxCustomerUsageAttribution ? 'yes' : 'no';
  const usageErr = ff('PxCustomerUsageAttribution');
  const teams = ctx.project.infinity.teams;
  return (
    <Stack spacing={3}>
      <FormControlLabel
        control={
          <Switch
            checked={v.PxTeamsConnIncidentReporting}
            onChange={(e) => setVar({ PxTeamsConnIncidentReporting: e.target.checked })}
          />
        }
        label="Send incident reports to Pexip (recommended; $PxTeamsConnIncidentReporting)"
      />
      <FormControl>
        <FormLabel id="usage-label">Customer usage attribution ($PxCustomerUsageAttribution)</FormLabel>
        <Typography variant="body2" sx={{ color: 'text.secondary', my: 0.5 }}>
          Lets Microsoft tell Pexip which Azure resources run the connector. There is no default: choose one.
        </Typography>
        <RadioGroup
          aria-labelledby="usage-label"
          row
          value={usage}
          onChange={(e) => setVar({ PxCustomerUsageAttribution: e.target.value === 'yes' })}
        >
          <FormControlLabel value="yes" control={<Radio />} label="Yes, allow" />
          <FormControlLabel value="no" control={<Radio />} label="No" />
        </RadioGroup>
        <FieldMessages findings={usageErr} />
      </FormControl>
      <Section
        title="Tags ($tags, optional)"
        description="Name/value pairs put on every resource group and resource, e.g. for cost reports."
      >
        <TagsEditor tags={v.tags} onChange={(tags) => setVar({ tags })} findings={ff('tags')} />
      </Section>
      <Section title="Teams dialing instructions" description="Used for the Teams commands at the end.">
        <VarField
          label="Virtual Reception alias"
          name="ivrAlias"
          value={teams.ivrAlias}
          onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { ivrAlias: x.trim() } } })}
          findings={ff('ivrAlias')}
          hint="e.g. teams (people dial teams@your domain)"
        />
        <VarField
          label="Test call alias (optional)"
          name="testCallAlias"
          value={teams.testCallAlias ?? ''}
          onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { testCallAlias: x.trim() || null } } })}
          findings={ff('testCallAlias')}
        />
        <FormControlLabel
          control={
            <Switch
              checked={teams.browserJoin}
              onChange={(e) => send({ type: 'SET_INFINITY', patch: { teams: { browserJoin: e.target.checked } } })}
            />
          }
          label="Offer joining from a web browser"
        />
        <VarField
          label="Dial prefix (optional, prefix=)"
          name="prefix"
          value={teams.prefix ?? ''}
          onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { prefix: x || null } } })}
          trim
          findings={ff('prefix')}
          hint="Only with a dial plan that routes Teams calls by a prefix, e.g. teams. — it then matches your Call Routing Rules."
        />
        <VarField
          label="Node IP address for direct dialing (optional, ip=)"
          name="instructionIp"
          value={teams.instructionIp ?? ''}
          onChange={(x) => send({ type: 'SET_INFINITY', patch: { teams: { instructionIp: x || null } } })}
          trim
          findings={ff('instructionIp')}
          hint="The public address of one Conferencing Node, for systems (some H.323) that dial an IP address; add it as an alias of the Virtual Reception too."
        />
      </Section>
    </Stack>
  );
}
