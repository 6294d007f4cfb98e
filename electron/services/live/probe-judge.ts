// Turns the chain a TLS endpoint presented into the certificate engine's model (shared/cert/judge.ts)
// and judges it with the same rules as the file checks: node.* codes for a node, pfx.* codes for the
// Teams Connector. Path building here is deliberately small: presented certificates + trust anchors.
// DUPLICATION NOTE: the X509Certificate → CertModel conversion and path building belong to the
// certificate engine's Node side (electron/services/cert); switch to it once it exports them.
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateFacts } from '../../../shared/api/wizard-api.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import { judgeChainModel, judgeNodeNames, ekuName, type CertModel, type ChainModel } from '../../../shared/cert/judge.ts';
import { rulesFor } from '../../../shared/cert/rules.ts';
import { commonNameOf, oneLineDn, parseSubjectAltNames } from '../../../shared/cert/names.ts';

const SIGNATURE_OIDS: Record<string, { name: string; hash: string | null }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', hash: null },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', hash: null },
};

/** Node 20's X509Certificate does not expose the signature algorithm: read it from the DER. */
function signatureAlgorithmOf(x: X509Certificate): { name: string; hash: string | null } {
  try {
    const asn = forge.asn1.fromDer(forge.util.createBuffer(x.raw.toString('binary')));
    const algId = (asn.value as forge.asn1.Asn1[])[1]!;
    const oid = forge.asn1.derToOid((algId.value as forge.asn1.Asn1[])[0]!.value as string);
    return SIGNATURE_OIDS[oid] ?? { name: oid, hash: null };
  } catch {
    return { name: 'unknown', hash: null };
  }
}

function isSelfSigned(x: X509Certificate): boolean {
  try {
    return x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

export function certModelOf(x: X509Certificate): CertModel {
  const sig = signatureAlgorithmOf(x);
  const details = x.publicKey.asymmetricKeyDetails;
  return {
    subject: oneLineDn(x.subject),
    issuer: oneLineDn(x.issuer),
    commonName: commonNameOf(x.subject),
    dnsNames: parseSubjectAltNames(x.subjectAltName).filter((s) => s.type === 'DNS').map((s) => s.value),
    notBefore: Date.parse(x.validFrom),
    notAfter: Date.parse(x.validTo),
    keyType: x.publicKey.asymmetricKeyType ?? 'unknown',
    keySize: details?.modulusLength ?? null,
    ekus: x.keyUsage ?? null,
    signatureHash: sig.hash,
    signatureAlgorithm: sig.name,
    selfSigned: isSelfSigned(x),
    isCa: x.ca,
    aiaCaIssuers: (x.infoAccess ?? '').split('\n').filter((l) => l.startsWith('CA Issuers - URI:')).map((l) => l.slice('CA Issuers - URI:'.length)),
  };
}

let systemAnchors: X509Certificate[] | undefined;

/** Node's bundled public roots plus any extra PEM anchors (private test PKI). */
export function trustAnchors(trustPem?: string): X509Certificate[] {
  systemAnchors ??= tls.rootCertificates.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  const extra = (trustPem ?? '').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return [...systemAnchors, ...extra.map((p) => new X509Certificate(p))];
}

function issues(issuer: X509Certificate, child: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Builds the path from the leaf through the presented certificates to a trust anchor, as far as it goes. */
export function buildPresentedChain(presented: X509Certificate[], anchors: X509Certificate[]): { chain: ChainModel; path: X509Certificate[] } {
  const leaf = presented[0]!;
  const anchorPrints = new Set(anchors.map((a) => a.fingerprint256));
  const path: X509Certificate[] = [leaf];
  let status: ChainModel['status'] = 'incomplete';
  let missingIssuer: string | undefined;
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    if (isSelfSigned(current)) {
      status = anchorPrints.has(current.fingerprint256) ? 'trusted' : current === leaf ? 'self-signed' : 'untrusted-root';
      break;
    }
    const anchor = anchors.find((a) => issues(a, current));
    if (anchor) {
      path.push(anchor);
      status = 'trusted';
      break;
    }
    const next = presented.find((c) => !path.includes(c) && issues(c, current));
    if (!next) {
      missingIssuer = oneLineDn(current.issuer);
      break;
    }
    path.push(next);
    current = next;
  }
  const models = path.map(certModelOf);
  return {
    chain: { leaf: models[0]!, issuers: models.slice(1), status, missingIssuer, endsAtAnchor: status === 'trusted' },
    path,
  };
}

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

/** Findings for what an endpoint presented, each prefixed with where it was seen. */
export function judgePresentedChain(presented: X509Certificate[], o: PresentedJudgeOptions): Finding[] {
  if (presented.length === 0) return [];
  const { chain } = buildPresentedChain(presented, trustAnchors(o.trustPem));
  const rules = rulesFor();
  const findings = judgeChainModel(chain, { role: o.role, rules, now: o.now.getTime(), fqdns: o.role === 'connector' && o.fqdn ? [o.fqdn] : [] });
  if (o.role === 'node' && o.pool) {
    findings.push(...judgeNodeNames(chain.leaf, { pool: o.pool, nodes: o.nodes, nodeFqdns: o.nodeFqdns, sipDomain: o.sipDomain }));
  }
  return findings.map((f) => ({
    ...f,
    // The engine words this for files; on the wire the intermediate was simply not sent.
    message: `${o.endpoint} presents: ${f.code.endsWith('chain-incomplete') ? `${f.message.replace('is not in the file and', 'was not sent by the server and')} A server must send its intermediates along with its own certificate.` : f.message}`,
  }));
}

export function certificateFactsOf(presented: X509Certificate[]): CertificateFacts {
  const x = presented[0]!;
  const m = certModelOf(x);
  return {
    subject: m.subject,
    issuer: m.issuer,
    subjectAltNames: m.dnsNames,
    notBefore: new Date(m.notBefore).toISOString(),
    notAfter: new Date(m.notAfter).toISOString(),
    keyType: m.keyType,
    keySize: m.keySize,
    extendedKeyUsages: (m.ekus ?? []).map(ekuName),
    signatureAlgorithm: m.signatureAlgorithm,
    thumbprintSha1: x.fingerprint.replace(/:/g, ''),
    thumbprintSha256: x.fingerprint256.replace(/:/g, ''),
    chain: presented.map((c) => oneLineDn(c.subject)),
  };
}
