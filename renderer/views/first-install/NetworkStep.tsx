// Network access: who may reach the connector (management, nodes, consent page).
import { Stack, Typography } from '@mui/material';
import { PrefixListField } from '../../components/prefixes.tsx';
import type { StepProps } from './step-props.ts';
import { variableBinder } from '../../components/variable-labels.ts';

export function NetworkStep({ ctx, v, ff, setVar }: Pick<StepProps, 'ctx' | 'v' | 'ff' | 'setVar'>) {
  const bind = variableBinder(v, setVar, ff);
  const nodeIps = (ctx.project.regions[ctx.regionIndex]?.nodes.members ?? [])
    .map((m) => m.ip ?? '')
    .filter((ip) => ip !== '');
  return (
    <Stack spacing={3}>
      <Typography>
        Three lists of public IPv4 addresses or CIDR ranges (one per line) become the connector&apos;s network security
        rules. Azure rejects a range with host bits set (e.g. 91.90.42.96/26); the page offers the corrected network.
      </Typography>
      <PrefixListField
        {...bind('PxMgmtSrcAddrPrefixes')}
        hint="Your management network's public addresses. Empty means nobody can use RDP."
      />
      <PrefixListField
        {...bind('PxNodesSourceAddressPrefixes')}
        hint="The nodes' public addresses plus your management addresses, as the guide writes it. Empty means anyone may connect."
        offers={[
          { label: "Add the nodes' addresses", values: nodeIps },
          { label: 'Add the management addresses', values: v.PxMgmtSrcAddrPrefixes },
        ]}
      />
      <PrefixListField
        {...bind('PxConsentSourceAddressPrefixes')}
        hint="Empty makes the page public (it shows the app IDs)."
        offers={[{ label: 'Same as management addresses', values: v.PxMgmtSrcAddrPrefixes }]}
      />
    </Stack>
  );
}
