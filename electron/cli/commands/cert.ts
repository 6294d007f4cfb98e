// `tcw cert pfx|nodes|csr|assemble`: verdicts on the Teams Connector PFX and the Conferencing Node
// certificates, a key + CSR for the connector FQDN(s), and a PFX assembled from PEM parts.
// Passwords never come from an argument: an environment variable, a file, or a prompt on a TTY.
// node:fs, not node:fs/promises: loading the latter pulls in readline and Node's streams (~5 ms of a
// one-file `cert pfx`); the writer (atomic-file, which uses it) is loaded only by the commands that write.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CertResult, CertificateFacts } from '../../../shared/api/wizard-api.ts';
import { hasErrors } from '../../../shared/model/finding.ts';
import { passwordFromFile } from '../../../shared/cert/password.ts';
import { analyzePfx, analyzeNodeCertificate } from '../../services/cert/analyze.ts';
import { useTrustIndex } from '../../services/cert/trust-index.ts';
import { formatFindings, wantColor } from '../findings-format.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io.ts';

const HELP = `Usage: tcw cert <command> [options]

Commands:
  pfx FILE... --fqdn NAME [--fqdn NAME2] [--password-env VAR | --password-file F]
      [--trust CA.pem] [--now ISO-8601] [--warn-days N] [--connector-version V] [--json]
      Check Teams Connector PFX files: password, private key, RSA, names (RFC 6125), both EKUs,
      chain, trust, dates, key size, signature, key provider (CNG), chain order, AIA.
  nodes FILE... --pool NAME --node FQDN... [--node-fqdns "a,b"] [--sip-domain D] [--key KEY.pem]
      [--trust CA.pem] [--now ISO-8601] [--warn-days N] [--json]
      Check Conferencing Node certificates (PEM: leaf first, then intermediates) and print the
      recommended subject and SANs for a node SAN certificate.
  csr --fqdn NAME [--fqdn ...] --key-out KEY.pem --csr-out REQ.csr [--key-size 2048|3072|4096]
      Make a new RSA key and a CSR (CN = first FQDN, all FQDNs as SANs, serverAuth+clientAuth).
  assemble --cert LEAF.pem --key KEY.pem [--chain CHAIN.pem] --out X.pfx
      (--password-env VAR | --password-file F) [--legacy-csp] [--trust CA.pem] [--json]
      Build a PFX: checks the key matches, orders the chain, optionally names the legacy CSP
      ("Microsoft Enhanced RSA and AES Cryptographic Provider") so Windows does not use CNG.

Passwords are never accepted as arguments. Without --password-env/--password-file the PFX
password is asked for on the terminal.

Exit status: 0 no error finding, 1 error findings, 2 usage or input error.
`;

/** Input files are small (certificates, keys, a password): read in one go. */
function readInput(path: string, cwd: string, what: string): Buffer {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(
      `cannot read ${what} "${path}"${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`,
    );
  }
}

/** The --trust files as one PEM text, or undefined when none was given. */
function readTrust(paths: readonly string[], cwd: string): string | undefined {
  return paths.map((t) => readInput(t, cwd, 'trust file').toString('utf8')).join('\n') || undefined;
}

/** The password from --password-env, --password-file or a prompt; never from an argument. */
async function password(
  io: CliIo,
  env: string | undefined,
  file: string | undefined,
  confirm: boolean,
): Promise<string> {
  if (env !== undefined && file !== undefined)
    throw new UsageError('give either --password-env or --password-file, not both.');
  if (env !== undefined) {
    const v = io.env[env];
    if (v === undefined)
      throw new UsageError(`environment variable ${env} is not set (it should hold the PFX password).`);
    return v;
  }
  if (file !== undefined) {
    // A byte-order mark (Notepad) and one trailing line break are the file's, not the password's.
    return passwordFromFile(readInput(file, io.cwd, 'password file'));
  }
  if (io.interactive && io.promptSecret) {
    const first = await io.promptSecret('PFX password: ');
    if (confirm && (await io.promptSecret('Repeat the password: ')) !== first)
      throw new UsageError('the two passwords differ.');
    return first;
  }
  throw new UsageError('no password: use --password-env VAR or --password-file FILE (no terminal to ask on).');
}

function parseNow(v: string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(v))
    throw new UsageError(`--now "${v}" is not an ISO-8601 date (e.g. 2026-07-01 or 2026-07-01T12:00:00Z).`);
  return d;
}

function parseWarnDays(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,4}$/.test(v)) throw new UsageError(`--warn-days "${v}" must be a whole number of days.`);
  return Number(v);
}

function clean(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '?');
}

function daysLeft(iso: string, now: Date): string {
  const d = Math.floor((Date.parse(iso) - now.getTime()) / 86_400_000);
  return d < 0 ? `expired ${-d} day(s) ago` : `${d} day(s) left`;
}

/** Facts first: what the certificate is, before what is wrong with it. */
function factsText(c: CertificateFacts, now: Date): string {
  const rows: [string, string][] = [
    ['Subject', c.subject],
    ['SANs', c.subjectAltNames.join(', ') || '(none)'],
    ['Chain', c.chain.join('\n                      → ')],
    ['Valid', `${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)} (${daysLeft(c.notAfter, now)})`],
    ['Key', c.keyType],
    ['EKUs', c.extendedKeyUsages.join(', ') || '(no EKU extension)'],
    ['Signature', c.signatureAlgorithm],
    ['Thumbprint SHA-1', c.thumbprintSha1],
    ['Thumbprint SHA-256', c.thumbprintSha256],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(18)}  ${clean(v)}`).join('\n') + '\n';
}

function printResults(io: CliIo, results: CertResult[], json: boolean, now: Date, okText: string): number {
  if (json) {
    io.stdout(`${JSON.stringify({ results }, null, 2)}\n`);
  } else {
    const color = wantColor(io.interactive, io.env);
    for (const r of results) {
      io.stdout(`\n${clean(r.file)}\n`);
      if (r.certificate) io.stdout(factsText(r.certificate, now));
      if (r.recommendation) {
        io.stdout(
          `  Recommended for a node SAN certificate:\n    subject  ${clean(r.recommendation.subject)}\n    SANs     ${clean(r.recommendation.subjectAltNames.join(', '))}\n`,
        );
      }
      if (r.findings.length) io.stdout(`\n${formatFindings(r.findings, { color })}`);
      io.stdout(
        r.ok
          ? `\n  ✔ ${okText}${r.findings.length ? ' (see the warnings above)' : ''}\n`
          : '\n  ✖ Not usable as it is: fix the errors above.\n',
      );
    }
  }
  return results.some((r) => !r.ok) ? EXIT_FINDINGS : EXIT_OK;
}

const PASSWORD_HINT =
  'put the PFX password in an environment variable and give its name with --password-env VAR, or in an owner-only file given with --password-file FILE, or leave both out to be asked on the terminal';

const pfxCommand = defineCommand({
  name: 'cert pfx',
  help: HELP,
  options: {
    fqdn: { type: 'string', multiple: true, default: [] },
    'password-env': { type: 'string' },
    'password-file': { type: 'string' },
    trust: { type: 'string', multiple: true, default: [] },
    now: { type: 'string' },
    'warn-days': { type: 'string' },
    'connector-version': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: { min: 1, max: Infinity, missing: 'give at least one PFX file.' },
  secretHint: PASSWORD_HINT,
  run: async ({ values, positionals, io }) => {
    if (values.fqdn.length === 0)
      throw new UsageError(
        'give the Teams Connector FQDN(s) the certificate must cover with --fqdn (one per region that uses it).',
      );
    const now = parseNow(values.now) ?? new Date();
    const warnDays = parseWarnDays(values['warn-days']);
    const files = positionals.map((f) => ({ name: f, bytes: readInput(f, io.cwd, 'PFX file') }));
    const trustPem = readTrust(values.trust, io.cwd);
    const pw = await password(io, values['password-env'], values['password-file'], false);
    useTrustIndex(io.cacheDir);
    const results = files.map((f) =>
      analyzePfx(f.bytes, {
        password: pw,
        fqdns: values.fqdn,
        now,
        warnDays,
        trustPem,
        connectorVersion: values['connector-version'],
        fileName: f.name,
      }),
    );
    return printResults(io, results, values.json, now, 'Ready for the Teams Connector.');
  },
});

const nodesCommand = defineCommand({
  name: 'cert nodes',
  help: HELP,
  options: {
    pool: { type: 'string' },
    node: { type: 'string', multiple: true, default: [] },
    'node-fqdns': { type: 'string' },
    'sip-domain': { type: 'string' },
    key: { type: 'string' },
    trust: { type: 'string', multiple: true, default: [] },
    now: { type: 'string' },
    'warn-days': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: { min: 1, max: Infinity, missing: 'give at least one node certificate file (PEM).' },
  secretHint: 'node certificates are checked without a password; give the private key (PEM) with --key KEY.pem',
  run: async ({ values, positionals, io }) => {
    if (!values.pool) throw new UsageError('give the pool name with --pool (e.g. px.vc.example.com).');
    if (values.node.length === 0) throw new UsageError('give every node FQDN with --node (repeat it per node).');
    const nodeFqdns = (values['node-fqdns'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const wild = nodeFqdns.find((n) => n.includes('*'));
    if (wild) throw new UsageError(`--node-fqdns must not hold wildcards ("${wild}"); list the pool or node names.`);
    const now = parseNow(values.now) ?? new Date();
    const warnDays = parseWarnDays(values['warn-days']);
    const files = positionals.map((f) => ({ name: f, data: readInput(f, io.cwd, 'certificate file') }));
    const trustPem = readTrust(values.trust, io.cwd);
    const keyPem = values.key ? readInput(values.key, io.cwd, 'key file').toString('utf8') : undefined;
    useTrustIndex(io.cacheDir);
    const results = files.map((f) =>
      analyzeNodeCertificate(f.data, {
        pool: values.pool!,
        nodes: values.node,
        nodeFqdns,
        sipDomain: values['sip-domain'],
        keyPem,
        now,
        warnDays,
        trustPem,
        fileName: f.name,
      }),
    );
    return printResults(io, results, values.json, now, 'Ready for the Conferencing Nodes.');
  },
});

const csrCommand = defineCommand({
  name: 'cert csr',
  help: HELP,
  options: {
    fqdn: { type: 'string', multiple: true, default: [] },
    'key-out': { type: 'string' },
    'csr-out': { type: 'string' },
    'key-size': { type: 'string', default: '2048' },
  },
  secretHint: 'the new key is written unencrypted to --key-out (owner-only); no password is needed',
  run: async ({ values, io }) => {
    if (values.fqdn.length === 0) throw new UsageError('give the Teams Connector FQDN(s) with --fqdn.');
    if (!values['key-out'] || !values['csr-out']) throw new UsageError('give --key-out KEY.pem and --csr-out REQ.csr.');
    const keySize = Number(values['key-size']);
    if (keySize !== 2048 && keySize !== 3072 && keySize !== 4096)
      throw new UsageError('--key-size must be 2048, 3072 or 4096.');
    const keyOut = resolve(io.cwd, values['key-out']);
    const csrOut = resolve(io.cwd, values['csr-out']);
    if (existsSync(keyOut))
      throw new UsageError(
        `${values['key-out']} exists already; a key is never overwritten (choose another name or remove it).`,
      );
    const { createCsr } = await import('../../services/cert/tools.ts');
    const made = await createCsr({ fqdns: values.fqdn, keySize });
    const { writeFileAtomic } = await import('../../services/files/atomic-file.ts');
    await writeFileAtomic(keyOut, made.keyPem, 0o600);
    await writeFileAtomic(csrOut, made.csrPem, 0o644);
    io.stdout(
      `Wrote the private key to ${values['key-out']} (readable only by you; keep it safe) and the CSR to ${values['csr-out']}.\n` +
        `Submit the CSR to your CA and ask for serverAuth + clientAuth. Then build the PFX:\n` +
        `  tcw cert assemble --cert <issued.pem> --key ${values['key-out']} --chain <intermediates.pem> --out connector.pfx --password-env PFX_PASSWORD --legacy-csp\n`,
    );
    return EXIT_OK;
  },
});

const assembleCommand = defineCommand({
  name: 'cert assemble',
  help: HELP,
  options: {
    cert: { type: 'string' },
    key: { type: 'string' },
    chain: { type: 'string' },
    out: { type: 'string' },
    'password-env': { type: 'string' },
    'password-file': { type: 'string' },
    'legacy-csp': { type: 'boolean', default: false },
    trust: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  },
  secretHint: PASSWORD_HINT,
  run: async ({ values, io }) => {
    if (!values.cert || !values.key || !values.out)
      throw new UsageError('give --cert LEAF.pem, --key KEY.pem and --out X.pfx.');
    const certPem = readInput(values.cert, io.cwd, 'certificate file').toString('utf8');
    const keyPem = readInput(values.key, io.cwd, 'key file').toString('utf8');
    const chainPem = values.chain ? readInput(values.chain, io.cwd, 'chain file').toString('utf8') : undefined;
    const trustPem = readTrust(values.trust, io.cwd);
    const pw = await password(io, values['password-env'], values['password-file'], true);
    const { assemblePfx } = await import('../../services/cert/tools.ts');
    const res = assemblePfx({ certPem, keyPem, chainPem, password: pw, legacyCsp: values['legacy-csp'] }, { trustPem });
    const built = res.pfxBase64 !== '';
    if (built) {
      const { writeFileAtomic } = await import('../../services/files/atomic-file.ts');
      await writeFileAtomic(resolve(io.cwd, values.out), Buffer.from(res.pfxBase64, 'base64'), 0o600);
    }
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ file: values.out, written: built, ok: built && !hasErrors(res.findings), findings: res.findings }, null, 2)}\n`,
      );
    } else {
      if (res.findings.length) io.stdout(formatFindings(res.findings, { color: wantColor(io.interactive, io.env) }));
      io.stdout(
        built
          ? `Wrote ${values.out} (owner-only).${hasErrors(res.findings) ? ' It has the problems listed above.' : ''}\n`
          : 'Nothing was written.\n',
      );
    }
    return !built || hasErrors(res.findings) ? EXIT_FINDINGS : EXIT_OK;
  },
});

export const run = defineGroup({
  name: 'cert',
  help: HELP,
  commands: { pfx: pfxCommand, nodes: nodesCommand, csr: csrCommand, assemble: assembleCommand },
});
