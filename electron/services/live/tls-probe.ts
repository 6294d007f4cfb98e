// Connects to a Conferencing Node or the Teams Connector, captures what it presents (chain and
// negotiated protocol) and judges it. Three handshakes, each bounded by the timeout:
//  1. the normal one (what a modern client gets), whose chain is judged;
//  2. TLS 1.2 only: the Teams Connector speaks TLS 1.2 only, so a node that refuses it cannot talk to it;
//  3. TLS 1.0/1.1 only: accepted legacy protocols are worth a warning.
import tls from 'node:tls';
import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { ProbeRequest, ProbeResult } from '../../../shared/api/wizard-api.ts';
import type { Finding, Severity } from '../../../shared/model/finding.ts';
import { sortFindings } from '../../../shared/model/finding.ts';
import { judgePresented } from './probe-judge.ts';
import { InputError } from '../../../shared/model/input-error.ts';

export const DEFAULT_PROBE_TIMEOUT_SECONDS = 10;

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Name resolution for the connection (tests inject one to stay off the network). */
  lookup?: LookupFunction;
  /** "Now" for date checks (tests). */
  now?: Date;
}

type Attempt =
  | { ok: true; protocol: string | null; chain: X509Certificate[] }
  | { ok: false; stage: 'connect' | 'handshake'; code: string; reason: string };

interface AttemptOptions {
  host: string;
  port: number;
  servername: string | undefined;
  timeoutMs: number;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
  signal?: AbortSignal;
  lookup?: LookupFunction;
}

const CONNECT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (ECONNREFUSED): nothing listens on that port, or a firewall rejects it',
  ENOTFOUND: 'the host name does not resolve (ENOTFOUND)',
  EAI_AGAIN: 'the host name could not be resolved right now (EAI_AGAIN)',
  EHOSTUNREACH: 'the host is unreachable (EHOSTUNREACH)',
  ENETUNREACH: 'the network is unreachable (ENETUNREACH)',
  ECONNRESET: 'the connection was reset (ECONNRESET)',
};

/** The presented chain from leaf upwards, as Node reports it (a trusted root may be appended from the local store). */
function chainOf(socket: tls.TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new X509Certificate(c.raw));
    c = c.issuerCertificate;
  }
  return out;
}

function attempt(o: AttemptOptions): Promise<Attempt> {
  return new Promise((resolve) => {
    let tcpUp = false;
    let done = false;
    const seconds = o.timeoutMs / 1000;
    const socket = tls.connect({
      host: o.host,
      port: o.port,
      servername: o.servername,
      // We judge the certificate ourselves (probe-judge.ts, against Node's roots + --trust), with the
      // same rules as the file checks; OpenSSL's own verdict is not needed, so no custom CA store here.
      rejectUnauthorized: false,
      minVersion: o.minVersion,
      maxVersion: o.maxVersion,
      ciphers: o.ciphers,
      lookup: o.lookup,
    });
    const finish = (r: Attempt) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const onAbort = () =>
      finish({
        ok: false,
        stage: tcpUp ? 'handshake' : 'connect',
        code: 'ABORT_ERR',
        reason: 'the probe was cancelled',
      });
    const timer = setTimeout(() => {
      finish(
        tcpUp
          ? {
              ok: false,
              stage: 'handshake',
              code: 'ETIMEDOUT',
              reason: `the TCP connection opened but no TLS handshake completed within ${seconds} s (timeout): the service may not speak TLS on that port, or is hanging`,
            }
          : {
              ok: false,
              stage: 'connect',
              code: 'ETIMEDOUT',
              reason: `no TCP connection within ${seconds} s (timeout): the host may be down, or a firewall drops the traffic`,
            },
      );
    }, o.timeoutMs);
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      tcpUp = true;
    });
    socket.once('secureConnect', () => {
      let chain: X509Certificate[] = [];
      try {
        chain = chainOf(socket);
      } catch {
        chain = [];
      }
      finish({ ok: true, protocol: socket.getProtocol() ?? null, chain });
    });
    socket.on('error', (e: Error & { code?: string }) => {
      const code = e.code ?? 'ERROR';
      if (!tcpUp)
        finish({ ok: false, stage: 'connect', code, reason: CONNECT_REASONS[code] ?? `${code}: ${e.message}` });
      else finish({ ok: false, stage: 'handshake', code, reason: handshakeReason(code, e.message) });
    });
    socket.once('close', () => {
      finish({
        ok: false,
        stage: tcpUp ? 'handshake' : 'connect',
        code: 'ECONNRESET',
        reason: 'the server closed the connection before the TLS handshake completed',
      });
    });
  });
}

function handshakeReason(code: string, message: string): string {
  if (code === 'ECONNRESET') return 'the server closed the connection during the TLS handshake (ECONNRESET)';
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG/.test(code + message))
    return `the answer is not TLS (${code}): is this the right port?`;
  if (/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE/.test(code + message))
    return `no common TLS version (${code})`;
  if (/HANDSHAKE_FAILURE|NO_SHARED_CIPHER|NO_CIPHERS/.test(code + message))
    return `no common cipher or the server rejected the handshake (${code})`;
  return `${code}: ${message}`;
}

/** Checks the request and fills in defaults; InputError says what to change. */
export function normalizeProbeRequest(
  req: ProbeRequest,
): Required<Pick<ProbeRequest, 'host' | 'port' | 'role'>> & ProbeRequest & { timeoutMs: number } {
  const host = req.host?.trim();
  if (!host)
    throw new InputError('Give the host to probe (a node, the pool or the Teams Connector FQDN, or an IP address).');
  if (!Number.isInteger(req.port) || req.port < 1 || req.port > 65535)
    throw new InputError(`The port must be 1–65535 (got ${req.port}).`);
  if (req.role !== 'node' && req.role !== 'connector') throw new InputError('The role must be "node" or "connector".');
  if (req.role === 'node' && !req.pool?.trim())
    throw new InputError('Probing a node needs the pool name (--pool), e.g. px.vc.example.com.');
  if (req.role === 'connector' && !req.fqdn?.trim())
    throw new InputError('Probing the Teams Connector needs its FQDN ($PxTeamsConnFqdn, --fqdn).');
  const seconds = req.timeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 120)
    throw new InputError(`The timeout must be between 0 and 120 seconds (got ${req.timeoutSeconds}).`);
  return { ...req, host, timeoutMs: Math.round(seconds * 1000) };
}

/** SNI: what the caller asked for, else the name the certificate must carry; never an IP address. */
function serverNameFor(req: ProbeRequest): string | undefined {
  const candidates = [
    req.servername,
    req.role === 'connector' ? req.fqdn : undefined,
    isIP(req.host) ? undefined : req.host,
    req.role === 'node' ? req.pool : undefined,
  ];
  const name = candidates.find((c) => c && c.trim() && isIP(c.trim()) === 0);
  return name?.trim().replace(/\.$/, '');
}

export async function tlsProbe(input: ProbeRequest, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const req = normalizeProbeRequest(input);
  const endpoint = `${req.host}:${req.port}`;
  const field = req.role === 'connector' ? 'PxTeamsConnFqdn' : 'PxNodeFqdns';
  const findings: Finding[] = [];
  const add = (severity: Severity, code: string, message: string) =>
    findings.push({ region: null, field, severity, code, message });
  const base = {
    host: req.host,
    port: req.port,
    servername: serverNameFor(req),
    timeoutMs: req.timeoutMs,
    signal: opts.signal,
    lookup: opts.lookup,
  };

  const main = await attempt(base);
  if (!main.ok) {
    if (main.stage === 'connect') {
      add(
        'error',
        'tls.connect-failed',
        `Could not connect to ${endpoint}: ${main.reason}. Check the address and port, that the service runs, and that firewalls allow this machine in (see the firewall table).`,
      );
    } else {
      add(
        'error',
        'tls.handshake-failed',
        `Connected to ${endpoint}, but the TLS handshake failed: ${main.reason}. Check the service on that port serves TLS with a certificate, and supports TLS 1.2.`,
      );
    }
    return { findings: sortFindings(findings), protocol: null, certificate: null };
  }

  const [tls12, legacy] = await Promise.all([
    attempt({ ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
    // OpenSSL 3 will not offer TLS 1.0/1.1 at its default security level (their handshakes rely on
    // SHA-1/MD5); security level 0 lets this one probe offer them so we can tell whether the server accepts them.
    attempt({ ...base, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
  ]);
  if (!tls12.ok) {
    const who =
      req.role === 'node'
        ? 'The Teams Connector speaks TLS 1.2 only, so it cannot connect to this node'
        : 'The Teams Connector is a TLS 1.2 service; Pexip Infinity cannot reach it like this';
    add(
      'error',
      'tls.no-tls12',
      `${endpoint} refused a TLS 1.2 connection (${tls12.reason}); it negotiated ${main.protocol ?? 'another version'} otherwise. ${who}: enable TLS 1.2 on it.`,
    );
  }
  if (legacy.ok) {
    add(
      'warning',
      'tls.legacy-protocol',
      `${endpoint} accepts ${legacy.protocol ?? 'TLS 1.0/1.1'}, an obsolete protocol. Calls work, but disable TLS 1.0 and 1.1 on it when you can (the Teams Connector needs only TLS 1.2).`,
    );
  }

  const judged = judgePresented(main.chain, {
    role: req.role,
    pool: req.pool,
    nodes: req.nodes ?? [],
    nodeFqdns: req.nodeFqdns ?? [],
    sipDomain: req.sipDomain,
    fqdn: req.fqdn,
    trustPem: req.trustPem,
    now: opts.now ?? new Date(),
    endpoint,
  });
  for (const f of judged.findings) findings.push({ ...f, field: f.field ?? field });
  return { findings: sortFindings(findings), protocol: main.protocol, certificate: judged.certificate };
}
