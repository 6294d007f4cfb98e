// What the admin is about to generate, on one screen: the values that end up in the scripts and the
// warnings still open, so nothing is generated on a value nobody looked at again.
import { Alert, AlertTitle, Box, Typography } from '@mui/material';
import type { Project } from '../../shared/model/project.ts';
import type { Finding } from '../../shared/model/finding.ts';
import { derivedNames } from '../../shared/model/derived.ts';
import { FactTable, Section } from './fields.tsx';
import { guiMessage } from './gui-text.ts';
import { onePerProblem } from './visibility.ts';

const DAY = ['every day', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '(empty)');

export function ReviewSummary({
  project,
  regionIndex,
  findings,
  extra = [],
}: {
  project: Project;
  regionIndex: number;
  /** Findings of the project; the warnings among them are listed as still open. */
  findings: readonly Finding[];
  extra?: [string, string][];
}) {
  const r = project.regions[regionIndex];
  if (!r) return null;
  const v = r.variables;
  const d = derivedNames(v);
  const warnings = onePerProblem(findings.filter((f) => f.severity === 'warning'));
  const t = project.infinity.teams;
  return (
    <Section
      title="Summary before you generate"
      description="The values that go into the scripts. To change one, go Back to its step; nothing is lost."
    >
      <FactTable
        label="Values in the scripts"
        rows={[
          ['Connector version', project.connectorVersion],
          ['Base name / region', `${v.PxBaseConnName} / ${v.PxVmssRegion}`],
          ['Host name', v.PxTeamsConnFqdn],
          ['Subscription', v.PxSubscriptionId],
          ['Location, instances', `${v.PxAzureLocation}, ${v.PxTeamsConnInstanceCount}`],
          ['Static resource group', d.staticResourceGroup],
          ['Certificate file', v.PxPfxCertFileName],
          ['Node names ($PxNodeFqdns)', list(v.PxNodeFqdns)],
          ['Nodes allowed (HTTPS)', list(v.PxNodesSourceAddressPrefixes)],
          ['Management (RDP)', list(v.PxMgmtSrcAddrPrefixes)],
          ['Consent page', list(v.PxConsentSourceAddressPrefixes)],
          ['VM admin user', v.PxWinAdminUser],
          [
            'Windows Update',
            `${DAY[Number(v.PxWupdScheduledInstallDay)] ?? v.PxWupdScheduledInstallDay} at ${v.PxWupdScheduledInstallTime.padStart(2, '0')}:00 UTC; active hours ${v.PxWupdActiveHoursStart}–${v.PxWupdActiveHoursEnd}`,
          ],
          [
            'Usage attribution, incident reports',
            `${v.PxCustomerUsageAttribution === null ? 'not chosen' : v.PxCustomerUsageAttribution ? 'yes' : 'no'}, ${v.PxTeamsConnIncidentReporting ? 'yes' : 'no'}`,
          ],
          [
            'Teams dialing',
            `${t.ivrAlias || '(no alias)'}@${project.infinity.primaryDomain || '…'}${t.testCallAlias ? `, test ${t.testCallAlias}` : ''}${t.prefix ? `, prefix ${t.prefix}` : ''}${t.instructionIp ? `, ip ${t.instructionIp}` : ''}`,
          ],
          ...extra,
        ]}
      />
      {warnings.length > 0 ? (
        <Alert severity="warning">
          <AlertTitle>
            {warnings.length} warning{warnings.length === 1 ? '' : 's'} still open
          </AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {warnings.map((f, i) => (
              <li key={`${f.code}-${i}`}>
                <Typography variant="body2" component="span">
                  {guiMessage(f)}
                </Typography>
              </li>
            ))}
          </Box>
        </Alert>
      ) : (
        <Alert severity="success">No open warnings.</Alert>
      )}
    </Section>
  );
}
