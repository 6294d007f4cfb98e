// What the deployment journeys share on top of the kit: the context every journey has (the project,
// the region being worked on, secrets in memory), the edits a form sends, the guards, the
// operation states (sign in, prepare, certificate, generate, save, …) and the step skeleton.
// A journey machine is then its steps and their NEXT guards (see first-install.ts).
import { assign, type AnyEventObject } from 'xstate';
import type {
  AzureAccount,
  CertResult,
  DoctorReport,
  FileRef,
  GenerateRequest,
  GenerateResult,
  Journey,
  PrepareResult,
  PublicIpResult,
  PreflightResult,
} from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type {
  NodeMember,
  Project,
  Region,
  RegionVariables,
  Secrets,
  TeamsOptions,
} from '../../shared/model/project.ts';
import { computeFindings, setPublicIp, updateInfinity, updateNodes, updateRegion } from './findings-and-edits.ts';
import {
  OP_SLOTS,
  clearError,
  hasErrors,
  onDismissError,
  onProgress,
  operations,
  type OpSlots,
  type SaveResult,
  type VerifyResult,
} from './kit.ts';
import type { SourceResult } from './source.ts';

/** Held in memory only: persist.ts stores an allow-list that never names this. */
export interface Transient {
  adminPassword?: string;
  pfxPassword?: string;
  pfxFile?: FileRef;
  appPassword?: string;
  nodeCertFiles?: FileRef[];
  /** Extra trust anchors (PEM) for a private PKI; used for the PFX and node checks, not saved. */
  trustPem?: string;
}

export interface JourneyContext extends OpSlots {
  journey: Journey;
  project: Project | null;
  /** The region this journey works on (the new one in "Add a region"). */
  regionIndex: number;
  findings: Finding[];
  transient: Transient;
  account: AzureAccount | null;
  preflight: PreflightResult | null;
  cert: CertResult | null;
  nodeCerts: CertResult[] | null;
  prepareMode: 'wizard' | 'handover';
  ownerUpn: string;
  prepare: PrepareResult | null;
  includeSecrets: boolean;
  generated: GenerateResult | null;
  saved: SaveResult | null;
  publicIp: PublicIpResult | null;
  verify: VerifyResult | null;
  /** The After-deployment check (the doctor's report of this region): memory only, never persisted. */
  doctor: DoctorReport | null;
  importFindings: Finding[];
}

export interface JourneyInput {
  project?: Project;
  /** A project opened or scripts imported on the start page (secrets in memory only). */
  source?: SourceResult;
}

export function baseContext(journey: Journey, project: Project | null, source?: SourceResult): JourneyContext {
  return {
    ...OP_SLOTS,
    journey,
    project,
    regionIndex: 0,
    findings: project ? computeFindings(project) : [],
    transient: source?.secrets.appPassword ? { appPassword: source.secrets.appPassword } : {},
    account: null,
    preflight: null,
    cert: null,
    nodeCerts: null,
    prepareMode: 'wizard',
    ownerUpn: '',
    prepare: null,
    includeSecrets: false,
    generated: null,
    saved: null,
    publicIp: null,
    verify: null,
    doctor: null,
    importFindings: source?.findings ?? [],
  };
}

/** What a journey takes from its source (SOURCE.READY): the project, what was found, the app password (memory). */
export function sourcePatch(
  context: JourneyContext,
  result: SourceResult,
  project: Project = result.project,
): Partial<JourneyContext> {
  const { findings, secrets } = result;
  return {
    project,
    regionIndex: 0,
    importFindings: findings,
    findings: computeFindings(project),
    cert: null,
    transient: secrets.appPassword ? { ...context.transient, appPassword: secrets.appPassword } : context.transient,
  };
}

export type EditEvent =
  | { type: 'SET_REGION'; patch: Partial<RegionVariables> }
  | { type: 'SET_NODES'; pool?: string; members?: NodeMember[] }
  | { type: 'SET_INFINITY'; patch: Partial<Omit<Project['infinity'], 'teams'>> & { teams?: Partial<TeamsOptions> } }
  | { type: 'SET_VERSION'; version: string }
  | { type: 'SET_SECRET'; key: 'adminPassword' | 'pfxPassword' | 'appPassword'; value: string }
  | { type: 'SET_PFX_FILE'; file: FileRef | null }
  | { type: 'SET_NODE_CERT_FILES'; files: FileRef[] }
  | { type: 'SET_TRUST_PEM'; pem: string }
  | { type: 'SET_PREPARE_MODE'; mode: 'wizard' | 'handover' }
  | { type: 'SET_OWNER'; upn: string }
  | { type: 'SET_INCLUDE_SECRETS'; value: boolean }
  | { type: 'SET_PUBLIC_IP'; ip: string }
  | { type: 'SET_APP_ID'; appId: string }
  | { type: 'DISMISS_ERROR' }
  | { type: 'PROGRESS'; event: import('../../shared/api/wizard-api.ts').OperationEvent };

export type OpEvent =
  | { type: 'SIGN_IN'; method: import('../../shared/api/wizard-api.ts').SignInMethod }
  | { type: 'CANCEL' }
  | { type: 'SAVE_ALL'; folder: string }
  /** resolver: "host:port" of a DNS server (the system's when omitted); dnsOnly skips the TLS probe. */
  | { type: 'VERIFY'; resolver?: string; dnsOnly?: boolean }
  /** The doctor's checks of this region (Azure, DNS, certificate); resolver as for VERIFY. */
  | { type: 'DOCTOR'; resolver?: string };

export function regionOf(ctx: Pick<JourneyContext, 'project' | 'regionIndex'>): Region | undefined {
  return ctx.project?.regions[ctx.regionIndex];
}

export function regionKey(ctx: Pick<JourneyContext, 'project' | 'regionIndex'>): string {
  return regionOf(ctx)?.variables.PxVmssRegion ?? '';
}

/** The secrets a generation may write: both passwords, whichever are known, when the admin chose to include them. */
export function secretsOf(ctx: Pick<JourneyContext, 'transient'>): Secrets {
  const t = ctx.transient;
  return {
    ...(t.adminPassword ? { adminPassword: t.adminPassword } : {}),
    ...(t.appPassword ? { appPassword: t.appPassword } : {}),
  };
}

/** The one generate request of a journey: the review shows it, the save writes it, the parity test compares it. */
export function generateRequest(ctx: JourneyContext, journey: Journey): GenerateRequest {
  const secrets = secretsOf(ctx);
  // First install asks; the other journeys write the app password they were given (it is why it was given).
  const include = journey === 'first-install' ? ctx.includeSecrets : Boolean(ctx.transient.appPassword);
  return {
    project: ctx.project as Project,
    journey,
    ...(journey === 'first-install' ? {} : { region: regionKey(ctx) }),
    includeSecrets: include,
    ...(include && Object.keys(secrets).length > 0 ? { secrets } : {}),
    ...(ctx.ownerUpn.trim() ? { ownerUpn: ctx.ownerUpn.trim() } : {}),
  };
}

const revalidated = (project: Project | null, t: Transient): Finding[] =>
  project ? computeFindings(project, t.adminPassword) : [];

type Ev<T extends EditEvent['type']> = Extract<EditEvent, { type: T }>;
const evt = <T extends EditEvent['type']>(e: AnyEventObject): Ev<T> => e as Ev<T>;

/** Choosing whether passwords go into the files (also used on transitions that regenerate). */
export const setIncludeSecrets = assign(({ event }: { event: AnyEventObject }) => ({
  includeSecrets: (event as Ev<'SET_INCLUDE_SECRETS'>).value,
  saved: null,
})) as never;

/** The edits every journey's forms send; put them in the machine's root `on`. */
export const EDITS = {
  SET_REGION: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => {
      const e = evt<'SET_REGION'>(event);
      const project = context.project ? updateRegion(context.project, context.regionIndex, e.patch) : null;
      // A new host name or file name makes an earlier certificate analysis stale.
      const stale = 'PxTeamsConnFqdn' in e.patch || 'PxPfxCertFileName' in e.patch;
      return { project, findings: revalidated(project, context.transient), cert: stale ? null : context.cert };
    }),
  } as never,
  SET_NODES: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => {
      const e = evt<'SET_NODES'>(event);
      const patch = { ...(e.pool !== undefined ? { pool: e.pool } : {}), ...(e.members ? { members: e.members } : {}) };
      const project = context.project ? updateNodes(context.project, context.regionIndex, patch) : null;
      return { project, findings: revalidated(project, context.transient), nodeCerts: null };
    }),
  } as never,
  SET_INFINITY: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => {
      const project = context.project ? updateInfinity(context.project, evt<'SET_INFINITY'>(event).patch) : null;
      return { project, findings: revalidated(project, context.transient) };
    }),
  } as never,
  SET_VERSION: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => {
      const version = evt<'SET_VERSION'>(event).version.trim();
      const project = context.project ? { ...context.project, connectorVersion: version } : null;
      return { project, findings: revalidated(project, context.transient), cert: null };
    }),
  } as never,
  SET_APP_ID: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => {
      const appId = evt<'SET_APP_ID'>(event).appId.trim() || null;
      const project = context.project ? { ...context.project, app: { appId } } : null;
      return { project, findings: revalidated(project, context.transient) };
    }),
  } as never,
  SET_PUBLIC_IP: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => ({
      project: context.project
        ? setPublicIp(context.project, context.regionIndex, evt<'SET_PUBLIC_IP'>(event).ip.trim() || null)
        : null,
    })),
  } as never,
  SET_SECRET: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => {
      const e = evt<'SET_SECRET'>(event);
      const transient = { ...context.transient, [e.key]: e.value };
      return {
        transient,
        findings: revalidated(context.project, transient),
        cert: e.key === 'pfxPassword' ? null : context.cert,
      };
    }),
  } as never,
  SET_PFX_FILE: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => {
      const { pfxFile: _old, ...rest } = context.transient;
      const file = evt<'SET_PFX_FILE'>(event).file;
      return { transient: file ? { ...rest, pfxFile: file } : rest, cert: null };
    }),
  } as never,
  SET_TRUST_PEM: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => ({
      transient: { ...context.transient, trustPem: evt<'SET_TRUST_PEM'>(event).pem },
      cert: null,
      nodeCerts: null,
    })),
  } as never,
  SET_NODE_CERT_FILES: {
    actions: assign(({ context, event }: { context: JourneyContext; event: AnyEventObject }) => ({
      transient: { ...context.transient, nodeCertFiles: evt<'SET_NODE_CERT_FILES'>(event).files },
      nodeCerts: null,
    })),
  } as never,
  SET_PREPARE_MODE: {
    actions: assign(({ event }: { event: AnyEventObject }) => ({
      prepareMode: (event as Ev<'SET_PREPARE_MODE'>).mode,
      prepare: null,
    })),
  } as never,
  SET_OWNER: {
    actions: assign(({ event }: { event: AnyEventObject }) => ({ ownerUpn: (event as Ev<'SET_OWNER'>).upn })),
  } as never,
  SET_INCLUDE_SECRETS: { actions: setIncludeSecrets },
  PROGRESS: onProgress,
  DISMISS_ERROR: onDismissError,
};

/** Guards shared by the journeys. */
export const GUARDS = {
  signedIn: ({ context }: { context: JourneyContext }) => context.account !== null,
  canAnalyzePfx: ({ context }: { context: JourneyContext }) =>
    Boolean(context.transient.pfxFile) && regionKey(context) !== '',
  canAnalyzeNodeCerts: ({ context }: { context: JourneyContext }) => (context.transient.nodeCertFiles?.length ?? 0) > 0,
  preparationOk: ({ context }: { context: JourneyContext }) =>
    context.prepareMode === 'handover' ||
    (context.prepare !== null && context.prepare.remaining.length === 0 && !hasErrors(context.prepare.findings)),
  generatedOk: ({ context }: { context: JourneyContext }) =>
    (context.generated?.artifacts.length ?? 0) > 0 && !hasErrors(context.generated?.findings),
  hasFqdn: ({ context }: { context: JourneyContext }) => (regionOf(context)?.variables.PxTeamsConnFqdn ?? '') !== '',
};

const op = operations<JourneyContext, AnyEventObject>();
const eventOf = <T extends (OpEvent | EditEvent)['type']>(
  e: AnyEventObject,
  type: T,
): Extract<OpEvent | EditEvent, { type: T }> | null =>
  e.type === type ? (e as Extract<OpEvent | EditEvent, { type: T }>) : null;

/** The operation states the journeys use, by the name of their state. */
export const OPS = {
  signingIn: op({
    src: 'signIn',
    label: 'Signing in to Azure',
    failed: 'Sign-in did not complete',
    cancellable: true,
    request: (_, e) => ({ method: eventOf(e, 'SIGN_IN')?.method ?? 'browser' }),
    done: (_, account) => ({ account }),
  }),
  preflighting: op({
    src: 'preflight',
    label: 'Checking your Azure subscription',
    failed: 'The Azure check did not complete',
    cancellable: true,
    request: (c) => ({ project: c.project as Project, region: regionKey(c) }),
    done: (_, preflight) => ({ preflight }),
  }),
  checkingOwner: op({
    src: 'preflight',
    label: 'Checking your Owner role',
    failed: 'The Owner check did not complete',
    cancellable: true,
    request: (c) => ({ project: c.project as Project, region: regionKey(c) }),
    done: (_, preflight) => ({ preflight }),
  }),
  preparing: op({
    src: 'prepare',
    label: 'Preparing Azure',
    failed: 'Azure preparation stopped (nothing else was changed; run it again or hand the PowerShell over)',
    cancellable: true,
    request: (c) => ({
      project: c.project as Project,
      region: regionKey(c),
      owner: c.ownerUpn.trim() ? { upn: c.ownerUpn.trim() } : null,
      dryRun: false,
    }),
    done: (_, prepare) => ({ prepare }),
  }),
  describing: op({
    src: 'prepare',
    label: 'Writing the PowerShell',
    failed: 'The PowerShell could not be prepared',
    cancellable: true,
    request: (c) => ({
      project: c.project as Project,
      region: regionKey(c),
      owner: c.ownerUpn.trim() ? { upn: c.ownerUpn.trim() } : null,
      dryRun: true,
    }),
    done: (_, prepare) => ({ prepare, prepareMode: 'handover' as const }),
  }),
  analyzingPfx: op({
    src: 'analyzePfx',
    label: 'Reading the certificate',
    failed: 'The certificate could not be read',
    cancellable: true,
    request: (c) => {
      const v = regionOf(c)?.variables;
      return {
        file: c.transient.pfxFile ?? { name: '' },
        password: c.transient.pfxPassword ?? '',
        fqdns: v?.PxTeamsConnFqdn ? [v.PxTeamsConnFqdn] : [],
        connectorVersion: c.project?.connectorVersion ?? '',
        ...(c.transient.trustPem?.trim() ? { trustPem: c.transient.trustPem } : {}),
      };
    },
    done: (_, cert) => ({ cert }),
  }),
  analyzingNodeCerts: op({
    src: 'analyzeNodeCerts',
    label: 'Reading the node certificates',
    failed: 'The node certificates could not be read',
    cancellable: true,
    request: (c) => {
      const r = regionOf(c);
      const inf = c.project?.infinity;
      return {
        files: c.transient.nodeCertFiles ?? [],
        pool: r?.nodes.pool ?? '',
        nodes: (r?.nodes.members ?? []).map((m) => m.fqdn),
        nodeFqdns: r?.variables.PxNodeFqdns ?? [],
        ...(inf?.sfbFederation && inf.subdomain ? { sipDomain: inf.subdomain } : {}),
        ...(c.transient.trustPem?.trim() ? { trustPem: c.transient.trustPem } : {}),
      };
    },
    done: (_, nodeCerts) => ({ nodeCerts }),
  }),
  readingIp: op({
    src: 'publicIp',
    label: 'Reading the public IP address',
    failed: 'The public IP could not be read',
    cancellable: true,
    request: (c) => ({ project: c.project as Project, region: regionKey(c) }),
    done: (c, publicIp) => ({
      publicIp,
      project: c.project && publicIp.ip ? setPublicIp(c.project, c.regionIndex, publicIp.ip) : c.project,
    }),
  }),
  verifying: op({
    src: 'verify',
    label: 'Checking DNS and the connector',
    failed: 'The check did not complete',
    cancellable: true,
    request: (c, e) => {
      const v = eventOf(e, 'VERIFY');
      const region = regionOf(c);
      const ip = region?.publicIp;
      const fqdn = region?.variables.PxTeamsConnFqdn ?? '';
      return {
        dns: {
          project: c.project as Project,
          region: regionKey(c),
          ...(ip ? { expectIp: ip } : {}),
          ...(v?.resolver?.trim() ? { resolver: v.resolver.trim() } : {}),
        },
        tls: v?.dnsOnly ? null : { host: fqdn, fqdn },
      };
    },
    done: (_, verify) => ({ verify }),
  }),
  doctoring: op({
    src: 'doctor',
    label: 'Checking the deployment (Azure, DNS, certificate)',
    failed: 'The deployment could not be checked',
    cancellable: true,
    request: (c, e) => {
      const resolver = eventOf(e, 'DOCTOR')?.resolver?.trim();
      // The PFX analysed on the certificate step, when there was one: the connector must present that one.
      const thumb = c.cert?.certificate?.thumbprintSha1;
      return {
        project: c.project as Project,
        region: regionKey(c),
        ...(thumb ? { expectedThumbprint: thumb } : {}),
        ...(resolver ? { resolver } : {}),
        ...(c.transient.trustPem?.trim() ? { trustPem: c.transient.trustPem } : {}),
      };
    },
    done: (_, doctor) => ({ doctor }),
  }),
  saving: op({
    src: 'save',
    label: 'Saving the files',
    failed: 'The files were not saved',
    request: (c, e) => ({ generate: generateRequest(c, c.journey), folder: eventOf(e, 'SAVE_ALL')?.folder ?? '' }),
    done: (_, saved) => ({ saved }),
  }),
};

/** The review step's generation (entered on the way in, and again when a choice changes). */
export function generating(target = 'editing') {
  return op({
    src: 'generate',
    label: 'Generating the scripts',
    failed: 'The scripts could not be generated',
    request: (c) => generateRequest(c, c.journey),
    done: [{ target, update: (_, generated) => ({ generated, saved: null }) }],
  });
}

/**
 * A step: an `editing` state with the given transitions, the operation states it may start (from
 * OPS), BACK to the previous step, and its message cleared on the way out.
 */
export function step(o: {
  back?: string | { target: string; actions: string };
  editing: Record<string, unknown>;
  ops?: Record<string, never>;
  initial?: string;
}): never {
  return {
    initial: o.initial ?? 'editing',
    exit: clearError,
    ...(o.back ? { on: { BACK: o.back } } : {}),
    states: { editing: { on: o.editing }, ...(o.ops ?? {}) },
  } as never;
}
