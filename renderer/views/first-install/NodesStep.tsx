// Conferencing Nodes: the pool and node names, their addresses and certificates.
import { Stack, Button, Box, FormControlLabel, Switch, Typography, Alert } from '@mui/material';
import type { NodeMember } from '../../../shared/model/project.ts';
import { Section, VarField, FindingList, ListField, FilePicker } from '../../components/fields.tsx';
import { TrustAnchors } from '../../components/TrustAnchors.tsx';
import { CertificateFacts } from '../../components/CertificateFacts.tsx';
import type { StepProps } from './step-props.ts';
import { variableBinder } from '../../components/variable-labels.ts';

export function NodesStep({
  ctx,
  v,
  ff,
  setVar,
  send,
  busy,
}: Pick<StepProps, 'ctx' | 'v' | 'ff' | 'setVar' | 'send' | 'busy'>) {
  const bind = variableBinder(v, setVar, ff);
  const r = ctx.project?.regions[ctx.regionIndex];
  const members = r?.nodes.members ?? [];
  const setMembers = (m: NodeMember[]) => send({ type: 'SET_NODES', members: m });
  const inf = ctx.project.infinity;
  return (
    <Stack spacing={3}>
      <Section
        title="Pool and nodes"
        description="The Conferencing Nodes the Teams Connector talks to. One certificate per pool is simplest: the pool name as subject, the pool and every node as alternative names."
      >
        <VarField
          label="Pool name"
          name="pool"
          value={r?.nodes.pool ?? ''}
          onChange={(x) => send({ type: 'SET_NODES', pool: x.trim() })}
          findings={ff('pool')}
          hint="e.g. px.vc.example.com"
          required
        />
        {members.map((m, i) => (
          <Stack key={i} direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <VarField
              label={`Node ${i + 1} FQDN`}
              value={m.fqdn}
              onChange={(x) => setMembers(members.map((n, j) => (j === i ? { ...n, fqdn: x.trim() } : n)))}
              findings={ff(`members[${i}]`)}
            />
            <VarField
              label={`Node ${i + 1} public IP`}
              value={m.ip ?? ''}
              onChange={(x) => setMembers(members.map((n, j) => (j === i ? { ...n, ip: x.trim() || null } : n)))}
            />
            <Button aria-label={`Remove node ${i + 1}`} onClick={() => setMembers(members.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </Stack>
        ))}
        <Box>
          <Button variant="outlined" size="small" onClick={() => setMembers([...members, { fqdn: '', ip: null }])}>
            Add a node
          </Button>
        </Box>
        <FindingList findings={ff('members')} />
        <ListField
          {...bind('PxNodeFqdns')}
          hint="One per line; usually just the pool name. No wildcards. Each must be in the nodes' certificate."
        />
        {v.PxNodeFqdns.length === 0 && r?.nodes.pool && (
          <Box>
            <Button size="small" onClick={() => setVar({ PxNodeFqdns: [r.nodes.pool] })}>
              Use the pool name
            </Button>
          </Box>
        )}
      </Section>
      <Section title="Domains">
        <VarField
          label="Primary domain"
          name="primaryDomain"
          value={inf.primaryDomain}
          onChange={(x) => send({ type: 'SET_INFINITY', patch: { primaryDomain: x.trim() } })}
          findings={ff('primaryDomain')}
          hint="e.g. example.com (Teams tenant key domain)"
        />
        <VarField
          label="Pexip subdomain"
          name="subdomain"
          value={inf.subdomain}
          onChange={(x) => send({ type: 'SET_INFINITY', patch: { subdomain: x.trim() } })}
          findings={ff('subdomain')}
          hint="e.g. vc.example.com"
        />
        <FormControlLabel
          control={
            <Switch
              checked={inf.sfbFederation}
              onChange={(e) => send({ type: 'SET_INFINITY', patch: { sfbFederation: e.target.checked } })}
            />
          }
          label="Skype for Business / Lync federation (the node certificate must also carry the SIP domain)"
        />
      </Section>
      <Section
        title="Check the node certificates (optional)"
        description="Choose the PEM certificate(s) your Conferencing Nodes present."
      >
        <FilePicker
          kind="pem"
          label="Choose PEM files"
          accept=".pem,.crt,.cer"
          multiple
          onPicked={(files) => send({ type: 'SET_NODE_CERT_FILES', files })}
          chosen={ctx.transient.nodeCertFiles?.map((f) => f.name).join(', ')}
        />
        <TrustAnchors pem={ctx.transient.trustPem ?? ''} onChange={(pem) => send({ type: 'SET_TRUST_PEM', pem })} />
        <Box>
          <Button
            variant="outlined"
            disabled={busy || !ctx.transient.nodeCertFiles?.length}
            onClick={() => send({ type: 'ANALYZE_NODE_CERTS' })}
          >
            Check node certificates
          </Button>
        </Box>
        {ctx.nodeCerts?.map((c) => (
          <Box key={c.file}>
            <Typography variant="subtitle2" component="p">
              {c.file}
            </Typography>
            <CertificateFacts cert={c} />
            {c.recommendation && (
              <Alert severity="info">
                Recommended: subject {c.recommendation.subject}; alternative names{' '}
                {c.recommendation.subjectAltNames.join(', ')}
              </Alert>
            )}
          </Box>
        ))}
      </Section>
    </Stack>
  );
}
