// A confirmation the admin ticks when the wizard cannot check a thing itself.
import type { ReactNode } from 'react';
import { FormControlLabel, Checkbox } from '@mui/material';

export function ConfirmBox({
  checked,
  onChange,
  label,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  label: ReactNode;
}) {
  return (
    <FormControlLabel
      control={<Checkbox checked={checked} onChange={(e) => onChange(e.target.checked)} />}
      label={label}
    />
  );
}
