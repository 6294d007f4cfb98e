// Reads what a running region looks like, read-only, with the real SDK clients: every ARM read in one
// parallel wave (the public IPs of the static group are listed rather than followed from the load
// balancer, so no second wave is needed), the DNS lookups in the same wave, then the TLS probe of the
// connector at the public IP Azure holds. Each read ends as found / absent (404) / failed.
import { Resolver } from 'node:dns/promises';
import type { Project, Region } from '../../../shared/model/project.ts';
import {
  effectiveDynamicResourceGroupName,
  effectiveStaticResourceGroupName,
  vmssName,
} from '../../../shared/model/derived.ts';
import { compareDns, lookupKey } from '../../../shared/live/compare-dns.ts';
import { expectedDnsRecords } from '../../../shared/live/expected-dns.ts';
import type { ObservedAzure, ObservedOutside, ObservedRule, Read } from '../../../shared/doctor/types.ts';
import type { ProbeRequest } from '../../../shared/api/wizard-api.ts';
import { armClients, classify, type AzureContext } from '../azure/arm-context.ts';
import { lookupRecord, parseResolverAddress } from '../live/dns-check.ts';
import { tlsProbe, type ProbeOptions } from '../live/tls-probe.ts';

export interface ReadOptions {
  signal?: AbortSignal;
  /** DNS server "host:port" (the system's resolvers when omitted). */
  resolver?: string;
  /** Port of the connector's TLS service (443; tests use a loopback port). */
  connectorPort?: number;
  /** Port the Conferencing Nodes are probed on (443). */
  nodePort?: number;
  /** Probe the nodes too (they are the live checks' verdicts; default true). */
  probeNodes?: boolean;
  /** PEM of extra trust anchors (private PKI). */
  trustPem?: string;
  timeoutSeconds?: number;
  dnsTimeoutMs?: number;
  /** Name resolution for the probes (tests). */
  lookup?: ProbeOptions['lookup'];
  now?: Date;
}

async function read<T>(run: () => Promise<T>): Promise<Read<T>> {
  try {
    return { state: 'found', value: await run() };
  } catch (e) {
    const f = classify(e);
    if (f.kind === 'aborted') throw e;
    if (f.status === 404) return { state: 'absent' };
    return { state: 'failed', code: f.code, message: f.message, ...(f.kind === 'auth' ? { auth: true } : {}) };
  }
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function ruleOf(r: {
  name?: string;
  priority?: number;
  direction?: string;
  access?: string;
  protocol?: string;
  sourcePortRange?: string;
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
}): ObservedRule {
  return {
    name: r.name ?? '',
    priority: r.priority ?? null,
    direction: r.direction ?? null,
    access: r.access ?? null,
    protocol: r.protocol ?? null,
    sourcePortRange: r.sourcePortRange ?? null,
    destinationPorts: [...(r.destinationPortRange ? [r.destinationPortRange] : []), ...(r.destinationPortRanges ?? [])],
    sourcePrefixes: [...(r.sourceAddressPrefix ? [r.sourceAddressPrefix] : []), ...(r.sourceAddressPrefixes ?? [])],
    destinationAddressPrefix: r.destinationAddressPrefix ?? null,
  };
}

/** The ARM reads of one region, all at once. */
export function readAzure(ctx: AzureContext, region: Region, signal?: AbortSignal): Promise<ObservedAzure> {
  const v = region.variables;
  const dyn = effectiveDynamicResourceGroupName(v);
  const stat = effectiveStaticResourceGroupName(v);
  const vmss = vmssName(v);
  const { resources, compute, network, keyVault } = armClients(ctx, v.PxSubscriptionId);
  const o = { abortSignal: signal };
  const group = (name: string) =>
    read(async () => {
      const g = await resources.resourceGroups.get(name, o);
      return { name: g.name ?? name, location: g.location };
    });
  return Promise.all([
    group(dyn),
    group(stat),
    read(async () => {
      const s = await compute.virtualMachineScaleSets.get(dyn, vmss, o);
      return {
        name: s.name ?? vmss,
        location: s.location,
        capacity: s.sku?.capacity ?? null,
        provisioningState: s.provisioningState ?? null,
        skuName: s.sku?.name ?? null,
      };
    }),
    read(async () =>
      (await all(compute.virtualMachineScaleSetVMs.list(dyn, vmss, { ...o, expand: 'instanceView' }))).map((vm) => {
        const codes = vm.instanceView?.statuses?.map((st) => st.code ?? '') ?? [];
        const power = codes.find((c) => c.startsWith('PowerState/'));
        return {
          instanceId: vm.instanceId ?? vm.name ?? '?',
          powerState: power ? power.slice('PowerState/'.length) : null,
          provisioningState: vm.provisioningState ?? null,
        };
      }),
    ),
    read(async () =>
      (await all(network.loadBalancers.list(dyn, o))).map((lb) => ({
        name: lb.name ?? '',
        frontendPublicIpIds: (lb.frontendIPConfigurations ?? [])
          .map((f) => f.publicIPAddress?.id)
          .filter((x): x is string => Boolean(x)),
      })),
    ),
    read(async () =>
      (await all(network.publicIPAddresses.list(stat, o))).map((p) => ({
        id: p.id ?? '',
        name: p.name ?? '',
        ipAddress: p.ipAddress ?? null,
      })),
    ),
    read(async () =>
      (await all(network.networkSecurityGroups.list(dyn, o))).map((n) => ({
        name: n.name ?? '',
        rules: (n.securityRules ?? []).map(ruleOf),
      })),
    ),
    read(async () =>
      (await all(keyVault.vaults.listByResourceGroup(stat, o))).map((k) => ({
        name: k.name ?? '',
        location: k.location ?? '',
      })),
    ),
  ]).then(([dynamicGroup, staticGroup, scaleSet, instances, loadBalancers, staticPublicIps, nsgs, vaults]) => ({
    dynamicGroup,
    staticGroup,
    scaleSet,
    instances,
    loadBalancers,
    staticPublicIps,
    nsgs,
    vaults,
  }));
}

/** The public IP the load balancer's frontend uses, from what readAzure found. */
export function publicIpOf(azure: ObservedAzure): string | null {
  if (azure.loadBalancers.state !== 'found' || azure.staticPublicIps.state !== 'found') return null;
  const id = azure.loadBalancers.value[0]?.frontendPublicIpIds[0]?.toLowerCase();
  return azure.staticPublicIps.value.find((p) => p.id.toLowerCase() === id)?.ipAddress ?? null;
}

/** Reads a region: Azure and the DNS lookups together, then the connector's certificate at the public IP. */
export async function observeRegion(
  ctx: AzureContext,
  project: Project,
  region: Region,
  expectedThumbprint: string | null,
  opts: ReadOptions = {},
): Promise<{ azure: ObservedAzure; outside: ObservedOutside }> {
  const v = region.variables;
  const resolver = new Resolver({ timeout: opts.dnsTimeoutMs ?? 3000, tries: 2 });
  if (opts.resolver) resolver.setServers([parseResolverAddress(opts.resolver)]);
  const onAbort = () => resolver.cancel();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const probeBase = {
    timeoutSeconds: opts.timeoutSeconds ?? 10,
    ...(opts.trustPem ? { trustPem: opts.trustPem } : {}),
  };
  const probeOpts: ProbeOptions = {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  };
  try {
    const names = expectedDnsRecords(project, region, undefined);
    const nodeProbe = (host: string) =>
      read(() =>
        tlsProbe(
          {
            ...probeBase,
            host,
            port: opts.nodePort ?? 443,
            role: 'node',
            pool: region.nodes.pool,
            nodes: region.nodes.members.map((m) => m.fqdn),
            nodeFqdns: v.PxNodeFqdns,
            sipDomain: project.infinity.subdomain || undefined,
          } satisfies ProbeRequest,
          probeOpts,
        ),
      );
    const [azure, lookups, nodes] = await Promise.all([
      readAzure(ctx, region, opts.signal),
      Promise.all(
        names.map(async (rec) => [lookupKey(rec.type, rec.name), await lookupRecord(resolver, rec)] as const),
      ),
      opts.probeNodes === false
        ? Promise.resolve([])
        : Promise.all(
            region.nodes.members.map(async (m) => ({ host: m.fqdn, result: await nodeProbe(m.ip ?? m.fqdn) })),
          ),
    ]);
    const ip = publicIpOf(azure) ?? region.publicIp ?? null;
    // Judged against the address Azure holds, so a stale project IP cannot hide a wrong record.
    const dns = {
      state: 'found' as const,
      value: compareDns(v.PxVmssRegion || null, expectedDnsRecords(project, region, ip ?? undefined), new Map(lookups)),
    };
    const connector = ip
      ? await read(() =>
          tlsProbe(
            {
              ...probeBase,
              host: ip,
              port: opts.connectorPort ?? 443,
              role: 'connector',
              fqdn: v.PxTeamsConnFqdn,
              servername: v.PxTeamsConnFqdn,
            },
            probeOpts,
          ),
        )
      : null;
    return { azure, outside: { dns, connector, expectedThumbprint, nodes } };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
