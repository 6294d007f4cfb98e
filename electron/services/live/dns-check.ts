// Resolves every record a region depends on (all queries in parallel, bounded timeouts and tries)
// and hands the answers to the pure comparison in shared/live.
import { Resolver } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { DnsCheckRequest, DnsCheckResult } from '../../../shared/api/wizard-api.ts';
import { findRegion, type Project } from '../../../shared/model/project.ts';
import { compareDns, lookupKey, type LookupOutcome } from '../../../shared/live/compare-dns.ts';
import { expectedDnsRecords, type ExpectedRecord } from '../../../shared/live/expected-dns.ts';
import { InputError } from '../../../shared/model/input-error.ts';

export interface DnsCheckOptions {
  /** Per query attempt, in milliseconds (default 3000). */
  timeoutMs?: number;
  /** Attempts per query and server (default 2). */
  tries?: number;
  signal?: AbortSignal;
}

/** "host:port", "host", "[v6]:port" or a bare IPv6 address → what Resolver.setServers accepts. */
export function parseResolverAddress(text: string): string {
  const t = text.trim();
  let host = t;
  let port: number | null = null;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) {
    host = v6[1]!;
    port = v6[2] ? Number(v6[2]) : null;
  } else if (isIP(t) !== 6) {
    const m = /^([^:]+)(?::(\d+))?$/.exec(t);
    if (!m) throw new InputError(`"${text}" is not a resolver address; use HOST or HOST:PORT, e.g. 192.0.2.53:53.`);
    host = m[1]!;
    port = m[2] ? Number(m[2]) : null;
  }
  if (isIP(host) === 0)
    throw new InputError(`The resolver must be given as an IP address (got "${host}"), e.g. 192.0.2.53:53.`);
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535))
    throw new InputError(`The resolver port must be 1–65535 (got "${text}").`);
  if (port === null) return host;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A `lookup` for net/tls that asks the given resolver (A records) instead of the system's, so a TLS
 * probe reaches the address the DNS check just saw on that server.
 */
export function resolverLookup(resolverText: string): LookupFunction {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  resolver.setServers([parseResolverAddress(resolverText)]);
  return ((
    hostname: string,
    options: unknown,
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | { address: string; family: number }[],
      family?: number,
    ) => void,
  ) => {
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    if (isIP(hostname)) {
      const family = isIP(hostname);
      if (all) callback(null, [{ address: hostname, family }]);
      else callback(null, hostname, family);
      return;
    }
    resolver.resolve4(hostname).then(
      (addrs) => {
        if (addrs.length === 0) {
          callback(
            Object.assign(new Error(`${hostname} has no A record on ${resolverText}`), { code: 'ENOTFOUND' }),
            '',
          );
          return;
        }
        if (all)
          callback(
            null,
            addrs.map((address) => ({ address, family: 4 })),
          );
        else callback(null, addrs[0]!, 4);
      },
      (e: NodeJS.ErrnoException) => callback(e, ''),
    );
  }) as unknown as LookupFunction;
}

/** Translates resolver error codes into words an admin can act on. */
function explain(code: string | undefined, message: string): LookupOutcome {
  switch (code) {
    case 'ENOTFOUND':
      return { status: 'absent', reason: 'NXDOMAIN' };
    case 'ENODATA':
      return { status: 'absent', reason: 'NODATA' };
    case 'ETIMEOUT':
      return { status: 'failed', reason: 'the resolver did not answer in time (timeout)' };
    case 'ESERVFAIL':
      return {
        status: 'failed',
        reason: "the resolver answered SERVFAIL (it could not get an answer from the zone's servers)",
      };
    case 'EREFUSED':
      return { status: 'failed', reason: 'the resolver refused the query (REFUSED)' };
    case 'ECONNREFUSED':
      return { status: 'failed', reason: 'the resolver refused the connection (ECONNREFUSED)' };
    case 'ECANCELLED':
      return { status: 'failed', reason: 'the check was cancelled' };
    default:
      return { status: 'failed', reason: `${code ?? 'error'}: ${message}` };
  }
}

async function lookup(resolver: Resolver, rec: ExpectedRecord): Promise<LookupOutcome> {
  try {
    if (rec.type === 'A') return { status: 'found', addresses: await resolver.resolve4(rec.name) };
    const srv = await resolver.resolveSrv(rec.name);
    return {
      status: 'found',
      targets: srv.map((s) => ({ priority: s.priority, weight: s.weight, port: s.port, target: s.name })),
    };
  } catch (e) {
    return explain((e as { code?: string }).code, (e as Error).message);
  }
}

/** Runs the DNS check for one region of a project. Throws InputError for bad input only. */
export async function checkRegionDns(
  project: Project,
  req: Omit<DnsCheckRequest, 'project'>,
  opts: DnsCheckOptions = {},
): Promise<DnsCheckResult> {
  const region = findRegion(project, req.region);
  if (project.regions.length === 0)
    throw new InputError('The project has no region yet: add one before checking its DNS records.');
  if (!region) {
    const known = project.regions.map((r) => r.variables.PxVmssRegion).join(', ') || 'none';
    throw new InputError(`The project has no region "${req.region}" (regions: ${known}).`);
  }
  if (req.expectIp !== undefined && isIP(req.expectIp) !== 4) {
    throw new InputError(
      `--expect-ip must be an IPv4 address (the Teams Connector's public IP), got "${req.expectIp}".`,
    );
  }
  const resolver = new Resolver({ timeout: opts.timeoutMs ?? 3000, tries: opts.tries ?? 2 });
  if (req.resolver) resolver.setServers([parseResolverAddress(req.resolver)]);

  const expected = expectedDnsRecords(project, region, req.expectIp);
  const onAbort = () => resolver.cancel();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    opts.signal?.throwIfAborted();
    const outcomes = await Promise.all(
      expected.map(async (rec) => [lookupKey(rec.type, rec.name), await lookup(resolver, rec)] as const),
    );
    return compareDns(region.variables.PxVmssRegion || null, expected, new Map(outcomes));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

export async function dnsCheck(req: DnsCheckRequest, opts: DnsCheckOptions = {}): Promise<DnsCheckResult> {
  return checkRegionDns(req.project, req, opts);
}

/** One record's lookup, for callers that resolve in parallel with other work (tcw doctor). */
export { lookup as lookupRecord };
