// The pure half of `tcw doctor`: compares what Azure and the outside world show for a region with
// what the project (the init script) says, and turns the differences into one checklist ordered by
// what to fix first, each red line with its fix. Rules: SPEC §8 (guide ~2651–2680, ~2950–3080,
// ~3240–3260): the NSG rules "MCU-signalling-endpoint" (priority 120, $PxNodesSourceAddressPrefixes)
// and "RDP" (priority 1000, $PxMgmtSrcAddrPrefixes, Deny when empty), the scale set `<base><region>`
// with $PxTeamsConnInstanceCount instances, the public IP in the static group, the Key Vault.
import type { Finding, Severity } from '../model/finding.ts';
import type { Project, Region, RegionVariables } from '../model/project.ts';
import { effectiveDynamicResourceGroupName, effectiveStaticResourceGroupName, vmssName } from '../model/derived.ts';
import { dnsChecklist, probeChecklist, type CheckStatus } from '../live/checklist.ts';
import { zoneLineA } from '../live/expected-dns.ts';
import type {
  DoctorFix,
  DoctorItem,
  DoctorRegionReport,
  DoctorReport,
  ObservedAzure,
  ObservedOutside,
  ObservedRule,
  Read,
} from './types.ts';
import {
  nsgPortalSteps,
  nsgRuleCommand,
  scaleCommand,
  scalePortalSteps,
  startInstancesCommand,
  type RuleSpec,
} from './manual-fixes.ts';

export const DOCTOR_CODES = {
  unchecked: 'doctor.unchecked',
  groupMissing: 'doctor.group-missing',
  groupLocation: 'doctor.group-location',
  vmssMissing: 'doctor.vmss-missing',
  vmssProvisioning: 'doctor.vmss-provisioning',
  instancesNotRunning: 'doctor.instances-not-running',
  capacityDrift: 'doctor.capacity-drift',
  lbMissing: 'doctor.lb-missing',
  publicIp: 'doctor.public-ip',
  nsgMissing: 'doctor.nsg-missing',
  ruleMissing: 'doctor.rule-missing',
  ruleExtra: 'doctor.rule-extra-prefixes',
  ruleLacking: 'doctor.rule-missing-prefixes',
  ruleAccess: 'doctor.rule-access',
  ruleShape: 'doctor.rule-shape',
  vaultMissing: 'doctor.key-vault-missing',
  certMismatch: 'doctor.cert-mismatch',
  certDays: 'doctor.cert-days-left',
} as const;

export const RULES = {
  nodes: { name: 'MCU-signalling-endpoint', priority: 120, port: '443' },
  mgmt: { name: 'RDP', priority: 1000, port: '3389' },
} as const;

/** What the NSG rules must hold according to the project. */
export function expectedRules(v: Pick<RegionVariables, 'PxNodesSourceAddressPrefixes' | 'PxMgmtSrcAddrPrefixes'>) {
  const nodes = v.PxNodesSourceAddressPrefixes;
  const mgmt = v.PxMgmtSrcAddrPrefixes;
  return {
    nodes: { ...RULES.nodes, access: 'Allow' as const, prefixes: nodes.length ? [...nodes] : ['*'] },
    // An empty list makes a Deny rule; then its source does not matter.
    mgmt: {
      ...RULES.mgmt,
      access: mgmt.length ? ('Allow' as const) : ('Deny' as const),
      prefixes: mgmt.length ? [...mgmt] : null,
    },
  };
}

/** "198.51.100.40/32" and "198.51.100.40" are one address; service tags compare case-insensitively. */
export function normalizePrefix(p: string): string {
  const t = p.trim().toLowerCase();
  return /^\d+\.\d+\.\d+\.\d+\/32$/.test(t) ? t.slice(0, -3) : t;
}

export function comparePrefixes(
  expected: readonly string[],
  actual: readonly string[],
): { extra: string[]; missing: string[] } {
  const e = new Set(expected.map(normalizePrefix));
  const a = new Set(actual.map(normalizePrefix));
  return {
    extra: actual.filter((x) => !e.has(normalizePrefix(x))),
    missing: expected.filter((x) => !a.has(normalizePrefix(x))),
  };
}

/** Days from now until notAfter, rounded down (negative once expired). */
export function daysLeft(notAfter: string, now: Date): number {
  return Math.floor((Date.parse(notAfter) - now.getTime()) / 86_400_000);
}

export interface DiagnoseOptions {
  now: Date;
  /** Warn when the connector certificate has fewer days left (default 30). */
  warnDays?: number;
}

function statusOf(findings: readonly Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}

const ORDER: Record<CheckStatus, number> = { error: 0, warning: 1, skipped: 2, ok: 3 };

/** Red lines first in dependency order, then amber, then what could not be checked, then green. */
export function orderItems(items: readonly DoctorItem[]): DoctorItem[] {
  return [...items].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.rank - b.rank);
}

export function diagnoseRegion(
  project: Project,
  region: Region,
  azure: ObservedAzure,
  outside: ObservedOutside,
  opts: DiagnoseOptions,
): DoctorRegionReport {
  const v = region.variables;
  const name = v.PxVmssRegion;
  const dyn = effectiveDynamicResourceGroupName(v);
  const stat = effectiveStaticResourceGroupName(v);
  const vmss = vmssName(v);
  const location = v.PxAzureLocation.toLowerCase();
  const items: DoctorItem[] = [];
  const redeploy: DoctorFix = {
    kind: 'redeploy',
    text: `Redeploy region ${name} (the Redeploy journey, or tcw generate PROJECT --journey redeploy --region ${name}) with the project's init script.`,
  };

  const item = (id: string, area: DoctorItem['area'], title: string, rank: number) => {
    const it: DoctorItem = { id, area, title, rank, status: 'ok', detail: '', findings: [], fixes: [] };
    items.push(it);
    const api = {
      it,
      add(severity: Severity, code: string, field: string | null, message: string) {
        it.findings.push({ region: name, field, severity, code, message });
        return api;
      },
      fix(kind: DoctorFix['kind'], text: string) {
        it.fixes.push({ kind, text });
        return api;
      },
      detail(text: string) {
        it.detail = text;
        return api;
      },
      /** A read that failed: the line says so and is not red; the run exits 2 when nothing else is. */
      unchecked(r: Extract<Read<unknown>, { state: 'failed' }>, what: string) {
        it.unchecked = true;
        it.status = 'skipped';
        it.detail = `could not check ${what}`;
        const hint = r.auth
          ? 'Sign in again (tcw azure login, or the Sign in button) and check the tenant.'
          : r.code === 'AuthorizationFailed'
            ? 'Reader on the subscription is enough to run the doctor.'
            : 'Check the network and run the doctor again.';
        it.findings.push({
          region: name,
          field: null,
          severity: 'warning',
          code: DOCTOR_CODES.unchecked,
          message: `Could not check ${what}: ${r.code}: ${r.message.split('\n')[0]!.slice(0, 240)}. ${hint}`,
        });
        return api;
      },
      /** Skipped because what it depends on is missing (already a red line). */
      skip(why: string) {
        it.status = 'skipped';
        it.detail = why;
        return api;
      },
    };
    return api;
  };
  const finish = (it: DoctorItem) => {
    if (it.status !== 'skipped') it.status = statusOf(it.findings);
  };

  // ---- resource groups
  for (const [id, g, label, rank] of [
    ['rg.dynamic', azure.dynamicGroup, dyn, 10],
    ['rg.static', azure.staticGroup, stat, 11],
  ] as const) {
    const isStatic = id === 'rg.static';
    const a = item(id, 'azure', `${isStatic ? 'Static' : 'Dynamic'} resource group ${label}`, rank);
    const field = isStatic ? 'PxTeamsConnStaticResourceGroupName' : 'PxTeamsConnResourceGroupName';
    if (g.state === 'failed') a.unchecked(g, `resource group ${label}`);
    else if (g.state === 'absent') {
      a.detail('not found').add(
        'error',
        DOCTOR_CODES.groupMissing,
        field,
        isStatic
          ? `The static resource group ${label} does not exist in subscription ${v.PxSubscriptionId}: the public IP and the Key Vault it held are gone. Recreate it (the static group script), then redeploy; the connector gets a new public IP, so its DNS A record must change too.`
          : `The dynamic resource group ${label} does not exist in subscription ${v.PxSubscriptionId}: the Teams Connector of region ${name} is not deployed (or a redeploy stopped half-way). Redeploy the region.`,
      );
      if (isStatic)
        a.fix('powershell', `New-AzResourceGroup -Name '${label.replace(/'/g, "''")}' -Location '${location}'`);
      a.fix('redeploy', redeploy.text);
    } else {
      a.detail(`in ${g.value.location}`);
      if (g.value.location.toLowerCase() !== location) {
        a.add(
          'error',
          DOCTOR_CODES.groupLocation,
          'PxAzureLocation',
          `Resource group ${label} is in ${g.value.location}, but the project says $PxAzureLocation = ${v.PxAzureLocation}. If Azure is right, correct $PxAzureLocation in the project; a group cannot move, so otherwise the region must be removed and deployed again in ${v.PxAzureLocation}.`,
        );
      }
    }
    finish(a.it);
  }

  // ---- scale set: exists, provisioning, instances, capacity
  const count = Number(v.PxTeamsConnInstanceCount);
  const s = item('vmss', 'azure', `Scale set ${vmss}`, 20);
  const inst = item('vmss.instances', 'azure', `Instances of ${vmss} running`, 30);
  const cap = item(
    'vmss.capacity',
    'azure',
    `Instance count of ${vmss} ($PxTeamsConnInstanceCount = ${v.PxTeamsConnInstanceCount})`,
    60,
  );
  const ss = azure.scaleSet;
  if (ss.state === 'failed') {
    s.unchecked(ss, `scale set ${vmss}`);
    inst.unchecked(ss, `the instances of ${vmss}`);
    cap.unchecked(ss, `the instance count of ${vmss}`);
  } else if (ss.state === 'absent') {
    s.detail('not found')
      .add(
        'error',
        DOCTOR_CODES.vmssMissing,
        'PxBaseConnName',
        `Scale set ${vmss} is not in ${dyn}: the Teams Connector of region ${name} is not running. Redeploy the region.`,
      )
      .fix('redeploy', redeploy.text);
    inst.skip('no scale set');
    cap.skip('no scale set');
  } else {
    const vs = ss.value;
    s.detail(`provisioning ${vs.provisioningState ?? 'unknown'}, ${vs.skuName ?? '?'} in ${vs.location}`);
    if (vs.provisioningState !== 'Succeeded') {
      const failed = vs.provisioningState === 'Failed';
      s.add(
        failed ? 'error' : 'warning',
        DOCTOR_CODES.vmssProvisioning,
        null,
        failed
          ? `Scale set ${vmss} is in provisioning state Failed: its last change did not complete. Look at the scale set's Activity log in the portal; if a redeploy does not clear it, open a case with Microsoft.`
          : `Scale set ${vmss} is in provisioning state ${vs.provisioningState ?? 'unknown'} (a change is under way). Run the doctor again when it is Succeeded.`,
      );
      if (failed) s.fix('redeploy', redeploy.text);
    }
    // capacity
    cap.detail(`${vs.capacity ?? '?'} in Azure, ${v.PxTeamsConnInstanceCount} in the project`);
    if (vs.capacity !== null && vs.capacity !== count) {
      cap
        .add(
          'error',
          DOCTOR_CODES.capacityDrift,
          'PxTeamsConnInstanceCount',
          `Scale set ${vmss} has ${vs.capacity} instance(s) but $PxTeamsConnInstanceCount is ${v.PxTeamsConnInstanceCount}: Azure and the init script disagree (changed in the portal?). Either scale back to ${count} (below), or keep ${vs.capacity} and change the instance count in the project (Look after a deployment → Instance count) so the init script matches before the next redeploy.`,
        )
        .fix('powershell', scaleCommand(dyn, vmss, count))
        .fix('portal', scalePortalSteps(dyn, vmss, count));
    }
    // instances
    const ins = azure.instances;
    if (ins.state === 'failed') inst.unchecked(ins, `the instances of ${vmss}`);
    else if (ins.state === 'absent') inst.skip('no instance list');
    else {
      const list = ins.value;
      const down = list.filter((i) => i.powerState !== 'running');
      const badProv = list.filter((i) => i.provisioningState && i.provisioningState !== 'Succeeded');
      inst.detail(`${list.length - down.length} of ${list.length} running`);
      if (down.length) {
        inst
          .add(
            'error',
            DOCTOR_CODES.instancesNotRunning,
            null,
            `${down.length} instance(s) of ${vmss} are not running (${down.map((i) => `instance ${i.instanceId}: ${i.powerState ?? 'no power state'}`).join(', ')}): calls that Azure's load balancer sends there fail and capacity is lower than planned. Start them.`,
          )
          .fix(
            'powershell',
            startInstancesCommand(
              dyn,
              vmss,
              down.map((i) => i.instanceId),
            ),
          )
          .fix(
            'portal',
            `Azure portal → Resource groups → ${dyn} → Virtual machine scale set ${vmss} → Instances: select ${down.map((i) => i.instanceId).join(', ')} → Start.`,
          );
      }
      if (badProv.length) {
        inst.add(
          'warning',
          DOCTOR_CODES.instancesNotRunning,
          null,
          `Instance(s) ${badProv.map((i) => `${i.instanceId} (${i.provisioningState})`).join(', ')} of ${vmss} did not provision cleanly. Reimage them in the portal (Instances → Reimage) or redeploy the region.`,
        );
      }
    }
  }
  finish(s.it);
  finish(inst.it);
  finish(cap.it);

  // ---- load balancer and public IP (static group)
  let publicIp: string | null = null;
  const lbi = item('lb', 'network', 'Load balancer and its public IP in the static group', 40);
  const lbs = azure.loadBalancers;
  if (lbs.state === 'failed') lbi.unchecked(lbs, `the load balancer in ${dyn}`);
  else if (lbs.state === 'absent' || lbs.value.length === 0) {
    lbi
      .detail('no load balancer')
      .add(
        'error',
        DOCTOR_CODES.lbMissing,
        'PxTeamsConnResourceGroupName',
        `There is no load balancer in ${dyn}: nothing receives calls for region ${name}. Redeploy the region.`,
      )
      .fix('redeploy', redeploy.text);
  } else {
    const lb = lbs.value[0]!;
    const pipId = lb.frontendPublicIpIds[0] ?? null;
    const m = pipId
      ? /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/publicIPAddresses\/([^/]+)$/i.exec(pipId)
      : null;
    if (!m) {
      lbi
        .detail(`${lb.name}: no public frontend`)
        .add(
          'error',
          DOCTOR_CODES.publicIp,
          null,
          `Load balancer ${lb.name} has no public frontend address. Redeploy the region to restore it.`,
        )
        .fix('redeploy', redeploy.text);
    } else if (m[1]!.toLowerCase() !== stat.toLowerCase()) {
      lbi
        .detail(`${lb.name} → ${m[2]} in ${m[1]}`)
        .add(
          'error',
          DOCTOR_CODES.publicIp,
          'PxTeamsConnStaticResourceGroupName',
          `The public IP of load balancer ${lb.name} is ${m[2]} in ${m[1]}, not in the static group ${stat}: the next redeploy will change the connector's address (and break its DNS record). Check the static resource group name in the project, then redeploy.`,
        )
        .fix('redeploy', redeploy.text);
    } else {
      const pips = azure.staticPublicIps;
      if (pips.state === 'failed') lbi.unchecked(pips, `the public IP in ${stat}`);
      else {
        const pip =
          pips.state === 'found' ? pips.value.find((p) => p.id.toLowerCase() === pipId!.toLowerCase()) : undefined;
        if (!pip)
          lbi
            .detail(`${lb.name} → ${m[2]} (missing)`)
            .add(
              'error',
              DOCTOR_CODES.publicIp,
              null,
              `Load balancer ${lb.name} points at public IP ${m[2]}, which is not in ${stat}. Redeploy the region.`,
            )
            .fix('redeploy', redeploy.text);
        else if (!pip.ipAddress)
          lbi
            .detail(`${lb.name} → ${pip.name} (no address)`)
            .add(
              'error',
              DOCTOR_CODES.publicIp,
              null,
              `Public IP ${pip.name} has no address allocated. Wait for the deployment to finish, or redeploy the region.`,
            );
        else {
          publicIp = pip.ipAddress;
          lbi.detail(`${lb.name} → ${pip.name} ${pip.ipAddress} (in ${stat})`);
          if (region.publicIp && region.publicIp !== pip.ipAddress) {
            lbi.add(
              'warning',
              DOCTOR_CODES.publicIp,
              'publicIp',
              `The project remembers public IP ${region.publicIp}, but Azure holds ${pip.ipAddress}. Update the project (read the public IP again in the wizard) and check the DNS line below.`,
            );
          }
        }
      }
    }
  }
  finish(lbi.it);

  // ---- NSG rules
  const want = expectedRules(v);
  const nodesItem = item(
    'nsg.nodes',
    'network',
    `NSG rule ${RULES.nodes.name} (priority ${RULES.nodes.priority}) = $PxNodesSourceAddressPrefixes`,
    45,
  );
  const mgmtItem = item(
    'nsg.rdp',
    'network',
    `NSG rule ${RULES.mgmt.name} (priority ${RULES.mgmt.priority}) = $PxMgmtSrcAddrPrefixes`,
    80,
  );
  const nsgs = azure.nsgs;
  if (nsgs.state === 'failed') {
    nodesItem.unchecked(nsgs, `the network security group in ${dyn}`);
    mgmtItem.unchecked(nsgs, `the network security group in ${dyn}`);
  } else {
    const list = nsgs.state === 'found' ? nsgs.value : [];
    const nsg =
      list.find((n) => n.rules.some((r) => r.name === RULES.nodes.name || r.name === RULES.mgmt.name)) ?? list[0];
    if (!nsg) {
      for (const x of [nodesItem, mgmtItem])
        x.detail('no network security group')
          .add(
            'error',
            DOCTOR_CODES.nsgMissing,
            null,
            `There is no network security group in ${dyn}. Redeploy the region.`,
          )
          .fix('redeploy', redeploy.text);
    } else {
      judgeRule(
        nodesItem,
        nsg.name,
        nsg.rules.find((r) => r.name.toLowerCase() === RULES.nodes.name.toLowerCase()),
        { ...want.nodes },
        'PxNodesSourceAddressPrefixes',
        dyn,
      );
      judgeRule(
        mgmtItem,
        nsg.name,
        nsg.rules.find((r) => r.name.toLowerCase() === RULES.mgmt.name.toLowerCase()),
        { ...want.mgmt },
        'PxMgmtSrcAddrPrefixes',
        dyn,
      );
    }
  }
  finish(nodesItem.it);
  finish(mgmtItem.it);

  // ---- Key Vault (static group)
  const kv = item('keyvault', 'azure', `Key Vault in ${stat}`, 70);
  const vaults = azure.vaults;
  if (vaults.state === 'failed') kv.unchecked(vaults, `the Key Vault in ${stat}`);
  else if (vaults.state === 'absent' || vaults.value.length === 0) {
    kv.detail('none')
      .add(
        'error',
        DOCTOR_CODES.vaultMissing,
        'PxTeamsConnStaticResourceGroupName',
        `There is no Key Vault in ${stat}: the connector keeps its certificate and app credentials there, and the next redeploy needs it. If it was deleted within the retention period, recover it (portal → Key vaults → Manage deleted vaults → Recover, or Undo-AzKeyVaultRemoval); otherwise redeploy the region.`,
      )
      .fix(
        'portal',
        'Azure portal → Key vaults → Manage deleted vaults → select the subscription → the vault of this region → Recover.',
      )
      .fix('redeploy', redeploy.text);
  } else kv.detail(vaults.value.map((x) => x.name).join(', '));
  finish(kv.it);

  // ---- DNS (the live check, judged against Azure's public IP)
  const dnsRank = (n: string) => (n === v.PxTeamsConnFqdn.toLowerCase().replace(/\.$/, '') ? 50 : 90);
  if (outside.dns) {
    if (outside.dns.state === 'failed') item('dns', 'dns', 'DNS records', 50).unchecked(outside.dns, 'the DNS records');
    else if (outside.dns.state === 'found') {
      const { items: recs, other } = dnsChecklist(outside.dns.value);
      for (const r of recs) {
        const d = item(`dns.${r.type}.${r.name}`, 'dns', `${r.type} record ${r.name}`, dnsRank(r.name));
        d.detail(r.rows.map((row) => (row.found.length ? row.found.join(', ') : 'not found')).join('; '));
        d.it.findings.push(...r.findings.map((f) => ({ ...f, region: name })));
        // The zone lines the record must hold (the guide's format), for the red rows.
        for (const row of r.rows.filter((x) => x.status === 'error' && !x.expected.startsWith('('))) {
          if (r.type === 'A')
            for (const a of row.expected.split(', ').filter((t) => /^\d+\.\d+\.\d+\.\d+$/.test(t)))
              d.fix('zone', zoneLineA(r.name, a, dnsRank(r.name) === 50 ? 3600 : 86400)); // dns-records.txt's TTLs: connector 3600, nodes 86400
          else d.fix('zone', `${r.name}. 86400 IN SRV ${row.expected.replace(/\.?$/, '.')}`);
        }
        d.it.status =
          r.status === 'skipped' ? 'skipped' : statusOf(d.it.findings) === 'ok' ? r.status : statusOf(d.it.findings);
      }
      if (other.length) {
        const o = item('dns.other', 'dns', 'DNS', 91);
        o.it.findings.push(...other.map((f) => ({ ...f, region: name })));
        finish(o.it);
      }
    }
  }

  // ---- the connector's certificate on 443
  const warnDays = opts.warnDays ?? 30;
  const c = item(
    'cert.connector',
    'certificate',
    `Certificate the Teams Connector presents on 443 (${v.PxTeamsConnFqdn})`,
    55,
  );
  const probe = outside.connector;
  if (!probe) c.skip(publicIp ? 'not probed' : 'no public IP to connect to');
  else if (probe.state === 'failed') c.unchecked(probe, `the certificate on ${publicIp ?? v.PxTeamsConnFqdn}:443`);
  else if (probe.state === 'found') {
    const r = probe.value;
    c.it.findings.push(...r.findings.map((f) => ({ ...f, region: name })));
    const cert = r.certificate;
    if (cert) {
      const left = daysLeft(cert.notAfter, opts.now);
      c.detail(`${cert.subject}, SHA-1 ${cert.thumbprintSha1}, ${left} day(s) left`);
      if (
        outside.expectedThumbprint &&
        cert.thumbprintSha1.replace(/:/g, '').toLowerCase() !==
          outside.expectedThumbprint.replace(/[:\s]/g, '').toLowerCase()
      ) {
        c.add(
          'error',
          DOCTOR_CODES.certMismatch,
          'PxPfxCertFileName',
          `The connector presents the certificate with thumbprint ${cert.thumbprintSha1}, not the project's PFX (${outside.expectedThumbprint}). A new connector certificate takes a redeploy: redeploy with the project's PFX, or, if the deployed one is the newer, point $PxPfxCertFileName at that PFX.`,
        ).fix('redeploy', redeploy.text);
      }
      if (left >= 0 && left < warnDays && !r.findings.some((f) => /expires-soon|expired/.test(f.code))) {
        c.add(
          'warning',
          DOCTOR_CODES.certDays,
          'PxPfxCertFileName',
          `The connector's certificate expires in ${left} day(s) (${cert.notAfter}). Get the new certificate now; installing it takes a redeploy.`,
        );
      }
      if (c.it.findings.some((f) => f.severity === 'error' && f.code !== DOCTOR_CODES.certMismatch))
        c.fix('redeploy', `A new connector certificate takes a redeploy: ${redeploy.text}`);
    } else c.detail('no certificate presented');
    const steps = probeChecklist(r);
    if (!cert && steps.items.some((i) => i.status === 'error'))
      c.fix(
        'portal',
        'Check that the instances run (above) and that nothing blocks 443 to the public IP from this machine, then run the doctor again.',
      );
  }
  finish(c.it);

  // ---- the Conferencing Nodes, as the live checks judge them
  for (const n of outside.nodes) {
    const ni = item(`node.${n.host}`, 'nodes', `Conferencing Node ${n.host} (certificate and TLS)`, 95);
    if (n.result.state === 'failed') ni.unchecked(n.result, `node ${n.host}`);
    else if (n.result.state === 'found') {
      const r = n.result.value;
      ni.it.findings.push(...r.findings.map((f) => ({ ...f, region: name })));
      ni.detail(
        r.certificate
          ? `${r.certificate.subject}, ${daysLeft(r.certificate.notAfter, opts.now)} day(s) left, ${r.protocol ?? ''}`.trim()
          : 'no certificate presented',
      );
    }
    finish(ni.it);
  }

  return { region: name, items: orderItems(items), publicIp };
}

function judgeRule(
  x: {
    it: DoctorItem;
    add: (s: Severity, code: string, field: string | null, msg: string) => unknown;
    fix: (k: DoctorFix['kind'], t: string) => unknown;
    detail: (t: string) => unknown;
  },
  nsgName: string,
  rule: ObservedRule | undefined,
  want: { name: string; priority: number; port: string; access: 'Allow' | 'Deny'; prefixes: string[] | null },
  field: string,
  dyn: string,
) {
  const spec = (from?: ObservedRule): RuleSpec => ({
    name: from?.name ?? want.name,
    priority: want.priority,
    access: want.access,
    direction: from?.direction ?? 'Inbound',
    protocol: from?.protocol ?? 'Tcp',
    sourcePortRange: from?.sourcePortRange ?? '*',
    destinationPorts: from?.destinationPorts.length ? from.destinationPorts : [want.port],
    sourcePrefixes: want.prefixes ?? from?.sourcePrefixes ?? ['*'],
    destinationAddressPrefix: from?.destinationAddressPrefix ?? '*',
  });
  const fixes = () => {
    x.fix('powershell', nsgRuleCommand(dyn, nsgName, spec(rule)));
    x.fix('portal', nsgPortalSteps(dyn, want, want.prefixes ?? ['*'], want.access));
  };
  const listName = `$${field}`;
  if (!rule) {
    x.detail(`no rule named ${want.name} in ${nsgName}`);
    x.add(
      'error',
      DOCTOR_CODES.ruleMissing,
      field,
      `The network security group ${nsgName} has no rule "${want.name}" (priority ${want.priority}). Create it from ${listName}.`,
    );
    x.fix(
      'powershell',
      nsgRuleCommand(dyn, nsgName, spec()).replace(
        'Set-AzNetworkSecurityRuleConfig',
        'Add-AzNetworkSecurityRuleConfig',
      ),
    );
    x.fix(
      'portal',
      nsgPortalSteps(dyn, want, want.prefixes ?? ['*'], want.access).replace(
        `${want.priority} ${want.name}:`,
        `Add: name ${want.name}, priority ${want.priority},`,
      ),
    );
    return;
  }
  x.detail(`${rule.access ?? '?'} from ${rule.sourcePrefixes.join(', ') || '(none)'}`);
  let wrong = false;
  if (rule.access !== want.access) {
    wrong = true;
    x.add(
      'error',
      DOCTOR_CODES.ruleAccess,
      field,
      want.access === 'Allow'
        ? `Rule "${want.name}" is set to ${rule.access ?? 'nothing'}, but ${listName} lists addresses, so it must Allow them${want.name === RULES.nodes.name ? ': the Conferencing Nodes cannot reach the Teams Connector and calls fail' : ''}. Set it back to Allow, or empty ${listName} in the project if access is meant to be closed.`
        : `Rule "${want.name}" is set to ${rule.access ?? 'nothing'}, but ${listName} is empty, which means Deny. Set it to Deny, or put the management addresses into ${listName} in the project.`,
    );
  }
  if (want.prefixes) {
    const { extra, missing } = comparePrefixes(want.prefixes, rule.sourcePrefixes);
    if (extra.length) {
      wrong = true;
      x.add(
        'error',
        DOCTOR_CODES.ruleExtra,
        field,
        `Rule "${want.name}" also allows ${extra.join(', ')}, which ${listName} does not list (added in the portal?). Remove ${extra.length === 1 ? 'it' : 'them'} from the rule, or add ${extra.length === 1 ? 'it' : 'them'} to ${listName} in the project so the init script stays in sync.`,
      );
    }
    if (missing.length) {
      wrong = true;
      x.add(
        'error',
        DOCTOR_CODES.ruleLacking,
        field,
        `Rule "${want.name}" lacks ${missing.join(', ')} from ${listName}${want.name === RULES.nodes.name ? ': those Conferencing Nodes cannot reach the Teams Connector' : ''}. Add ${missing.length === 1 ? 'it' : 'them'} to the rule, or remove ${missing.length === 1 ? 'it' : 'them'} from the project.`,
      );
    }
  }
  if (rule.priority !== want.priority || (rule.direction ?? 'Inbound') !== 'Inbound') {
    x.add(
      'warning',
      DOCTOR_CODES.ruleShape,
      field,
      `Rule "${want.name}" has priority ${rule.priority ?? '?'} / direction ${rule.direction ?? '?'}; the deployment creates it Inbound with priority ${want.priority}. A different priority can let another rule decide first.`,
    );
  }
  if (wrong) fixes();
}

export function verdictOf(regions: readonly DoctorRegionReport[]): DoctorReport['verdict'] {
  const all = regions.flatMap((r) => r.items);
  if (all.some((i) => i.status === 'error')) return 'findings';
  if (all.some((i) => i.unchecked)) return 'unchecked';
  return 'healthy';
}

export function doctorReport(regions: DoctorRegionReport[]): DoctorReport {
  return { regions, verdict: verdictOf(regions), findings: regions.flatMap((r) => r.items.flatMap((i) => i.findings)) };
}
