// Applies a maintenance change (shared/doctor/changes.ts) to a running region with the real SDK
// clients: it reads the current rule or scale set first and writes only when Azure differs (so a
// re-run changes nothing), writes only the one NSG rule or the scale set's capacity (never deletes a
// resource), and returns the updated project and its regenerated init script for saving.
// A dry run reads too (when signed in) but sends no write: it lists the ARM requests it would send
// and the equivalent PowerShell.
import type { Finding } from '../../../shared/model/finding.ts';
import { hasErrors } from '../../../shared/model/finding.ts';
import { effectiveDynamicResourceGroupName, vmssName } from '../../../shared/model/derived.ts';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { planChange, type ChangePlan, type ChangeRequest, type ChangeResult } from '../../../shared/doctor/changes.ts';
import { comparePrefixes, RULES } from '../../../shared/doctor/diagnose.ts';
import { nsgRuleCommand, scaleCommand, type RuleSpec } from '../../../shared/doctor/manual-fixes.ts';
import {
  armClients,
  classify,
  throwIfAborted,
  type AzureContext,
  type OperationOptions,
} from '../azure/arm-context.ts';

export { planChange, type ChangePlan, type ChangeRequest, type ChangeResult };

// The api-versions the SDK clients send (arm-network 39, arm-compute 25), for the dry run to show them exactly.
const NETWORK_API = '2026-01-01';
const COMPUTE_API = '2026-04-01';

function fail(code: string, message: string, region: string | null): Finding {
  return { region, field: null, severity: 'error', code, message };
}

export async function maintain(
  ctx: AzureContext | null,
  req: ChangeRequest,
  opts: OperationOptions = {},
): Promise<ChangeResult> {
  const plan = planChange(req);
  const regionName = req.change.kind === 'teams' ? null : req.region;
  const region = plan.project.regions.find((r) => r.variables.PxVmssRegion === req.region) ?? plan.project.regions[0];
  const result: ChangeResult = {
    findings: [],
    summary: plan.summary,
    notes: [...plan.notes],
    redeployNeeded: plan.redeployNeeded,
    done: [],
    remaining: [],
    requests: [],
    powershell: '',
    project: plan.project,
    initScript: null,
    teamsCommand: plan.teamsCommand,
  };
  // The updated project must still pass every rule, or nothing is applied.
  if (region) {
    const gen = generateArtifacts({
      project: plan.project,
      journey: 'redeploy',
      region: region.variables.PxVmssRegion,
      includeSecrets: false,
    });
    const errors = gen.findings.filter(
      (f) => f.severity === 'error' && (f.region === null || f.region === region.variables.PxVmssRegion),
    );
    if (errors.length) {
      result.findings.push(...errors);
      result.remaining.push('Nothing was changed: correct the values above first.');
      return result;
    }
    const init = gen.artifacts.find((a) => a.kind === 'init-script' && a.region === region.variables.PxVmssRegion);
    if (init) result.initScript = { fileName: init.fileName, content: init.content };
  }
  const ps: string[] = [];
  if (plan.teamsCommand) {
    ps.push(plan.teamsCommand);
    result.remaining.push('Run the Teams command (it is not an Azure change; the wizard does not run it).');
  }
  if (!region || (!plan.rule && plan.capacity === null)) {
    result.powershell = ps.join('\n\n');
    if (!plan.teamsCommand) result.done.push('No Azure change is needed.');
    return result;
  }

  const v = region.variables;
  const dyn = effectiveDynamicResourceGroupName(v);
  const vmss = vmssName(v);
  const base = ctx?.endpoints.arm ?? 'https://management.azure.com';
  const prefix = `${base.replace(/\/$/, '')}/subscriptions/${v.PxSubscriptionId}/resourceGroups/${dyn}`;
  const clients = ctx ? armClients(ctx, v.PxSubscriptionId) : null;
  const signal = opts.signal;
  const progress = opts.onProgress;
  const azureFail = (e: unknown, what: string) => {
    const f = classify(e);
    if (f.kind === 'aborted') {
      result.findings.push({
        region: regionName,
        field: null,
        severity: 'warning',
        code: 'doctor.cancelled',
        message: `${what}: cancelled. What was done is listed; run the change again to finish it (it picks up where it stopped).`,
      });
      return;
    }
    const hint =
      f.code === 'AuthorizationFailed'
        ? ' Your account may not change it: Contributor (or Owner) on the dynamic resource group is needed.'
        : f.kind === 'auth'
          ? ' Sign in again.'
          : ' Try again.';
    result.findings.push(
      fail(
        'doctor.change-failed',
        `${what}: ${f.code}: ${f.message.split('\n')[0]!.slice(0, 300)}.${hint}`,
        regionName,
      ),
    );
  };

  try {
    if (plan.rule) {
      const ruleName = plan.rule.name;
      const priority = ruleName === RULES.nodes.name ? RULES.nodes.priority : RULES.mgmt.priority;
      const port = ruleName === RULES.nodes.name ? RULES.nodes.port : RULES.mgmt.port;
      let nsgName = `${vmss}-NSG`;
      let current: RuleSpec | null = null;
      if (clients) {
        progress?.(`Reading the network security group in ${dyn}`, 0.1);
        const nsgs = [];
        for await (const n of clients.network.networkSecurityGroups.list(dyn, { abortSignal: signal })) nsgs.push(n);
        const nsg = nsgs.find((n) => (n.securityRules ?? []).some((r) => r.name === ruleName)) ?? nsgs[0];
        if (!nsg?.name) {
          result.findings.push(
            fail(
              'doctor.nsg-missing',
              `There is no network security group in ${dyn}: the region is not deployed. Redeploy it; nothing was changed.`,
              regionName,
            ),
          );
          return result;
        }
        nsgName = nsg.name;
        const r = (nsg.securityRules ?? []).find((x) => x.name === ruleName);
        if (r) {
          current = {
            name: r.name!,
            priority: r.priority ?? priority,
            access: (r.access as 'Allow' | 'Deny') ?? 'Allow',
            direction: r.direction ?? 'Inbound',
            protocol: r.protocol ?? 'Tcp',
            sourcePortRange: r.sourcePortRange ?? '*',
            destinationPorts: [
              ...(r.destinationPortRange ? [r.destinationPortRange] : []),
              ...(r.destinationPortRanges ?? []),
            ],
            sourcePrefixes: [
              ...(r.sourceAddressPrefix ? [r.sourceAddressPrefix] : []),
              ...(r.sourceAddressPrefixes ?? []),
            ],
            destinationAddressPrefix: r.destinationAddressPrefix ?? '*',
          };
        }
      }
      // Only the rule's source list and action change; its port, protocol and destination stay.
      const next: RuleSpec = {
        name: ruleName,
        priority,
        access: plan.rule.access,
        direction: current?.direction ?? 'Inbound',
        protocol: current?.protocol ?? 'Tcp',
        sourcePortRange: current?.sourcePortRange ?? '*',
        destinationPorts: current?.destinationPorts.length ? current.destinationPorts : [port],
        sourcePrefixes: plan.rule.prefixes,
        destinationAddressPrefix: current?.destinationAddressPrefix ?? '*',
      };
      ps.push(
        nsgRuleCommand(dyn, nsgName, next).replace(
          'Set-AzNetworkSecurityRuleConfig',
          current || !clients ? 'Set-AzNetworkSecurityRuleConfig' : 'Add-AzNetworkSecurityRuleConfig',
        ),
      );
      const same =
        current &&
        current.access === next.access &&
        current.priority === next.priority &&
        comparePrefixes(next.sourcePrefixes, current.sourcePrefixes).extra.length === 0 &&
        comparePrefixes(next.sourcePrefixes, current.sourcePrefixes).missing.length === 0;
      const what = `rule ${ruleName} (priority ${priority}) in ${nsgName}: ${next.access} from ${next.sourcePrefixes.join(', ')}`;
      if (same) result.done.push(`Already in place: ${what}.`);
      else {
        const body = {
          properties: {
            protocol: next.protocol,
            sourcePortRange: next.sourcePortRange,
            ...(next.destinationPorts.length === 1
              ? { destinationPortRange: next.destinationPorts[0] }
              : { destinationPortRanges: next.destinationPorts }),
            ...(next.sourcePrefixes.length === 1
              ? { sourceAddressPrefix: next.sourcePrefixes[0] }
              : { sourceAddressPrefixes: next.sourcePrefixes }),
            destinationAddressPrefix: next.destinationAddressPrefix,
            access: next.access,
            priority: next.priority,
            direction: next.direction,
          },
        };
        const url = `${prefix}/providers/Microsoft.Network/networkSecurityGroups/${nsgName}/securityRules/${ruleName}?api-version=${NETWORK_API}`;
        result.requests.push({ method: 'PUT', url, body });
        if (req.dryRun || !clients) result.remaining.push(`Set ${what}.`);
        else {
          throwIfAborted(signal);
          progress?.(`Writing ${what}`, 0.4);
          await clients.network.securityRules.beginCreateOrUpdateAndWait(dyn, nsgName, ruleName, body.properties, {
            abortSignal: signal,
            updateIntervalInMs: 1000,
          });
          result.done.push(`Set ${what}.`);
        }
      }
    }
    if (plan.capacity !== null) {
      const count = plan.capacity;
      ps.push(scaleCommand(dyn, vmss, count));
      let current: number | null = null;
      if (clients) {
        throwIfAborted(signal);
        progress?.(`Reading scale set ${vmss}`, 0.6);
        current =
          (await clients.compute.virtualMachineScaleSets.get(dyn, vmss, { abortSignal: signal })).sku?.capacity ?? null;
      }
      if (current === count) result.done.push(`Already in place: scale set ${vmss} has ${count} instance(s).`);
      else {
        const body = { sku: { capacity: count } };
        result.requests.push({
          method: 'PATCH',
          url: `${prefix}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}?api-version=${COMPUTE_API}`,
          body,
        });
        if (req.dryRun || !clients)
          result.remaining.push(`Scale ${vmss} from ${current ?? '?'} to ${count} instance(s).`);
        else {
          throwIfAborted(signal);
          progress?.(`Scaling ${vmss} to ${count}`, 0.7);
          await clients.compute.virtualMachineScaleSets.update(dyn, vmss, body, {
            abortSignal: signal,
            updateIntervalInMs: 2000,
          });
          result.done.push(`Scaled ${vmss} from ${current ?? '?'} to ${count} instance(s).`);
        }
      }
    }
  } catch (e) {
    azureFail(e, req.dryRun ? 'Reading the current state' : 'Applying the change');
  }
  if (!ctx)
    result.notes.push(
      'Not signed in: the requests are what the change would send if Azure differs; sign in to compare with what is there.',
    );
  if (!req.dryRun && hasErrors(result.findings))
    result.remaining.push('Run the change again once the problem above is fixed; it only writes what still differs.');
  if (!req.dryRun && !hasErrors(result.findings))
    result.remaining.push('Save the updated project and init script (they now match Azure).');
  result.powershell = ps.join('\n\n');
  progress?.('Done', 1);
  return result;
}
