// `tcw probe HOST[:PORT] …`: connects to a Conferencing Node or the Teams Connector, captures the
// presented certificate chain and protocol, and judges them like the certificate checks do.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { hasErrors, type Finding } from '../../../shared/model/finding.ts';
import type { ProbeRequest } from '../../../shared/api/wizard-api.ts';
import { probeChecklist, type CheckStatus } from '../../../shared/live/checklist.ts';
import { tlsProbe, DEFAULT_PROBE_TIMEOUT_SECONDS } from '../../services/live/tls-probe.ts';
import { defineCommand } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../io.ts';

const HELP = `Usage:
  tcw probe HOST[:PORT] --role node --pool P --node FQDN [--node FQDN…] [--node-fqdns "a,b"]
            [--sip-domain D] [--servername NAME] [--trust CA.pem] [--timeout S] [--json]
  tcw probe HOST[:PORT] --role connector --fqdn F [--servername NAME] [--trust CA.pem]
            [--timeout S] [--json]

Connects to a Conferencing Node (or the pool) or to the Teams Connector with TLS, captures the
certificate chain it presents and the protocol it negotiates, and checks them with the same rules
as "tcw cert": names, serverAuth + clientAuth, dates, key, chain to a trusted root. It also checks
that TLS 1.2 works (the Teams Connector speaks only TLS 1.2) and warns when TLS 1.0/1.1 is accepted.

Options:
  --role node|connector  what the endpoint is
  --pool P               node pool name, the certificate's expected CN (e.g. px.vc.example.com)
  --node FQDN            a node FQDN the certificate must hold (repeat for each node)
  --node-fqdns "a,b"     the region's $PxNodeFqdns, each must be in the certificate
  --sip-domain D         SRV domain for Skype for Business / Lync federation (must be a SAN)
  --fqdn F               the Teams Connector FQDN ($PxTeamsConnFqdn)
  --servername NAME      name sent as SNI (default: the connector FQDN, the host, or the pool)
  --trust CA.pem         extra trusted root(s), PEM, for a private test PKI
  --timeout S            seconds per connection attempt (default ${DEFAULT_PROBE_TIMEOUT_SECONDS})
  --json                 print { "findings": [...], "protocol": ..., "certificate": ... }
  -h, --help             show this help

PORT defaults to 443. Exit status: 0 no error finding, 1 error findings, 2 usage or input error.
`;

const MARK: Record<CheckStatus, string> = { ok: '✔', warning: '!', error: '✖', skipped: '–' };
const SEV_MARK: Record<Finding['severity'], string> = { error: '✖', warning: '!', info: 'i' };

/** "host", "host:port", "[v6]:port" or a bare IPv6 address. */
export function parseEndpoint(text: string): { host: string; port: number } {
  const t = text.trim();
  let host = t;
  let portText: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) {
    host = v6[1]!;
    portText = v6[2];
  } else if (isIP(t) !== 6) {
    const m = /^([^:\s]+)(?::([^:]*))?$/.exec(t);
    if (!m) throw new UsageError(`"${text}" is not HOST or HOST:PORT.`);
    host = m[1]!;
    portText = m[2];
  }
  const port = portText === undefined ? 443 : Number(portText);
  if (!/^\d+$/.test(portText ?? '443') || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`the port in "${text}" must be a number 1–65535.`);
  return { host, port };
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export const run = defineCommand({
  name: 'probe',
  help: HELP,
  options: {
    role: { type: 'string' },
    pool: { type: 'string' },
    node: { type: 'string', multiple: true },
    'node-fqdns': { type: 'string' },
    'sip-domain': { type: 'string' },
    fqdn: { type: 'string' },
    servername: { type: 'string' },
    trust: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: {
    min: 1,
    max: 1,
    missing: 'missing HOST[:PORT] to probe.',
    tooMany: (p) => `one endpoint at a time (got ${p.join(' ')}).`,
  },
  run: async ({ values, positionals, io }) => {
    const { host, port } = parseEndpoint(positionals[0]!);
    const role = values.role;
    if (role !== 'node' && role !== 'connector') throw new UsageError('--role node or --role connector is required.');
    const nodes = (values.node ?? []).flatMap(list);
    if (role === 'node') {
      if (!values.pool) throw new UsageError('--role node needs --pool (the pool name, e.g. px.vc.example.com).');
      if (nodes.length === 0)
        throw new UsageError(
          '--role node needs every node FQDN the certificate must hold: --node px01.vc.example.com --node px02.vc.example.com.',
        );
      if (values.fqdn) throw new UsageError('--fqdn is for --role connector; for a node give --pool and --node.');
    } else {
      if (!values.fqdn)
        throw new UsageError('--role connector needs --fqdn (the Teams Connector FQDN, $PxTeamsConnFqdn).');
      if (values.pool || nodes.length || values['node-fqdns'] || values['sip-domain'])
        throw new UsageError('--pool, --node, --node-fqdns and --sip-domain are for --role node.');
    }
    let timeoutSeconds: number | undefined;
    if (values.timeout !== undefined) {
      timeoutSeconds = Number(values.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
        throw new UsageError(`--timeout must be a number of seconds above 0 (got "${values.timeout}").`);
    }
    let trustPem: string | undefined;
    if (values.trust) {
      const path = resolve(io.cwd, values.trust);
      try {
        trustPem = await readFile(path, 'utf8');
      } catch (e) {
        io.stderr(
          `tcw probe: cannot read the trust file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.\n`,
        );
        return EXIT_USAGE;
      }
      if (!trustPem.includes('-----BEGIN CERTIFICATE-----')) {
        io.stderr(
          `tcw probe: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the root CA in PEM form.\n`,
        );
        return EXIT_USAGE;
      }
    }

    const req: ProbeRequest = {
      host,
      port,
      role,
      servername: values.servername,
      trustPem,
      timeoutSeconds,
      ...(role === 'node'
        ? { pool: values.pool, nodes, nodeFqdns: list(values['node-fqdns']), sipDomain: values['sip-domain'] }
        : { fqdn: values.fqdn }),
    };
    const controller = new AbortController();
    const result = await tlsProbe(req, { signal: controller.signal });
    const exit = hasErrors(result.findings) ? EXIT_FINDINGS : EXIT_OK;
    const endpoint = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ endpoint, role, findings: result.findings, protocol: result.protocol, certificate: result.certificate }, null, 2)}\n`,
      );
      return exit;
    }

    const lines: string[] = [
      `TLS probe of ${endpoint} as ${role === 'node' ? 'a Conferencing Node' : 'the Teams Connector'}${values.servername ? ` (SNI ${values.servername})` : ''}`,
      '',
    ];
    const { items, other } = probeChecklist(result);
    for (const item of items) {
      const extra = item.step === 'TLS handshake' && result.protocol ? ` (${result.protocol})` : '';
      lines.push(`${MARK[item.status]} ${item.step}${extra}${item.status === 'skipped' ? ' — not checked' : ''}`);
      for (const f of item.findings) lines.push(`    ${SEV_MARK[f.severity]} ${f.code}: ${f.message}`);
    }
    for (const f of other) lines.push(`${SEV_MARK[f.severity]} ${f.code}: ${f.message}`);
    const c = result.certificate;
    if (c) {
      lines.push('', 'Presented certificate:');
      lines.push(
        `  subject  ${c.subject}`,
        `  issuer   ${c.issuer}`,
        `  SANs     ${c.subjectAltNames.join(', ') || '(none)'}`,
      );
      lines.push(
        `  valid    ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}`,
        `  EKU      ${c.extendedKeyUsages.join(', ') || '(no EKU extension)'}`,
      );
      lines.push(
        `  key      ${c.keyType}${c.keySize ? ` ${c.keySize} bits` : ''}, ${c.signatureAlgorithm}`,
        `  chain    ${c.chain.join('  →  ')}`,
      );
    }
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const warnings = result.findings.filter((f) => f.severity === 'warning').length;
    lines.push(
      '',
      errors
        ? `${errors} problem(s) to fix (✖ lines), ${warnings} warning(s).`
        : warnings
          ? `No errors, ${warnings} warning(s).`
          : 'All checks passed.',
    );
    io.stdout(`${lines.join('\n')}\n`);
    return exit;
  },
});
