// The Node-side implementation of WizardApi, shared by the Electron main process (IPC) and the
// browser-mode HTTP bridge. It calls the same services as the CLI; services that are not part of this
// build reject with a clear "not available in this build" error.
import { join } from 'node:path';
import { homedir } from 'node:os';
import type {
  Artifact, AssembleRequest, AssembleResult, AzureAccount, CertResult, CsrRequest, CsrResult, DnsCheckRequest,
  DnsCheckResult, FileKind, FileRef, GenerateRequest, GenerateResult, ImportRequest, ImportResult, Journey,
  NodeCertRequest, OperationEvent, PfxRequest, PrepareRequest, PrepareResult, PreflightResult, ProbeRequest,
  ProbeResult, ProjectEntry, PublicIpResult, RegionRequest, SignInRequest, WizardApi,
} from '../../../shared/api/wizard-api.ts';
import { isAllowedExternalUrl } from '../../../shared/api/external-links.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import { parseProject, type Project, type Secrets } from '../../../shared/model/project.ts';
import { validateProject } from '../../../shared/rules/index.ts';
import { generateArtifacts } from '../../../shared/emit/index.ts';
import { importScripts } from '../../../shared/import/index.ts';
import { ApiError, NotAvailableError } from './errors.ts';
import { OperationHub, type EventListener, type OpContext } from './operations.ts';
import { ProjectStore } from './projects.ts';
import type { SecretStore } from './secrets.ts';
import { checkTypedFolder, loadFileRef, safeRelativeName, type LoadedFile } from './files.ts';
import { writeArtifactsAtomically, ProjectInputError } from '../project/index.ts';
import { checkConnectorFiles } from '../../../shared/connector-zip/index.ts';
import { readConnectorZipBytes } from '../project/connector-zip.ts';

/** Certificate services (electron/services/cert), adapted to the bridge. */
export interface CertBackend {
  analyzePfx(req: PfxRequest, file: LoadedFile, signal: AbortSignal): Promise<CertResult>;
  analyzeNodeCertificates(req: NodeCertRequest, files: LoadedFile[], signal: AbortSignal): Promise<CertResult[]>;
  createCsr(req: CsrRequest): Promise<CsrResult>;
  assemblePfx(req: AssembleRequest): Promise<AssembleResult>;
  /** Stops the analysis worker thread (it would keep the process alive). */
  stop?(): Promise<void>;
}

/** Azure services (electron/services/azure), adapted to the bridge. */
export interface AzureBackend {
  isSignedIn(): boolean;
  signIn(req: SignInRequest, ctx: OpContext): Promise<AzureAccount>;
  signOut(): Promise<void>;
  preflight(req: RegionRequest, ctx: OpContext): Promise<PreflightResult>;
  prepare(req: PrepareRequest, ctx: OpContext): Promise<PrepareResult>;
  publicIp(req: RegionRequest, ctx: OpContext): Promise<PublicIpResult>;
}

/** Live DNS / TLS checks (electron/services/live), adapted to the bridge. */
export interface LiveBackend {
  dnsCheck(req: DnsCheckRequest, ctx: OpContext): Promise<DnsCheckResult>;
  tlsProbe(req: ProbeRequest, ctx: OpContext): Promise<ProbeResult>;
}

/** What only the host (Electron shell or browser-mode server) can do. */
export interface HostIntegration {
  /** Native file dialog; the returned path is granted for reading through loadFileRef. */
  pickFile?(kind: FileKind): Promise<FileRef | null>;
  pickFolder?(suggestedPath?: string): Promise<string | null>;
  openExternal?(url: string): Promise<void>;
  printRunbookPdf?(req: { markdown: string; title?: string }): Promise<{ path: string } | null>;
}

export interface WizardServiceDeps {
  mode: 'electron' | 'browser';
  version: string;
  /** App-data folder; projects live in <dataDir>/projects. */
  dataDir: string;
  secrets: SecretStore;
  host?: HostIntegration;
  cert?: CertBackend;
  azure?: AzureBackend;
  live?: LiveBackend;
  /** Offered as the default output folder. */
  defaultOutputFolder?: string;
}

type Methods = { [K in Exclude<keyof WizardApi, 'onEvent'>]-?: NonNullable<WizardApi[K]> };

export type WizardApiImpl = Methods & {
  /** Node-side event subscription (the bridges forward events to the page). */
  subscribe(listener: EventListener): () => void;
  /** Cancels every running operation (window closed, server stopped). */
  dispose(): void;
};

const JOURNEYS: readonly Journey[] = ['first-install', 'add-region', 'redeploy'];
const MAX_SCRIPT_CHARS = 2 * 1024 * 1024;

function requireProject(value: unknown): Project {
  const r = parseProject(value);
  if (r.ok) return r.project;
  const problems = r.issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new ApiError(`The project is not a valid tcw-project/1: ${problems}.`, 422);
}

function requireObject<T>(value: unknown, what: string): T {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ApiError(`${what} is missing or not an object.`);
  return value as T;
}

function optionalSecrets(value: unknown): Secrets | undefined {
  if (value === undefined || value === null) return undefined;
  const s = requireObject<Record<string, unknown>>(value, 'secrets');
  const out: Secrets = {};
  if (typeof s.adminPassword === 'string') out.adminPassword = s.adminPassword;
  if (typeof s.appPassword === 'string') out.appPassword = s.appPassword;
  return out;
}

function optionalScript(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError(`${what} must be text.`);
  if (value.length > MAX_SCRIPT_CHARS) throw new ApiError(`${what} is larger than 2 MB; that is not a variables or redeploy script.`, 413);
  return value;
}

export function createWizardService(deps: WizardServiceDeps): WizardApiImpl {
  const hub = new OperationHub();
  const grantedPaths = new Set<string>();
  const projects = new ProjectStore({ folder: join(deps.dataDir, 'projects'), knownSecrets: () => deps.secrets.knownValues() });
  const defaultOutputFolder = deps.defaultOutputFolder ?? join(homedir(), 'teams-connector');

  const cert = (what: string): CertBackend => {
    if (!deps.cert) throw new NotAvailableError(what);
    return deps.cert;
  };
  const azure = (what: string): AzureBackend => {
    if (!deps.azure) throw new NotAvailableError(what);
    return deps.azure;
  };
  const live = (what: string): LiveBackend => {
    if (!deps.live) throw new NotAvailableError(what);
    return deps.live;
  };
  const regionRequest = <T extends RegionRequest>(value: unknown): T => {
    const req = requireObject<T>(value, 'The request');
    if (typeof req.region !== 'string') throw new ApiError('Say which region ($PxVmssRegion) to work on.');
    const project = requireProject(req.project);
    if (!project.regions.some((r) => r.variables.PxVmssRegion === req.region)) {
      throw new ApiError(`The project has no region "${req.region}". Choose one of: ${project.regions.map((r) => r.variables.PxVmssRegion).join(', ') || '(none yet)'}.`);
    }
    return { ...req, project };
  };

  const service: WizardApiImpl = {
    async info() {
      return {
        version: deps.version,
        mode: deps.mode,
        azureSignedIn: deps.azure?.isSignedIn() ?? false,
        dataFolder: deps.dataDir,
        defaultOutputFolder,
        features: {
          certificates: Boolean(deps.cert),
          azure: Boolean(deps.azure),
          liveChecks: Boolean(deps.live),
          printPdf: Boolean(deps.host?.printRunbookPdf),
        },
      };
    },

    async validate(project: Project, secrets?: Secrets): Promise<Finding[]> {
      const p = requireProject(project);
      const s = optionalSecrets(secrets);
      return validateProject(p, s?.adminPassword !== undefined ? { adminPassword: s.adminPassword } : {});
    },

    async generate(req: GenerateRequest): Promise<GenerateResult> {
      const r = requireObject<GenerateRequest>(req, 'The generate request');
      if (!JOURNEYS.includes(r.journey)) throw new ApiError(`Unknown journey "${String(r.journey)}"; use one of ${JOURNEYS.join(', ')}.`);
      if (r.region !== undefined && typeof r.region !== 'string') throw new ApiError('region must be a $PxVmssRegion name.');
      const secrets = optionalSecrets(r.secrets);
      return generateArtifacts({
        project: requireProject(r.project),
        journey: r.journey,
        ...(r.region !== undefined ? { region: r.region } : {}),
        includeSecrets: r.includeSecrets === true,
        ...(secrets ? { secrets } : {}),
      });
    },

    async importScripts(req: ImportRequest): Promise<ImportResult> {
      const r = requireObject<ImportRequest>(req, 'The import request');
      const initScript = optionalScript(r.initScript, 'The variables initialization script');
      if (initScript === undefined) throw new ApiError('Choose the variables initialization script to import.');
      const redeployScript = optionalScript(r.redeployScript, 'The redeploy script');
      const installOutput = optionalScript(r.installOutput, 'The pasted install output');
      return importScripts({
        initScript,
        ...(redeployScript !== undefined ? { redeployScript } : {}),
        ...(installOutput !== undefined ? { installOutput } : {}),
      });
    },

    async saveArtifacts(req: { artifacts: Artifact[]; folder: string }) {
      const r = requireObject<{ artifacts: unknown; folder: unknown }>(req, 'The save request');
      if (!Array.isArray(r.artifacts) || r.artifacts.length === 0) throw new ApiError('There is nothing to save: generate the artifacts first.');
      const folder = await checkTypedFolder(r.folder);
      // Check every name before writing anything, so a bad one never leaves a half-saved set.
      const artifacts = r.artifacts.map((a: Partial<Artifact>) => {
        if (!a || typeof a.content !== 'string') throw new ApiError('An artifact has no content; generate again.');
        safeRelativeName(a.fileName);
        return { ...a, containsSecrets: a.containsSecrets === true } as Artifact;
      });
      // The CLI's writer: all-or-nothing through a staging folder, secrets owner-only from the first byte.
      try {
        const written = await writeArtifactsAtomically(folder, artifacts);
        return { folder, files: written.map((w) => w.path) };
      } catch (e) {
        if (e instanceof ProjectInputError) throw new ApiError(e.message);
        throw e;
      }
    },

    async analyzePfx(req: PfxRequest) {
      const backend = cert('Certificate checking');
      const r = requireObject<PfxRequest>(req, 'The certificate request');
      const file = await loadFileRef(r.file, grantedPaths);
      return hub.run(`pfx:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`, (ctx) => backend.analyzePfx(r, file, ctx.signal));
    },

    async analyzeNodeCertificates(req: NodeCertRequest) {
      const backend = cert('Certificate checking');
      const r = requireObject<NodeCertRequest>(req, 'The node certificate request');
      if (!Array.isArray(r.files) || r.files.length === 0) throw new ApiError('Choose at least one node certificate (PEM) file.');
      const files = await Promise.all(r.files.map((f) => loadFileRef(f, grantedPaths)));
      return hub.run(`nodes:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`, (ctx) => backend.analyzeNodeCertificates(r, files, ctx.signal));
    },

    async createCsr(req: CsrRequest) {
      return cert('Making a certificate signing request').createCsr(requireObject<CsrRequest>(req, 'The CSR request'));
    },

    async assemblePfx(req: AssembleRequest) {
      return cert('Assembling a PFX').assemblePfx(requireObject<AssembleRequest>(req, 'The PFX request'));
    },

    async azureSignIn(req: SignInRequest, opId: string) {
      const backend = azure('Azure sign-in');
      const r = requireObject<SignInRequest>(req ?? { method: 'browser' }, 'The sign-in request');
      return hub.run(opId, (ctx) => backend.signIn(r, ctx));
    },

    async azureSignOut() {
      if (!deps.azure) return; // nothing to sign out of
      await deps.azure.signOut();
    },

    async azurePreflight(req: RegionRequest, opId: string) {
      const backend = azure('Azure preflight');
      const r = regionRequest<RegionRequest>(req);
      return hub.run(opId, (ctx) => backend.preflight(r, ctx));
    },

    async azurePrepare(req: PrepareRequest, opId: string) {
      const backend = azure('Preparing Azure (static resource group and Owner role)');
      const r = regionRequest<PrepareRequest>(req);
      return hub.run(opId, (ctx) => backend.prepare({ ...r, dryRun: r.dryRun === true }, ctx));
    },

    async azurePublicIp(req: RegionRequest, opId: string) {
      const backend = azure('Reading the public IP from Azure');
      const r = regionRequest<RegionRequest>(req);
      return hub.run(opId, (ctx) => backend.publicIp(r, ctx));
    },

    async dnsCheck(req: DnsCheckRequest, opId: string) {
      const backend = live('The DNS check');
      const r = regionRequest<DnsCheckRequest>(req);
      return hub.run(opId, (ctx) => backend.dnsCheck(r, ctx));
    },

    async tlsProbe(req: ProbeRequest, opId: string) {
      const backend = live('The TLS probe');
      const r = requireObject<ProbeRequest>(req, 'The probe request');
      if (typeof r.host !== 'string' || r.host === '') throw new ApiError('Give the host name to probe.');
      if (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535) throw new ApiError('The port must be a number from 1 to 65535.');
      return hub.run(opId, (ctx) => backend.tlsProbe(r, ctx));
    },

    async cancel(opId: string) {
      hub.cancel(opId);
    },

    async listProjects(): Promise<ProjectEntry[]> {
      return projects.list();
    },
    async loadProject(id: string) {
      return projects.load(id);
    },
    async saveProject(project: Project, name: string, id?: string) {
      return projects.save(project, name, id);
    },

    async pickFile(kind: FileKind) {
      if (!['pfx', 'pem', 'script', 'project'].includes(kind)) throw new ApiError(`Unknown file kind "${String(kind)}".`);
      if (!deps.host?.pickFile) return null; // browser mode: the page offers an upload instead
      const ref = await deps.host.pickFile(kind);
      if (ref?.path) grantedPaths.add(ref.path);
      return ref;
    },

    async pickFolder(suggestedPath?: string) {
      if (deps.host?.pickFolder) return deps.host.pickFolder(typeof suggestedPath === 'string' ? suggestedPath : undefined);
      if (suggestedPath === undefined || suggestedPath === null) return null;
      return checkTypedFolder(suggestedPath);
    },

    async storeSecret(key: string, value: string) {
      await deps.secrets.set(key, value);
    },
    async readSecret(key: string) {
      return deps.secrets.get(key);
    },

    async openExternal(url: string) {
      if (!isAllowedExternalUrl(url)) {
        throw new ApiError('Only https links to the Pexip and Microsoft documentation and the Azure portal can be opened from the wizard.', 403);
      }
      if (!deps.host?.openExternal) throw new ApiError('Opening links is done by the page in browser mode.', 501);
      await deps.host.openExternal(url);
    },

    async printRunbookPdf(req: { markdown: string; title?: string }) {
      if (!deps.host?.printRunbookPdf) throw new ApiError("Saving the runbook as PDF needs the desktop app; in the browser use the browser's Print (Ctrl+P) and choose \"Save as PDF\".", 501);
      const r = requireObject<{ markdown: unknown; title?: unknown }>(req, 'The print request');
      if (typeof r.markdown !== 'string' || r.markdown === '') throw new ApiError('There is no runbook to print: generate the artifacts first.');
      return deps.host.printRunbookPdf(typeof r.title === 'string' ? { markdown: r.markdown, title: r.title } : { markdown: r.markdown });
    },

    // --- connector ZIP check (scripts branch) -------------------------------------------------
    async checkConnectorZip(file: FileRef, connectorVersion: string): Promise<Finding[]> {
      if (typeof connectorVersion !== 'string' || connectorVersion === '') throw new ApiError('Enter the connector version first.');
      const loaded = await loadFileRef(file, grantedPaths);
      try {
        return checkConnectorFiles(readConnectorZipBytes(Buffer.from(loaded.bytes)), { connectorVersion });
      } catch (e) {
        if (e instanceof ProjectInputError) throw new ApiError(e.message);
        throw e;
      }
    },

    subscribe(listener: EventListener) {
      return hub.subscribe(listener);
    },
    dispose() {
      hub.cancelAll();
      void deps.cert?.stop?.();
    },
  };
  return service;
}

export type { OperationEvent };
