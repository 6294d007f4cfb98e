// Pure judging of a certificate chain that the Node side has already parsed and path-built:
// EKUs, names, dates, key, signatures, trust outcome, AIA. Shared by the PFX check, the node
// certificate check and the live TLS probe (role 'connector' uses the pfx.* codes).
import type { Finding, Severity } from '../model/finding.ts';
import type { CertRules, RuleSeverity } from './rules.ts';
import { coversHost, matchesCertName, normalizeDnsName } from './names.ts';

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_ANY = '2.5.29.37.0';

/** What the judge needs to know about one certificate (filled from X509Certificate by the Node side). */
export interface CertModel {
  /** One-line subject, e.g. "CN=px.vc.example.com, O=Example". */
  subject: string;
  issuer: string;
  commonName: string | null;
  /** DNS names from the SAN extension. */
  dnsNames: string[];
  /** Milliseconds since the epoch. */
  notBefore: number;
  notAfter: number;
  /** 'rsa', 'ec', 'ed25519', … (KeyObject.asymmetricKeyType). */
  keyType: string;
  keySize: number | null;
  /** Extended key usage OIDs; null when the certificate has no EKU extension (any purpose). */
  ekus: string[] | null;
  /** Digest of the signature algorithm, lower case ('sha256', 'sha1', 'md5'); null if unknown. */
  signatureHash: string | null;
  signatureAlgorithm: string;
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: boolean;
  isCa: boolean;
  /** caIssuers URLs of the Authority Information Access extension. */
  aiaCaIssuers: string[];
}

export type ChainStatus = 'trusted' | 'incomplete' | 'untrusted-root' | 'self-signed' | 'loop' | 'bad-signature';

export interface ChainModel {
  leaf: CertModel;
  /** Issuers of the leaf, in order, as far as they were found (the trust anchor last when trusted). */
  issuers: CertModel[];
  status: ChainStatus;
  /** When incomplete: the issuer DN that was not found. */
  missingIssuer?: string;
  /** Whether the last element of `issuers` is a trust anchor (not judged for dates/signature). */
  endsAtAnchor: boolean;
  /** PFX only: certificates in the file not in leaf-to-root order. */
  outOfOrder?: boolean;
  /** status 'loop': the certificate already on the path that issued the last one again. */
  loopsTo?: string;
  /** status 'bad-signature': whose signature does not verify with the key of the issuer it names. */
  badSignature?: { subject: string; issuer: string };
}

export interface JudgeOptions {
  role: 'connector' | 'node';
  rules: CertRules;
  /** Milliseconds since the epoch. */
  now: number;
  warnDays?: number;
  /** Connector FQDNs the certificate must cover (role connector). */
  fqdns?: string[];
  region?: string | null;
}

const DAY = 86_400_000;

export function finding(
  code: string,
  severity: Severity,
  message: string,
  field: string | null = null,
  region: string | null = null,
): Finding {
  return { region, field, severity, code, message };
}

function sev(s: RuleSeverity): Severity | null {
  return s === 'off' ? null : s;
}

function fmtDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Explanation for a missing clientAuth EKU, the 2026 CA change included. */
export function clientAuthMessage(who: string, rules: CertRules): string {
  const base =
    `${who} has no TLS client authentication (clientAuth) in its Extended Key Usage. ` +
    `Version ${rules.connectorMajor} of the Teams Connector uses mutual TLS: the Conferencing Nodes and the connector each present their certificate as a client, so the guide requires serverAuth and clientAuth; without clientAuth calls fail (e.g. "Teams API request failed", Error=401). ` +
    "Since 2026 many public CAs no longer put clientAuth in TLS server certificates (Chrome Root Program policy; Let's Encrypt stopped in May 2026). " +
    'Options: get the certificate from a CA or certificate profile that still issues serverAuth+clientAuth (several commercial CAs offer a separate client+server profile), ';
  return (
    base +
    (rules.newerThanGuide
      ? `or, since you deploy version ${rules.connectorMajor}, check Pexip's current guidance for that version on whether clientAuth is still required.`
      : "or check Pexip's current guidance for newer Teams Connector versions before relaxing this rule.")
  );
}

/** Judges one leaf and its path; returns findings with `pfx.*` (connector) or `node.*` codes. */
export function judgeChainModel(chain: ChainModel, o: JudgeOptions): Finding[] {
  const p = o.role === 'node' ? 'node' : 'pfx';
  const field = o.role === 'node' ? 'PxNodeFqdns' : 'PxPfxCertFileName';
  const region = o.region ?? null;
  const out: Finding[] = [];
  const add = (code: string, s: Severity, msg: string, f: string | null = field) =>
    out.push(finding(`${p}.${code}`, s, msg, f, region));
  const leaf = chain.leaf;
  const what = o.role === 'node' ? 'The Conferencing Node certificate' : 'The Teams Connector certificate';
  const warnDays = o.warnDays ?? o.rules.defaultWarnDays;

  // Key.
  if (o.role === 'connector' && o.rules.rsaOnly && leaf.keyType !== 'rsa') {
    const label =
      leaf.keyType === 'ec' ? 'ECDSA' : leaf.keyType.startsWith('gost') ? 'GOST R 34.10' : leaf.keyType.toUpperCase();
    const why =
      leaf.keyType === 'ec'
        ? 'the installer stops with "The certificate \'<thumbprint>\' is an ECDSA certificate, which is currently not supported"'
        : 'the installer accepts RSA keys only';
    add(
      'not-rsa',
      'error',
      `${what} has a${/^[AEIOU]/.test(label) ? 'n' : ''} ${label} key; the Teams Connector needs an RSA key (${why}). Request a new certificate with an RSA key of 2048 bits or more.`,
    );
  }
  if (leaf.keyType === 'rsa' && leaf.keySize !== null && leaf.keySize < o.rules.minRsaBits) {
    add(
      'weak-key',
      'error',
      `${what} has a ${leaf.keySize}-bit RSA key; at least ${o.rules.minRsaBits} bits are needed. Generate a new key of 2048 bits or more (tcw cert csr --key-size 2048) and have the certificate reissued.`,
    );
  }

  // Names.
  if (o.role === 'connector') {
    const names = leaf.dnsNames.length ? leaf.dnsNames : leaf.commonName ? [leaf.commonName] : [];
    for (const fqdn of o.fqdns ?? []) {
      if (!coversHost(names, fqdn)) {
        const has = names.length ? names.join(', ') : 'no DNS names';
        out.push(
          finding(
            `${p}.name-mismatch`,
            'error',
            `${what} does not cover "${fqdn}" (it holds: ${has}). A wildcard only stands for one whole left-most label (*.example.com covers foo.example.com, not bar.foo.example.com or example.com). Get a certificate whose SANs include ${fqdn} (one certificate can hold every regional connector FQDN), or correct $PxTeamsConnFqdn.`,
            'PxTeamsConnFqdn',
            region,
          ),
        );
      }
    }
  }

  // EKUs (no EKU extension = any purpose, as Windows and OpenSSL treat it).
  const ekus = leaf.ekus;
  const has = (oid: string) => ekus === null || ekus.includes(oid) || ekus.includes(EKU_ANY);
  const sSev = sev(o.rules.serverAuth);
  if (sSev && !has(EKU_SERVER_AUTH)) {
    add(
      'eku-server-auth-missing',
      sSev,
      `${what} has no TLS server authentication (serverAuth) in its Extended Key Usage (it has: ${ekuList(ekus)}). Have it reissued with both serverAuth and clientAuth.`,
    );
  }
  const cSev = sev(o.rules.clientAuth);
  if (cSev && !has(EKU_CLIENT_AUTH)) add('eku-client-auth-missing', cSev, clientAuthMessage(what, o.rules));

  // Dates: the leaf and every intermediate (not the trust anchor itself).
  const judged = [leaf, ...chain.issuers.slice(0, chain.endsAtAnchor ? -1 : undefined)];
  for (const c of judged) {
    const label = c === leaf ? what : `The intermediate "${c.subject}"`;
    if (o.now > c.notAfter) {
      add(
        'expired',
        'error',
        `${label} expired on ${fmtDate(c.notAfter)}. ${c === leaf ? 'Renew it with your CA' : 'Get the current intermediate from your CA'}${o.role === 'connector' ? '; a new Teams Connector certificate needs a redeploy' : ''}.`,
      );
    } else if (o.now < c.notBefore) {
      add(
        'not-yet-valid',
        'error',
        `${label} is only valid from ${fmtDate(c.notBefore)}. Wait until then, or check this computer's clock.`,
      );
    } else if (c === leaf && c.notAfter - o.now < warnDays * DAY) {
      const days = Math.max(0, Math.floor((c.notAfter - o.now) / DAY));
      add(
        'expires-soon',
        'warning',
        `${what} expires on ${fmtDate(c.notAfter)} (in ${days} day${days === 1 ? '' : 's'}). Renew it now${o.role === 'connector' ? ': replacing the Teams Connector certificate means a redeploy, so plan it' : ' and install the new one on every node'}.`,
      );
    }
    // A root's signature on itself is never checked by anyone, so it cannot be weak.
    if ((c === leaf || !c.selfSigned) && (c.signatureHash === 'sha1' || c.signatureHash === 'md5')) {
      add(
        'weak-signature',
        'error',
        `${label} is signed with ${c.signatureHash.toUpperCase()} (${c.signatureAlgorithm}), which is no longer accepted. Have it reissued with a SHA-256 (or stronger) signature.`,
      );
    }
  }

  // Trust.
  if (chain.status === 'self-signed') {
    if (o.role === 'connector')
      add(
        'self-signed',
        'error',
        `${what} is self-signed. The Conferencing Nodes only trust certificates from a public CA: get one from a publicly trusted CA.`,
      );
    else
      add(
        'untrusted-root',
        'error',
        `${what} is self-signed. The Teams Connector only trusts certificates from a public CA: get one from a publicly trusted CA.`,
      );
  } else if (chain.status === 'untrusted-root') {
    const root = chain.issuers[chain.issuers.length - 1];
    add(
      'untrusted-root',
      'error',
      `The chain ends at the root "${root?.subject ?? '?'}", which is not a trusted root CA. Use a certificate from a publicly trusted CA (for a private test PKI, pass its root with --trust).`,
    );
  } else if (chain.status === 'loop') {
    const last = chain.issuers.length ? chain.issuers[chain.issuers.length - 1]!.subject : leaf.subject;
    add(
      'chain-loop',
      'error',
      `The issuers of ${what.charAt(0).toLowerCase()}${what.slice(1)} go round in a loop: "${last}" is issued by "${chain.loopsTo ?? '?'}", which is already on the path, so no path reaches a root. ${
        o.role === 'connector'
          ? 'Export the PFX again from the certificate your CA issued, with its real intermediates (or build it with tcw cert assemble --chain <intermediates.pem>).'
          : 'Use the certificate and intermediates your CA issued.'
      }`,
    );
  } else if (chain.status === 'bad-signature') {
    const b = chain.badSignature;
    const self = b && b.subject === b.issuer;
    add(
      'bad-signature',
      'error',
      `The signature of "${b?.subject ?? leaf.subject}" does not verify with the key of ${self ? 'the certificate itself (it claims to be self-signed)' : `its issuer "${b?.issuer ?? '?'}"`}: the certificate was altered or forged. Get the genuine certificate from your CA.`,
    );
  } else if (chain.status === 'incomplete') {
    const below = chain.issuers.length ? chain.issuers[chain.issuers.length - 1]!.subject : leaf.subject;
    add(
      'chain-incomplete',
      'error',
      `The certificate that issued "${below}" ("${chain.missingIssuer ?? '?'}") is ${o.role === 'connector' ? 'not in the PFX' : 'not in the file'} and is not a trusted root. ${
        o.role === 'connector'
          ? 'Export the PFX again with "Include all certificates in the certification path", or build it with tcw cert assemble --chain <intermediates.pem>.'
          : 'Add the intermediate certificates (from your CA) after the node certificate.'
      } If that certificate is a private root, it is not trusted (use --trust only for test PKIs).`,
    );
  }

  // Order (PFX only).
  if (o.role === 'connector' && chain.outOfOrder) {
    add(
      'chain-order',
      'warning',
      'The certificates in the PFX are not in order from the leaf towards the root. Windows usually copes, but some tools do not: assemble it again with tcw cert assemble, which orders the chain.',
    );
  }

  // AIA with https on intermediates.
  for (const c of chain.issuers) {
    if (c.selfSigned) continue;
    const https = c.aiaCaIssuers.filter((u) => /^https:/i.test(u));
    if (https.length) {
      add(
        'aia-https',
        'warning',
        `The intermediate "${c.subject}" points to its issuer with an https URL in its Authority Information Access (${https.join(', ')}). Conferencing Nodes cannot follow HTTP-to-HTTPS redirects there, which breaks the connection (Pexip troubleshooting guide). Make sure every intermediate is ${o.role === 'connector' ? 'inside the PFX' : 'installed on the Management Node'}, or choose a CA whose AIA uses plain http.`,
      );
    }
  }
  return out;
}

export function ekuName(oid: string): string {
  switch (oid) {
    case EKU_SERVER_AUTH:
      return 'serverAuth';
    case EKU_CLIENT_AUTH:
      return 'clientAuth';
    case EKU_ANY:
      return 'anyExtendedKeyUsage';
    case '1.3.6.1.5.5.7.3.3':
      return 'codeSigning';
    case '1.3.6.1.5.5.7.3.4':
      return 'emailProtection';
    case '1.3.6.1.5.5.7.3.8':
      return 'timeStamping';
    case '1.3.6.1.5.5.7.3.9':
      return 'OCSPSigning';
    default:
      return oid;
  }
}

function ekuList(ekus: string[] | null): string {
  if (ekus === null) return 'no EKU extension';
  return ekus.length ? ekus.map(ekuName).join(', ') : 'none';
}

// ------------------------------------------------------------------------------------------
// Node certificates: names

export interface NodeNameOptions {
  pool: string;
  nodes: string[];
  /** Names from $PxNodeFqdns (each must be in the certificate). */
  nodeFqdns: string[];
  /** SRV domain (e.g. vc.example.com) when SfB/Lync federation is used. */
  sipDomain?: string;
  region?: string | null;
}

/** Recommended subject and SANs for a new node SAN certificate (guide: CN = pool, SANs = pool + nodes (+ SRV domain)). */
export function recommendedNodeCertificate(o: Pick<NodeNameOptions, 'pool' | 'nodes' | 'sipDomain' | 'nodeFqdns'>): {
  subject: string;
  subjectAltNames: string[];
} {
  const names: string[] = [];
  const push = (n: string | undefined) => {
    const v = n ? normalizeDnsName(n) : null;
    if (v && !names.includes(v)) names.push(v);
  };
  push(o.pool);
  o.nodes.forEach(push);
  o.nodeFqdns.forEach(push);
  push(o.sipDomain);
  return { subject: `CN=${normalizeDnsName(o.pool) ?? o.pool}`, subjectAltNames: names };
}

/** node.cn-mismatch and node.san-missing for one node certificate. */
export function judgeNodeNames(leaf: CertModel, o: NodeNameOptions): Finding[] {
  const out: Finding[] = [];
  const region = o.region ?? null;
  const rec = recommendedNodeCertificate(o);
  const pool = normalizeDnsName(o.pool);
  const cn = leaf.commonName ? normalizeDnsName(leaf.commonName) : null;
  if (pool && cn !== pool) {
    out.push(
      finding(
        'node.cn-mismatch',
        'error',
        `The subject CN is "${leaf.commonName ?? '(none)'}" but should be the pool name "${pool}"${o.sipDomain ? ' (with Skype for Business / Lync federation it must be the target of the _sipfederationtls._tcp SRV record)' : ''}. Have the certificate reissued with subject ${rec.subject}.`,
        'pool',
        region,
      ),
    );
  }
  const missing = rec.subjectAltNames.filter((n) => !leaf.dnsNames.some((s) => matchesCertName(s, n)));
  if (missing.length) {
    out.push(
      finding(
        'node.san-missing',
        'error',
        `The certificate's Subject Alternative Names lack ${missing.map((m) => `"${m}"`).join(', ')} (it holds: ${leaf.dnsNames.join(', ') || 'none'}). Every name the Teams Connector expects ($PxNodeFqdns), the pool name and every node FQDN${o.sipDomain ? ', plus the SRV domain for federation,' : ''} must be in it. Reissue with SANs: ${rec.subjectAltNames.join(', ')}.`,
        'PxNodeFqdns',
        region,
      ),
    );
  }
  return out;
}
