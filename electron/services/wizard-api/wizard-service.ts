// The Node-side implementation of WizardApi, shared by the Electron main process (IPC) and the
// browser-mode HTTP bridge. Its methods are reached only through dispatch() (dispatch.ts), which has
// parsed every argument with the zod schemas of shared/api, so nothing here re-checks shapes.
// It calls the same services as the CLI (validate / generate / save through the CLI's checked
// pipeline); services that are not part of this build reject with "not available in this build".
import { join } from 'node:path';
import { homedir } from 'node:os';
import type {
  Artifact,
  AssembleRequest,
  AzureAccount,
  CertResult,
  CsrRequest,
  DnsCheckRequest,
  DnsCheckResult,
  FileKind,
  FileRef,
  GenerateRequest,
  GenerateResult,
  ImportRequest,
  ImportResult,
  NodeCertRequest,
  OperationEvent,
  PfxRequest,
  PrepareRequest,
  PrepareResult,
  PreflightResult,
  PrintRequest,
  ProbeRequest,
  ProbeResult,
  ProjectEntry,
  PublicIpResult,
  RegionRequest,
  SaveArtifactsRequest,
  SignInRequest,
  WizardApi,
  AssembleResult,
  CsrResult,
  ChangeRequest,
  ChangeResult,
  DoctorReport,
  DoctorRequest,
} from '../../../shared/api/wizard-api.ts';
import { isAllowedExternalUrl } from '../../../shared/api/external-links.ts';
import type { Finding } from '../../../shared/model/finding.ts';
import type { Project, Secrets } from '../../../shared/model/project.ts';
import { importScripts } from '../../../shared/import/import-scripts.ts';
import { ApiError, NotAvailableError } from './api-errors.ts';
import { OperationHub, type EventListener, type OpContext } from './operation-hub.ts';
import { ProjectStore } from '../projects/project-store.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { decodeText, loadFileRef, type LoadedFile } from '../files/input-files.ts';
import { zipFiles } from '../files/zip-writer.ts';
import { projectFileText, readProjectOrScriptText } from '../projects/project-files.ts';
import {
  generateChecked,
  validateLoaded,
  writeCheckedGeneration,
  type CheckedGeneration,
  type GenerationOptions,
} from '../projects/generation-pipeline.ts';
import { PLAIN_FILE_MODE, SECRET_FILE_MODE } from '../files/output-folder.ts';
import { checkConnectorFiles } from '../../../shared/connector-zip/check-connector.ts';
import { readConnectorZipBytes } from '../files/connector-zip-reader.ts';

/** Certificate services (electron/services/cert), adapted to the bridge. */
export interface CertBackend {
  analyzePfx(req: PfxRequest, file: LoadedFile, signal: AbortSignal): Promise<CertResult>;
  analyzeNodeCertificates(req: NodeCertRequest, files: LoadedFile[], signal: AbortSignal): Promise<CertResult[]>;
  createCsr(req: CsrRequest): Promise<CsrResult>;
  assemblePfx(req: AssembleRequest): Promise<AssembleResult>;
  /** Stops the analysis worker thread (it would keep the process alive). */
  stop?(): Promise<void>;
  /** Starts and warms the analysis worker (the certificate step opened). */
  warm?(): Promise<void>;
}

/** Azure services (electron/services/azure), adapted to the bridge. */
export interface AzureBackend {
  isSignedIn(): boolean;
  signIn(req: SignInRequest, ctx: OpContext): Promise<AzureAccount>;
  signOut(): Promise<void>;
  preflight(req: RegionRequest, ctx: OpContext): Promise<PreflightResult>;
  prepare(req: PrepareRequest, ctx: OpContext): Promise<PrepareResult>;
  publicIp(req: RegionRequest, ctx: OpContext): Promise<PublicIpResult>;
  // Looking after a deployment (doctor branch)
  doctor(req: DoctorRequest, ctx: OpContext): Promise<DoctorReport>;
  maintain(req: ChangeRequest, ctx: OpContext): Promise<ChangeResult>;
}

/** Live DNS / TLS checks (electron/services/live), adapted to the bridge. */
export interface LiveBackend {
  dnsCheck(req: DnsCheckRequest, ctx: OpContext): Promise<DnsCheckResult>;
  tlsProbe(req: ProbeRequest, ctx: OpContext): Promise<ProbeResult>;
}

/** What only the host (Electron shell) can do; browser mode has none of it. */
export interface HostIntegration {
  /** Native file dialog; the returned path is granted for reading through loadFileRef. */
  pickFile?(kind: FileKind): Promise<FileRef | null>;
  /**
   * Native folder dialog. The host keeps the set of folders the user chose in this session
   * (isFolderGranted); saveArtifacts writes only into one of them.
   */
  pickFolder?(): Promise<string | null>;
  isFolderGranted?(folder: string): boolean;
  openExternal?(url: string): Promise<void>;
  printRunbookPdf?(req: PrintRequest): Promise<{ path: string } | null>;
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
  /** Offered as the folder dialog's starting point. */
  defaultOutputFolder?: string;
}

type Methods = { [K in Exclude<keyof WizardApi, 'onEvent'>]-?: NonNullable<WizardApi[K]> };

export type WizardApiImpl = Methods & {
  /** Node-side event subscription (the bridges forward events to the page). */
  subscribe(listener: EventListener): () => void;
  /** Cancels every running operation (window closed, server stopped). */
  dispose(): void;
};

const BROWSER_SAVE_REFUSED =
  'In the browser the wizard does not write into folders on this computer: use the "Download all (.zip)" button on this page to save every file at once.';
const FOLDER_NOT_GRANTED =
  'Choose the output folder with the "Choose folder…" button on this page first; the wizard saves only into a folder picked there in this session.';

/** The CLI's generation options for a bridge request: same function, same options type as `tcw generate`. */
export function generationOptions(req: GenerateRequest): GenerationOptions {
  const given: Secrets = {
    ...(req.secrets?.adminPassword ? { adminPassword: req.secrets.adminPassword } : {}),
    ...(req.secrets?.appPassword ? { appPassword: req.secrets.appPassword } : {}),
  };
  const ownerUpn = req.ownerUpn?.trim();
  return {
    journey: req.journey,
    includeSecrets: req.includeSecrets,
    secrets: req.includeSecrets ? given : {},
    knownSecrets: given,
    ...(req.region !== undefined && { region: req.region }),
    ...(ownerUpn ? { ownerUpn } : {}),
  };
}

function checkRegion(project: Project, region: string | undefined): void {
  if (region === undefined || project.regions.some((r) => r.variables.PxVmssRegion === region)) return;
  const known = project.regions.map((r) => r.variables.PxVmssRegion).filter(Boolean);
  throw new ApiError(`The project has no region "${region}". Choose one of: ${known.join(', ') || '(none yet)'}.`);
}

/** The checked pipeline of `tcw generate` for a bridge request. */
function generateFor(req: GenerateRequest): CheckedGeneration {
  checkRegion(req.project, req.region);
  return generateChecked(req.project, generationOptions(req));
}

/** Artifacts as the page sees them: flagged when the leak check found a secret inside. */
function visibleArtifacts(gen: CheckedGeneration): Artifact[] {
  return gen.artifacts.map((a) => (gen.secretFiles.has(a) && !a.containsSecrets ? { ...a, containsSecrets: true } : a));
}

function zipName(req: GenerateRequest): string {
  const region = req.region ? `-${req.region.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 40)}` : '';
  return `teams-connector-${req.journey}${region}.zip`;
}

function exportName(project: Project): string {
  const domain = project.infinity.primaryDomain
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `teams-connector${domain ? `-${domain}` : ''}.tcw-project.json`;
}

export function createWizardService(deps: WizardServiceDeps): WizardApiImpl {
  const hub = new OperationHub();
  const grantedPaths = new Set<string>();
  const projects = new ProjectStore({
    folder: join(deps.dataDir, 'projects'),
    knownSecrets: () => deps.secrets.knownValues(),
  });
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
  const inRegion = <T extends RegionRequest>(req: T): T => {
    checkRegion(req.project, req.region);
    return req;
  };

  const save = async (req: SaveArtifactsRequest, signal?: AbortSignal) => {
    const host = deps.host;
    if (deps.mode === 'browser' || !host?.isFolderGranted) throw new ApiError(BROWSER_SAVE_REFUSED, 403);
    if (!host.isFolderGranted(req.folder)) throw new ApiError(FOLDER_NOT_GRANTED, 403);
    const gen = generateFor(req.generate);
    if (gen.artifacts.length === 0) return { folder: req.folder, files: [], findings: gen.findings };
    signal?.throwIfAborted();
    const written = await writeCheckedGeneration(req.folder, gen);
    return { folder: req.folder, files: written.map((w) => w.path), findings: gen.findings };
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
      return validateLoaded(project, [], secrets ?? {});
    },

    async generate(req: GenerateRequest): Promise<GenerateResult> {
      const gen = generateFor(req);
      return { artifacts: visibleArtifacts(gen), findings: gen.findings };
    },

    async importScripts(req: ImportRequest): Promise<ImportResult> {
      return importScripts(req);
    },

    async saveArtifacts(req: SaveArtifactsRequest, opId?: string) {
      if (opId === undefined) return save(req);
      return hub.run(opId, (ctx) => save(req, ctx.signal));
    },

    async downloadArtifacts(req: GenerateRequest) {
      const gen = generateFor(req);
      const fileName = zipName(req);
      if (gen.artifacts.length === 0) return { fileName, zipBase64: '', files: [], findings: gen.findings };
      const entries = gen.artifacts.map((a) => ({
        name: a.fileName.replace(/\\/g, '/'),
        data: Buffer.from(a.content, 'utf8'),
        mode: gen.secretFiles.has(a) ? SECRET_FILE_MODE : PLAIN_FILE_MODE,
      }));
      return {
        fileName,
        zipBase64: zipFiles(entries).toString('base64'),
        files: entries.map((e) => e.name),
        findings: gen.findings,
      };
    },

    async exportProject(project: Project) {
      return { fileName: exportName(project), content: projectFileText(project) };
    },

    async openProjectFile(file: FileRef) {
      const loaded = await loadFileRef(file, grantedPaths);
      const r = readProjectOrScriptText(file.name || 'project.json', decodeText(loaded.bytes));
      return { project: r.project, findings: r.findings };
    },

    async analyzePfx(req: PfxRequest, opId: string) {
      const backend = cert('Certificate checking');
      const file = await loadFileRef(req.file, grantedPaths);
      return hub.run(opId, (ctx) => backend.analyzePfx(req, file, ctx.signal));
    },

    async analyzeNodeCertificates(req: NodeCertRequest, opId: string) {
      const backend = cert('Certificate checking');
      const files = await Promise.all(req.files.map((f) => loadFileRef(f, grantedPaths)));
      return hub.run(opId, (ctx) => backend.analyzeNodeCertificates(req, files, ctx.signal));
    },

    async createCsr(req: CsrRequest) {
      return cert('Making a certificate signing request').createCsr(req);
    },

    async assemblePfx(req: AssembleRequest) {
      return cert('Assembling a PFX').assemblePfx(req);
    },

    async azureSignIn(req: SignInRequest, opId: string) {
      const backend = azure('Azure sign-in');
      return hub.run(opId, (ctx) => backend.signIn(req, ctx));
    },

    async azureSignOut() {
      if (!deps.azure) return; // nothing to sign out of
      await deps.azure.signOut();
    },

    async azurePreflight(req: RegionRequest, opId: string) {
      const backend = azure('Azure preflight');
      const r = inRegion(req);
      return hub.run(opId, (ctx) => backend.preflight(r, ctx));
    },

    async azurePrepare(req: PrepareRequest, opId: string) {
      const backend = azure('Preparing Azure (static resource group and Owner role)');
      const r = inRegion(req);
      return hub.run(opId, (ctx) => backend.prepare(r, ctx));
    },

    async azurePublicIp(req: RegionRequest, opId: string) {
      const backend = azure('Reading the public IP from Azure');
      const r = inRegion(req);
      return hub.run(opId, (ctx) => backend.publicIp(r, ctx));
    },

    async dnsCheck(req: DnsCheckRequest, opId: string) {
      const backend = live('The DNS check');
      const r = inRegion(req);
      return hub.run(opId, (ctx) => backend.dnsCheck(r, ctx));
    },

    async tlsProbe(req: ProbeRequest, opId: string) {
      const backend = live('The TLS probe');
      return hub.run(opId, (ctx) => backend.tlsProbe(req, ctx));
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
      if (!deps.host?.pickFile) return null; // browser mode: the page offers an upload instead
      const ref = await deps.host.pickFile(kind);
      if (ref?.path) grantedPaths.add(ref.path);
      return ref;
    },

    async pickFolder() {
      // Browser mode has no dialog and takes no typed path: saving there is a zip download.
      if (!deps.host?.pickFolder) return null;
      return deps.host.pickFolder();
    },

    async storeSecret(key: string, value: string) {
      await deps.secrets.set(key, value);
    },
    async readSecret(key: string) {
      return deps.secrets.get(key);
    },

    async openExternal(url: string) {
      if (!isAllowedExternalUrl(url)) {
        throw new ApiError(
          'Only https links to the Pexip and Microsoft documentation and the Azure portal can be opened from the wizard.',
          403,
        );
      }
      if (!deps.host?.openExternal) throw new ApiError('Opening links is done by the page in browser mode.', 501);
      await deps.host.openExternal(url);
    },

    async printRunbookPdf(req: PrintRequest) {
      if (!deps.host?.printRunbookPdf)
        throw new ApiError(
          'Saving the runbook as PDF needs the desktop app; in the browser use the browser\'s Print (Ctrl+P) and choose "Save as PDF".',
          501,
        );
      return deps.host.printRunbookPdf(req);
    },

    // --- cert branch: certificate warm-up ---
    async warmCertificates() {
      // Nothing to warm in a build without the certificate service; never an error for the page.
      await deps.cert?.warm?.();
    },

    // ---- Looking after a deployment (doctor branch)
    async doctor(req: DoctorRequest, opId: string): Promise<DoctorReport> {
      const backend = azure('Checking a deployment');
      if (req.region !== undefined) checkRegion(req.project, req.region);
      return hub.run(opId, (ctx) => backend.doctor(req, ctx));
    },

    async maintain(req: ChangeRequest, opId: string): Promise<ChangeResult> {
      const backend = azure('Changing a deployment');
      // The Teams command is tenant-wide; every other change belongs to a region of the project.
      if (req.change.kind !== 'teams') checkRegion(req.project, req.region);
      return hub.run(opId, (ctx) => backend.maintain(req, ctx));
    },

    // --- connector ZIP check (scripts branch) -------------------------------------------------
    async checkConnectorZip(file: FileRef, connectorVersion: string): Promise<Finding[]> {
      if (typeof connectorVersion !== 'string' || connectorVersion === '')
        throw new ApiError('Enter the connector version first.');
      const loaded = await loadFileRef(file, grantedPaths);
      return checkConnectorFiles(readConnectorZipBytes(Buffer.from(loaded.bytes)), { connectorVersion });
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
