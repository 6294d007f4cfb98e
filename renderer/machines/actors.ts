// Promise actors around the WizardApi. The API arrives in the input, so tests can hand in a real
// in-process implementation or a double of the bridge, while the machines stay the same.
import { fromPromise } from 'xstate';
import type {
  WizardApi, AzureAccount, SignInMethod, PreflightResult, PrepareResult, PublicIpResult, CertResult, FileRef,
  GenerateResult, Journey, ImportResult, DnsCheckResult, ProbeResult, ProjectEntry,
} from '../../shared/api/wizard-api.ts';
import type { Project, Secrets } from '../../shared/model/project.ts';

interface WithApi { api: WizardApi; opId: string }

export const signInActor = fromPromise<AzureAccount, WithApi & { method: SignInMethod; tenant?: string }>(({ input }) =>
  input.api.azureSignIn(input.tenant ? { method: input.method, tenant: input.tenant } : { method: input.method }, input.opId));

export const preflightActor = fromPromise<PreflightResult, WithApi & { project: Project; region: string }>(({ input }) =>
  input.api.azurePreflight({ project: input.project, region: input.region }, input.opId));

export const prepareActor = fromPromise<PrepareResult, WithApi & { project: Project; region: string; ownerUpn: string; dryRun: boolean }>(({ input }) =>
  input.api.azurePrepare({
    project: input.project,
    region: input.region,
    owner: input.ownerUpn.trim() ? { upn: input.ownerUpn.trim() } : null,
    dryRun: input.dryRun,
  }, input.opId));

export const publicIpActor = fromPromise<PublicIpResult, WithApi & { project: Project; region: string }>(({ input }) =>
  input.api.azurePublicIp({ project: input.project, region: input.region }, input.opId));

export const analyzePfxActor = fromPromise<CertResult, { api: WizardApi; file: FileRef; password: string; fqdns: string[]; connectorVersion: string; trustPem?: string }>(({ input }) =>
  input.api.analyzePfx({
    file: input.file, password: input.password, fqdns: input.fqdns, connectorVersion: input.connectorVersion,
    ...(input.trustPem ? { trustPem: input.trustPem } : {}),
  }));

export const analyzeNodeCertsActor = fromPromise<CertResult[], { api: WizardApi; files: FileRef[]; pool: string; nodes: string[]; nodeFqdns: string[]; sipDomain?: string; trustPem?: string }>(({ input }) =>
  input.api.analyzeNodeCertificates({
    files: input.files, pool: input.pool, nodes: input.nodes, nodeFqdns: input.nodeFqdns,
    ...(input.sipDomain ? { sipDomain: input.sipDomain } : {}),
    ...(input.trustPem ? { trustPem: input.trustPem } : {}),
  }));

export const generateActor = fromPromise<GenerateResult, { api: WizardApi; project: Project; journey: Journey; region?: string; includeSecrets: boolean; secrets: Secrets }>(({ input }) =>
  input.api.generate({
    project: input.project,
    journey: input.journey,
    ...(input.region ? { region: input.region } : {}),
    includeSecrets: input.includeSecrets,
    ...(input.includeSecrets ? { secrets: input.secrets } : {}),
  }));

export const saveAllActor = fromPromise<{ folder: string; files: string[] }, { api: WizardApi; artifacts: GenerateResult['artifacts']; folder: string }>(({ input }) =>
  input.api.saveArtifacts({ artifacts: input.artifacts, folder: input.folder }));

export const importActor = fromPromise<ImportResult, { api: WizardApi; initScript: string; redeployScript?: string; installOutput?: string }>(({ input }) =>
  input.api.importScripts({
    initScript: input.initScript,
    ...(input.redeployScript ? { redeployScript: input.redeployScript } : {}),
    ...(input.installOutput ? { installOutput: input.installOutput } : {}),
  }));

export const verifyActor = fromPromise<{ dns: DnsCheckResult; tls: ProbeResult | null }, WithApi & { project: Project; region: string; expectIp?: string; resolver?: string; dnsOnly?: boolean }>(async ({ input }) => {
  const reg = input.project.regions.find((r) => r.variables.PxVmssRegion === input.region);
  const fqdn = reg?.variables.PxTeamsConnFqdn ?? '';
  const dns = await input.api.dnsCheck({
    project: input.project, region: input.region, ...(input.expectIp ? { expectIp: input.expectIp } : {}), ...(input.resolver ? { resolver: input.resolver } : {}),
  }, input.opId);
  // DNS alone is useful before the connector answers (and never touches the connector itself).
  const tls = input.dnsOnly ? null : await input.api.tlsProbe({ host: fqdn, port: 443, role: 'connector', fqdn, ...(input.resolver ? { resolver: input.resolver } : {}) }, input.opId);
  return { dns, tls };
});

export const listProjectsActor = fromPromise<ProjectEntry[], { api: WizardApi }>(({ input }) => input.api.listProjects());

export const loadProjectActor = fromPromise<Project, { api: WizardApi; id: string }>(({ input }) => input.api.loadProject(input.id));
