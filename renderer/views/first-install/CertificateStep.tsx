// Connector certificate: the PFX, its password and verdict, and the name the scripts use for it.
import type { RegionVariables } from '../../../shared/model/project.ts';
import type { FirstInstallContext } from '../../machines/first-install.ts';
import { PfxPanel } from '../../components/PfxPanel.tsx';
import { scriptPfxName, PfxFileNameField } from '../../components/PfxFileNameField.tsx';
import type { FF, SetVar, Send } from './step-props.ts';

export function CertificateStep({
  ctx,
  v,
  ff,
  setVar,
  send,
  analyzing,
  canAnalyze,
}: {
  ctx: FirstInstallContext;
  v: RegionVariables;
  ff: FF;
  setVar: SetVar;
  send: Send;
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
