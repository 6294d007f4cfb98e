// A deployed Teams Connector region in the emulator, for `tcw doctor` and the maintenance changes:
// the dynamic group's scale set `<base><region>` (with its instances and their instance view), its
// network security group with the "MCU-signalling-endpoint" (priority 120) and "RDP" (priority 1000)
// rules, and the static group's Key Vault and public IP list. Load balancers and single public IPs
// are the built-in routes of emulator.ts (state.loadBalancers / state.publicIps).
// Shapes follow the REST references of the API versions the SDK clients send: Compute 2026-04-01
// (virtualMachineScaleSets get / update / instanceView, virtualMachineScaleSetVMs list with
// $expand=instanceView), Network 2026-01-01 (networkSecurityGroups, securityRules, publicIPAddresses
// list), Key Vault 2026-02-01 (vaults listByResourceGroup). Writes complete synchronously (200 with
// provisioningState Succeeded), which the SDK's long-running-operation pollers accept as done.
import { randomUUID } from 'node:crypto';
import type { Region } from '../../../shared/model/project.ts';
import {
  effectiveDynamicResourceGroupName,
  effectiveStaticResourceGroupName,
  vmssName,
} from '../../../shared/model/derived.ts';
import { HttpError, type AzureEmulator, type ArmCall } from './emulator.ts';

export type PowerState = 'running' | 'stopped' | 'deallocated' | 'starting';

export interface EmuVmssInstance {
  instanceId: string;
  powerState: PowerState;
  provisioningState: string;
}
export interface EmuScaleSet {
  resourceGroup: string;
  name: string;
  location: string;
  skuName: string;
  capacity: number;
  provisioningState: string;
  instances: EmuVmssInstance[];
}
export interface EmuSecurityRule {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: string;
  sourcePortRange: string;
  destinationPortRange: string;
  /** One entry is answered as sourceAddressPrefix, several as sourceAddressPrefixes (as ARM does). */
  sourceAddressPrefixes: string[];
  destinationAddressPrefix: string;
  description?: string;
}
export interface EmuNsg {
  resourceGroup: string;
  name: string;
  location: string;
  rules: EmuSecurityRule[];
}
export interface EmuVault {
  resourceGroup: string;
  name: string;
  location: string;
}

export interface EmuDeploymentState {
  scaleSets: EmuScaleSet[];
  nsgs: EmuNsg[];
  vaults: EmuVault[];
}

const API = { compute: '2026-04-01', network: '2026-01-01', keyVault: '2026-02-01' } as const;
const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function needApi(call: ArmCall, want: string) {
  const got = call.query.get('api-version');
  // The SDK clients send one version per service; anything else means a route answered for the wrong client.
  if (got !== want)
    throw new HttpError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${got}' is not one this emulator answers for this resource; expected '${want}'.`,
    );
}

const notFound = (type: string, name: string, rg: string) =>
  new HttpError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

/** Adds the deployment routes to an emulator and returns their (mutable) state. */
export function installDeployment(emu: AzureEmulator, init: Partial<EmuDeploymentState> = {}): EmuDeploymentState {
  const dep: EmuDeploymentState = { scaleSets: [], nsgs: [], vaults: [], ...init };
  const S = '/subscriptions/([^/]+)';
  const RG = `${S}/resourcegroups/([^/]+)`;

  const idOf = (sub: string, rg: string, type: string, name: string) =>
    `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;
  const vmssJson = (sub: string, v: EmuScaleSet) => ({
    id: idOf(sub, v.resourceGroup, 'Microsoft.Compute/virtualMachineScaleSets', v.name),
    name: v.name,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: v.location,
    sku: { name: v.skuName, tier: 'Standard', capacity: v.capacity },
    properties: {
      provisioningState: v.provisioningState,
      uniqueId:
        '00000000-0000-4000-8000-' +
        v.name
          .padEnd(12, '0')
          .slice(0, 12)
          .replace(/[^0-9a-f]/gi, '0'),
      upgradePolicy: { mode: 'Manual' },
      overprovision: false,
      singlePlacementGroup: true,
      platformFaultDomainCount: 5,
    },
  });
  const statuses = (i: EmuVmssInstance) => [
    {
      code: `ProvisioningState/${i.provisioningState.toLowerCase()}`,
      level: 'Info',
      displayStatus: i.provisioningState === 'Succeeded' ? 'Provisioning succeeded' : i.provisioningState,
    },
    { code: `PowerState/${i.powerState}`, level: 'Info', displayStatus: `VM ${i.powerState}` },
  ];
  const vmJson = (sub: string, v: EmuScaleSet, i: EmuVmssInstance, expand: boolean) => ({
    id: `${idOf(sub, v.resourceGroup, 'Microsoft.Compute/virtualMachineScaleSets', v.name)}/virtualMachines/${i.instanceId}`,
    name: `${v.name}_${i.instanceId}`,
    type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
    location: v.location,
    instanceId: i.instanceId,
    sku: { name: v.skuName, tier: 'Standard' },
    properties: {
      latestModelApplied: true,
      provisioningState: i.provisioningState,
      osProfile: { computerName: `${v.name.slice(0, 9)}${i.instanceId.padStart(6, '0')}` },
      ...(expand ? { instanceView: { platformUpdateDomain: 0, platformFaultDomain: 0, statuses: statuses(i) } } : {}),
    },
  });
  const ruleJson = (sub: string, n: EmuNsg, r: EmuSecurityRule, defaultRule = false) => ({
    id: `${idOf(sub, n.resourceGroup, 'Microsoft.Network/networkSecurityGroups', n.name)}/${defaultRule ? 'defaultSecurityRules' : 'securityRules'}/${r.name}`,
    name: r.name,
    etag: `W/"${randomUUID()}"`,
    type: `Microsoft.Network/networkSecurityGroups/${defaultRule ? 'defaultSecurityRules' : 'securityRules'}`,
    properties: {
      provisioningState: 'Succeeded',
      ...(r.description ? { description: r.description } : {}),
      protocol: r.protocol,
      sourcePortRange: r.sourcePortRange,
      destinationPortRange: r.destinationPortRange,
      ...(r.sourceAddressPrefixes.length === 1 ? { sourceAddressPrefix: r.sourceAddressPrefixes[0] } : {}),
      destinationAddressPrefix: r.destinationAddressPrefix,
      access: r.access,
      priority: r.priority,
      direction: r.direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: r.sourceAddressPrefixes.length === 1 ? [] : r.sourceAddressPrefixes,
      destinationAddressPrefixes: [],
    },
  });
  const DEFAULT_RULES: EmuSecurityRule[] = [
    {
      name: 'AllowVnetInBound',
      priority: 65000,
      direction: 'Inbound',
      access: 'Allow',
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefixes: ['VirtualNetwork'],
      destinationAddressPrefix: 'VirtualNetwork',
      description: 'Allow inbound traffic from all VMs in VNET',
    },
    {
      name: 'AllowAzureLoadBalancerInBound',
      priority: 65001,
      direction: 'Inbound',
      access: 'Allow',
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefixes: ['AzureLoadBalancer'],
      destinationAddressPrefix: '*',
      description: 'Allow inbound traffic from azure load balancer',
    },
    {
      name: 'DenyAllInBound',
      priority: 65500,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefixes: ['*'],
      destinationAddressPrefix: '*',
      description: 'Deny all inbound traffic',
    },
  ];
  const nsgJson = (sub: string, n: EmuNsg) => ({
    id: idOf(sub, n.resourceGroup, 'Microsoft.Network/networkSecurityGroups', n.name),
    name: n.name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: n.location,
    etag: `W/"${randomUUID()}"`,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: randomUUID(),
      securityRules: n.rules.map((r) => ruleJson(sub, n, r)),
      defaultSecurityRules: DEFAULT_RULES.map((r) => ruleJson(sub, n, r, true)),
    },
  });

  /** The instance list follows the capacity: new instances get the next ids; a scale-in removes the highest. */
  function setCapacity(v: EmuScaleSet, capacity: number) {
    v.capacity = capacity;
    while (v.instances.length > capacity) v.instances.pop();
    let next = v.instances.reduce((m, i) => Math.max(m, Number(i.instanceId) + 1), 0);
    while (v.instances.length < capacity)
      v.instances.push({ instanceId: String(next++), powerState: 'running', provisioningState: 'Succeeded' });
  }

  function parseRule(name: string, body: unknown): EmuSecurityRule {
    const p = (body as { properties?: Record<string, unknown> } | null)?.properties;
    if (!p) throw new HttpError(400, 'InvalidRequestFormat', 'Cannot parse the request: properties are missing.');
    const single =
      typeof p.sourceAddressPrefix === 'string' && p.sourceAddressPrefix !== '' ? [p.sourceAddressPrefix] : [];
    const many = Array.isArray(p.sourceAddressPrefixes) ? (p.sourceAddressPrefixes as unknown[]).map(String) : [];
    if (single.length && many.length) {
      throw new HttpError(
        400,
        'SecurityRuleParameterContainsUnsupportedValue',
        `Security rule ${name} has both SourceAddressPrefix and SourceAddressPrefixes; specify one of them.`,
      );
    }
    const priority = Number(p.priority);
    if (!Number.isInteger(priority) || priority < 100 || priority > 4096)
      throw new HttpError(
        400,
        'SecurityRuleInvalidPriority',
        `Security rule ${name} has invalid priority ${String(p.priority)}. Value provided: ${String(p.priority)} Allowed range 100-4096.`,
      );
    if (p.access !== 'Allow' && p.access !== 'Deny')
      throw new HttpError(400, 'InvalidRequestFormat', `Security rule ${name}: access must be Allow or Deny.`);
    if (p.direction !== 'Inbound' && p.direction !== 'Outbound')
      throw new HttpError(400, 'InvalidRequestFormat', `Security rule ${name}: direction must be Inbound or Outbound.`);
    const prefixes = [...single, ...many];
    if (prefixes.length === 0)
      throw new HttpError(
        400,
        'SecurityRuleParameterContainsUnsupportedValue',
        `Security rule ${name} has no source address prefix.`,
      );
    return {
      name,
      priority,
      direction: p.direction,
      access: p.access,
      protocol: String(p.protocol ?? '*'),
      sourcePortRange: String(p.sourcePortRange ?? '*'),
      destinationPortRange: String(p.destinationPortRange ?? '*'),
      sourceAddressPrefixes: prefixes,
      destinationAddressPrefix: String(p.destinationAddressPrefix ?? '*'),
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
    };
  }

  emu.armHandlers.push((call) => {
    const is = (re: string) => new RegExp(`^${re}$`, 'i').exec(call.path);
    const { method } = call;
    let m: RegExpExecArray | null;

    // ---- scale set
    if (
      (m = is(`${RG}/providers/microsoft.compute/virtualmachinescalesets/([^/]+)(/instanceview|/virtualmachines)?`))
    ) {
      needApi(call, API.compute);
      const [, sub, rgName, name, tail] = m as unknown as [string, string, string, string, string | undefined];
      const g = call.needRg(sub, rgName);
      const scope = idOf(sub, g.name, 'Microsoft.Compute/virtualMachineScaleSets', name);
      const v = dep.scaleSets.find((x) => eqi(x.resourceGroup, g.name) && eqi(x.name, name));
      if (method === 'GET') call.demand(scope, 'Microsoft.Compute/virtualMachineScaleSets/read');
      if (!v) throw notFound('Microsoft.Compute/virtualMachineScaleSets', name, g.name);
      if (method === 'GET' && !tail) return [200, vmssJson(sub, v)];
      if (method === 'GET' && tail?.toLowerCase() === '/instanceview') {
        const counts = new Map<string, number>();
        for (const i of v.instances) for (const s of statuses(i)) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
        return [
          200,
          {
            virtualMachine: { statusesSummary: [...counts].map(([code, count]) => ({ code, count })) },
            statuses: [
              {
                code: `ProvisioningState/${v.provisioningState.toLowerCase()}`,
                level: 'Info',
                displayStatus: v.provisioningState === 'Succeeded' ? 'Provisioning succeeded' : v.provisioningState,
              },
            ],
          },
        ];
      }
      if (method === 'GET' && tail?.toLowerCase() === '/virtualmachines') {
        const expand = call.query.get('$expand') === 'instanceView';
        return [200, { value: v.instances.map((i) => vmJson(sub, v, i, expand)) }];
      }
      if ((method === 'PATCH' || method === 'PUT') && !tail) {
        call.demand(scope, 'Microsoft.Compute/virtualMachineScaleSets/write');
        const b = call.body as { sku?: { capacity?: unknown; name?: unknown } } | null;
        const cap = b?.sku?.capacity;
        if (cap !== undefined) {
          if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 0 || cap > 1000)
            throw new HttpError(
              400,
              'InvalidParameter',
              `The value ${String(cap)} of parameter 'sku.capacity' is not valid.`,
            );
          setCapacity(v, cap);
        }
        return [200, vmssJson(sub, v)];
      }
      return undefined;
    }

    // ---- network security groups and their rules
    if ((m = is(`${RG}/providers/microsoft.network/networksecuritygroups`)) && method === 'GET') {
      needApi(call, API.network);
      const g = call.needRg(m[1]!, m[2]!);
      call.demand(`/subscriptions/${m[1]}/resourceGroups/${g.name}`, 'Microsoft.Network/networkSecurityGroups/read');
      return [200, { value: dep.nsgs.filter((n) => eqi(n.resourceGroup, g.name)).map((n) => nsgJson(m![1]!, n)) }];
    }
    if ((m = is(`${RG}/providers/microsoft.network/networksecuritygroups/([^/]+)(?:/securityrules/([^/]+))?`))) {
      needApi(call, API.network);
      const [, sub, rgName, nsgName, ruleName] = m as unknown as [string, string, string, string, string | undefined];
      const g = call.needRg(sub, rgName);
      const n = dep.nsgs.find((x) => eqi(x.resourceGroup, g.name) && eqi(x.name, nsgName));
      const scope = idOf(sub, g.name, 'Microsoft.Network/networkSecurityGroups', nsgName);
      if (method === 'GET') call.demand(scope, 'Microsoft.Network/networkSecurityGroups/read');
      if (!n) throw notFound('Microsoft.Network/networkSecurityGroups', nsgName, g.name);
      if (!ruleName) return method === 'GET' ? [200, nsgJson(sub, n)] : undefined;
      const existing = n.rules.find((r) => eqi(r.name, ruleName));
      if (method === 'GET') {
        if (!existing) throw new HttpError(404, 'NotFound', `Resource ${scope}/securityRules/${ruleName} not found.`);
        return [200, ruleJson(sub, n, existing)];
      }
      if (method === 'PUT') {
        call.demand(scope, 'Microsoft.Network/networkSecurityGroups/securityRules/write');
        const rule = parseRule(existing?.name ?? ruleName, call.body);
        const clash = n.rules.find(
          (r) => r !== existing && r.priority === rule.priority && r.direction === rule.direction,
        );
        if (clash)
          throw new HttpError(
            400,
            'SecurityRuleConflict',
            `Security rule ${rule.name} conflicts with rule ${clash.name}. Rules cannot have the same Priority and Direction.`,
          );
        if (existing) Object.assign(existing, rule);
        else n.rules.push(rule);
        return [existing ? 200 : 201, ruleJson(sub, n, existing ?? rule)];
      }
      return undefined;
    }

    // ---- public IPs of a group (the single GET is built in)
    if ((m = is(`${RG}/providers/microsoft.network/publicipaddresses`)) && method === 'GET') {
      needApi(call, API.network);
      const g = call.needRg(m[1]!, m[2]!);
      const list = emu.state.publicIps.filter((x) => eqi(x.resourceGroup, g.name));
      return [
        200,
        {
          value: list.map((ip) => ({
            id: idOf(m![1]!, ip.resourceGroup, 'Microsoft.Network/publicIPAddresses', ip.name),
            name: ip.name,
            location: ip.location,
            type: 'Microsoft.Network/publicIPAddresses',
            sku: { name: 'Standard', tier: 'Regional' },
            properties: {
              provisioningState: 'Succeeded',
              ...(ip.ipAddress ? { ipAddress: ip.ipAddress } : {}),
              publicIPAddressVersion: 'IPv4',
              publicIPAllocationMethod: 'Static',
              idleTimeoutInMinutes: 4,
            },
          })),
        },
      ];
    }

    // ---- Key Vaults of a group
    if ((m = is(`${RG}/providers/microsoft.keyvault/vaults`)) && method === 'GET') {
      needApi(call, API.keyVault);
      const g = call.needRg(m[1]!, m[2]!);
      call.demand(`/subscriptions/${m[1]}/resourceGroups/${g.name}`, 'Microsoft.KeyVault/vaults/read');
      const list = dep.vaults.filter((x) => eqi(x.resourceGroup, g.name));
      return [
        200,
        {
          value: list.map((v) => ({
            id: idOf(m![1]!, v.resourceGroup, 'Microsoft.KeyVault/vaults', v.name),
            name: v.name,
            type: 'Microsoft.KeyVault/vaults',
            location: v.location,
            tags: {},
            properties: {
              tenantId: emu.state.tenantId,
              sku: { family: 'A', name: 'standard' },
              accessPolicies: [],
              vaultUri: `https://${v.name.toLowerCase()}.vault.azure.net/`,
              enableSoftDelete: true,
              softDeleteRetentionInDays: 90,
              provisioningState: 'Succeeded',
            },
          })),
        },
      ];
    }
    return undefined;
  });
  return dep;
}

export interface SeedOptions {
  /** The public IP the connector's load balancer has (default 127.0.0.1, so a TLS probe stays on loopback). */
  ip?: string;
}

/**
 * A healthy deployment of one project region, as the install script leaves it: both groups in the
 * project's location, the scale set with the project's instance count all running, the load balancer
 * in the dynamic group whose frontend is the public IP in the static group, the NSG with the two
 * rules from the project's prefix lists, and the Key Vault in the static group.
 */
export function seedDeployment(
  emu: AzureEmulator,
  dep: EmuDeploymentState,
  region: Region,
  opts: SeedOptions = {},
): void {
  const v = region.variables;
  const sub = v.PxSubscriptionId;
  const dyn = effectiveDynamicResourceGroupName(v);
  const stat = effectiveStaticResourceGroupName(v);
  const location = v.PxAzureLocation.toLowerCase();
  for (const name of [stat, dyn]) {
    if (!emu.state.resourceGroups.some((g) => eqi(g.name, name)))
      emu.state.resourceGroups.push({ subscriptionId: sub, name, location, tags: { ...v.tags } });
  }
  const vm = vmssName(v);
  const count = Number(v.PxTeamsConnInstanceCount);
  dep.scaleSets.push({
    resourceGroup: dyn,
    name: vm,
    location,
    skuName: 'Standard_F4s',
    capacity: count,
    provisioningState: 'Succeeded',
    instances: Array.from({ length: count }, (_, i) => ({
      instanceId: String(i),
      powerState: 'running' as const,
      provisioningState: 'Succeeded',
    })),
  });
  const pipName = `${v.PxBaseConnName}-TeamsConn-${v.PxVmssRegion}-PIP`;
  emu.state.publicIps.push({ resourceGroup: stat, name: pipName, location, ipAddress: opts.ip ?? '127.0.0.1' });
  emu.state.loadBalancers.push({
    resourceGroup: dyn,
    name: `${vm}-LB`,
    location,
    frontendPublicIpIds: [
      `/subscriptions/${sub}/resourceGroups/${stat}/providers/Microsoft.Network/publicIPAddresses/${pipName}`,
    ],
  });
  const rule = (
    name: string,
    priority: number,
    port: string,
    prefixes: string[],
    access: 'Allow' | 'Deny',
  ): EmuSecurityRule => ({
    name,
    priority,
    direction: 'Inbound',
    access,
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: port,
    sourceAddressPrefixes: prefixes,
    destinationAddressPrefix: '*',
  });
  const mgmt = v.PxMgmtSrcAddrPrefixes;
  const nodes = v.PxNodesSourceAddressPrefixes;
  dep.nsgs.push({
    resourceGroup: dyn,
    name: `${vm}-NSG`,
    location,
    rules: [
      rule('MCU-signalling-endpoint', 120, '443', nodes.length ? [...nodes] : ['*'], 'Allow'),
      rule('RDP', 1000, '3389', mgmt.length ? [...mgmt] : ['*'], mgmt.length ? 'Allow' : 'Deny'),
    ],
  });
  dep.vaults.push({ resourceGroup: stat, name: `${v.PxBaseConnName}${v.PxVmssRegion}kv`.slice(0, 24), location });
}
