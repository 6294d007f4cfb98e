// Add a region: start from a saved project or the admin's scripts, ask only for the regional values
// (guide, "Deploying a Teams Connector in another Azure region"), check them against the regions
// that exist, then prepare Azure and emit the new region's init and redeploy scripts.
import { assign, setup } from 'xstate';
import type {
  WizardApi, CertResult, FileRef, GenerateResult, ImportResult, PrepareResult, AzureAccount, ProjectEntry,
  OperationEvent, SignInMethod, PublicIpResult,
} from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project, Region, RegionVariables, NodeMember } from '../../shared/model/project.ts';
import {
  computeFindings, findingsFor, REGIONAL_FIELDS, updateRegion, updateNodes, setPublicIp, newOpId, errorMessage, type ProgressState,
} from './common.ts';
import {
  listProjectsActor, loadProjectActor, importActor, analyzePfxActor, prepareActor, generateActor, saveAllActor, signInActor, publicIpActor,
} from './actors.ts';

export const ADD_REGION_STEPS = ['source', 'region', 'certificate', 'preparation', 'review', 'after'] as const;
export type AddRegionStep = (typeof ADD_REGION_STEPS)[number];

export interface AddRegionContext {
  api: WizardApi;
  project: Project | null;
  /** Index of the region being added (the last one once NEXT leaves the source step). */
  regionIndex: number;
  projects: ProjectEntry[];
  initScript: string;
  redeployScript: string;
  importFindings: Finding[];
  findings: Finding[];
  transient: { pfxFile?: FileRef; pfxPassword?: string; appPassword?: string };
  cert: CertResult | null;
  account: AzureAccount | null;
  prepareMode: 'wizard' | 'handover';
  ownerUpn: string;
  prepare: PrepareResult | null;
  generated: GenerateResult | null;
  saved: { folder: string; files: string[] } | null;
  publicIp: PublicIpResult | null;
  opId: string | null;
  progress: ProgressState;
  error: string | null;
}

export type AddRegionEvent =
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'LOAD_PROJECT'; id: string }
  | { type: 'SET_SCRIPTS'; initScript?: string; redeployScript?: string }
  | { type: 'IMPORT' }
  | { type: 'SET_APP_ID'; appId: string }
  | { type: 'SET_REGION'; patch: Partial<RegionVariables> }
  | { type: 'SET_NODES'; pool?: string; members?: NodeMember[] }
  | { type: 'SET_SECRET'; key: 'pfxPassword' | 'appPassword'; value: string }
  | { type: 'SET_PFX_FILE'; file: FileRef | null }
  | { type: 'ANALYZE_PFX' }
  | { type: 'SIGN_IN'; method: SignInMethod }
  | { type: 'SET_PREPARE_MODE'; mode: 'wizard' | 'handover' }
  | { type: 'SET_OWNER'; upn: string }
  | { type: 'PREPARE' }
  | { type: 'SHOW_POWERSHELL' }
  | { type: 'SAVE_ALL'; folder: string }
  | { type: 'SET_PUBLIC_IP'; ip: string }
  | { type: 'READ_IP' }
  | { type: 'CANCEL' }
  | { type: 'DISMISS_ERROR' }
  | { type: 'PROGRESS'; event: OperationEvent };

export interface AddRegionInput {
  api: WizardApi;
  project?: Project;
}

/** The new region: everything tenant- and subscription-wide carried over, the regional values blank. */
export function newRegionFrom(template: Region): Region {
  return {
    variables: {
      ...template.variables,
      PxVmssRegion: '',
      PxTeamsConnFqdn: '',
      PxNodeFqdns: [],
      PxAzureLocation: '',
      PxNodesSourceAddressPrefixes: [...template.variables.PxMgmtSrcAddrPrefixes],
      PxTeamsConnResourceGroupName: null,
      PxTeamsConnStaticResourceGroupName: null,
    },
    nodes: { pool: '', members: [] },
    publicIp: null,
  };
}

function regionKey(ctx: AddRegionContext): string {
  return ctx.project?.regions[ctx.regionIndex]?.variables.PxVmssRegion ?? '';
}

const hasErrorFinding = (fs: readonly Finding[] | undefined): boolean => (fs ?? []).some((f) => f.severity === 'error');

export const addRegionMachine = setup({
  types: { context: {} as AddRegionContext, events: {} as AddRegionEvent, input: {} as AddRegionInput },
  actors: {
    listProjects: listProjectsActor, loadProject: loadProjectActor, importScripts: importActor, analyzePfx: analyzePfxActor,
    prepare: prepareActor, generate: generateActor, saveAll: saveAllActor, signIn: signInActor, publicIp: publicIpActor,
  },
  guards: {
    hasSource: ({ context }) => (context.project?.regions.length ?? 0) > 0,
    hasInitScript: ({ context }) => context.initScript.trim() !== '',
    regionOk: ({ context }) => {
      if (!context.project) return false;
      const key = regionKey(context);
      return key !== '' && !hasErrorFinding(findingsFor(context.findings, REGIONAL_FIELDS, key));
    },
    certificateOk: ({ context }) => !hasErrorFinding(context.cert?.findings),
    canAnalyzePfx: ({ context }) => Boolean(context.transient.pfxFile),
    signedIn: ({ context }) => context.account !== null,
    preparationOk: ({ context }) =>
      context.prepareMode === 'handover' || (context.prepare !== null && context.prepare.remaining.length === 0 && !hasErrorFinding(context.prepare.findings)),
    generatedOk: ({ context }) => (context.generated?.artifacts.length ?? 0) > 0,
  },
  actions: {
    revalidate: assign({ findings: ({ context }) => (context.project ? computeFindings(context.project) : []) }),
    cancelOp: ({ context }) => {
      if (context.opId) void context.api.cancel(context.opId).catch(() => undefined);
    },
    clearOp: assign({ opId: () => null, progress: () => null }),
    // A message belongs to the step it happened on.
    clearError: assign({ error: () => null }),
    startOp: assign({ opId: (_, params: { prefix: string }) => newOpId(params.prefix), progress: () => null as ProgressState, error: () => null as string | null }),
    addNewRegion: assign(({ context }) => {
      const project = context.project as Project;
      const template = project.regions[0] as Region;
      const next = { ...project, regions: [...project.regions, newRegionFrom(template)] };
      return { project: next, regionIndex: next.regions.length - 1, findings: computeFindings(next), cert: null, prepare: null, generated: null };
    }),
    dropNewRegion: assign(({ context }) => {
      const project = context.project as Project;
      return { project: { ...project, regions: project.regions.slice(0, -1) }, regionIndex: 0 };
    }),
  },
}).createMachine({
  id: 'addRegion',
  context: ({ input }) => ({
    api: input.api,
    project: input.project ?? null,
    regionIndex: 0,
    projects: [],
    initScript: '',
    redeployScript: '',
    importFindings: [],
    findings: input.project ? computeFindings(input.project) : [],
    transient: {},
    cert: null,
    account: null,
    prepareMode: 'wizard',
    ownerUpn: '',
    prepare: null,
    generated: null,
    saved: null,
    publicIp: null,
    opId: null,
    progress: null,
    error: null,
  }),
  initial: 'source',
  on: {
    SET_REGION: {
      actions: [
        assign({ project: ({ context, event }) => (context.project ? updateRegion(context.project, context.regionIndex, event.patch) : null), cert: ({ context, event }) => ('PxTeamsConnFqdn' in event.patch ? null : context.cert) }),
        'revalidate',
      ],
    },
    SET_NODES: {
      actions: [
        assign({ project: ({ context, event }) => (context.project ? updateNodes(context.project, context.regionIndex, { ...(event.pool !== undefined ? { pool: event.pool } : {}), ...(event.members ? { members: event.members } : {}) }) : null) }),
        'revalidate',
      ],
    },
    SET_SECRET: { actions: assign({ transient: ({ context, event }) => ({ ...context.transient, [event.key]: event.value }), cert: ({ context, event }) => (event.key === 'pfxPassword' ? null : context.cert) }) },
    SET_PFX_FILE: {
      actions: assign({
        transient: ({ context, event }) => {
          const { pfxFile: _old, ...rest } = context.transient;
          return event.file ? { ...rest, pfxFile: event.file } : rest;
        },
        cert: () => null,
      }),
    },
    SET_APP_ID: { actions: [assign({ project: ({ context, event }) => (context.project ? { ...context.project, app: { appId: event.appId.trim() || null } } : null) }), 'revalidate'] },
    SET_PREPARE_MODE: { actions: assign({ prepareMode: ({ event }) => event.mode, prepare: () => null }) },
    SET_OWNER: { actions: assign({ ownerUpn: ({ event }) => event.upn }) },
    SET_PUBLIC_IP: { actions: assign({ project: ({ context, event }) => (context.project ? setPublicIp(context.project, context.regionIndex, event.ip.trim() || null) : null) }) },
    DISMISS_ERROR: { actions: assign({ error: () => null }) },
    PROGRESS: {
      guard: ({ context, event }) => event.event.opId === context.opId,
      actions: assign({ progress: ({ event }) => ({ message: event.event.message, kind: event.event.kind, ...(event.event.fraction !== undefined ? { fraction: event.event.fraction } : {}) }) }),
    },
  },
  states: {
    source: {
      initial: 'listing',
      exit: 'clearError',
      states: {
        listing: {
          invoke: {
            id: 'listProjects',
            src: 'listProjects',
            input: ({ context }) => ({ api: context.api }),
            onDone: { target: 'editing', actions: assign({ projects: ({ event }) => event.output }) },
            // No saved projects is not an error: the admin can still import their scripts.
            onError: { target: 'editing' },
          },
        },
        editing: {
          on: {
            NEXT: { guard: 'hasSource', target: '#addRegion.region', actions: 'addNewRegion' },
            LOAD_PROJECT: { target: 'loading', actions: { type: 'startOp', params: { prefix: 'load' } } },
            SET_SCRIPTS: {
              actions: assign({
                initScript: ({ context, event }) => event.initScript ?? context.initScript,
                redeployScript: ({ context, event }) => event.redeployScript ?? context.redeployScript,
              }),
            },
            IMPORT: { guard: 'hasInitScript', target: 'importing', actions: { type: 'startOp', params: { prefix: 'import' } } },
          },
        },
        loading: {
          invoke: {
            id: 'loadProject',
            src: 'loadProject',
            input: ({ context, event }) => ({ api: context.api, id: event.type === 'LOAD_PROJECT' ? event.id : '' }),
            onDone: { target: 'editing', actions: [assign({ project: ({ event }) => event.output, importFindings: () => [] }), 'revalidate', 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The project could not be opened: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
        },
        importing: {
          invoke: {
            id: 'importScripts',
            src: 'importScripts',
            input: ({ context }) => ({ api: context.api, initScript: context.initScript, ...(context.redeployScript.trim() ? { redeployScript: context.redeployScript } : {}) }),
            onDone: {
              target: 'editing',
              actions: [assign({
                project: ({ context, event }) => (event.output as ImportResult).project ?? context.project,
                importFindings: ({ event }) => event.output.findings,
                transient: ({ context, event }) => (event.output.secrets.appPassword ? { ...context.transient, appPassword: event.output.secrets.appPassword } : context.transient),
              }), 'revalidate', 'clearOp'],
            },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The scripts could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
        },
      },
    },
    region: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: { target: '#addRegion.source', actions: 'dropNewRegion' } },
      states: { editing: { on: { NEXT: { guard: 'regionOk', target: '#addRegion.certificate' } } } },
    },
    certificate: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#addRegion.region' },
      states: {
        editing: {
          on: {
            NEXT: { guard: 'certificateOk', target: '#addRegion.preparation' },
            ANALYZE_PFX: { guard: 'canAnalyzePfx', target: 'analyzing', actions: { type: 'startOp', params: { prefix: 'pfx' } } },
          },
        },
        analyzing: {
          invoke: {
            id: 'analyzePfx',
            src: 'analyzePfx',
            input: ({ context }) => {
              const v = context.project?.regions[context.regionIndex]?.variables;
              return { api: context.api, opId: context.opId, file: context.transient.pfxFile ?? { name: '' }, password: context.transient.pfxPassword ?? '', fqdns: v?.PxTeamsConnFqdn ? [v.PxTeamsConnFqdn] : [], connectorVersion: context.project?.connectorVersion ?? '' };
            },
            onDone: { target: 'editing', actions: [assign({ cert: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The certificate could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: 'clearOp' } },
        },
      },
    },
    preparation: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#addRegion.certificate' },
      states: {
        editing: {
          on: {
            NEXT: { guard: 'preparationOk', target: '#addRegion.review' },
            SIGN_IN: { target: 'signingIn', actions: { type: 'startOp', params: { prefix: 'signin' } } },
            PREPARE: { guard: 'signedIn', target: 'preparing', actions: { type: 'startOp', params: { prefix: 'prepare' } } },
            SHOW_POWERSHELL: { target: 'describing', actions: { type: 'startOp', params: { prefix: 'prepare-dry' } } },
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
        preparing: {
          invoke: {
            id: 'prepare',
            src: 'prepare',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project as Project, region: regionKey(context), ownerUpn: context.ownerUpn, dryRun: false }),
            onDone: { target: 'editing', actions: [assign({ prepare: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `Azure preparation stopped: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
        describing: {
          invoke: {
            id: 'describe',
            src: 'prepare',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project as Project, region: regionKey(context), ownerUpn: context.ownerUpn, dryRun: true }),
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
      on: { BACK: '#addRegion.preparation' },
      states: {
        generating: {
          invoke: {
            id: 'generate',
            src: 'generate',
            input: ({ context }) => ({
              api: context.api, project: context.project as Project, journey: 'add-region' as const, region: regionKey(context),
              includeSecrets: Boolean(context.transient.appPassword),
              secrets: context.transient.appPassword ? { appPassword: context.transient.appPassword } : {},
            }),
            onDone: { target: 'editing', actions: assign({ generated: ({ event }) => event.output, saved: () => null }) },
            onError: { target: 'editing', actions: assign({ error: ({ event }) => `The scripts could not be generated: ${errorMessage(event.error)}` }) },
          },
        },
        editing: {
          on: {
            NEXT: { guard: 'generatedOk', target: '#addRegion.after' },
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
                project: context.project as Project, journey: 'add-region' as const, region: regionKey(context),
                includeSecrets: Boolean(context.transient.appPassword),
                ...(context.transient.appPassword ? { secrets: { appPassword: context.transient.appPassword } } : {}),
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
      on: { BACK: '#addRegion.review' },
      states: {
        editing: {
          on: {
            FINISH: '#addRegion.done',
            READ_IP: { guard: 'signedIn', target: 'readingIp', actions: { type: 'startOp', params: { prefix: 'publicip' } } },
          },
        },
        readingIp: {
          invoke: {
            id: 'publicIp',
            src: 'publicIp',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project as Project, region: regionKey(context) }),
            onDone: {
              target: 'editing',
              actions: [assign({
                publicIp: ({ event }) => event.output,
                project: ({ context, event }) => (context.project && event.output.ip ? setPublicIp(context.project, context.regionIndex, event.output.ip) : context.project),
              }), 'clearOp'],
            },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The public IP could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
      },
    },
    done: { type: 'final' },
  },
});

export type AddRegionMachine = typeof addRegionMachine;
