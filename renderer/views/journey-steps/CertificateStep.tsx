// Connector certificate, in every journey that asks for it: the PFX, its password and verdict, the
// private CA and Build a PFX, and the name the scripts use for the file.
import type { RegionVariables } from '../../../shared/model/project.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import type { EditEvent, JourneyContext } from '../../machines/journey.ts';
import { PfxPanel } from '../../components/PfxPanel.tsx';
import { scriptPfxName, PfxFileNameField } from '../../components/PfxFileNameField.tsx';

/** The events this step sends: each journey's machine takes all of them. */
export type CertificateStepEvent =
  Extract<EditEvent, { type: 'SET_PFX_FILE' | 'SET_SECRET' | 'SET_TRUST_PEM' }> | { type: 'ANALYZE_PFX' };

export function CertificateStep({
  ctx,
  v,
  ff,
  setVar,
  send,
  analyzing,
  canAnalyze,
}: {
  ctx: Pick<JourneyContext, 'transient' | 'cert'>;
  v: RegionVariables;
  ff: (field: string) => Finding[];
  setVar: (patch: Partial<RegionVariables>) => void;
  send: (e: CertificateStepEvent) => void;
  analyzing: boolean;
  canAnalyze: boolean;
}) {
  return (
    <PfxPanel
      fqdn={v.PxTeamsConnFqdn}
      file={ctx.transient.pfxFile}
      password={ctx.transient.pfxPassword ?? ''}
      cert={ctx.cert}
      analyzing={analyzing}
      canAnalyze={canAnalyze}
      onFile={(file) => {
        send({ type: 'SET_PFX_FILE', file });
        if (file) setVar({ PxPfxCertFileName: scriptPfxName(file.name) });
      }}
      onPassword={(value) => send({ type: 'SET_SECRET', key: 'pfxPassword', value })}
      onAnalyze={() => send({ type: 'ANALYZE_PFX' })}
      trustPem={ctx.transient.trustPem ?? ''}
      onTrustPem={(pem) => send({ type: 'SET_TRUST_PEM', pem })}
      csrFqdns={[v.PxTeamsConnFqdn]}
      onBuilt={(file, password) => {
        send({ type: 'SET_PFX_FILE', file });
        send({ type: 'SET_SECRET', key: 'pfxPassword', value: password });
        setVar({ PxPfxCertFileName: scriptPfxName(file.name) });
        send({ type: 'ANALYZE_PFX' });
      }}
      fileNameField={
        <PfxFileNameField
          value={v.PxPfxCertFileName}
          onChange={(x) => setVar({ PxPfxCertFileName: x })}
          findings={ff('PxPfxCertFileName')}
        />
      }
    />
  );
}
