// $PxPfxCertFileName: the name the scripts use for the PFX next to them.
import type { Finding } from '../../shared/model/finding.ts';
import { VarField } from './fields.tsx';
import { VAR_LABEL } from './variable-labels.ts';

/** The name the scripts use for a chosen PFX: in the scripts' folder, under the file's own name. */
export function scriptPfxName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() || 'connector.pfx';
  return `.\\${base}`;
}

/** $PxPfxCertFileName, with the reminder that the file must sit next to the scripts under that name. */
export function PfxFileNameField({
  value,
  onChange,
  findings,
}: {
  value: string;
  onChange: (v: string) => void;
  findings: readonly Finding[];
}) {
  const base = value.split(/[\\/]/).pop() || 'the PFX';
  return (
    <VarField
      label={VAR_LABEL.PxPfxCertFileName}
      name="PxPfxCertFileName"
      value={value}
      onChange={onChange}
      trim
      findings={findings}
      hint={
        <>
          Follows the file you choose. Copy <b>{base}</b> into the folder with the connector&apos;s scripts: they read
          it from there under this name.
        </>
      }
    />
  );
}
