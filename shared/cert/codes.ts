// Every certificate finding code, its usual severity, what it means and the fix. docs/certificates.md
// documents the same table (a test keeps them in step). Codes are stable: never rename one.
import type { Severity } from '../model/finding.ts';

export interface CodeInfo {
  severity: Severity;
  meaning: string;
  fix: string;
}

export const PFX_CODES = {
  'pfx.unreadable': {
    severity: 'error',
    meaning: 'The file is not a PKCS#12/PFX file we can read (damaged, truncated, PEM, or an unsupported encryption).',
    fix: 'Export the certificate again as PFX with its private key and chain.',
  },
  'pfx.unsupported': {
    severity: 'error',
    meaning:
      'A well-formed PFX that uses an algorithm we do not read (e.g. a GOST MAC, RC4, public-key integrity or privacy mode); the message names it.',
    fix: 'Export the PFX again with AES-256 (or TripleDES) and a SHA-256 (or SHA-1) MAC.',
  },
  'pfx.integrity-failed': {
    severity: 'error',
    meaning:
      'The password decrypts the contents, but the integrity check (MAC or PBMAC1) does not match them: the file was changed or damaged after it was made.',
    fix: 'Use an unmodified copy, or export the PFX again.',
  },
  'pfx.integrity-invalid': {
    severity: 'error',
    meaning:
      'The integrity parameters are malformed or too weak to prove the password (e.g. PBMAC1 without a key length, or a key shorter than 20 octets).',
    fix: 'Export the PFX again with a standard tool (OpenSSL 3.4+ -pbmac1_pbkdf2, Windows, keytool).',
  },
  'pfx.bad-password': {
    severity: 'error',
    meaning: 'The password does not open the PFX (integrity check or decryption failed).',
    fix: 'Use the password that was set when the PFX was exported; re-export if it is lost.',
  },
  'pfx.no-private-key': {
    severity: 'error',
    meaning: 'The PFX holds no private key.',
    fix: 'Export again with "Yes, export the private key", or assemble one with tcw cert assemble.',
  },
  'pfx.no-certificate': {
    severity: 'error',
    meaning: 'The PFX holds no certificate (a private key only, or nothing at all).',
    fix: 'Export again including the certificate, its private key and the intermediates.',
  },
  'pfx.several-keys': {
    severity: 'warning',
    meaning: 'The PFX holds more than one private key; the message says which one was judged and why.',
    fix: 'Export a PFX holding only the Teams Connector certificate, its key and its chain.',
  },
  'pfx.key-mismatch': {
    severity: 'error',
    meaning: 'The private key in the PFX belongs to none of its certificates.',
    fix: 'Assemble the PFX from the certificate and the key made with its CSR.',
  },
  'pfx.not-rsa': {
    severity: 'error',
    meaning:
      'The key is not RSA (e.g. ECDSA); the installer stops with "… is an ECDSA certificate, which is currently not supported".',
    fix: 'Request a new certificate with an RSA key (2048 bits or more).',
  },
  'pfx.name-mismatch': {
    severity: 'error',
    meaning:
      'A Teams Connector FQDN ($PxTeamsConnFqdn) is not covered by the certificate subject/SANs (RFC 6125 wildcards).',
    fix: 'Get a certificate whose SANs hold every regional connector FQDN, or correct the FQDN.',
  },
  'pfx.eku-server-auth-missing': {
    severity: 'error',
    meaning: 'The Extended Key Usage lacks TLS server authentication.',
    fix: 'Reissue the certificate with serverAuth and clientAuth.',
  },
  'pfx.eku-client-auth-missing': {
    severity: 'error',
    meaning:
      'The Extended Key Usage lacks TLS client authentication, needed for mutual TLS with the Conferencing Nodes (v26).',
    fix: "Use a CA/profile that still issues clientAuth, or follow the vendor's current guidance for newer connector versions.",
  },
  'pfx.chain-incomplete': {
    severity: 'error',
    meaning: 'An intermediate certificate needed to reach a trusted root is not in the PFX (a missing root is fine).',
    fix: 'Export again including all certificates in the path, or assemble with --chain.',
  },
  'pfx.chain-loop': {
    severity: 'error',
    meaning: 'The issuers of the certificates in the PFX form a loop, so no path reaches a root.',
    fix: 'Export again from the certificate the CA issued, with its real intermediates.',
  },
  'pfx.bad-signature': {
    severity: 'error',
    meaning:
      "A certificate's signature does not verify with the key of the issuer it names (for a self-signed one: its own key): altered or forged.",
    fix: 'Get the genuine certificate from the CA.',
  },
  'pfx.self-signed': {
    severity: 'error',
    meaning: 'The certificate is self-signed; the nodes will not trust it.',
    fix: 'Use a certificate from a publicly trusted CA.',
  },
  'pfx.untrusted-root': {
    severity: 'error',
    meaning: 'The chain ends at a root that is not a trusted anchor.',
    fix: 'Use a publicly trusted CA (or pass --trust for a private test PKI).',
  },
  'pfx.expired': {
    severity: 'error',
    meaning: 'A certificate in the chain has expired.',
    fix: 'Renew the certificate; replacing it later needs a redeploy.',
  },
  'pfx.not-yet-valid': {
    severity: 'error',
    meaning: 'A certificate in the chain is not valid yet.',
    fix: 'Wait until it is valid, or check the computer clock.',
  },
  'pfx.expires-soon': {
    severity: 'warning',
    meaning: 'The certificate expires within the warning window (30 days by default).',
    fix: 'Renew now: replacing it means a redeploy of the Teams Connector.',
  },
  'pfx.weak-key': {
    severity: 'error',
    meaning: 'The RSA key is shorter than 2048 bits.',
    fix: 'Request a new certificate with a 2048-bit (or larger) RSA key.',
  },
  'pfx.weak-signature': {
    severity: 'error',
    meaning: 'A certificate is signed with SHA-1 or MD5.',
    fix: 'Reissue with a SHA-256 (or stronger) signature.',
  },
  'pfx.cng-key-provider': {
    severity: 'error',
    meaning:
      'Error: the key is marked for a CNG Key Storage Provider, which the installer cannot use. Warning: no provider is named, so Windows chooses on import.',
    fix: 'Assemble again with tcw cert assemble --legacy-csp (names the Microsoft Enhanced RSA and AES Cryptographic Provider).',
  },
  'pfx.chain-order': {
    severity: 'warning',
    meaning: 'The certificates in the PFX are not in leaf-to-root order.',
    fix: 'Assemble again (tcw cert assemble orders the chain).',
  },
  'pfx.aia-https': {
    severity: 'warning',
    meaning:
      "An intermediate's AIA points at an https URL; Conferencing Nodes cannot follow HTTP-to-HTTPS redirects there.",
    fix: 'Make sure every intermediate is in the PFX, or use a CA whose AIA is plain http.',
  },
} as const satisfies Record<string, CodeInfo>;

export const NODE_CODES = {
  'node.unreadable': {
    severity: 'error',
    meaning: 'The file holds no PEM/DER certificate we can read.',
    fix: 'Give the PEM file (.crt/.pem) the Conferencing Nodes use.',
  },
  'node.key-mismatch': {
    severity: 'error',
    meaning: 'The private key given with the certificate does not belong to it.',
    fix: 'Pair the certificate with the key made with its CSR.',
  },
  'node.cn-mismatch': {
    severity: 'error',
    meaning:
      'The subject CN is not the pool name (with SfB/Lync federation it must be the _sipfederationtls SRV target).',
    fix: 'Reissue with CN = pool name.',
  },
  'node.san-missing': {
    severity: 'error',
    meaning:
      'Names the nodes must present (pool, every node FQDN, every $PxNodeFqdns name, SRV domain with federation) are missing from the SANs.',
    fix: 'Reissue the SAN certificate with the recommended SAN list.',
  },
  'node.eku-server-auth-missing': {
    severity: 'error',
    meaning: 'The node certificate lacks serverAuth.',
    fix: 'Reissue with serverAuth and clientAuth.',
  },
  'node.eku-client-auth-missing': {
    severity: 'error',
    meaning: 'The node certificate lacks clientAuth (mutual TLS with the Teams Connector).',
    fix: "Use a CA/profile that still issues clientAuth, or follow the vendor's current guidance.",
  },
  'node.untrusted-root': {
    severity: 'error',
    meaning: 'The chain ends at a root that is not trusted (or the certificate is self-signed).',
    fix: 'Use a publicly trusted CA.',
  },
  'node.chain-incomplete': {
    severity: 'error',
    meaning: 'An intermediate needed to reach a trusted root is not in the file.',
    fix: 'Add the intermediates (upload them to the Management Node as the chain).',
  },
  'node.chain-loop': {
    severity: 'error',
    meaning: 'The issuers of the certificates in the file form a loop, so no path reaches a root.',
    fix: 'Use the certificate and intermediates the CA issued.',
  },
  'node.bad-signature': {
    severity: 'error',
    meaning: "A certificate's signature does not verify with the key of the issuer it names: altered or forged.",
    fix: 'Get the genuine certificate from the CA.',
  },
  'node.expired': { severity: 'error', meaning: 'A certificate in the chain has expired.', fix: 'Renew it.' },
  'node.not-yet-valid': {
    severity: 'error',
    meaning: 'A certificate in the chain is not valid yet.',
    fix: 'Wait, or check the clock.',
  },
  'node.expires-soon': {
    severity: 'warning',
    meaning: 'The certificate expires within the warning window.',
    fix: 'Renew it now.',
  },
  'node.weak-key': {
    severity: 'error',
    meaning: 'The RSA key is shorter than 2048 bits.',
    fix: 'Reissue with a 2048-bit or larger key.',
  },
  'node.weak-signature': {
    severity: 'error',
    meaning: 'A certificate is signed with SHA-1 or MD5.',
    fix: 'Reissue with SHA-256 or stronger.',
  },
  'node.aia-https': {
    severity: 'warning',
    meaning:
      "An intermediate's AIA points at an https URL (the guide's troubleshooting: HTTP-to-HTTPS redirects in AIA break the connection).",
    fix: 'Install the full chain on the Management Node, or use a different CA.',
  },
} as const satisfies Record<string, CodeInfo>;

export const ASSEMBLE_CODES = {
  'assemble.unreadable': {
    severity: 'error',
    meaning: 'The certificate, key or chain PEM could not be read.',
    fix: 'Give PEM files (BEGIN CERTIFICATE / BEGIN PRIVATE KEY or RSA PRIVATE KEY).',
  },
  'assemble.key-mismatch': {
    severity: 'error',
    meaning: 'The key does not belong to the certificate.',
    fix: "Use the key generated with the certificate's CSR.",
  },
  'assemble.unrelated-chain': {
    severity: 'warning',
    meaning: 'A chain certificate is not on the path from the leaf; it was left out.',
    fix: 'Check the chain file.',
  },
} as const satisfies Record<string, CodeInfo>;

export type PfxCode = keyof typeof PFX_CODES;
export type NodeCode = keyof typeof NODE_CODES;
export type AssembleCode = keyof typeof ASSEMBLE_CODES;
export type CertCode = PfxCode | NodeCode | AssembleCode;

export const ALL_CERT_CODES: Record<CertCode, CodeInfo> = { ...PFX_CODES, ...NODE_CODES, ...ASSEMBLE_CODES };
