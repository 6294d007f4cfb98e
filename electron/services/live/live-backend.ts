// Live checks for the app's Verify step and the CLI: DNS verification and TLS probing.
import type { DnsCheckRequest, DnsCheckResult, ProbeRequest, ProbeResult } from '../../../shared/api/wizard-api.ts';
import { dnsCheck, resolverLookup } from './dns-check.ts';
import { tlsProbe } from './tls-probe.ts';

export { dnsCheck, checkRegionDns, parseResolverAddress } from './dns-check.ts';
export { tlsProbe, DEFAULT_PROBE_TIMEOUT_SECONDS } from './tls-probe.ts';

/** What the live checks need from an operation: cancellation and progress. */
interface LiveOp {
  readonly signal: AbortSignal;
  progress(message: string, fraction?: number): void;
}

/** Adapter for the app service's LiveBackend (electron/services/wizard-api/wizard-service.ts). */
export const liveBackend = {
  async dnsCheck(req: DnsCheckRequest, op: LiveOp): Promise<DnsCheckResult> {
    op.progress(`Looking up the DNS records of region ${req.region}`);
    return dnsCheck(req, { signal: op.signal });
  },
  async tlsProbe(req: ProbeRequest, op: LiveOp): Promise<ProbeResult> {
    op.progress(`Connecting to ${req.host}:${req.port}${req.resolver ? ` (address from ${req.resolver})` : ''}`);
    return tlsProbe(req, { signal: op.signal, ...(req.resolver ? { lookup: resolverLookup(req.resolver) } : {}) });
  },
};
