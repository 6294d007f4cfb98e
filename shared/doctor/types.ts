// What `tcw doctor` reads from a running deployment (the observation) and what it reports (the
// checklist). The reading lives on the Node side (electron/services/doctor); everything here is
// plain data so the comparison stays pure and the wizard can show the same checklist.
import type { DnsCheckResult, ProbeResult } from '../api/wizard-api.ts';
import type { Finding } from '../model/finding.ts';
import type { CheckStatus } from '../live/checklist.ts';

/** One read: found, absent (404: the resource is not there), or failed (could not check). */
export type Read<T> =
  | { state: 'found'; value: T }
  | { state: 'absent' }
  | { state: 'failed'; code: string; message: string; auth?: boolean };

export interface ObservedGroup {
  name: string;
  location: string;
}

export interface ObservedScaleSet {
  name: string;
  location: string;
  capacity: number | null;
  provisioningState: string | null;
  skuName: string | null;
}

export interface ObservedInstance {
  instanceId: string;
  /** "running", "stopped", "deallocated", … (PowerState/<x>), null when the instance view has none. */
  powerState: string | null;
  provisioningState: string | null;
}

export interface ObservedLoadBalancer {
  name: string;
  frontendPublicIpIds: string[];
}
export interface ObservedPublicIp {
  id: string;
  name: string;
  ipAddress: string | null;
}

export interface ObservedRule {
  name: string;
  priority: number | null;
  direction: string | null;
  access: string | null;
  protocol: string | null;
  sourcePortRange: string | null;
  /** destinationPortRange and destinationPortRanges together. */
  destinationPorts: string[];
  /** sourceAddressPrefix and sourceAddressPrefixes together, as Azure holds them. */
  sourcePrefixes: string[];
  destinationAddressPrefix: string | null;
}
export interface ObservedNsg {
  name: string;
  rules: ObservedRule[];
}
export interface ObservedVault {
  name: string;
  location: string;
}

export interface ObservedAzure {
  dynamicGroup: Read<ObservedGroup>;
  staticGroup: Read<ObservedGroup>;
  scaleSet: Read<ObservedScaleSet>;
  instances: Read<ObservedInstance[]>;
  loadBalancers: Read<ObservedLoadBalancer[]>;
  /** Every public IP of the static group (so the frontend can be followed without a second wave). */
  staticPublicIps: Read<ObservedPublicIp[]>;
  nsgs: Read<ObservedNsg[]>;
  vaults: Read<ObservedVault[]>;
}

export interface ObservedOutside {
  /** The DNS check of the region, judged against the public IP Azure holds (when known). */
  dns: Read<DnsCheckResult> | null;
  /** The TLS probe of the connector at that public IP on 443, SNI $PxTeamsConnFqdn; null when no IP is known. */
  connector: Read<ProbeResult> | null;
  /** SHA-1 thumbprint of the project's PFX certificate (from --pfx or --thumbprint); null when not given. */
  expectedThumbprint: string | null;
  /** TLS probes of the Conferencing Nodes (the live checks' verdicts). */
  nodes: { host: string; result: Read<ProbeResult> }[];
}

export type DoctorArea = 'azure' | 'network' | 'dns' | 'certificate' | 'nodes';

/** How a red line is fixed: the exact command, a portal step, a zone line, or a redeploy. */
export interface DoctorFix {
  kind: 'powershell' | 'portal' | 'zone' | 'redeploy' | 'teams';
  text: string;
}

export interface DoctorItem {
  /** Stable id, e.g. "nsg.rdp", "vmss.instances". */
  id: string;
  area: DoctorArea;
  /** The check in a few words ("NSG rule RDP (priority 1000)"). */
  title: string;
  status: CheckStatus;
  /** What was seen, one line ("3 of 3 instances running"). */
  detail: string;
  findings: Finding[];
  fixes: DoctorFix[];
  /** Lower is fixed first (dependency order: groups, scale set, network, DNS, certificate, …). */
  rank: number;
  /** True when the check could not be made (sign-in, permissions, network): exit 2 when nothing is red. */
  unchecked?: boolean;
}

export interface DoctorRegionReport {
  region: string;
  items: DoctorItem[];
  /** The public IP Azure holds for the connector, when found. */
  publicIp: string | null;
}

export interface DoctorReport {
  regions: DoctorRegionReport[];
  /** "healthy" (exit 0), "findings" (exit 1), "unchecked" (exit 2). */
  verdict: 'healthy' | 'findings' | 'unchecked';
  findings: Finding[];
}

export const DOCTOR_EXIT: Record<DoctorReport['verdict'], number> = { healthy: 0, findings: 1, unchecked: 2 };
