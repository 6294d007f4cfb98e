// An address list ($Px…SourceAddressPrefixes) with what the page already knows offered in one click:
// the nodes' addresses from the Conferencing Nodes step, another list ("same as management
// addresses", as the guide writes it), and the corrected network for an entry with host bits set.
import { Box, Button, Stack } from '@mui/material';
import type { Finding } from '../../shared/model/finding.ts';
import { parseIpv4Prefix } from '../../shared/rules/net.ts';
import { ListField } from './fields.tsx';

export interface PrefixOffer {
  /** Button text, e.g. "Add the nodes' addresses". */
  label: string;
  values: readonly string[];
}

/** Entries with host bits set and the network Azure accepts instead ("91.90.42.96/26" → "91.90.42.64/26"). */
export function hostBitFixes(list: readonly string[]): { from: string; to: string }[] {
  return list.flatMap((entry) => {
    const r = parseIpv4Prefix(entry);
    return !r.ok && r.kind === 'host-bits' && r.network ? [{ from: entry, to: r.network }] : [];
  });
}

/** A bare address becomes a /32 so that lists compare the way the rules do. */
function asPrefix(v: string): string {
  return v.includes('/') ? v : `${v}/32`;
}

function missing(list: readonly string[], values: readonly string[]): string[] {
  const have = new Set(list.map(asPrefix));
  return [...new Set(values.map(asPrefix))].filter((v) => !have.has(v));
}

export function PrefixListField(p: {
  label: string;
  name: string;
  value: readonly string[];
  onChange: (v: string[]) => void;
  findings: readonly Finding[];
  hint?: string;
  offers?: readonly PrefixOffer[];
}) {
  const fixes = hostBitFixes(p.value);
  const offers = (p.offers ?? [])
    .map((o) => ({ ...o, add: missing(p.value, o.values) }))
    .filter((o) => o.add.length > 0);
  return (
    <Stack spacing={1}>
      <ListField
        label={p.label}
        name={p.name}
        value={p.value}
        onChange={p.onChange}
        findings={p.findings}
        {...(p.hint ? { hint: p.hint } : {})}
      />
      {(fixes.length > 0 || offers.length > 0) && (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
          {fixes.map((f) => (
            <Button
              key={`fix-${f.from}`}
              size="small"
              variant="outlined"
              onClick={() => p.onChange(p.value.map((x) => (x === f.from ? f.to : x)))}
            >
              Use {f.to} instead of {f.from}
            </Button>
          ))}
          {offers.map((o) => (
            <Button
              key={`offer-${o.label}`}
              size="small"
              variant="outlined"
              onClick={() => p.onChange([...p.value, ...o.add])}
            >
              {o.label} ({o.add.join(', ')})
            </Button>
          ))}
        </Box>
      )}
    </Stack>
  );
}
