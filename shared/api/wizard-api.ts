// The one bridge between the renderer and the Node side. The preload exposes exactly this through
// contextBridge (Electron); the loopback HTTP bridge implements it for browser mode. Every value
// crossing it is plain JSON data. Main implements it by calling the same services the CLI uses.
import type { Finding } from '../model/finding.ts';
import type { Project, Secrets } from '../model/project.ts';
import type { DoctorReport } from '../doctor/types.ts';
import type { ChangeResult } from '../doctor/changes.ts';
import type { ChangeRequest, DoctorRequest } from '../doctor/doctor-schemas.ts';
import type {
  AssembleRequest,
  CsrRequest,
  DnsCheckRequest,
  FileKind,
  FileRef,
  GenerateRequest,
  ImportRequest,
  NodeCertRequest,
  PfxRequest,
  PrepareRequest,
  PrintRequest,
  ProbeRequest,
  RegionRequest,
  SaveArtifactsRequest,
  SignInRequest,
} from './schemas.ts';

// Request types are inferred from the zod schemas in ./schemas.ts (checked by the one dispatch).
export type {
  AssembleRequest,
  AzureCloud,
  CsrRequest,
  DnsCheckRequest,
  FileKind,
  FileRef,
  GenerateRequest,
  ImportRequest,
  NodeCertRequest,
  PfxRequest,
  PrepareRequest,
  PrintRequest,
  ProbeRequest,
  RegionRequest,
  SaveArtifactsRequest,
  SignInMethod,
  SignInRequest,
} from './schemas.ts';

// ---------------------------------------------------------------------------------------------
// Generation and import (domain core)

export type Journey = GenerateRequest['journey'];

export type ArtifactKind =
  | 'init-script'
  | 'static-rg-script'
  | 'install-script'
  | 'redeploy-script'
  | 'dns-records'
  | 'teams-commands'
  | 'firewall'
  | 'runbook';

export interface Artifact {
  kind: ArtifactKind;
  /** Regional short name for per-region files, null for tenant-wide ones. */
  region: string | null;
  /** Suggested file name, e.g. "eu/init-variables.ps1". */
  fileName: string;
  content: string;
  /** True when a secret was written into it (only with includeSecrets): saved owner-only. */
  containsSecrets: boolean;
}

export interface GenerateResult {
  /** Empty when any error finding stands: nothing is generated from a project with errors. */
  artifacts: Artifact[];
  findings: Finding[];
}

export interface ImportResult {
  /** Null only when nothing usable could be read. */
  project: Project | null;
  findings: Finding[];
  /** Secrets found in the scripts: never saved in the project, handed back for this session only. */
  secrets: Secrets;
}

// ---------------------------------------------------------------------------------------------
// Files. In Electron a native dialog yields a path; in browser mode the page uploads the bytes
// (FileRef, FileKind: see schemas.ts).

// ---------------------------------------------------------------------------------------------
// Certificates

export interface CertificateFacts {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  notBefore: string;
  notAfter: string;
  keyType: string;
  keySize: number | null;
  extendedKeyUsages: string[];
  signatureAlgorithm: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  /** Subjects from the leaf up, as found (or ordered) in the file. */
  chain: string[];
}

export interface CertResult {
  file: string;
  ok: boolean;
  findings: Finding[];
  certificate: CertificateFacts | null;
  /** Recommended subject and SAN list for a new node certificate (node analysis only). */
  recommendation?: { subject: string; subjectAltNames: string[] };
}

export interface CsrResult {
  csrPem: string;
  /** The new private key, PEM. Shown once; the renderer offers to save it. */
  keyPem: string;
}

export interface AssembleResult {
  pfxBase64: string;
  findings: Finding[];
}

// ---------------------------------------------------------------------------------------------
// Azure

export interface AzureAccount {
  userPrincipalName: string | null;
  tenantId: string;
  subscriptions: { id: string; name: string; tenantId: string; state: string }[];
}

export interface PreflightResult {
  findings: Finding[];
  facts: {
    skuAvailable: boolean | null;
    automationAvailable: boolean | null;
    fsFamilyFree: number | null;
    regionalFree: number | null;
    vcpuNeeded: number;
    staticGroupExists: boolean | null;
    canActAsOwner: boolean | null;
    deletedKeyVaults: string[];
  };
}

export interface PrepareResult {
  findings: Finding[];
  /** What exists now and what is still to do, in plain words (also after a stop half-way). */
  done: string[];
  remaining: string[];
  /** Dry run: the ARM requests that would be sent, and the equivalent PowerShell. */
  requests: { method: string; url: string; body?: unknown }[];
  powershell: string;
}

export interface PublicIpResult {
  findings: Finding[];
  ip: string | null;
  /** e.g. "pexip-teamsconn-eu.teams.example.com. IN A 20.1.2.3" */
  dnsRecord: string | null;
}

// ---------------------------------------------------------------------------------------------
// Live checks

export interface DnsRecordCheck {
  name: string;
  type: 'A' | 'SRV';
  expected: string;
  found: string[];
  status: 'ok' | 'warning' | 'error';
}
export interface DnsCheckResult {
  findings: Finding[];
  records: DnsRecordCheck[];
}

export interface ProbeResult {
  findings: Finding[];
  protocol: string | null;
  certificate: CertificateFacts | null;
}

// ---------------------------------------------------------------------------------------------
// Projects (saved in the user's app-data folder; never with secrets)

export interface ProjectEntry {
  id: string;
  name: string;
  savedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Long operations report progress and can be cancelled: the caller picks an operation id.

export interface OperationEvent {
  opId: string;
  kind: 'progress' | 'device-code' | 'log';
  message: string;
  /** 0..1 when known. */
  fraction?: number;
}

export interface SaveArtifactsResult {
  folder: string;
  /** Absolute paths written, in the generator's order; empty when error findings stopped it. */
  files: string[];
  findings: Finding[];
}

export interface DownloadArtifactsResult {
  /** e.g. "teams-connector-first-install.zip" */
  fileName: string;
  zipBase64: string;
  /** The generator's relative file names inside the zip; empty when error findings stopped it. */
  files: string[];
  findings: Finding[];
}

export interface OpenProjectResult {
  /** Null when nothing usable could be read (the findings say why). */
  project: Project | null;
  findings: Finding[];
}

export interface WizardApi {
  info(): Promise<{
    version: string;
    mode: 'electron' | 'browser';
    azureSignedIn: boolean;
    /** Where projects are kept (app-data folder), for display. */
    dataFolder?: string;
    /** A sensible output folder to start the folder dialog at (Electron). */
    defaultOutputFolder?: string;
    /** Services present in this build; a missing one rejects with "not available in this build". */
    features?: { certificates: boolean; azure: boolean; liveChecks: boolean; printPdf: boolean };
  }>;

  validate(project: Project, secrets?: Secrets): Promise<Finding[]>;
  generate(req: GenerateRequest): Promise<GenerateResult>;
  importScripts(req: ImportRequest): Promise<ImportResult>;
  /**
   * Generates on the Node side (the same checked pipeline as `tcw generate`) and writes exactly that
   * set, under the generator's file names, all-or-nothing (owner-only where secrets are inside).
   * Electron: `folder` must be one pickFolder() returned in this session. Browser mode rejects: use
   * the page's "Download all (.zip)" button (downloadArtifacts). Nothing is written while an error
   * finding stands (the findings are returned, files is empty).
   */
  saveArtifacts(req: SaveArtifactsRequest, opId?: string): Promise<SaveArtifactsResult>;
  /** Same pipeline; the whole set as one zip (secret files only with includeSecrets). Both modes. */
  downloadArtifacts(req: GenerateRequest): Promise<DownloadArtifactsResult>;
  /** The canonical tcw-project/1 text the CLI writes, built on the Node side, for a download or save dialog. */
  exportProject(project: Project): Promise<{ fileName: string; content: string }>;
  /** Reads an uploaded/picked tcw-project/1 file (or an init script) through the CLI's own reader. */
  openProjectFile(file: FileRef): Promise<OpenProjectResult>;

  analyzePfx(req: PfxRequest, opId: string): Promise<CertResult>;
  analyzeNodeCertificates(req: NodeCertRequest, opId: string): Promise<CertResult[]>;
  createCsr(req: CsrRequest): Promise<CsrResult>;
  assemblePfx(req: AssembleRequest): Promise<AssembleResult>;

  azureSignIn(req: SignInRequest, opId: string): Promise<AzureAccount>;
  azureSignOut(): Promise<void>;
  azurePreflight(req: RegionRequest, opId: string): Promise<PreflightResult>;
  azurePrepare(req: PrepareRequest, opId: string): Promise<PrepareResult>;
  azurePublicIp(req: RegionRequest, opId: string): Promise<PublicIpResult>;

  dnsCheck(req: DnsCheckRequest, opId: string): Promise<DnsCheckResult>;
  tlsProbe(req: ProbeRequest, opId: string): Promise<ProbeResult>;

  cancel(opId: string): Promise<void>;
  /** Receive progress events of long operations; returns the unsubscribe function. */
  onEvent(listener: (event: OperationEvent) => void): () => void;

  listProjects(): Promise<ProjectEntry[]>;
  loadProject(id: string): Promise<Project>;
  saveProject(project: Project, name: string, id?: string): Promise<ProjectEntry>;

  /**
   * Native dialog in Electron; null when the user cancelled or in browser mode (use an upload).
   * In Electron the result carries the path and the bytes (dataBase64), so the renderer can use both.
   */
  pickFile(kind: FileKind): Promise<FileRef | null>;
  /**
   * Electron: native folder dialog; the chosen folder is granted for saveArtifacts in this session.
   * Null when cancelled, and always null in browser mode (saving there is a zip download).
   */
  pickFolder(): Promise<string | null>;
  /** Secrets in the OS keychain (Electron safeStorage); browser mode keeps them in memory only. */
  storeSecret(key: string, value: string): Promise<void>;
  readSecret(key: string): Promise<string | null>;
  /** Opens an allow-listed documentation URL in the system browser. */
  openExternal(url: string): Promise<void>;
  /**
   * Electron only: renders the runbook (Markdown) to PDF and asks where to save it; null when the
   * user cancelled. Browser mode rejects: use the browser's own print (window.print()).
   */
  printRunbookPdf?(req: PrintRequest): Promise<{ path: string } | null>;

  // --- cert branch: certificate warm-up ---
  /** The certificate step opened: start and warm the certificate service so the first verdict is quick. */
  warmCertificates?(): Promise<void>;
  // ---- Looking after a deployment (doctor branch): kept as one block at the end on purpose.
  /** Read-only check of a running deployment (every region, or req.region). */
  doctor(req: DoctorRequest, opId: string): Promise<DoctorReport>;
  /** A maintenance change: dry run (req.dryRun) or applied; returns the updated project and init script. */
  maintain(req: ChangeRequest, opId: string): Promise<ChangeResult>;
  // --- connector ZIP check (scripts branch) ---------------------------------------------------
  /**
   * Checks the Teams Connector ZIP the admin downloaded (or its extracted folder, by path) against the
   * scripts the wizard writes for `connectorVersion`: version.json, create_vmss_deployment.ps1's
   * parameters, the module's exported functions. Error findings name each mismatch; nothing is run.
   */
  checkConnectorZip(file: FileRef, connectorVersion: string): Promise<Finding[]>;
}

// ---- Looking after a deployment (doctor branch)
export type { DoctorReport, DoctorRegionReport, DoctorItem, DoctorFix } from '../doctor/types.ts';
export type { ChangeResult } from '../doctor/changes.ts';
export type { ChangeRequest, DoctorRequest, MaintenanceChange } from '../doctor/doctor-schemas.ts';

/** Method names of the bridge, for the preload, the IPC handlers and the HTTP bridge alike. */
export const WIZARD_API_METHODS = [
  'info',
  'validate',
  'generate',
  'importScripts',
  'saveArtifacts',
  'downloadArtifacts',
  'exportProject',
  'openProjectFile',
  'analyzePfx',
  'analyzeNodeCertificates',
  'createCsr',
  'assemblePfx',
  'azureSignIn',
  'azureSignOut',
  'azurePreflight',
  'azurePrepare',
  'azurePublicIp',
  'dnsCheck',
  'tlsProbe',
  'cancel',
  'listProjects',
  'loadProject',
  'saveProject',
  'pickFile',
  'pickFolder',
  'storeSecret',
  'readSecret',
  'openExternal',
  'printRunbookPdf',
  // --- cert branch: certificate warm-up ---
  'warmCertificates',
  // Looking after a deployment (doctor branch)
  'doctor',
  'maintain',
  // connector ZIP check (scripts branch)
  'checkConnectorZip',
] as const satisfies readonly Exclude<keyof WizardApi, 'onEvent'>[];

export type WizardApiMethod = (typeof WIZARD_API_METHODS)[number];

export function isWizardApiMethod(name: string): name is WizardApiMethod {
  return (WIZARD_API_METHODS as readonly string[]).includes(name);
}
