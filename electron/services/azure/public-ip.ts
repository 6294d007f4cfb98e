// The connector's public IP for the DNS A record, found the way the install script does it: the
// first load balancer in the dynamic group → its first frontend → the Public IP resource (which
// lives in the static group, so it survives redeploys).
import type { Finding } from '../../../shared/model/finding.ts';
import type { PublicIpResult, RegionRequest } from '../../../shared/api/wizard-api.ts';
import { effectiveDynamicResourceGroupName, effectiveStaticResourceGroupName } from '../../../shared/model/derived.ts';
import { armClients, classify, inSubscription, type AzureContext, type OperationOptions } from './arm-context.ts';
import { AZURE_CODES, authFinding, finding } from './findings.ts';
import { regionVariables } from './preflight.ts';

/** "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/name" → parts. */
export function parsePublicIpId(id: string): { resourceGroup: string; name: string } | null {
  const m = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/publicIPAddresses\/([^/]+)$/i.exec(id);
  return m ? { resourceGroup: m[1]!, name: m[2]! } : null;
}

export function dnsARecord(fqdn: string, ip: string): string {
  return `${fqdn.replace(/\.$/, '')}. IN A ${ip}`;
}

export async function publicIp(
  ctx: AzureContext,
  req: RegionRequest,
  opts: OperationOptions = {},
): Promise<PublicIpResult> {
  return inSubscription(ctx, regionVariables(req).PxSubscriptionId, (c) => publicIpIn(c, req, opts));
}

async function publicIpIn(ctx: AzureContext, req: RegionRequest, opts: OperationOptions): Promise<PublicIpResult> {
  const v = regionVariables(req);
  const region = v.PxVmssRegion;
  const dynamicRg = effectiveDynamicResourceGroupName(v);
  const staticRg = effectiveStaticResourceGroupName(v);
  const { network } = armClients(ctx, v.PxSubscriptionId);
  const findings: Finding[] = [];
  const fail = (f: Finding): PublicIpResult => ({ findings: [...findings, f], ip: null, dnsRecord: null });
  const failure = (e: unknown, what: string): Finding => {
    const f = classify(e);
    if (f.kind === 'auth') return authFinding(region, f);
    if (f.code === 'ResourceGroupNotFound')
      return finding(
        region,
        'PxTeamsConnResourceGroupName',
        'error',
        AZURE_CODES.rgNotFound,
        `${what}: the resource group does not exist. The Teams Connector is not deployed in this region yet (or a redeploy removed it): run the install or redeploy script first.`,
      );
    if (f.code === 'AuthorizationFailed')
      return finding(
        region,
        null,
        'error',
        AZURE_CODES.authorizationFailed,
        `${what}: your account may not read it (AuthorizationFailed). Reader on the subscription is enough.`,
      );
    return finding(
      region,
      null,
      'error',
      AZURE_CODES.requestFailed,
      `${what}: ${f.code}: ${f.message.slice(0, 300)}. Try again.`,
    );
  };

  opts.onProgress?.(`Reading the load balancer in ${dynamicRg}`, 0.1);
  let lbs;
  try {
    lbs = [];
    for await (const lb of network.loadBalancers.list(dynamicRg, { abortSignal: opts.signal })) lbs.push(lb);
  } catch (e) {
    return fail(failure(e, `Reading load balancers in ${dynamicRg}`));
  }
  const lb = lbs[0];
  if (!lb)
    return fail(
      finding(
        region,
        'PxTeamsConnResourceGroupName',
        'error',
        AZURE_CODES.lbNotFound,
        `No load balancer in ${dynamicRg}: the deployment has not finished or failed. Check create_vmss_deployment.ps1's output, then try again.`,
      ),
    );
  const pipId = lb.frontendIPConfigurations?.[0]?.publicIPAddress?.id;
  const parsed = pipId ? parsePublicIpId(pipId) : null;
  if (!parsed)
    return fail(
      finding(
        region,
        null,
        'error',
        AZURE_CODES.publicIpNotFound,
        `Load balancer ${lb.name ?? ''} in ${dynamicRg} has no public frontend address. Redeploy the region to restore it.`,
      ),
    );
  if (parsed.resourceGroup.toLowerCase() !== staticRg.toLowerCase()) {
    findings.push(
      finding(
        region,
        'PxTeamsConnStaticResourceGroupName',
        'warning',
        AZURE_CODES.publicIpNotFound,
        `The load balancer's public IP is in ${parsed.resourceGroup}, not in the static group ${staticRg}; it may change at the next redeploy. Check the static resource group name in the project.`,
      ),
    );
  }
  opts.onProgress?.(`Reading public IP ${parsed.name}`, 0.6);
  let pip;
  try {
    pip = await network.publicIPAddresses.get(parsed.resourceGroup, parsed.name, { abortSignal: opts.signal });
  } catch (e) {
    return fail(failure(e, `Reading public IP ${parsed.name} in ${parsed.resourceGroup}`));
  }
  if (!pip.ipAddress)
    return fail(
      finding(
        region,
        null,
        'error',
        AZURE_CODES.publicIpNotFound,
        `Public IP ${parsed.name} has no address allocated yet; wait for the deployment to finish and try again.`,
      ),
    );
  opts.onProgress?.('Public IP found', 1);
  return { findings, ip: pip.ipAddress, dnsRecord: dnsARecord(v.PxTeamsConnFqdn, pip.ipAddress) };
}
