// First install: one state per step of the guide's first-install chapter. Each step has an
// `editing` state whose NEXT is guarded (the view asks `snapshot.can({ type: 'NEXT' })`), plus
// states for the long operations it may start (with CANCEL).
import { assign, setup } from 'xstate';
import type {
  WizardApi, AzureAccount, PreflightResult, PrepareResult, PublicIpResult, CertResult, FileRef, GenerateResult,
  DnsCheckResult, ProbeResult, SignInMethod, OperationEvent, ImportResult,
} from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project, RegionVariables, NodeMember, TeamsOptions } from '../../shared/model/project.ts';
import { emptyProject, defaultRegionVariables } from '../../shared/model/project.ts';
import {
  computeFindings, stepHasErrors, updateRegion, updateNodes, updateInfinity, setPublicIp, newOpId, errorMessage,
  type FieldStep, type ProgressState,
} from './common.ts';
import {
  signInActor, preflightActor, prepareActor, publicIpActor, analyzePfxActor, analyzeNodeCertsActor, generateActor,
  saveAllActor, importActor, verifyActor,
} from './actors.ts';

export const FIRST_INSTALL_STEPS = [
  'prerequisites', 'naming', 'azure', 'certificate', 'nodes', 'network', 'admin', 'options', 'preparation', 'review', 'after',
] as const;
export type FirstInstallStep = (typeof FIRST_INSTALL_STEPS)[number];

export const PREREQUISITES = ['roles', 'modules', 'connectorZip', 'certificates'] as const;
export type PrereqKey = (typeof PREREQUISITES)[number];

/** Held in memory only: stripped before anything is persisted (see persist.ts). */
export interface Transient {
  adminPassword?: string;
  pfxPassword?: string;
  pfxFile?: FileRef;
  appPassword?: string;
  nodeCertFiles?: FileRef[];
  /** Extra trust anchors (PEM) for a private PKI; used for the PFX and node checks, not saved. */
  trustPem?: string;
}

export interface FirstInstallContext {
  api: WizardApi;
  project: Project;
  regionIndex: number;
  prereqs: Record<PrereqKey, boolean>;
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
  saved: { folder: string; files: string[] } | null;
  installOutput: string;
  importFindings: Finding[];
  publicIp: PublicIpResult | null;
  /** tls is null when only DNS was checked. */
  verify: { dns: DnsCheckResult; tls: ProbeResult | null } | null;
  opId: string | null;
  progress: ProgressState;
  error: string | null;
}

export type FirstInstallEvent =
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_PREREQ'; key: PrereqKey; value: boolean }
  | { type: 'SET_REGION'; patch: Partial<RegionVariables> }
  | { type: 'SET_NODES'; pool?: string; members?: NodeMember[] }
  | { type: 'SET_INFINITY'; patch: Partial<Omit<Project['infinity'], 'teams'>> & { teams?: Partial<TeamsOptions> } }
  | { type: 'SET_SECRET'; key: 'adminPassword' | 'pfxPassword' | 'appPassword'; value: string }
  | { type: 'SET_PFX_FILE'; file: FileRef | null }
  | { type: 'SET_NODE_CERT_FILES'; files: FileRef[] }
  | { type: 'SET_TRUST_PEM'; pem: string }
  | { type: 'SET_PREPARE_MODE'; mode: 'wizard' | 'handover' }
  | { type: 'SET_OWNER'; upn: string }
  | { type: 'SET_INCLUDE_SECRETS'; value: boolean }
  | { type: 'SET_INSTALL_OUTPUT'; text: string }
  | { type: 'SET_PUBLIC_IP'; ip: string }
  | { type: 'SET_APP_ID'; appId: string }
  | { type: 'SIGN_IN'; method: SignInMethod }
  | { type: 'PREFLIGHT' }
  | { type: 'ANALYZE_PFX' }
  | { type: 'ANALYZE_NODE_CERTS' }
  | { type: 'PREPARE' }
  | { type: 'SHOW_POWERSHELL' }
  | { type: 'GENERATE' }
  | { type: 'SAVE_ALL'; folder: string }
  | { type: 'CAPTURE_OUTPUT' }
  | { type: 'READ_IP' }
  /** resolver: "host:port" of a DNS server (the system's when omitted); dnsOnly skips the TLS probe. */
  | { type: 'VERIFY'; resolver?: string; dnsOnly?: boolean }
  | { type: 'CANCEL' }
  | { type: 'DISMISS_ERROR' }
  | { type: 'PROGRESS'; event: OperationEvent };

export interface FirstInstallInput {
  api: WizardApi;
  project?: Project;
}

function initialProject(): Project {
  const p = emptyProject();
  return { ...p, regions: [{ variables: { ...defaultRegionVariables(), PxPfxCertFileName: '.\\connector.pfx' }, nodes: { pool: '', members: [] }, publicIp: null }] };
}

export function regionKey(ctx: { project: Project; regionIndex: number }): string {
  return ctx.project.regions[ctx.regionIndex]?.variables.PxVmssRegion ?? '';
}

function stepOk(ctx: FirstInstallContext, step: FieldStep): boolean {
  return !stepHasErrors(ctx.findings, step, regionKey(ctx) || null);
}

const hasErrorFinding = (fs: readonly Finding[] | undefined): boolean => (fs ?? []).some((f) => f.severity === 'error');

/** Text of the generated init script, which the importer reads alongside the pasted install output. */
export function generatedInitScript(generated: GenerateResult | null): string {
  return generated?.artifacts.find((a) => a.kind === 'init-script')?.content ?? '';
}

export const firstInstallMachine = setup({
  types: {
    context: {} as FirstInstallContext,
    events: {} as FirstInstallEvent,
    input: {} as FirstInstallInput,
  },
  actors: {
    signIn: signInActor, preflight: preflightActor, prepare: prepareActor, publicIp: publicIpActor,
    analyzePfx: analyzePfxActor, analyzeNodeCerts: analyzeNodeCertsActor, generate: generateActor,
    saveAll: saveAllActor, importOutput: importActor, verify: verifyActor,
  },
  guards: {
    prereqsConfirmed: ({ context }) => Object.values(context.prereqs).every(Boolean),
    stepOk: ({ context }, params: { step: FieldStep }) => stepOk(context, params.step),
    certificateOk: ({ context }) => stepOk(context, 'certificate') && !hasErrorFinding(context.cert?.findings),
    canAnalyzePfx: ({ context }) => Boolean(context.transient.pfxFile) && regionKey(context) !== '',
    nodesOk: ({ context }) => stepOk(context, 'nodes') && !(context.nodeCerts ?? []).some((r) => hasErrorFinding(r.findings)),
    canAnalyzeNodeCerts: ({ context }) => (context.transient.nodeCertFiles?.length ?? 0) > 0,
    preparationOk: ({ context }) =>
      context.prepareMode === 'handover' ||
      (context.prepare !== null && context.prepare.requests.length >= 0 && context.prepare.remaining.length === 0 && !hasErrorFinding(context.prepare.findings)),
    signedIn: ({ context }) => context.account !== null,
    generatedOk: ({ context }) => (context.generated?.artifacts.length ?? 0) > 0,
    hasInstallOutput: ({ context }) => context.installOutput.trim() !== '',
    hasFqdn: ({ context }) => (context.project.regions[context.regionIndex]?.variables.PxTeamsConnFqdn ?? '') !== '',
  },
  actions: {
    revalidate: assign({ findings: ({ context }) => computeFindings(context.project, context.transient.adminPassword) }),
    cancelOp: ({ context }) => {
      if (context.opId) void context.api.cancel(context.opId).catch(() => undefined);
    },
    clearOp: assign({ opId: () => null, progress: () => null }),
    // A message belongs to the step it happened on.
    clearError: assign({ error: () => null }),
    startOp: assign({
      opId: (_, params: { prefix: string }) => newOpId(params.prefix),
      progress: () => null as ProgressState,
      error: () => null as string | null,
    }),
  },
}).createMachine({
  id: 'firstInstall',
  context: ({ input }) => {
    const project = input.project ?? initialProject();
    return {
      api: input.api,
      project,
      regionIndex: 0,
      prereqs: { roles: false, modules: false, connectorZip: false, certificates: false },
      findings: computeFindings(project),
      transient: {},
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
      installOutput: '',
      importFindings: [],
      publicIp: null,
      verify: null,
      opId: null,
      progress: null,
      error: null,
    };
  },
  initial: 'prerequisites',
  on: {
    SET_PREREQ: { actions: assign({ prereqs: ({ context, event }) => ({ ...context.prereqs, [event.key]: event.value }) }) },
    SET_REGION: {
      actions: [
        assign({ project: ({ context, event }) => updateRegion(context.project, context.regionIndex, event.patch) }),
        // A new host name or file name makes an earlier certificate analysis stale.
        assign({ cert: ({ context, event }) => ('PxTeamsConnFqdn' in event.patch || 'PxPfxCertFileName' in event.patch ? null : context.cert) }),
        'revalidate',
      ],
    },
    SET_NODES: {
      actions: [
        assign({ project: ({ context, event }) => updateNodes(context.project, context.regionIndex, { ...(event.pool !== undefined ? { pool: event.pool } : {}), ...(event.members ? { members: event.members } : {}) }), nodeCerts: () => null }),
        'revalidate',
      ],
    },
    SET_INFINITY: { actions: [assign({ project: ({ context, event }) => updateInfinity(context.project, event.patch) }), 'revalidate'] },
    SET_SECRET: {
      actions: [
        assign({
          transient: ({ context, event }) => ({ ...context.transient, [event.key]: event.value }),
          cert: ({ context, event }) => (event.key === 'pfxPassword' ? null : context.cert),
        }),
        'revalidate',
      ],
    },
    SET_PFX_FILE: {
      actions: assign({
        transient: ({ context, event }) => {
          const { pfxFile: _old, ...rest } = context.transient;
          return event.file ? { ...rest, pfxFile: event.file } : rest;
        },
        cert: () => null,
      }),
    },
    SET_TRUST_PEM: {
      actions: assign({ transient: ({ context, event }) => ({ ...context.transient, trustPem: event.pem }), cert: () => null, nodeCerts: () => null }),
    },
    SET_NODE_CERT_FILES: { actions: assign({ transient: ({ context, event }) => ({ ...context.transient, nodeCertFiles: event.files }), nodeCerts: () => null }) },
    SET_PREPARE_MODE: { actions: assign({ prepareMode: ({ event }) => event.mode, prepare: () => null }) },
    SET_OWNER: { actions: assign({ ownerUpn: ({ event }) => event.upn }) },
    SET_INCLUDE_SECRETS: { actions: assign({ includeSecrets: ({ event }) => event.value, generated: () => null, saved: () => null }) },
    SET_INSTALL_OUTPUT: { actions: assign({ installOutput: ({ event }) => event.text }) },
    SET_PUBLIC_IP: { actions: assign({ project: ({ context, event }) => setPublicIp(context.project, context.regionIndex, event.ip.trim() || null) }) },
    SET_APP_ID: { actions: [assign({ project: ({ context, event }) => ({ ...context.project, app: { appId: event.appId.trim() || null } }) }), 'revalidate'] },
    DISMISS_ERROR: { actions: assign({ error: () => null }) },
    PROGRESS: {
      guard: ({ context, event }) => event.event.opId === context.opId,
      actions: assign({ progress: ({ event }) => ({ message: event.event.message, kind: event.event.kind, ...(event.event.fraction !== undefined ? { fraction: event.event.fraction } : {}) }) }),
    },
  },
  states: {
    prerequisites: {
      initial: 'editing',
      exit: 'clearError',
      states: { editing: { on: { NEXT: { guard: 'prereqsConfirmed', target: '#firstInstall.naming' } } } },
    },
    naming: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.prerequisites' },
      states: { editing: { on: { NEXT: { guard: { type: 'stepOk', params: { step: 'naming' } }, target: '#firstInstall.azure' } } } },
    },
    azure: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.naming' },
      states: {
        editing: {
          on: {
            NEXT: { guard: { type: 'stepOk', params: { step: 'azure' } }, target: '#firstInstall.certificate' },
            SIGN_IN: { target: 'signingIn', actions: { type: 'startOp', params: { prefix: 'signin' } } },
            PREFLIGHT: { guard: 'signedIn', target: 'preflighting', actions: { type: 'startOp', params: { prefix: 'preflight' } } },
          },
        },
        signingIn: {
          invoke: {
            id: 'signIn',
            src: 'signIn',
            input: ({ context, event }) => ({
              api: context.api, opId: context.opId ?? '', method: event.type === 'SIGN_IN' ? event.method : 'browser',
            }),
            onDone: { target: 'editing', actions: [assign({ account: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `Sign-in did not complete: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
        preflighting: {
          invoke: {
            id: 'preflight',
            src: 'preflight',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project, region: regionKey(context) }),
            onDone: { target: 'editing', actions: [assign({ preflight: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The Azure check did not complete: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
      },
    },
    certificate: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.azure' },
      states: {
        editing: {
          on: {
            NEXT: { guard: 'certificateOk', target: '#firstInstall.nodes' },
            ANALYZE_PFX: { guard: 'canAnalyzePfx', target: 'analyzing', actions: { type: 'startOp', params: { prefix: 'pfx' } } },
          },
        },
        analyzing: {
          invoke: {
            id: 'analyzePfx',
            src: 'analyzePfx',
            input: ({ context }) => {
              const v = context.project.regions[context.regionIndex]?.variables;
              return {
                api: context.api,
                opId: context.opId,
                file: context.transient.pfxFile ?? { name: '' },
                password: context.transient.pfxPassword ?? '',
                fqdns: v?.PxTeamsConnFqdn ? [v.PxTeamsConnFqdn] : [],
                connectorVersion: context.project.connectorVersion,
                ...(context.transient.trustPem?.trim() ? { trustPem: context.transient.trustPem } : {}),
              };
            },
            onDone: { target: 'editing', actions: [assign({ cert: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The certificate could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: 'clearOp' } },
        },
      },
    },
    nodes: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.certificate' },
      states: {
        editing: {
          on: {
            NEXT: { guard: 'nodesOk', target: '#firstInstall.network' },
            ANALYZE_NODE_CERTS: { guard: 'canAnalyzeNodeCerts', target: 'analyzing', actions: { type: 'startOp', params: { prefix: 'nodecert' } } },
          },
        },
        analyzing: {
          invoke: {
            id: 'analyzeNodeCerts',
            src: 'analyzeNodeCerts',
            input: ({ context }) => {
              const r = context.project.regions[context.regionIndex];
              return {
                api: context.api,
                opId: context.opId,
                files: context.transient.nodeCertFiles ?? [],
                pool: r?.nodes.pool ?? '',
                nodes: (r?.nodes.members ?? []).map((m) => m.fqdn),
                nodeFqdns: r?.variables.PxNodeFqdns ?? [],
                ...(context.project.infinity.sfbFederation && context.project.infinity.subdomain ? { sipDomain: context.project.infinity.subdomain } : {}),
                ...(context.transient.trustPem?.trim() ? { trustPem: context.transient.trustPem } : {}),
              };
            },
            onDone: { target: 'editing', actions: [assign({ nodeCerts: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The node certificates could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: 'clearOp' } },
        },
      },
    },
    network: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.nodes' },
      states: { editing: { on: { NEXT: { guard: { type: 'stepOk', params: { step: 'network' } }, target: '#firstInstall.admin' } } } },
    },
    admin: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.network' },
      states: { editing: { on: { NEXT: { guard: { type: 'stepOk', params: { step: 'admin' } }, target: '#firstInstall.options' } } } },
    },
    options: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.admin' },
      states: { editing: { on: { NEXT: { guard: { type: 'stepOk', params: { step: 'options' } }, target: '#firstInstall.preparation' } } } },
    },
    preparation: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.options' },
      states: {
        editing: {
          on: {
            NEXT: { guard: 'preparationOk', target: '#firstInstall.review' },
            PREPARE: { guard: 'signedIn', target: 'preparing', actions: { type: 'startOp', params: { prefix: 'prepare' } } },
            SHOW_POWERSHELL: { target: 'describing', actions: { type: 'startOp', params: { prefix: 'prepare-dry' } } },
          },
        },
        preparing: {
          invoke: {
            id: 'prepare',
            src: 'prepare',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project, region: regionKey(context), ownerUpn: context.ownerUpn, dryRun: false }),
            onDone: { target: 'editing', actions: [assign({ prepare: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `Azure preparation stopped: ${errorMessage(event.error)}. Nothing else was changed; run it again or hand the PowerShell over.` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
        describing: {
          invoke: {
            id: 'describe',
            src: 'prepare',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project, region: regionKey(context), ownerUpn: context.ownerUpn, dryRun: true }),
            onDone: { target: 'editing', actions: [assign({ prepare: ({ event }) => event.output, prepareMode: () => 'handover' as const }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The PowerShell could not be prepared: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
      },
    },
    review: {
      initial: 'generating',
      exit: 'clearError',
      on: { BACK: '#firstInstall.preparation' },
      states: {
        generating: {
          entry: { type: 'startOp', params: { prefix: 'generate' } },
          invoke: {
            id: 'generate',
            src: 'generate',
            input: ({ context }) => ({
              api: context.api, project: context.project, journey: 'first-install' as const, includeSecrets: context.includeSecrets,
              secrets: { ...(context.transient.adminPassword ? { adminPassword: context.transient.adminPassword } : {}) },
            }),
            onDone: { target: 'editing', actions: [assign({ generated: ({ event }) => event.output, saved: () => null }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The scripts could not be generated: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
        },
        editing: {
          on: {
            NEXT: { guard: 'generatedOk', target: '#firstInstall.after' },
            GENERATE: 'generating',
            SET_INCLUDE_SECRETS: { target: 'generating', actions: assign({ includeSecrets: ({ event }) => event.value }) },
            SAVE_ALL: { guard: 'generatedOk', target: 'saving', actions: { type: 'startOp', params: { prefix: 'save' } } },
          },
        },
        saving: {
          invoke: {
            id: 'saveAll',
            src: 'saveAll',
            input: ({ context, event }) => ({
              api: context.api, folder: event.type === 'SAVE_ALL' ? event.folder : '',
              // The same request as "generating" above: the server regenerates and writes its own set.
              generate: {
                project: context.project, journey: 'first-install' as const, includeSecrets: context.includeSecrets,
                ...(context.includeSecrets ? { secrets: { ...(context.transient.adminPassword ? { adminPassword: context.transient.adminPassword } : {}) } } : {}),
              },
            }),
            onDone: { target: 'editing', actions: [assign({ saved: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The files were not saved: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
        },
      },
    },
    after: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#firstInstall.review' },
      states: {
        editing: {
          on: {
            FINISH: '#firstInstall.done',
            CAPTURE_OUTPUT: { guard: 'hasInstallOutput', target: 'capturing', actions: { type: 'startOp', params: { prefix: 'capture' } } },
            READ_IP: { guard: 'signedIn', target: 'readingIp', actions: { type: 'startOp', params: { prefix: 'publicip' } } },
            VERIFY: { guard: 'hasFqdn', target: 'verifying', actions: { type: 'startOp', params: { prefix: 'verify' } } },
            SIGN_IN: { target: 'signingIn', actions: { type: 'startOp', params: { prefix: 'signin' } } },
          },
        },
        signingIn: {
          invoke: {
            id: 'signIn',
            src: 'signIn',
            input: ({ context, event }) => ({ api: context.api, opId: context.opId ?? '', method: event.type === 'SIGN_IN' ? event.method : 'browser' }),
            onDone: { target: 'editing', actions: [assign({ account: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `Sign-in did not complete: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
        capturing: {
          invoke: {
            id: 'importOutput',
            src: 'importOutput',
            input: ({ context }) => ({ api: context.api, initScript: generatedInitScript(context.generated), installOutput: context.installOutput }),
            onDone: [
              {
                guard: ({ event }) => Boolean((event.output as ImportResult).project?.app.appId),
                target: 'regenerating',
                actions: assign({
                  project: ({ context, event }) => ({ ...context.project, app: { appId: event.output.project?.app.appId ?? null } }),
                  transient: ({ context, event }) => (event.output.secrets.appPassword ? { ...context.transient, appPassword: event.output.secrets.appPassword } : context.transient),
                  importFindings: ({ event }) => event.output.findings,
                }),
              },
              {
                target: 'editing',
                actions: [assign({
                  importFindings: ({ event }) => [
                    ...event.output.findings,
                    { region: null, field: 'installOutput', severity: 'error' as const, code: 'ui.app-id-not-found', message: 'No line like $AppId = "…" was found in the pasted text. Paste everything the install script printed, including the lines that start with $AppId and $AppPassword.' },
                  ],
                }), 'clearOp'],
              },
            ],
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The install output could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
        },
        regenerating: {
          invoke: {
            id: 'regenerate',
            src: 'generate',
            input: ({ context }) => ({
              api: context.api, project: context.project, journey: 'first-install' as const, includeSecrets: context.includeSecrets,
              secrets: {
                ...(context.transient.adminPassword ? { adminPassword: context.transient.adminPassword } : {}),
                ...(context.transient.appPassword ? { appPassword: context.transient.appPassword } : {}),
              },
            }),
            onDone: { target: 'editing', actions: [assign({ generated: ({ event }) => event.output }), 'revalidate', 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The scripts could not be regenerated: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
        },
        readingIp: {
          invoke: {
            id: 'publicIp',
            src: 'publicIp',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project, region: regionKey(context) }),
            onDone: {
              target: 'editing',
              actions: [assign({
                publicIp: ({ event }) => event.output,
                project: ({ context, event }) => (event.output.ip ? setPublicIp(context.project, context.regionIndex, event.output.ip) : context.project),
              }), 'clearOp'],
            },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The public IP could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
        verifying: {
          invoke: {
            id: 'verify',
            src: 'verify',
            input: ({ context, event }) => {
              const ip = context.project.regions[context.regionIndex]?.publicIp;
              const e = event.type === 'VERIFY' ? event : { resolver: undefined, dnsOnly: false };
              return {
                api: context.api, opId: context.opId ?? '', project: context.project, region: regionKey(context), ...(ip ? { expectIp: ip } : {}),
                ...(e.resolver?.trim() ? { resolver: e.resolver.trim() } : {}), dnsOnly: e.dnsOnly === true,
              };
            },
            onDone: { target: 'editing', actions: [assign({ verify: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The check did not complete: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
      },
    },
    done: { type: 'final' },
  },
});

export type FirstInstallMachine = typeof firstInstallMachine;
