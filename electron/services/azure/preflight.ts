// Preflight for one region: read-only checks, all sent at once (one wave of ARM requests).
import type { Finding } from '../../../shared/model/finding.ts';
import type { PreflightResult, RegionRequest } from '../../../shared/api/wizard-api.ts';
import { findRegion, type RegionVariables } from '../../../shared/model/project.ts';
import { effectiveStaticResourceGroupName } from '../../../shared/model/derived.ts';
import { armClients, classify, inSubscription, type AzureContext, type OperationOptions } from './arm-context.ts';
import { AZURE_CODES, checkFailure, dedupe, finding } from './findings.ts';
import { psQuote } from '../../../shared/emit/ps-literals.ts';
import { InputError } from '../../../shared/model/input-error.ts';

export const VM_SIZE = 'Standard_F4s';
export const VCPU_PER_INSTANCE = 4;
export const FS_FAMILY = 'standardFSFamily';
/** Resource providers the installer's deployment uses: VMSS, network, Key Vault, storage (logs), Automation (update schedule), bot, consent web app. */
export const REQUIRED_PROVIDERS = [
  'Microsoft.Compute',
  'Microsoft.Network',
  'Microsoft.KeyVault',
  'Microsoft.Storage',
  'Microsoft.Automation',
  'Microsoft.BotService',
  'Microsoft.Web',
];

export function regionVariables(req: RegionRequest): RegionVariables {
  const r = findRegion(req.project, req.region);
  if (!r) {
    const known = req.project.regions.map((x) => x.variables.PxVmssRegion).join(', ') || 'none';
    throw new InputError(`The project has no region "${req.region}" (regions: ${known}).`);
  }
  return r.variables;
}

/** Location names compare without case and spaces: the providers API says "West Europe" for westeurope. */
export const sameLocation = (a: string, b: string) =>
  a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/** Azure action matching: `*` is a wildcard, case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}

export interface PermissionSet {
  actions?: string[];
  notActions?: string[];
}

/** True when the permissions grant the action (some set allows it and that set does not exclude it). */
export function permits(perms: PermissionSet[], action: string): boolean {
  return perms.some(
    (p) =>
      (p.actions ?? []).some((a) => actionMatches(a, action)) &&
      !(p.notActions ?? []).some((n) => actionMatches(n, action)),
  );
}

/** Owner ≈ may do everything, including granting access (what the installer needs for the Key Vault). */
export function actsAsOwner(perms: PermissionSet[]): boolean {
  return (
    permits(perms, 'Microsoft.Authorization/roleAssignments/write') &&
    permits(perms, 'Microsoft.KeyVault/vaults/write') &&
    permits(perms, 'Microsoft.Storage/storageAccounts/write')
  );
}

export interface QuotaCheck {
  name: string;
  label: string;
  limit: number;
  used: number;
  free: number;
  needed: number;
  ok: boolean;
}

/** Quota arithmetic: free = limit − used; enough when free ≥ 4 × instances. */
export function quotaCheck(name: string, label: string, limit: number, used: number, instances: number): QuotaCheck {
  const needed = VCPU_PER_INSTANCE * instances;
  const free = Math.max(0, limit - used);
  return { name, label, limit, used, free, needed, ok: free >= needed };
}

export function quotaMessage(q: QuotaCheck, location: string, instances: number): string {
  const newLimit = q.used + q.needed;
  return (
    `${q.label} quota in ${location} is too small: limit ${q.limit}, ${q.used} in use, so ${q.free} vCPU free; ` +
    `${instances} Teams Connector instance(s) × ${VCPU_PER_INSTANCE} vCPU need ${q.needed}. Request a limit of at least ${newLimit} ` +
    `(more leaves room to grow; the guide suggests e.g. 40) in the Azure portal: Subscriptions > your subscription > Usage + quotas ` +
    `(or Help + support > New support request > Service and subscription limits (quotas)). Approval can take days. ` +
    `If this region's Teams Connector is running now, its VMs count as in use until a redeploy removes them.`
  );
}

/**
 * What preflight learned about the static resource group, for a prepare in the same session: it
 * then skips its own read of the group (one ARM round trip fewer). `group` null = did not exist.
 */
export interface StaticGroupSnapshot {
  subscriptionId: string;
  name: string;
  group: { location: string; tags: Record<string, string>; provisioningState?: string } | null;
  /** Date.now() when the answer was read. */
  readAt: number;
}

export async function preflight(
  ctx: AzureContext,
  req: RegionRequest,
  opts: OperationOptions = {},
): Promise<PreflightResult> {
  return (await preflightWithSnapshot(ctx, req, opts)).result;
}

/** preflight, plus the static group as read (undefined when that read failed). In the subscription's own tenant. */
export async function preflightWithSnapshot(
  ctx: AzureContext,
  req: RegionRequest,
  opts: OperationOptions = {},
): Promise<{ result: PreflightResult; staticGroup: StaticGroupSnapshot | undefined }> {
  return inSubscription(ctx, regionVariables(req).PxSubscriptionId, (c) => preflightIn(c, req, opts));
}

async function preflightIn(
  ctx: AzureContext,
  req: RegionRequest,
  opts: OperationOptions,
): Promise<{ result: PreflightResult; staticGroup: StaticGroupSnapshot | undefined }> {
  const v = regionVariables(req);
  const region = v.PxVmssRegion;
  const location = v.PxAzureLocation.toLowerCase();
  const staticRg = effectiveStaticResourceGroupName(v);
  const instances = Number.parseInt(v.PxTeamsConnInstanceCount, 10) || 0;
  const { compute, resources, authorization, keyVault } = armClients(ctx, v.PxSubscriptionId);
  const signal = opts.signal;
  const findings: Finding[] = [];
  const facts: PreflightResult['facts'] = {
    skuAvailable: null,
    automationAvailable: null,
    fsFamilyFree: null,
    regionalFree: null,
    vcpuNeeded: VCPU_PER_INSTANCE * instances,
    staticGroupExists: null,
    canActAsOwner: null,
    deletedKeyVaults: [],
  };
  const total = 6;
  let done = 0;
  const step = async <T>(what: string, field: string | null, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      findings.push(checkFailure(region, field, what, e).finding);
      return undefined;
    } finally {
      done += 1;
      opts.onProgress?.(`Checked ${what}`, done / total);
    }
  };
  const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };
  opts.onProgress?.(`Checking ${location} for region ${region}`, 0);

  let groupReadAt = 0;
  const [skus, providers, usages, group, rgPerms, deleted] = await Promise.all([
    step(`${VM_SIZE} availability`, 'PxAzureLocation', () =>
      collect(compute.resourceSkus.list({ filter: `location eq '${location}'`, abortSignal: signal })),
    ),
    step('resource providers and Azure Automation', 'PxAzureLocation', () =>
      collect(resources.providers.list({ abortSignal: signal })),
    ),
    step('vCPU quota', 'PxTeamsConnInstanceCount', () =>
      collect(compute.usage.list(location, { abortSignal: signal })),
    ),
    step('the static resource group', 'PxTeamsConnStaticResourceGroupName', async () => {
      try {
        const g = await resources.resourceGroups.get(staticRg, { abortSignal: signal });
        groupReadAt = Date.now();
        return g;
      } catch (e) {
        groupReadAt = Date.now();
        if (classify(e).code === 'ResourceGroupNotFound') return null;
        throw e;
      }
    }),
    // Both scopes at once: the group's answer includes inherited roles; the subscription's
    // answer stands in when the group does not exist yet (404).
    (async () => {
      try {
        return await collect(authorization.permissions.listForResourceGroup(staticRg, { abortSignal: signal }));
      } catch (e) {
        if (classify(e).code === 'ResourceGroupNotFound') return null;
        findings.push(
          checkFailure(region, 'PxTeamsConnStaticResourceGroupName', 'your permissions on the static resource group', e)
            .finding,
        );
        return undefined;
      }
    })(),
    step('soft-deleted Key Vaults', 'PxBaseConnName', () =>
      collect(keyVault.vaults.listDeleted({ abortSignal: signal })),
    ),
  ]);

  // Standard_F4s offered and not restricted for this subscription
  if (skus) {
    const sku = skus.find(
      (s) =>
        s.name?.toLowerCase() === VM_SIZE.toLowerCase() &&
        (s.resourceType ?? 'virtualMachines') === 'virtualMachines' &&
        (s.locations ?? []).some((l) => sameLocation(l, location)),
    );
    const restriction = sku?.restrictions?.find(
      (r) => r.type === 'Location' && (r.values ?? []).some((l) => sameLocation(l, location)),
    );
    facts.skuAvailable = Boolean(sku && !restriction);
    if (!sku) {
      findings.push(
        finding(
          region,
          'PxAzureLocation',
          'error',
          AZURE_CODES.skuUnavailable,
          `${location} does not offer ${VM_SIZE} (Fs-series), which every Teams Connector VM uses. Choose another region that offers Fs-series and Azure Automation (the guide lists them; the wizard's region picker checks live).`,
        ),
      );
    } else if (restriction?.reasonCode === 'QuotaId') {
      findings.push(
        finding(
          region,
          'PxSubscriptionId',
          'error',
          AZURE_CODES.skuUnavailable,
          `${VM_SIZE} is not allowed for this type of subscription in ${location} (restriction QuotaId: the subscription's offer, e.g. a free trial, student or sponsorship subscription, excludes this size). A quota request cannot lift it: use a pay-as-you-go, Enterprise Agreement or CSP subscription for the Teams Connector.`,
        ),
      );
    } else if (restriction) {
      findings.push(
        finding(
          region,
          'PxAzureLocation',
          'error',
          AZURE_CODES.skuUnavailable,
          `${VM_SIZE} exists in ${location} but is restricted for this subscription (${restriction.reasonCode ?? 'restricted'}). Ask Microsoft to lift it (Azure portal: Help + support > New support request > Service and subscription limits (quotas) > Compute-VM, region ${location}, series Fs), or choose another region.`,
        ),
      );
    }
  }

  // Azure Automation offered in the location; resource providers registered
  if (providers) {
    const automation = providers.find((p) => p.namespace?.toLowerCase() === 'microsoft.automation');
    const accounts = automation?.resourceTypes?.find((t) => t.resourceType?.toLowerCase() === 'automationaccounts');
    facts.automationAvailable = Boolean(accounts?.locations?.some((l) => sameLocation(l, location)));
    if (!facts.automationAvailable) {
      findings.push(
        finding(
          region,
          'PxAzureLocation',
          'error',
          AZURE_CODES.automationUnavailable,
          `Azure Automation is not offered in ${location}; the Teams Connector needs it (Windows update schedule). Choose a region that offers Fs-series and Automation.`,
        ),
      );
    }
    for (const ns of REQUIRED_PROVIDERS) {
      const p = providers.find((x) => x.namespace?.toLowerCase() === ns.toLowerCase());
      const state = p?.registrationState ?? 'NotRegistered';
      if (state !== 'Registered') {
        findings.push(
          finding(
            region,
            'PxSubscriptionId',
            'warning',
            AZURE_CODES.providerUnregistered,
            `Resource provider ${ns} is ${state} in subscription ${v.PxSubscriptionId}; the deployment creates resources of it. Register it first (needs Contributor): Register-AzResourceProvider -ProviderNamespace ${psQuote(ns)}, or Azure portal > Subscriptions > Resource providers. Registration takes a few minutes.`,
          ),
        );
      }
    }
  }

  // vCPU quota: Fs family and regional total, each against 4 × instances
  if (usages) {
    for (const [name, field] of [
      [FS_FAMILY, 'fsFamilyFree'],
      ['cores', 'regionalFree'],
    ] as const) {
      const u = usages.find((x) => x.name?.value?.toLowerCase() === name.toLowerCase());
      if (!u) continue;
      const q = quotaCheck(
        name,
        name === 'cores' ? 'Total regional vCPU' : 'Standard FS family vCPU',
        u.limit,
        u.currentValue,
        instances,
      );
      facts[field] = q.free;
      if (!q.ok)
        findings.push(
          finding(
            region,
            'PxTeamsConnInstanceCount',
            'error',
            AZURE_CODES.quotaInsufficient,
            quotaMessage(q, location, instances),
          ),
        );
    }
  }

  // Static resource group: exists, and where
  if (group !== undefined) {
    facts.staticGroupExists = group !== null;
    if (group && !sameLocation(group.location, location)) {
      findings.push(
        finding(
          region,
          'PxTeamsConnStaticResourceGroupName',
          'error',
          AZURE_CODES.rgLocationMismatch,
          `The static resource group ${staticRg} exists in ${group.location}, not in ${location}. Use the region the group is in ($PxAzureLocation = '${group.location}'), or a different group name; the wizard never moves or deletes it.`,
        ),
      );
    }
    if (!group) {
      findings.push(
        finding(
          region,
          'PxTeamsConnStaticResourceGroupName',
          'info',
          AZURE_CODES.rgNotFound,
          `The static resource group ${staticRg} does not exist yet. Create it before the install: tcw azure prepare (or the Prepare step), run by the subscription Owner.`,
        ),
      );
    }
  }

  if (group?.properties?.provisioningState === 'Deleting') {
    findings.push(
      finding(
        region,
        'PxTeamsConnStaticResourceGroupName',
        'error',
        AZURE_CODES.rgBeingDeleted,
        `The static resource group ${staticRg} is being deleted right now (an uninstall moments ago?). Wait until it is gone (a few minutes or more) before prepare or the install; Azure refuses to change a group while it is deleting.`,
      ),
    );
  }

  // Can the signed-in account act as Owner on the static group? (Azure's permissions API is per
  // resource group; before the group exists it cannot be asked, and we say so.)
  if (rgPerms === null) {
    findings.push(
      finding(
        region,
        'PxTeamsConnStaticResourceGroupName',
        'info',
        AZURE_CODES.ownerUnverified,
        `Whether your account can act as Owner could not be checked: Azure answers that per resource group, and ${staticRg} does not exist yet. Run the preflight again after prepare has created it; the installer needs Owner there.`,
      ),
    );
  }
  const perms = rgPerms;
  if (perms) {
    facts.canActAsOwner = actsAsOwner(perms);
    if (!facts.canActAsOwner) {
      const where = `the static resource group ${staticRg}`;
      findings.push(
        finding(
          region,
          'PxTeamsConnStaticResourceGroupName',
          'error',
          AZURE_CODES.notOwner,
          `Your account cannot act as Owner on ${where}. The installer needs Owner there (Key Vault access), or it fails with "Failed to add 'Storage Account Key Operator Service Role'". Ask the subscription Owner to run "tcw azure prepare … --owner-upn <your sign-in name>" or the PowerShell from its --dry-run.`,
        ),
      );
    }
  }

  // Soft-deleted Key Vaults from an earlier install that would collide
  if (deleted) {
    const base = v.PxBaseConnName.toLowerCase();
    const rgPath = `/resourcegroups/${staticRg.toLowerCase()}/`;
    const hits = deleted.filter((d) => {
      const loc = d.properties?.location ?? '';
      if (!sameLocation(loc, location)) return false;
      const fromGroup = (d.properties?.vaultId ?? '').toLowerCase().includes(rgPath);
      return fromGroup || (base.length > 0 && (d.name ?? '').toLowerCase().startsWith(base));
    });
    facts.deletedKeyVaults = hits.map((d) => d.name ?? '').filter(Boolean);
    for (const d of hits) {
      const name = d.name ?? '';
      const purge = d.properties?.scheduledPurgeDate
        ? ` Azure purges it on its own on ${new Date(d.properties.scheduledPurgeDate).toISOString().slice(0, 10)}.`
        : '';
      const how = d.properties?.purgeProtectionEnabled
        ? `It has purge protection, so it cannot be purged early: wait for the scheduled purge or use another $PxBaseConnName.`
        : `Purge it first: Azure portal > Key vaults > Manage deleted vaults > purge, or Remove-AzKeyVault -VaultName ${psQuote(name)} -Location ${psQuote(location)} -InRemovedState -Force.`;
      findings.push(
        finding(
          region,
          'PxBaseConnName',
          'error',
          AZURE_CODES.deletedKeyVault,
          `A soft-deleted Key Vault ${name} from an earlier Teams Connector in ${location} is still held by Azure; a reinstall with the same names fails on it. ${how}${purge}`,
        ),
      );
    }
  }

  opts.onProgress?.('Preflight finished', 1);
  const staticGroup: StaticGroupSnapshot | undefined =
    group === undefined
      ? undefined
      : {
          subscriptionId: v.PxSubscriptionId,
          name: staticRg,
          group: group
            ? {
                location: group.location,
                tags: { ...(group.tags ?? {}) },
                ...(group.properties?.provisioningState === 'Deleting' ? { provisioningState: 'Deleting' } : {}),
              }
            : null,
          readAt: groupReadAt,
        };
  return { result: { findings: dedupe(findings), facts }, staticGroup };
}
