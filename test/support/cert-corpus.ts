// Builds the certificate test corpus with the real openssl and keytool CLIs, at test time: a test PKI
// (root + intermediates), leaves for every rule, and PFX files in every encoding we must read.
// Nothing binary is committed. The corpus is built once per test run (keyed by the runner's pid and
// the builder version) in the temp folder and reused by every test file, the TLS tests and the bench.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUILDER_VERSION = 3;

export const CORPUS_PASSWORD = 'corpus-Pass1';
export const NON_ASCII_PASSWORD = 'Pässwörd€';
export const CONNECTOR_FQDN = 'pexip-teamsconn-eu.teams.example.com';
export const CONNECTOR_FQDN_2 = 'pexip-teamsconn-us.teams.example.com';
export const POOL = 'px.vc.example.com';
export const NODES = ['px01.vc.example.com', 'px02.vc.example.com'];
export const SIP_DOMAIN = 'vc.example.com';

/** Leaf certificates (PEM files) the corpus holds, by purpose. */
export type LeafName =
  | 'good'
  | 'serverOnly'
  | 'wildcard'
  | 'ecdsa'
  | 'rsa1024'
  | 'sha1'
  | 'expired'
  | 'notYetValid'
  | 'expiresSoon'
  | 'selfSigned'
  | 'untrusted'
  | 'aiaHttps'
  | 'noEku'
  | 'node'
  | 'nodeBad';

/** PFX files, by encoding or defect. */
export type PfxName =
  | 'openssl3'
  | 'legacy'
  | 'keytool'
  | 'win3des'
  | 'winAes'
  | 'sha512mac'
  | 'noMac'
  | 'emptyPassword'
  | 'nonAscii'
  | 'nonAsciiLegacy'
  | 'csp'
  | 'cng'
  | 'noKey'
  | 'keyMismatch'
  | 'missingIntermediate'
  | 'wrongOrder'
  | 'withRoot'
  | 'serverOnly'
  | 'wildcard'
  | 'ecdsa'
  | 'rsa1024'
  | 'sha1'
  | 'expired'
  | 'notYetValid'
  | 'expiresSoon'
  | 'selfSigned'
  | 'untrusted'
  | 'aiaHttps';

export interface PfxEntry {
  file: string;
  password: string;
  /** Human description of the encoding, for bench output. */
  encoding: string;
}

export interface CertCorpus {
  dir: string;
  /** Trust anchor of the test PKI (PEM file). */
  rootFile: string;
  /** Intermediate that issued the ordinary leaves (PEM file). */
  intermediateFile: string;
  /** A second, never-trusted root (PEM file). */
  otherRootFile: string;
  /** Key file (PEM, unencrypted) and certificate file (PEM) of each leaf. */
  leaves: Record<LeafName, { cert: string; key: string }>;
  /** Chain file (PEM) for each leaf: its intermediates, leaf excluded. */
  chains: Record<LeafName, string>;
  pfx: Record<PfxName, PfxEntry>;
}

function runTool(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
  }
}

/** openssl ca time format (YYYYMMDDHHMMSSZ). */
function caTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

interface Ca {
  dir: string;
  cert: string;
  key: string;
  config: string;
}

function makeCaConfig(dir: string): string {
  mkdirSync(join(dir, 'newcerts'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  // openssl ca wants an even number of hex digits: always four random digits, then "01".
  writeFileSync(join(dir, 'serial'), `${(Math.floor(Math.random() * 0xefff) + 0x1000).toString(16)}01\n`);
  const config = join(dir, 'ca.cnf');
  writeFileSync(
    config,
    [
      '[ ca ]',
      'default_ca = CA_default',
      '[ CA_default ]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir/newcerts',
      'serial = $dir/serial',
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'copy_extensions = none',
      'email_in_dn = no',
      '[ policy_any ]',
      'commonName = supplied',
      'organizationName = optional',
      'countryName = optional',
      '',
    ].join('\n'),
  );
  return config;
}

export interface SignOptions {
  subject: string;
  key: string;
  /** Lines of an extension section, e.g. "basicConstraints = critical,CA:true". */
  ext: string[];
  start: Date;
  end: Date;
  md?: string;
  out: string;
}

function sign(work: string, ca: Ca | 'self', o: SignOptions): void {
  const csr = `${o.out}.csr`;
  runTool('openssl', ['req', '-new', '-key', o.key, '-subj', o.subject, '-out', csr], work);
  const extFile = `${o.out}.ext`;
  writeFileSync(extFile, ['[ v3 ]', ...o.ext, ''].join('\n'));
  let caArgs: string[];
  if (ca === 'self') {
    const dir = `${o.out}.ca`;
    caArgs = ['-config', makeCaConfig(dir), '-selfsign', '-keyfile', o.key];
  } else {
    caArgs = ['-config', ca.config, '-cert', ca.cert, '-keyfile', ca.key];
  }
  runTool(
    'openssl',
    [
      'ca',
      '-batch',
      '-notext',
      '-preserveDN',
      ...caArgs,
      '-in',
      csr,
      '-out',
      o.out,
      '-extfile',
      extFile,
      '-extensions',
      'v3',
      '-startdate',
      caTime(o.start),
      '-enddate',
      caTime(o.end),
      '-md',
      o.md ?? 'sha256',
    ],
    work,
  );
}

function genKey(work: string, out: string, spec: 'rsa2048' | 'rsa1024' | 'ec'): string {
  const path = join(work, out);
  if (spec === 'ec')
    runTool('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path], work);
  else
    runTool(
      'openssl',
      ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec === 'rsa1024' ? 1024 : 2048}`, '-out', path],
      work,
    );
  return path;
}

const DAY = 86_400_000;

function build(work: string): CertCorpus {
  const now = Date.now();
  const past = new Date(now - 30 * DAY);
  const future = new Date(now + 400 * DAY);
  const caExt = [
    'basicConstraints = critical,CA:true',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
  ];
  const intExt = [
    ...caExt,
    'authorityKeyIdentifier = keyid',
    'authorityInfoAccess = caIssuers;URI:http://pki.example.com/root.crt',
  ];

  // Keys once: the CAs, one RSA key shared by the ordinary leaves, and the special ones.
  const rootKey = genKey(work, 'root.key', 'rsa2048');
  const intKey = genKey(work, 'int.key', 'rsa2048');
  const otherKey = genKey(work, 'other-root.key', 'rsa2048');
  const leafKey = genKey(work, 'leaf.key', 'rsa2048');
  const otherLeafKey = genKey(work, 'other-leaf.key', 'rsa2048');
  const ecKey = genKey(work, 'ec.key', 'ec');
  const weakKey = genKey(work, 'weak.key', 'rsa1024');

  const rootCert = join(work, 'root.pem');
  sign(work, 'self', {
    subject: '/O=TCW Test/CN=TCW Test Root CA',
    key: rootKey,
    ext: caExt,
    start: new Date(now - 400 * DAY),
    end: new Date(now + 4000 * DAY),
    out: rootCert,
  });
  const root: Ca = {
    dir: join(work, 'root-ca'),
    cert: rootCert,
    key: rootKey,
    config: makeCaConfig(join(work, 'root-ca')),
  };

  const intCert = join(work, 'intermediate.pem');
  sign(work, root, {
    subject: '/O=TCW Test/CN=TCW Test Issuing CA 1',
    key: intKey,
    ext: intExt,
    start: new Date(now - 300 * DAY),
    end: new Date(now + 3000 * DAY),
    out: intCert,
  });
  const int: Ca = { dir: join(work, 'int-ca'), cert: intCert, key: intKey, config: makeCaConfig(join(work, 'int-ca')) };

  // An intermediate whose AIA points at an https URL (the nodes cannot follow HTTP-to-HTTPS redirects).
  const intHttpsCert = join(work, 'intermediate-https.pem');
  sign(work, root, {
    subject: '/O=TCW Test/CN=TCW Test Issuing CA 2',
    key: intKey,
    ext: [
      ...caExt,
      'authorityKeyIdentifier = keyid',
      'authorityInfoAccess = caIssuers;URI:https://pki.example.com/root.crt',
    ],
    start: new Date(now - 300 * DAY),
    end: new Date(now + 3000 * DAY),
    out: intHttpsCert,
  });
  const intHttps: Ca = {
    dir: join(work, 'int-https-ca'),
    cert: intHttpsCert,
    key: intKey,
    config: makeCaConfig(join(work, 'int-https-ca')),
  };

  const otherRootCert = join(work, 'other-root.pem');
  sign(work, 'self', {
    subject: '/O=Nobody/CN=Untrusted Root CA',
    key: otherKey,
    ext: caExt,
    start: new Date(now - 400 * DAY),
    end: new Date(now + 4000 * DAY),
    out: otherRootCert,
  });
  const otherRoot: Ca = {
    dir: join(work, 'other-ca'),
    cert: otherRootCert,
    key: otherKey,
    config: makeCaConfig(join(work, 'other-ca')),
  };

  const both = 'extendedKeyUsage = serverAuth,clientAuth';
  const leafBase = [
    'basicConstraints = CA:false',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    'authorityKeyIdentifier = keyid',
    'authorityInfoAccess = caIssuers;URI:http://pki.example.com/issuing1.crt',
  ];
  const connSan = `subjectAltName = DNS:${CONNECTOR_FQDN},DNS:${CONNECTOR_FQDN_2}`;
  const leafSpecs: Record<
    LeafName,
    { ca: Ca | 'self'; key: string; subject: string; ext: string[]; start?: Date; end?: Date; md?: string }
  > = {
    good: { ca: int, key: leafKey, subject: `/CN=${CONNECTOR_FQDN}`, ext: [...leafBase, both, connSan] },
    serverOnly: {
      ca: int,
      key: leafKey,
      subject: `/CN=${CONNECTOR_FQDN}`,
      ext: [...leafBase, 'extendedKeyUsage = serverAuth', connSan],
    },
    wildcard: {
      ca: int,
      key: leafKey,
      subject: '/CN=*.teams.example.com',
      ext: [...leafBase, both, 'subjectAltName = DNS:*.teams.example.com'],
    },
    ecdsa: {
      ca: int,
      key: ecKey,
      subject: `/CN=${CONNECTOR_FQDN}`,
      ext: ['basicConstraints = CA:false', 'keyUsage = critical,digitalSignature', both, connSan],
    },
    rsa1024: { ca: int, key: weakKey, subject: `/CN=${CONNECTOR_FQDN}`, ext: [...leafBase, both, connSan] },
    sha1: { ca: int, key: leafKey, subject: `/CN=${CONNECTOR_FQDN}`, ext: [...leafBase, both, connSan], md: 'sha1' },
    expired: {
      ca: int,
      key: leafKey,
      subject: `/CN=${CONNECTOR_FQDN}`,
      ext: [...leafBase, both, connSan],
      start: new Date(now - 200 * DAY),
      end: new Date(now - 5 * DAY),
    },
    notYetValid: {
      ca: int,
      key: leafKey,
      subject: `/CN=${CONNECTOR_FQDN}`,
      ext: [...leafBase, both, connSan],
      start: new Date(now + 20 * DAY),
      end: new Date(now + 400 * DAY),
    },
    expiresSoon: {
      ca: int,
      key: leafKey,
      subject: `/CN=${CONNECTOR_FQDN}`,
      ext: [...leafBase, both, connSan],
      end: new Date(now + 10 * DAY),
    },
    selfSigned: {
      ca: 'self',
      key: leafKey,
      subject: `/CN=${CONNECTOR_FQDN}`,
      ext: ['basicConstraints = CA:false', 'keyUsage = critical,digitalSignature,keyEncipherment', both, connSan],
    },
    untrusted: {
      ca: otherRoot,
      key: leafKey,
      subject: `/CN=${CONNECTOR_FQDN}`,
      ext: ['basicConstraints = CA:false', 'keyUsage = critical,digitalSignature,keyEncipherment', both, connSan],
    },
    aiaHttps: { ca: intHttps, key: leafKey, subject: `/CN=${CONNECTOR_FQDN}`, ext: [...leafBase, both, connSan] },
    noEku: { ca: int, key: leafKey, subject: `/CN=${CONNECTOR_FQDN}`, ext: [...leafBase, connSan] },
    node: {
      ca: int,
      key: leafKey,
      subject: `/CN=${POOL}`,
      ext: [...leafBase, both, `subjectAltName = DNS:${POOL},DNS:${NODES[0]},DNS:${NODES[1]},DNS:${SIP_DOMAIN}`],
    },
    nodeBad: {
      ca: int,
      key: leafKey,
      subject: `/CN=${NODES[0]}`,
      ext: [...leafBase, 'extendedKeyUsage = serverAuth', `subjectAltName = DNS:${NODES[0]}`],
    },
  };
  const leaves = {} as CertCorpus['leaves'];
  const chains = {} as CertCorpus['chains'];
  const intPem = readFileSync(intCert, 'utf8');
  for (const [name, s] of Object.entries(leafSpecs) as [LeafName, (typeof leafSpecs)[LeafName]][]) {
    const out = join(work, `leaf-${name}.pem`);
    sign(work, s.ca, {
      subject: s.subject,
      key: s.key,
      ext: s.ext,
      start: s.start ?? past,
      end: s.end ?? future,
      md: s.md,
      out,
    });
    leaves[name] = { cert: out, key: s.key };
    const chain = join(work, `chain-${name}.pem`);
    writeFileSync(
      chain,
      s.ca === int
        ? intPem
        : s.ca === intHttps
          ? readFileSync(intHttpsCert, 'utf8')
          : s.ca === otherRoot
            ? readFileSync(otherRootCert, 'utf8')
            : '',
    );
    chains[name] = chain;
  }

  const pfx = {} as Record<PfxName, PfxEntry>;
  const p12 = (name: PfxName, encoding: string, args: string[], password = CORPUS_PASSWORD): void => {
    const file = join(work, `${name}.pfx`);
    runTool('openssl', ['pkcs12', '-export', ...args, '-out', file, '-passout', 'env:TCW_PFX_PASS'], work, {
      TCW_PFX_PASS: password,
    });
    pfx[name] = { file, password, encoding };
  };
  const good = ['-in', leaves.good.cert, '-inkey', leafKey, '-certfile', intCert, '-name', 'teams connector'];
  p12('openssl3', 'OpenSSL 3 default (PBES2 AES-256-CBC, SHA-256 MAC)', good);
  p12('legacy', 'OpenSSL -legacy (RC2-40 certs, 3DES key, SHA-1 MAC)', [...good, '-legacy']);
  p12('win3des', 'Windows-like TripleDES-SHA1', [
    ...good,
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
  ]);
  p12('winAes', 'Windows-like AES256-SHA256', [
    ...good,
    '-keypbe',
    'AES-256-CBC',
    '-certpbe',
    'AES-256-CBC',
    '-macalg',
    'sha256',
  ]);
  p12('sha512mac', 'SHA-512 MAC', [...good, '-macalg', 'sha512']);
  p12('noMac', 'no MAC', [...good, '-nomac']);
  p12('emptyPassword', 'empty password', good, '');
  p12('nonAscii', 'non-ASCII password, PBES2', good, NON_ASCII_PASSWORD);
  p12('nonAsciiLegacy', 'non-ASCII password, -legacy', [...good, '-legacy'], NON_ASCII_PASSWORD);
  p12('csp', 'legacy CSP name attribute', [...good, '-CSP', 'Microsoft Enhanced RSA and AES Cryptographic Provider']);
  p12('cng', 'CNG Key Storage Provider name attribute', [...good, '-CSP', 'Microsoft Software Key Storage Provider']);
  p12('noKey', 'certificates only', ['-nokeys', '-in', leaves.good.cert, '-certfile', intCert]);
  p12('keyMismatch', 'key of another certificate', ['-nocerts', '-inkey', otherLeafKey, '-certfile', leaves.good.cert]);
  p12('missingIntermediate', 'leaf and key only', ['-in', leaves.good.cert, '-inkey', leafKey]);
  const rootThenInt = join(work, 'root-then-int.pem');
  writeFileSync(rootThenInt, readFileSync(rootCert, 'utf8') + intPem);
  p12('wrongOrder', 'chain root first', ['-in', leaves.good.cert, '-inkey', leafKey, '-certfile', rootThenInt]);
  const intThenRoot = join(work, 'int-then-root.pem');
  writeFileSync(intThenRoot, intPem + readFileSync(rootCert, 'utf8'));
  p12('withRoot', 'chain with root', ['-in', leaves.good.cert, '-inkey', leafKey, '-certfile', intThenRoot]);
  for (const name of [
    'serverOnly',
    'wildcard',
    'ecdsa',
    'rsa1024',
    'sha1',
    'expired',
    'notYetValid',
    'expiresSoon',
    'selfSigned',
    'untrusted',
    'aiaHttps',
  ] as const) {
    const chainArgs = readFileSync(chains[name], 'utf8') ? ['-certfile', chains[name]] : [];
    p12(name, name, ['-in', leaves[name].cert, '-inkey', leaves[name].key, ...chainArgs]);
  }

  // Java keytool rewrites the OpenSSL file with its own PKCS#12 encoder (JDK 17: PBES2 + HmacPBESHA256).
  const keytoolFile = join(work, 'keytool.pfx');
  runTool(
    'keytool',
    [
      '-importkeystore',
      '-noprompt',
      '-srckeystore',
      pfx.openssl3.file,
      '-srcstoretype',
      'PKCS12',
      '-srcstorepass:env',
      'TCW_PFX_PASS',
      '-destkeystore',
      keytoolFile,
      '-deststoretype',
      'PKCS12',
      '-deststorepass:env',
      'TCW_PFX_PASS',
    ],
    work,
    { TCW_PFX_PASS: CORPUS_PASSWORD },
  );
  pfx.keytool = { file: keytoolFile, password: CORPUS_PASSWORD, encoding: 'Java keytool PKCS12' };

  return {
    dir: work,
    rootFile: rootCert,
    intermediateFile: intCert,
    otherRootFile: otherRootCert,
    leaves,
    chains,
    pfx,
  };
}

function relocate(c: CertCorpus, from: string, to: string): CertCorpus {
  return JSON.parse(
    JSON.stringify(c).split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1)),
  ) as CertCorpus;
}

let cached: CertCorpus | undefined;

/**
 * The corpus for this run. Test files of one `node --test` run share the parent pid, so they share
 * one corpus; concurrent builders race to an atomic rename and the loser uses the winner's copy.
 */
export function certCorpus(runKey = `${process.env.TCW_CORPUS_RUN ?? process.ppid}`): CertCorpus {
  if (cached) return cached;
  const base = join(tmpdir(), 'tcw-cert-corpus');
  mkdirSync(base, { recursive: true });
  const final = join(base, `v${BUILDER_VERSION}-run-${runKey}`);
  const manifest = join(final, 'corpus.json');
  // Tidy corpora of earlier runs (older than a day).
  for (const name of readdirSync(base)) {
    const p = join(base, name);
    try {
      if (p !== final && Date.now() - statSync(p).mtimeMs > DAY) rmSync(p, { recursive: true, force: true });
    } catch {
      /* another run may be removing it */
    }
  }
  if (!existsSync(manifest)) {
    const work = mkdtempSync(join(base, 'build-'));
    const built = build(work);
    writeFileSync(join(work, 'corpus.json'), JSON.stringify(relocate(built, work, final)));
    try {
      renameSync(work, final);
    } catch {
      rmSync(work, { recursive: true, force: true });
    }
  }
  cached = JSON.parse(readFileSync(manifest, 'utf8')) as CertCorpus;
  return cached;
}
