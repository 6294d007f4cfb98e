// The fourth journey, "Look after a deployment", built on the journey kit (kit.ts): the deployment
// comes from a saved project or the admin's scripts (the kit's source machine), the doctor checks it
// against Azure and the outside world, and one change at a time (nodes, RDP access, instance count,
// dialing instructions) goes through a dry run before it is applied; the updated project is saved.
import { assign, fromPromise, setup } from 'xstate';
import type {
  AzureAccount,
  ChangeRequest,
  ChangeResult,
  DoctorReport,
  MaintenanceChange,
  ProjectEntry,
  SignInMethod,
  WizardApi,
} from '../../shared/api/wizard-api.ts';
import type { Project } from '../../shared/model/project.ts';
import {
  KIT_ACTORS,
  OP_SLOTS,
  apiActors,
  onDismissError,
  onProgress,
  operation,
  clearError,
  type OpInput,
  type OpSlots,
} from './kit.ts';
import { sourceMachine, type SourceReadyEvent } from './source.ts';

export const LOOK_AFTER_STEPS = ['source', 'check', 'change', 'result'] as const;
export type LookAfterStep = (typeof LOOK_AFTER_STEPS)[number];

export type ChangeKind = MaintenanceChange['kind'];

export interface LookAfterContext extends OpSlots {
  project: Project | null;
  region: string;
  account: AzureAccount | null;
  report: DoctorReport | null;
  kind: ChangeKind;
  /** The change being prepared (edited on the change step). */
  change: MaintenanceChange | null;
  /** The dry run of `change`; Apply is offered only for the change it describes. */
  dryRun: ChangeResult | null;
  applied: ChangeResult | null;
  saved: ProjectEntry | null;
  projectId: string | null;
  /** DNS server "host:port" for the check (the system's resolvers when empty). */
  resolver: string;
  /** Extra trust anchors (private CA), PEM; for the certificate checks only. */
  trustPem: string;
}

export type LookAfterEvent =
  | SourceReadyEvent
  | { type: 'SIGN_IN'; method: SignInMethod }
  | { type: 'CHECK' }
  | { type: 'SET_REGION'; region: string }
  | { type: 'SET_RESOLVER'; resolver: string }
  | { type: 'SET_TRUST'; pem: string }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'SET_KIND'; kind: ChangeKind }
  | { type: 'SET_CHANGE'; change: MaintenanceChange }
  | { type: 'DRY_RUN' }
  | { type: 'APPLY' }
  | { type: 'SAVE'; name: string }
  | { type: 'AGAIN' }
  | { type: 'CANCEL' }
  | { type: 'DISMISS_ERROR' }
  | { type: 'PROGRESS'; event: import('../../shared/api/wizard-api.ts').OperationEvent };

export interface LookAfterInput {
  project?: Project;
  projectId?: string;
}

/** The journey's own API operations, next to the kit's (supplied the same way, see withLookAfterApi); the doctor is the kit's. */
export function lookAfterActors(getApi: () => WizardApi) {
  const actor = <Req, Out>(call: (api: WizardApi, r: Req, id: string) => Promise<Out>) =>
    fromPromise<Out, OpInput<Req>>(({ input, signal }) => {
      const api = getApi();
      signal.addEventListener('abort', () => {
        void api.cancel(input.opId).catch(() => undefined);
      });
      return call(api, input.request, input.opId);
    });
  return {
    maintain: actor<ChangeRequest, ChangeResult>((api, r, id) => api.maintain(r, id)),
    saveProject: actor<{ project: Project; name: string; id: string | null }, ProjectEntry>((api, r) =>
      api.saveProject(r.project, r.name, r.id ?? undefined),
    ),
  };
}

const LOOK_AFTER_ACTORS = lookAfterActors(() => {
  throw new Error('The wizard is not connected to its services (withLookAfterApi was not called).');
});

/** The kit's `operation`, for this journey's actors too (its runtime does not depend on the actor list). */
type Actors = typeof KIT_ACTORS & typeof LOOK_AFTER_ACTORS;
type Update = (context: LookAfterContext, output: never) => Partial<LookAfterContext>;
const op = operation as unknown as (spec: {
  src: keyof Actors;
  label: string;
  failed: string;
  cancellable?: boolean;
  request: (context: LookAfterContext, event: LookAfterEvent) => unknown;
  done?: Update | { target?: string; update?: Update }[];
  back?: string;
}) => never;

const regionOf = (c: LookAfterContext) => c.project?.regions.find((r) => r.variables.PxVmssRegion === c.region) ?? null;

/** The change a kind starts from: the project's current values, so a dry run of it is a no-op. */
export function initialChange(project: Project, region: string, kind: ChangeKind): MaintenanceChange {
  const r = project.regions.find((x) => x.variables.PxVmssRegion === region) ?? project.regions[0]!;
  switch (kind) {
    case 'nodes':
      return { kind, members: r.nodes.members.map((m) => ({ ...m })) };
    case 'management':
      return { kind, prefixes: [...r.variables.PxMgmtSrcAddrPrefixes] };
    case 'instances':
      return { kind, count: Number(r.variables.PxTeamsConnInstanceCount) || 1 };
    case 'teams':
      return { kind, teams: { ...project.infinity.teams } };
  }
}

export const lookAfterMachine = setup({
  types: { context: {} as LookAfterContext, events: {} as LookAfterEvent, input: {} as LookAfterInput },
  actors: { ...KIT_ACTORS, ...LOOK_AFTER_ACTORS, source: sourceMachine },
  guards: {
    hasProject: ({ context }) => context.project !== null,
    signedIn: ({ context }) => context.account !== null,
    hasDryRun: ({ context }) => context.dryRun !== null && !context.dryRun.findings.some((f) => f.severity === 'error'),
  },
}).createMachine({
  id: 'lookAfter',
  context: ({ input }) => ({
    ...OP_SLOTS,
    project: input.project ?? null,
    region: input.project?.regions[0]?.variables.PxVmssRegion ?? '',
    account: null,
    report: null,
    kind: 'nodes',
    change: input.project
      ? initialChange(input.project, input.project.regions[0]?.variables.PxVmssRegion ?? '', 'nodes')
      : null,
    dryRun: null,
    applied: null,
    saved: null,
    projectId: input.projectId ?? null,
    resolver: '',
    trustPem: '',
  }),
  initial: 'start',
  on: { PROGRESS: onProgress, DISMISS_ERROR: onDismissError },
  states: {
    start: { always: [{ guard: 'hasProject', target: 'check' }, { target: 'source' }] },
    source: {
      exit: clearError,
      invoke: { id: 'source', src: 'source', input: { list: true } },
      on: {
        'SOURCE.READY': {
          target: 'check',
          actions: assign(({ event }) => {
            const project = event.result.project;
            const region = project.regions[0]?.variables.PxVmssRegion ?? '';
            return {
              project,
              region,
              report: null,
              change: initialChange(project, region, 'nodes'),
              kind: 'nodes' as const,
              dryRun: null,
              applied: null,
            };
          }),
        },
      },
    },
    check: {
      initial: 'editing',
      exit: clearError,
      states: {
        editing: {
          on: {
            SIGN_IN: 'signingIn',
            CHECK: { guard: 'signedIn', target: 'checking' },
            SET_RESOLVER: { actions: assign(({ event }) => ({ resolver: event.resolver })) },
            SET_TRUST: { actions: assign(({ event }) => ({ trustPem: event.pem })) },
            SET_REGION: {
              actions: assign(({ context, event }) => ({
                region: event.region,
                report: null,
                change: context.project ? initialChange(context.project, event.region, context.kind) : null,
                dryRun: null,
              })),
            },
          },
        },
        signingIn: op({
          src: 'signIn',
          label: 'Signing in to Azure',
          failed: 'Signing in failed',
          cancellable: true,
          request: (_, e) => ({ method: e.type === 'SIGN_IN' ? e.method : 'browser' }),
          done: (_, account: AzureAccount) => ({ account }),
        }),
        checking: op({
          src: 'doctor',
          label: 'Checking the deployment (Azure, DNS, certificate)',
          failed: 'The deployment could not be checked',
          cancellable: true,
          request: (c) => ({
            project: c.project!,
            region: c.region,
            ...(c.resolver.trim() ? { resolver: c.resolver.trim() } : {}),
            ...(c.trustPem.trim() ? { trustPem: c.trustPem } : {}),
          }),
          done: (_, report: DoctorReport) => ({ report }),
        }),
      },
      on: { NEXT: { guard: 'hasProject', target: 'change' } },
    },
    change: {
      initial: 'editing',
      exit: clearError,
      states: {
        editing: {
          on: {
            SET_KIND: {
              actions: assign(({ context, event }) => ({
                kind: event.kind,
                change: initialChange(context.project!, context.region, event.kind),
                dryRun: null,
              })),
            },
            SET_CHANGE: { actions: assign(({ event }) => ({ change: event.change, dryRun: null })) },
            DRY_RUN: 'planning',
            APPLY: { guard: 'hasDryRun', target: 'applying' },
          },
        },
        planning: op({
          src: 'maintain',
          label: 'Working out the change (dry run: nothing is sent)',
          failed: 'The change could not be worked out',
          cancellable: true,
          request: (c) => ({ project: c.project!, region: c.region, change: c.change!, dryRun: true }),
          done: (_, dryRun: ChangeResult) => ({ dryRun }),
        }),
        applying: op({
          src: 'maintain',
          label: 'Applying the change in Azure',
          failed: 'The change could not be applied',
          cancellable: true,
          request: (c) => ({ project: c.project!, region: c.region, change: c.change!, dryRun: false }),
          done: [{ target: '#lookAfter.result', update: (_, applied: ChangeResult) => ({ applied }) }],
        }),
      },
      on: { BACK: 'check' },
    },
    result: {
      initial: 'editing',
      exit: clearError,
      states: {
        editing: {
          on: {
            SAVE: 'saving',
            AGAIN: {
              target: '#lookAfter.change',
              actions: assign(({ context }) => {
                const project = context.applied?.project ?? context.project!;
                // The next change is not saved yet: the earlier "Saved" must not show for it.
                return {
                  project,
                  change: initialChange(project, context.region, context.kind),
                  dryRun: null,
                  applied: null,
                  report: null,
                  saved: null,
                };
              }),
            },
          },
        },
        saving: op({
          src: 'saveProject',
          label: 'Saving the project',
          failed: 'The project could not be saved',
          request: (c, e) => ({
            project: c.applied!.project,
            name: e.type === 'SAVE' ? e.name : 'deployment',
            id: c.projectId,
          }),
          done: (_, saved: ProjectEntry) => ({ saved, projectId: saved.id }),
        }),
      },
    },
  },
});

/** The machine with the API supplied: the kit's actors, this journey's, and the source machine. */
export function withLookAfterApi(api: WizardApi) {
  const kit = apiActors(() => api);
  const own = lookAfterActors(() => api);
  const source = sourceMachine.provide({ actors: kit } as never);
  return lookAfterMachine.provide({ actors: { ...kit, ...own, source } } as never);
}

export const regionOfContext = regionOf;
