// Helpers that replace the Management Node detour: a key + CSR for the connector FQDN(s), and a
// PFX assembled from leaf + key + chain PEM.
import { X509Certificate, createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import type { AssembleRequest, AssembleResult, CsrRequest, CsrResult } from '../../../shared/api/wizard-api.ts';
import { finding } from '../../../shared/cert/judge.ts';
import { normalizeDnsName, isValidHostName, oneLineDn } from '../../../shared/cert/names.ts';
import { sortFindings, type Finding } from '../../../shared/model/finding.ts';
import { writePkcs12 } from './pkcs12.ts';
import { buildChain, readCertificates, samePublicKey, trustStoreWith } from './x509.ts';
import { analyzePfx, LEGACY_CSP_NAME } from './analyze.ts';
import { InputError } from '../../../shared/model/input-error.ts';

const generateKeyPairAsync = promisify(generateKeyPair);

function checkCsrName(name: string): string {
  const n = normalizeDnsName(name);
  const bare = n?.startsWith('*.') ? n.slice(2) : n;
  if (!n || !bare || !isValidHostName(bare) || bare.split('.').length < 2) {
    throw new InputError(
      `"${name}" is not a valid DNS name for a certificate (e.g. pexip-teamsconn-eu.teams.example.com; a wildcard only as the whole first label).`,
    );
  }
  return n;
}

/**
 * New RSA key (native generateKeyPair) and a CSR with CN = first FQDN, every FQDN as a SAN, and
 * the serverAuth + clientAuth EKU requested (some CAs honour the request, others use their profile).
 */
export async function createCsr(req: CsrRequest): Promise<CsrResult> {
  if (![2048, 3072, 4096].includes(req.keySize))
    throw new InputError(`Key size ${req.keySize} is not offered; use 2048, 3072 or 4096.`);
  if (req.fqdns.length === 0)
    throw new InputError(
      'Give at least one FQDN (the Teams Connector FQDN of each region the certificate will serve).',
    );
  const names = [...new Set(req.fqdns.map(checkCsrName))];
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: req.keySize,
    publicExponent: 0x10001,
  });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  csr.setSubject([{ name: 'commonName', value: names[0]! }]);
  csr.setAttributes([
    {
      name: 'extensionRequest',
      extensions: [
        { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) },
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      ],
    },
  ]);
  csr.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forge.md.sha256.create(),
  );
  return { csrPem: forge.pki.certificationRequestToPem(csr), keyPem };
}

function readKey(pem: string): KeyObject {
  if (/ENCRYPTED/.test(pem))
    throw new InputError(
      'The private key is encrypted; give the unencrypted PEM key (e.g. openssl pkey -in key.pem -out plain.pem).',
    );
  try {
    return createPrivateKey(pem);
  } catch {
    throw new InputError(
      'The key file holds no readable private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----").',
    );
  }
}

/**
 * Builds a PFX (TripleDES-SHA1, SHA-1 MAC: readable by every Windows version) from the leaf, its
 * key and the chain, after checking that the key matches and putting the chain in leaf-to-root
 * order. Returns empty pfxBase64 with error findings when it cannot be built; otherwise the
 * findings of a verdict on the result (trust, EKU, dates …; names are not checked here).
 */
export function assemblePfx(req: AssembleRequest, o: { trustPem?: string } = {}): AssembleResult {
  const findings: Finding[] = [];
  const fail = (code: string, message: string): AssembleResult => ({
    pfxBase64: '',
    findings: sortFindings([...findings, finding(code, 'error', message, 'PxPfxCertFileName')]),
  });
  const leafCerts = readCertificates(req.certPem).certs;
  if (leafCerts.length === 0)
    return fail(
      'assemble.unreadable',
      'The certificate file holds no readable certificate (expected "-----BEGIN CERTIFICATE-----").',
    );
  let key: KeyObject;
  try {
    key = readKey(req.keyPem);
  } catch (e) {
    return fail('assemble.unreadable', (e as Error).message);
  }
  const chainRead = req.chainPem ? readCertificates(req.chainPem) : { certs: [], damaged: 0 };
  if (chainRead.damaged)
    return fail('assemble.unreadable', 'A certificate in the chain file is damaged; fix or remove it.');
  const all = [...leafCerts, ...chainRead.certs];
  const leaf = all.find((c) => samePublicKey(c.publicKey, key));
  if (!leaf)
    return fail(
      'assemble.key-mismatch',
      `The private key does not belong to the certificate "${oneLineDn(leafCerts[0]!.subject)}". Use the key that was generated together with the CSR for this certificate.`,
    );
  const supplied = all.filter((c) => c !== leaf);
  // Order the chain using only what was supplied (no anchors), so a supplied root stays at the end.
  const path = buildChain(leaf, supplied, trustStoreWith(undefined, false)).path;
  for (const c of supplied) {
    if (!path.includes(c) && !path.some((p) => p.fingerprint256 === c.fingerprint256)) {
      findings.push(
        finding(
          'assemble.unrelated-chain',
          'warning',
          `"${oneLineDn(c.subject)}" is not on the path from the certificate to its root, so it was left out. Check that the chain file belongs to this certificate.`,
          'PxPfxCertFileName',
        ),
      );
    }
  }
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(leaf.subject)?.[1];
  const pfx = writePkcs12(
    pkcs8,
    [leaf, ...path].map((c: X509Certificate) => c.raw),
    req.password,
    {
      friendlyName: cn ?? 'Teams Connector',
      providerName: req.legacyCsp ? LEGACY_CSP_NAME : undefined,
    },
  );
  const verdict = analyzePfx(pfx, { password: req.password, fqdns: [], trustPem: o.trustPem });
  findings.push(...verdict.findings);
  return { pfxBase64: pfx.toString('base64'), findings: sortFindings(findings) };
}
