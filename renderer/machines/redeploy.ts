// Redeploy / upgrade: read the saved scripts back, show what the version-26 scripts do differently,
// check the certificate and the Owner right on the static resource group, and emit the redeploy set.
import { assign, setup } from 'xstate';
import type {
  WizardApi, CertResult, FileRef, GenerateResult, ImportResult, AzureAccount, PreflightResult, OperationEvent, SignInMethod,
} from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project } from '../../shared/model/project.ts';
import { computeFindings, newOpId, errorMessage, type ProgressState } from './common.ts';
import { importActor, analyzePfxActor, preflightActor, generateActor, saveAllActor, signInActor } from './actors.ts';

export const REDEPLOY_STEPS = ['import', 'changes', 'checks', 'review'] as const;
export type RedeployStep = (typeof REDEPLOY_STEPS)[number];

export interface RedeployContext {
  api: WizardApi;
  initScript: string;
  redeployScript: string;
  project: Project | null;
  importFindings: Finding[];
  /** Which region to redeploy ($PxVmssRegion). */
  region: string;
  targetVersion: string;
  findings: Finding[];
  transient: { pfxFile?: FileRef; pfxPassword?: string; appPassword?: string };
  cert: CertResult | null;
  account: AzureAccount | null;
  preflight: PreflightResult | null;
  /** Offline: the admin confirms themselves what the wizard could not check. */
  confirmedPfx: boolean;
  confirmedOwner: boolean;
  generated: GenerateResult | null;
  saved: { folder: string; files: string[] } | null;
  opId: string | null;
  progress: ProgressState;
  error: string | null;
}

export type RedeployEvent =
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_SCRIPTS'; initScript?: string; redeployScript?: string }
  | { type: 'IMPORT' }
  | { type: 'SET_TARGET_VERSION'; version: string }
  | { type: 'SET_APP_ID'; appId: string }
  | { type: 'SET_SECRET'; key: 'pfxPassword' | 'appPassword'; value: string }
  | { type: 'SET_PFX_FILE'; file: FileRef | null }
  | { type: 'ANALYZE_PFX' }
  | { type: 'SIGN_IN'; method: SignInMethod }
  | { type: 'CHECK_OWNER' }
  | { type: 'CONFIRM'; what: 'pfx' | 'owner'; value: boolean }
  | { type: 'SET_INCLUDE_SECRETS'; value: boolean }
  | { type: 'SAVE_ALL'; folder: string }
  | { type: 'CANCEL' }
  | { type: 'DISMISS_ERROR' }
  | { type: 'PROGRESS'; event: OperationEvent };

export interface RedeployInput {
  api: WizardApi;
  project?: Project;
}

/** What changes for someone coming from scripts of version 24 or 25 (guide, summary of script changes). */
export interface ChangeItem {
  id: string;
  title: string;
  detail: string;
  /** True when the admin's imported scripts show they still need this change. */
  applies: boolean;
}

export function changesSince(initScript: string, redeployScript: string): ChangeItem[] {
  const hasTags = /^\s*\$tags\s*=/im.test(initScript);
  const removesDynamicRg = /Remove-AzResourceGroup/i.test(redeployScript);
  const versionMatch = /\$?version[^\n]*?\b(2[0-9])\b/i.exec(redeployScript);
  const oldMajor = versionMatch ? Number(versionMatch[1]) : null;
  return [
    {
      id: 'tags',
      title: 'New $tags variable',
      detail: hasTags
        ? 'Your variables script already has $tags; the tags are kept and passed to every resource group and resource.'
        : 'Your variables script has no $tags yet. Version 26 adds it: optional name/value pairs put on every resource the connector creates. The wizard adds it (empty unless you enter tags).',
      applies: !hasTags,
    },
    {
      id: 'redeploy-script',
      title: 'New redeploy script',
      detail: 'From version 26 the redeploy script removes the old dynamic resource group (the one holding the running instances) itself, so you no longer delete it in the Azure portal. Copy $AppId and $AppPassword from your old redeploy script into the new one; the wizard does that for you when it can read them.',
      applies: redeployScript.trim() === '' || !removesDynamicRg,
    },
    {
      id: 'modules',
      title: 'Az PowerShell module 4.7.0 or later',
      detail: 'Since version 25 the scripts load Az 4.7.0 or later (earlier scripts pinned 3.0.0–4.5.0). Update the module on the PC you run the scripts from.',
      applies: oldMajor !== null && oldMajor < 25,
    },
    {
      id: 'dns',
      title: 'DNS A record instead of CNAME (26.1)',
      detail: "A CNAME is no longer needed: point the Teams Connector's host name at the load balancer's public IP with an A record. An existing CNAME keeps working.",
      applies: true,
    },
  ];
}

const hasErrorFinding = (fs: readonly Finding[] | undefined): boolean => (fs ?? []).some((f) => f.severity === 'error');

export const redeployMachine = setup({
  types: { context: {} as RedeployContext, events: {} as RedeployEvent, input: {} as RedeployInput },
  actors: { importScripts: importActor, analyzePfx: analyzePfxActor, preflight: preflightActor, generate: generateActor, saveAll: saveAllActor, signIn: signInActor },
  guards: {
    hasInitScript: ({ context }) => context.initScript.trim() !== '',
    imported: ({ context }) => context.project !== null && context.project.regions.length > 0,
    checksOk: ({ context }) => context.project !== null && checksPass(context),
    canAnalyzePfx: ({ context }) => Boolean(context.transient.pfxFile),
    signedIn: ({ context }) => context.account !== null,
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
  },
}).createMachine({
  id: 'redeploy',
  context: ({ input }) => ({
    api: input.api,
    initScript: '',
    redeployScript: '',
    project: input.project ?? null,
    importFindings: [],
    region: input.project?.regions[0]?.variables.PxVmssRegion ?? '',
    targetVersion: input.project?.connectorVersion ?? '26.2',
    findings: input.project ? computeFindings(input.project) : [],
    transient: {},
    cert: null,
    account: null,
    preflight: null,
    confirmedPfx: false,
    confirmedOwner: false,
    generated: null,
    saved: null,
    opId: null,
    progress: null,
    error: null,
  }),
  initial: 'import',
  on: {
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
    SET_TARGET_VERSION: { actions: assign({ targetVersion: ({ event }) => event.version, project: ({ context, event }) => (context.project ? { ...context.project, connectorVersion: event.version } : null) }) },
    CONFIRM: { actions: assign(({ event }) => (event.what === 'pfx' ? { confirmedPfx: event.value } : { confirmedOwner: event.value })) },
    DISMISS_ERROR: { actions: assign({ error: () => null }) },
    PROGRESS: {
      guard: ({ context, event }) => event.event.opId === context.opId,
      actions: assign({ progress: ({ event }) => ({ message: event.event.message, kind: event.event.kind, ...(event.event.fraction !== undefined ? { fraction: event.event.fraction } : {}) }) }),
    },
  },
  states: {
    import: {
      initial: 'editing',
      exit: 'clearError',
      states: {
        editing: {
          on: {
            NEXT: { guard: 'imported', target: '#redeploy.changes' },
            SET_SCRIPTS: {
              actions: assign({
                initScript: ({ context, event }) => event.initScript ?? context.initScript,
                redeployScript: ({ context, event }) => event.redeployScript ?? context.redeployScript,
              }),
            },
            IMPORT: { guard: 'hasInitScript', target: 'importing', actions: { type: 'startOp', params: { prefix: 'import' } } },
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
                project: ({ context, event }) => {
                  const p = (event.output as ImportResult).project;
                  return p ? { ...p, connectorVersion: context.targetVersion } : context.project;
                },
                region: ({ context, event }) => event.output.project?.regions[0]?.variables.PxVmssRegion ?? context.region,
                importFindings: ({ event }) => event.output.findings,
                transient: ({ context, event }) => (event.output.secrets.appPassword ? { ...context.transient, appPassword: event.output.secrets.appPassword } : context.transient),
              }), 'revalidate', 'clearOp'],
            },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The scripts could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
        },
      },
    },
    changes: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#redeploy.import' },
      states: { editing: { on: { NEXT: '#redeploy.checks' } } },
    },
    checks: {
      initial: 'editing',
      exit: 'clearError',
      on: { BACK: '#redeploy.changes' },
      states: {
        editing: {
          on: {
            NEXT: { guard: 'checksOk', target: '#redeploy.review' },
            ANALYZE_PFX: { guard: 'canAnalyzePfx', target: 'analyzing', actions: { type: 'startOp', params: { prefix: 'pfx' } } },
            SIGN_IN: { target: 'signingIn', actions: { type: 'startOp', params: { prefix: 'signin' } } },
            CHECK_OWNER: { guard: 'signedIn', target: 'checkingOwner', actions: { type: 'startOp', params: { prefix: 'owner' } } },
          },
        },
        analyzing: {
          invoke: {
            id: 'analyzePfx',
            src: 'analyzePfx',
            input: ({ context }) => {
              const v = context.project?.regions.find((r) => r.variables.PxVmssRegion === context.region)?.variables;
              return { api: context.api, opId: context.opId, file: context.transient.pfxFile ?? { name: '' }, password: context.transient.pfxPassword ?? '', fqdns: v?.PxTeamsConnFqdn ? [v.PxTeamsConnFqdn] : [], connectorVersion: context.targetVersion };
            },
            onDone: { target: 'editing', actions: [assign({ cert: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The certificate could not be read: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: 'clearOp' } },
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
        checkingOwner: {
          invoke: {
            id: 'preflight',
            src: 'preflight',
            input: ({ context }) => ({ api: context.api, opId: context.opId ?? '', project: context.project as Project, region: context.region }),
            onDone: { target: 'editing', actions: [assign({ preflight: ({ event }) => event.output }), 'clearOp'] },
            onError: { target: 'editing', actions: [assign({ error: ({ event }) => `The Owner check did not complete: ${errorMessage(event.error)}` }), 'clearOp'] },
          },
          on: { CANCEL: { target: 'editing', actions: ['cancelOp', 'clearOp'] } },
        },
      },
    },
    review: {
      initial: 'generating',
      exit: 'clearError',
      on: { BACK: '#redeploy.checks' },
      states: {
        generating: {
          invoke: {
            id: 'generate',
            src: 'generate',
            input: ({ context }) => ({
              api: context.api, project: context.project as Project, journey: 'redeploy' as const, region: context.region,
              includeSecrets: Boolean(context.transient.appPassword),
              secrets: context.transient.appPassword ? { appPassword: context.transient.appPassword } : {},
            }),
            onDone: { target: 'editing', actions: assign({ generated: ({ event }) => event.output, saved: () => null }) },
            onError: { target: 'editing', actions: assign({ error: ({ event }) => `The scripts could not be generated: ${errorMessage(event.error)}` }) },
          },
        },
        editing: {
          on: {
            FINISH: { guard: 'generatedOk', target: '#redeploy.done' },
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
                project: context.project as Project, journey: 'redeploy' as const, region: context.region,
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
    done: { type: 'final' },
  },
});

/** Both checks pass: the PFX (analysed without errors, or confirmed) and the Owner right (checked, or confirmed). */
export function checksPass(ctx: Pick<RedeployContext, 'cert' | 'confirmedPfx' | 'preflight' | 'confirmedOwner'>): boolean {
  const pfx = ctx.cert !== null ? !hasErrorFinding(ctx.cert.findings) : ctx.confirmedPfx;
  const owner = ctx.preflight?.facts.canActAsOwner === true || (ctx.preflight?.facts.canActAsOwner !== false && ctx.confirmedOwner);
  return pfx && owner;
}

export type RedeployMachine = typeof redeployMachine;
