// The verdicts: a Teams Connector PFX, Conferencing Node PEM certificates, and any leaf + chain
// (e.g. one presented over TLS). File access stays with the callers; these take bytes.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { CertResult, CertificateFacts } from '../../../shared/api/wizard-api.ts';
import { hasErrors, sortFindings, type Finding } from '../../../shared/model/finding.ts';
import { finding, judgeChainModel, judgeNodeNames, recommendedNodeCertificate } from '../../../shared/cert/judge.ts';
import { rulesFor } from '../../../shared/cert/rules.ts';
import { commonNameOf, oneLineDn, parseSubjectAltNames } from '../../../shared/cert/names.ts';
import { openPkcs12, openPkcs12Async, Pkcs12Error, type Pkcs12Contents } from './pkcs12.ts';
import {
  buildChain,
  certificateFacts,
  chainModel,
  inPathOrder,
  isSelfSigned,
  keyAlgorithmName,
  pemBlocks,
  pkcs8AlgorithmOid,
  publicKeyOf,
  readCertificates,
  samePublicKey,
  trustStoreWith,
  type TrustStore,
} from './x509.ts';
import { coversHost } from '../../../shared/cert/names.ts';

export interface CommonOptions {
  /** Evaluation time (default: now). */
  now?: Date;
  /** Days before expiry that start the expires-soon warning (default 30). */
  warnDays?: number;
  /** Extra trust anchors, PEM (private PKI, tests). */
  trustPem?: string;
  /** Skip Node's and the OS's roots (tests of private PKIs only). */
  systemRoots?: boolean;
  /** Region short name stamped on findings. */
  region?: string | null;
}

export interface PfxOptions extends CommonOptions {
  password: string;
  /** Teams Connector FQDNs the certificate must cover (one per region using it). */
  fqdns: string[];
  connectorVersion?: string;
  /** Name reported in the result. */
  fileName?: string;
}

export interface NodeOptions extends CommonOptions {
  pool: string;
  nodes: string[];
  nodeFqdns?: string[];
  sipDomain?: string;
  /** A private key (PEM) that must belong to the certificate. */
  keyPem?: string;
  connectorVersion?: string;
}

/** Known CNG Key Storage Provider names (the installer cannot use keys stored there). */
const CNG_PROVIDER = /key storage provider|platform crypto provider/i;
export const LEGACY_CSP_NAME = 'Microsoft Enhanced RSA and AES Cryptographic Provider';

function storeFor(o: CommonOptions): TrustStore {
  return trustStoreWith(o.trustPem, o.systemRoots !== false);
}

function result(file: string, findings: Finding[], certificate: CertificateFacts | null): CertResult {
  const sorted = sortFindings(findings);
  return { file, ok: !hasErrors(sorted), findings: sorted, certificate };
}

/** The certificate that is nobody's issuer, preferring end-entity certificates; else the first. */
function pickLeaf(certs: X509Certificate[]): X509Certificate {
  const issuerOfSomeone = (c: X509Certificate) =>
    certs.some(
      (o) =>
        o !== c &&
        o.issuer === c.subject &&
        !isSelfSigned(o) &&
        (() => {
          try {
            return o.checkIssued(c);
          } catch {
            return false;
          }
        })(),
    );
  return certs.find((c) => !c.ca && !issuerOfSomeone(c)) ?? certs.find((c) => !issuerOfSomeone(c)) ?? certs[0]!;
}

// ---------------------------------------------------------------------------------------------
// Leaf + chain (shared with the live TLS probe)

export interface JudgeCertificatesOptions extends CommonOptions {
  role: 'node' | 'connector';
  /** role connector: FQDNs the certificate must cover. */
  fqdns?: string[];
  /** role node: expected names (CN and SAN checks run when pool is given). */
  pool?: string;
  nodes?: string[];
  nodeFqdns?: string[];
  sipDomain?: string;
  connectorVersion?: string;
  /** Pre-built trust store (overrides trustPem/systemRoots). */
  store?: TrustStore;
}

export interface JudgedCertificates {
  findings: Finding[];
  certificate: CertificateFacts;
  /** Present for role node when a pool was given. */
  recommendation?: { subject: string; subjectAltNames: string[] };
}

/**
 * Judges a leaf and the certificates sent with it (e.g. over TLS), for a Conferencing Node
 * (node.* codes) or the Teams Connector (pfx.* codes). Findings are sorted errors first.
 */
export function judgeCertificates(
  leaf: X509Certificate,
  chain: X509Certificate[],
  o: JudgeCertificatesOptions,
): JudgedCertificates {
  const store = o.store ?? storeFor(o);
  const built = buildChain(leaf, chain, store);
  const model = chainModel(leaf, built, o.role === 'connector' && !inPathOrder(chain, built.path));
  const rules = rulesFor(o.connectorVersion);
  const findings = judgeChainModel(model, {
    role: o.role,
    rules,
    now: (o.now ?? new Date()).getTime(),
    warnDays: o.warnDays,
    fqdns: o.fqdns,
    region: o.region ?? null,
  });
  let recommendation: JudgedCertificates['recommendation'];
  if (o.role === 'node' && o.pool) {
    const names = {
      pool: o.pool,
      nodes: o.nodes ?? [],
      nodeFqdns: o.nodeFqdns ?? [],
      sipDomain: o.sipDomain,
      region: o.region ?? null,
    };
    findings.push(...judgeNodeNames(model.leaf, names));
    recommendation = recommendedNodeCertificate(names);
  }
  return { findings: sortFindings(findings), certificate: certificateFacts(leaf, built.path), recommendation };
}

// ---------------------------------------------------------------------------------------------
// PFX

const EXPORT_AGAIN =
  'Export the certificate again as a .pfx with its private key and all certificates in the path (or build one with tcw cert assemble).';

/**
 * The verdict for a PFX that could not be opened. Only our own Pkcs12Error messages reach the
 * user: anything else (a crypto library's "error:0300…:digital envelope routines::…") is replaced
 * by a plain sentence, so no raw library string is ever shown.
 */
function pfxFailure(file: string, e: unknown, region: string | null): CertResult {
  const one = (code: string, message: string) =>
    result(file, [finding(code, 'error', message, 'PxPfxCertFileName', region)], null);
  if (!(e instanceof Pkcs12Error)) {
    return one(
      'pfx.unreadable',
      `This file cannot be read as a PFX/PKCS#12 file: part of it has a structure or an algorithm this program cannot read. ${EXPORT_AGAIN}`,
    );
  }
  switch (e.kind) {
    case 'bad-password':
      return one(
        'pfx.bad-password',
        'The password does not open this PFX (its integrity check failed). Use the password that was set when the PFX was exported (passwords are case-sensitive; check the keyboard layout for non-ASCII characters); if it is lost, export the certificate again with a new password.',
      );
    case 'unsupported':
      return one(
        'pfx.unsupported',
        `This PFX is well formed, but ${e.message}. ${EXPORT_AGAIN} Choose AES-256 (or TripleDES) encryption with a SHA-256 (or SHA-1) MAC, as Windows, OpenSSL and keytool do by default.`,
      );
    case 'integrity-failed':
      return one(
        'pfx.integrity-failed',
        `The password is right (it decrypts the contents), but the integrity check does not match: ${e.message}. The file was changed or damaged after it was made. Use an unmodified copy, or ${EXPORT_AGAIN.charAt(0).toLowerCase()}${EXPORT_AGAIN.slice(1)}`,
      );
    case 'integrity-invalid':
      return one(
        'pfx.integrity-invalid',
        `This PFX's integrity check cannot be trusted: ${e.message}. ${EXPORT_AGAIN}`,
      );
    default:
      return one(
        'pfx.unreadable',
        `This file cannot be read as a PFX/PKCS#12 file (it is damaged or is not PKCS#12): ${e.message}. ${EXPORT_AGAIN}`,
      );
  }
}

/** Verdict on a Teams Connector PFX. Never throws: damaged input yields pfx.unreadable. */
export function analyzePfx(bytes: Uint8Array, o: PfxOptions): CertResult {
  const file = o.fileName ?? 'certificate.pfx';
  const region = o.region ?? null;
  let contents: Pkcs12Contents;
  try {
    contents = openPkcs12(bytes, o.password);
  } catch (e) {
    return pfxFailure(file, e, region);
  }
  try {
    return judgePfxContents(file, contents, o);
  } catch (e) {
    // Defensive: anything unexpected in a damaged file is still a verdict, not a crash.
    return pfxFailure(file, e, region);
  }
}

/**
 * analyzePfx with the PBKDF2 work of PBES2 files run on libuv's thread pool in parallel (see
 * openPkcs12Async): the same verdicts, less wall time. The certificate worker uses this one.
 */
export async function analyzePfxAsync(bytes: Uint8Array, o: PfxOptions): Promise<CertResult> {
  const file = o.fileName ?? 'certificate.pfx';
  const region = o.region ?? null;
  let contents: Pkcs12Contents;
  try {
    contents = await openPkcs12Async(bytes, o.password);
  } catch (e) {
    return pfxFailure(file, e, region);
  }
  try {
    return judgePfxContents(file, contents, o);
  } catch (e) {
    return pfxFailure(file, e, region);
  }
}

/** The names a certificate is judged on: its DNS SANs, else its CN (as shared/cert/judge.ts does). */
function dnsNamesOf(x: X509Certificate): string[] {
  const dns = parseSubjectAltNames(x.subjectAltName)
    .filter((s) => s.type === 'DNS')
    .map((s) => s.value);
  if (dns.length) return dns;
  const cn = commonNameOf(x.subject);
  return cn ? [cn] : [];
}

function judgePfxContents(file: string, contents: Pkcs12Contents, o: PfxOptions): CertResult {
  const region = o.region ?? null;
  const findings: Finding[] = [];
  const add = (code: string, severity: 'error' | 'warning' | 'info', message: string) =>
    findings.push(finding(code, severity, message, 'PxPfxCertFileName', region));

  const certs: X509Certificate[] = [];
  for (const c of contents.certs) {
    try {
      certs.push(new X509Certificate(c.der));
    } catch {
      add(
        'pfx.unreadable',
        'error',
        'A certificate inside the PFX is damaged and cannot be read. Export the PFX again.',
      );
    }
  }
  // Keys this library cannot load are told apart: a known other algorithm (GOST, …) is a key of
  // the wrong type, not a damaged one.
  const keys: { key: KeyObject; providerName?: string; friendlyName?: string }[] = [];
  const foreignKeys: string[] = [];
  for (const k of contents.keys) {
    try {
      keys.push({
        key: createPrivateKey({ key: k.pkcs8, format: 'der', type: 'pkcs8' }),
        providerName: k.providerName,
        friendlyName: k.friendlyName,
      });
    } catch {
      const alg = keyAlgorithmName(pkcs8AlgorithmOid(k.pkcs8));
      if (alg !== 'unknown' && alg !== 'rsa' && alg !== 'ec' && alg !== 'rsa-pss') foreignKeys.push(alg);
      else
        add(
          'pfx.unreadable',
          'error',
          'The private key inside the PFX is damaged and cannot be read. Export the PFX again.',
        );
    }
  }
  if (certs.length === 0) {
    const what = contents.keys.length
      ? `${contents.keys.length === 1 ? 'a private key' : `${contents.keys.length} private keys`} but no certificate`
      : 'neither a certificate nor a private key (it is empty)';
    add(
      'pfx.no-certificate',
      'error',
      `The PFX holds ${what}, so there is nothing the Teams Connector could present. Export it again including the certificate, its private key and the intermediates (on Windows: "Include all certificates in the certification path"), or build it with tcw cert assemble --cert <cert> --key <key> --chain <intermediates>.`,
    );
    return result(file, findings, null);
  }

  // Each loadable key with the certificate it belongs to, in file order.
  const paired = keys.flatMap((k) => {
    const cert = certs.find((c) => {
      const pk = publicKeyOf(c);
      return !!pk && samePublicKey(pk, k.key);
    });
    return cert ? [{ k, cert }] : [];
  });
  // With several keys: the first whose certificate covers every connector FQDN, else the first.
  const covering = paired.find((p) => o.fqdns.length > 0 && o.fqdns.every((f) => coversHost(dnsNamesOf(p.cert), f)));
  const chosen = covering ?? paired[0];
  let leaf = chosen?.cert;
  const leafKey = chosen?.k;
  if (keys.length === 0 && contents.keys.length === 0) {
    add(
      'pfx.no-private-key',
      'error',
      'The PFX holds no private key, so the Teams Connector cannot use it. On Windows export it again choosing "Yes, export the private key"; or build it with tcw cert assemble --cert <cert> --key <key> --chain <intermediates>.',
    );
  } else if (keys.length > 0 && !leaf) {
    add(
      'pfx.key-mismatch',
      'error',
      'The private key in the PFX belongs to none of its certificates. Build the PFX from the certificate and the key that was generated with its CSR (tcw cert assemble checks that they match).',
    );
  }
  const keyCount = contents.keys.length;
  if (keyCount > 1) {
    const judged = leaf
      ? `the key of "${oneLineDn(leaf.subject)}"${chosen?.k.friendlyName ? ` (friendly name "${chosen.k.friendlyName}")` : ''}`
      : 'none of them (no key matches a certificate)';
    const why = !leaf
      ? ''
      : covering
        ? `, because its certificate is the first to cover ${o.fqdns.join(', ')}`
        : `, because it is the first key in the file that has its certificate${o.fqdns.length ? ` (no key's certificate covers ${o.fqdns.join(', ')})` : ''}`;
    add(
      'pfx.several-keys',
      'warning',
      `The PFX holds ${keyCount} private keys. This verdict is on ${judged}${why}. Windows imports every key and certificate in it, and the installer takes the certificate by thumbprint, so a second identity only adds confusion: export a PFX holding just the Teams Connector certificate, its key and its chain.`,
    );
  }
  leaf ??= pickLeaf(certs);
  const others = certs.filter((c) => c !== leaf);

  const judged = judgeCertificates(leaf, others, { ...o, role: 'connector', fqdns: o.fqdns });
  findings.push(...judged.findings);

  if (leafKey) {
    const name = leafKey.providerName;
    if (name && CNG_PROVIDER.test(name)) {
      add(
        'pfx.cng-key-provider',
        'error',
        `The private key is marked for the CNG provider "${name}". The Teams Connector installer cannot use keys stored by a CNG Key Storage Provider and stops with a certificate error. Rebuild the PFX with the legacy provider: tcw cert assemble --legacy-csp (it names "${LEGACY_CSP_NAME}"), or on Windows re-import the certificate into a CryptoAPI CSP before exporting.`,
      );
    } else if (!name) {
      add(
        'pfx.cng-key-provider',
        'warning',
        `The PFX does not say which key provider Windows should use, so Windows decides at import and may choose a CNG Key Storage Provider, which the installer cannot use. To be sure, rebuild it with tcw cert assemble --legacy-csp (names "${LEGACY_CSP_NAME}").`,
      );
    }
  }
  return result(file, findings, judged.certificate);
}

// ---------------------------------------------------------------------------------------------
// Conferencing Node certificates (PEM: leaf, optional chain, optional key)

export function analyzeNodeCertificate(data: Uint8Array | string, o: NodeOptions & { fileName?: string }): CertResult {
  const file = o.fileName ?? 'node.pem';
  const region = o.region ?? null;
  const findings: Finding[] = [];
  const recommendation = recommendedNodeCertificate({
    pool: o.pool,
    nodes: o.nodes,
    nodeFqdns: o.nodeFqdns ?? [],
    sipDomain: o.sipDomain,
  });
  try {
    const { certs, damaged } = readCertificates(data);
    if (certs.length === 0) {
      findings.push(
        finding(
          'node.unreadable',
          'error',
          `No certificate could be read from this file${damaged ? ' (a certificate block is damaged)' : ''}. Give the PEM file (.crt/.pem, "-----BEGIN CERTIFICATE-----") the Conferencing Nodes use, with its intermediates after it.`,
          'PxNodeFqdns',
          region,
        ),
      );
      return { ...result(file, findings, null), recommendation };
    }
    if (damaged)
      findings.push(
        finding(
          'node.unreadable',
          'error',
          'One certificate block in this file is damaged and was skipped. Fix or remove it.',
          'PxNodeFqdns',
          region,
        ),
      );
    const leaf = certs[0]!;
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
    const keyBlocks = [...pemBlocks(text), ...(o.keyPem ? pemBlocks(o.keyPem) : [])].filter((b) =>
      /PRIVATE KEY$/.test(b.label),
    );
    for (const b of keyBlocks) {
      let key: KeyObject | null = null;
      try {
        key = createPrivateKey({
          key: b.der,
          format: 'der',
          type: b.label === 'RSA PRIVATE KEY' ? 'pkcs1' : b.label === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8',
        });
      } catch {
        findings.push(
          finding(
            'node.unreadable',
            'error',
            'The private key given could not be read (encrypted keys are not supported here). Give an unencrypted PEM key, or leave it out.',
            'PxNodeFqdns',
            region,
          ),
        );
      }
      const leafKey = publicKeyOf(leaf);
      if (key && leafKey && !samePublicKey(key, leafKey)) {
        findings.push(
          finding(
            'node.key-mismatch',
            'error',
            `The private key does not belong to the certificate "${oneLineDn(leaf.subject)}". Use the key that was generated with this certificate's CSR.`,
            'PxNodeFqdns',
            region,
          ),
        );
      }
    }
    const judged = judgeCertificates(leaf, certs.slice(1), { ...o, role: 'node' });
    findings.push(...judged.findings);
    return { ...result(file, findings, judged.certificate), recommendation };
  } catch (e) {
    // Never a crypto library's raw message: say what the user can act on.
    void e;
    findings.push(
      finding(
        'node.unreadable',
        'error',
        'This file could not be analysed: part of it has a structure or an algorithm this program cannot read. Give the PEM certificate file (leaf first, then the intermediates).',
        'PxNodeFqdns',
        region,
      ),
    );
    return { ...result(file, findings, null), recommendation };
  }
}

export function analyzeNodeCertificates(
  files: { name: string; data: Uint8Array | string }[],
  o: NodeOptions,
): CertResult[] {
  return files.map((f) => analyzeNodeCertificate(f.data, { ...o, fileName: f.name }));
}
