// Judges the chain a TLS endpoint presented with the certificate engine (electron/services/cert):
// node.* codes for a Conferencing Node, pfx.* codes for the Teams Connector, the same rules as the
// file checks. This file only adds where the certificate was seen.
import type { X509Certificate } from 'node:crypto';
import type { CertificateFacts } from '../../../shared/api/wizard-api.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import { judgeCertificates } from '../cert/cert-backend.ts';

export interface PresentedJudgeOptions {
  role: 'node' | 'connector';
  pool?: string;
  nodes: string[];
  nodeFqdns: string[];
  sipDomain?: string;
  fqdn?: string;
  trustPem?: string;
  now: Date;
  endpoint: string;
}

/** Findings and facts for what an endpoint presented (leaf first, as sent). */
export function judgePresented(
  presented: X509Certificate[],
  o: PresentedJudgeOptions,
): { findings: Finding[]; certificate: CertificateFacts | null } {
  const [leaf, ...rest] = presented;
  if (!leaf) return { findings: [], certificate: null };
  const judged = judgeCertificates(leaf, rest, {
    role: o.role,
    fqdns: o.role === 'connector' && o.fqdn ? [o.fqdn] : undefined,
    pool: o.role === 'node' ? o.pool : undefined,
    nodes: o.nodes,
    nodeFqdns: o.nodeFqdns,
    sipDomain: o.sipDomain,
    trustPem: o.trustPem,
    now: o.now,
  });
  const findings = judged.findings.map((f) => ({
    ...f,
    // The engine words this for files; on the wire the intermediate was simply not sent.
    message: `${o.endpoint} presents: ${f.code === 'node.chain-incomplete' ? `${f.message.replace('is not in the file and', 'was not sent by the server and')} A server must send its intermediates along with its own certificate.` : f.message}`,
  }));
  return { findings, certificate: judged.certificate };
}
