/**
 * The journey kit: what every journey machine (first install, add a region, redeploy, and any
 * journey added later) is built from, so the plumbing exists once.
 *
 * How a journey is built:
 *  1. `setup({ actors: KIT_ACTORS, ... })`: the API operations are named actors (`signIn`,
 *     `generate`, `save`, …). The machine never holds the API: `withApi(machine, api)` supplies it
 *     with `machine.provide`, so context stays plain data (and persistable by allow-list).
 *  2. The context extends `OpSlots` (opId, progress, error) and keeps secrets in `transient`,
 *     which lives in memory only (persist.ts stores an allow-list of other keys).
 *  3. Each step is `{ initial: 'editing', exit: clearError, states: { editing: {...}, ...ops } }`.
 *     A long operation is one `operation({...})` state: it gets a fresh operation id, the tags
 *     'busy' (and 'cancellable' when the user may stop it), a label in `meta`, progress events,
 *     one wording for failures ("<what failed>: <why>. Your entries are kept."), and Cancel that
 *     reaches the worker (leaving the state aborts the promise actor, whose abort calls api.cancel).
 *  4. `KIT_HANDLERS` (progress, dismiss) go in the machine's root `on`; guards and helpers here
 *     (`hasErrors`, `transientPatch`) are shared.
 *  5. Views never list states: `busyOf(snapshot)` gives the label and whether Cancel applies, from
 *     `snapshot.hasTag` and `snapshot.getMeta()`; buttons ask `snapshot.can(event)`.
 *  6. Opening a project or importing scripts is the `source` machine (source.ts), invoked by the
 *     start page, add region and redeploy; it reports `SOURCE.READY` to its parent.
 */
import {
  assign,
  fromPromise,
  type InputFrom,
  type OutputFrom,
  type AnyEventObject,
  type AnyMachineSnapshot,
  type EventObject,
  type AnyStateMachine,
  type DoneActorEvent,
  type ErrorActorEvent,
} from 'xstate';
import type {
  WizardApi,
  AzureAccount,
  SignInRequest,
  PreflightResult,
  RegionRequest,
  PrepareRequest,
  PrepareResult,
  PublicIpResult,
  PfxRequest,
  CertResult,
  NodeCertRequest,
  GenerateRequest,
  GenerateResult,
  ImportRequest,
  ImportResult,
  DnsCheckRequest,
  DnsCheckResult,
  ProbeResult,
  ProjectEntry,
  OperationEvent,
  SaveArtifactsRequest,
  SaveArtifactsResult,
  DownloadArtifactsResult,
  OpenProjectResult,
  FileRef,
  DoctorRequest,
  DoctorReport,
} from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project } from '../../shared/model/project.ts';
import { errorMessage } from './errors.ts';

export type ProgressState = Pick<OperationEvent, 'message' | 'fraction' | 'kind'> | null;

/** What the kit's operations read and write in a journey's context. */
export interface OpSlots {
  opId: string | null;
  progress: ProgressState;
  error: string | null;
}

export const OP_SLOTS: OpSlots = { opId: null, progress: null, error: null };

export type SaveRequest = SaveArtifactsRequest;
export type SaveResult = SaveArtifactsResult;
export interface VerifyRequest {
  dns: DnsCheckRequest;
  tls: { host: string; fqdn: string } | null;
}
export interface VerifyResult {
  dns: DnsCheckResult;
  tls: ProbeResult | null;
}

/** Input of every API actor: the request and the operation id its progress and cancel use. */
export interface OpInput<Req> {
  opId: string;
  request: Req;
}

function apiActor<Req, Out>(
  getApi: () => WizardApi,
  call: (api: WizardApi, request: Req, opId: string) => Promise<Out>,
) {
  return fromPromise<Out, OpInput<Req>>(({ input, signal }) => {
    const api = getApi();
    // Leaving the operation's state (Cancel, Back, closing the journey) stops the actor: tell the worker.
    signal.addEventListener('abort', () => {
      void api.cancel(input.opId).catch(() => undefined);
    });
    return call(api, input.request, input.opId);
  });
}

/** The API operations as actors, calling whichever API `getApi` returns. */
export function apiActors(getApi: () => WizardApi) {
  return {
    signIn: apiActor<SignInRequest, AzureAccount>(getApi, (api, r, id) => api.azureSignIn(r, id)),
    preflight: apiActor<RegionRequest, PreflightResult>(getApi, (api, r, id) => api.azurePreflight(r, id)),
    prepare: apiActor<PrepareRequest, PrepareResult>(getApi, (api, r, id) => api.azurePrepare(r, id)),
    publicIp: apiActor<RegionRequest, PublicIpResult>(getApi, (api, r, id) => api.azurePublicIp(r, id)),
    analyzePfx: apiActor<PfxRequest, CertResult>(getApi, (api, r, id) => api.analyzePfx(r, id)),
    analyzeNodeCerts: apiActor<NodeCertRequest, CertResult[]>(getApi, (api, r, id) =>
      api.analyzeNodeCertificates(r, id),
    ),
    generate: apiActor<GenerateRequest, GenerateResult>(getApi, (api, r) => api.generate(r)),
    // The server regenerates from the request and writes its own set (never content from here).
    save: apiActor<SaveRequest, SaveResult>(getApi, (api, r, id) => api.saveArtifacts(r, id)),
    download: apiActor<GenerateRequest, DownloadArtifactsResult>(getApi, (api, r) => api.downloadArtifacts(r)),
    exportProject: apiActor<Project, { fileName: string; content: string }>(getApi, (api, p) => api.exportProject(p)),
    openProjectFile: apiActor<FileRef, OpenProjectResult>(getApi, (api, f) => api.openProjectFile(f)),
    importScripts: apiActor<ImportRequest, ImportResult>(getApi, (api, r) => api.importScripts(r)),
    verify: apiActor<VerifyRequest, VerifyResult>(getApi, async (api, r, id) => {
      const dns = await api.dnsCheck(r.dns, id);
      // DNS alone is useful before the connector answers (and never touches the connector itself).
      // The probe finds the connector through the same DNS server the check just asked.
      const tls = r.tls
        ? await api.tlsProbe(
            {
              host: r.tls.host,
              port: 443,
              role: 'connector',
              fqdn: r.tls.fqdn,
              ...(r.dns.resolver ? { resolver: r.dns.resolver } : {}),
            },
            id,
          )
        : null;
      return { dns, tls };
    }),
    // Read-only: the look-after journey's check and the After-deployment steps use the same one.
    doctor: apiActor<DoctorRequest, DoctorReport>(getApi, (api, r, id) => api.doctor(r, id)),
    listProjects: apiActor<null, ProjectEntry[]>(getApi, (api) => api.listProjects()),
    loadProject: apiActor<string, Project>(getApi, (api, id) => api.loadProject(id)),
  };
}

/** Placeholders for `setup`: the real ones come from `withApi`. */
export const KIT_ACTORS = apiActors(() => {
  throw new Error('The wizard is not connected to its services (withApi was not called).');
});
export type ApiActorName = keyof typeof KIT_ACTORS;

/** The machine with the API supplied (and any machine it invokes, e.g. the source machine). */
export function withApi<M extends AnyStateMachine>(
  machine: M,
  api: WizardApi,
  children: Record<string, AnyStateMachine> = {},
): M {
  const actors = apiActors(() => api);
  const provided = Object.fromEntries(Object.entries(children).map(([k, m]) => [k, withApi(m, api)]));
  return machine.provide({ actors: { ...actors, ...provided } } as never) as M;
}

let opCounter = 0;
/** Ids of long operations: unique per page so progress events and cancel reach the right one. */
export function newOpId(prefix: string): string {
  opCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${opCounter}`;
}

/** One wording for every failed operation, on every page. */
export function failureMessage(what: string, e: unknown): string {
  const why = errorMessage(e)
    .trim()
    .replace(/[.\s]+$/, '');
  return `${what}: ${why}. Your entries are kept.`;
}

export interface Branch<C, Out> {
  /** When this branch applies (the first that does is taken); always when omitted. */
  when?: (context: C, output: Out) => boolean;
  /** Where to go; the step's `editing` state when omitted. */
  target?: string;
  update?: (context: C, output: Out) => Partial<C>;
}

type ReqOf<S extends ApiActorName> = InputFrom<(typeof KIT_ACTORS)[S]>['request'];
type OutOf<S extends ApiActorName> = OutputFrom<(typeof KIT_ACTORS)[S]>;

export interface OperationSpec<
  C extends OpSlots,
  E extends EventObject,
  S extends ApiActorName,
  Req = ReqOf<S>,
  Out = OutOf<S>,
> {
  src: S;
  /** Shown while it runs (read by the views through `getMeta`). */
  label: string;
  /** Start of the message when it fails, e.g. "The certificate could not be read". */
  failed: string;
  cancellable?: boolean;
  /** The request, from the context and the event that started the operation. */
  request: (context: C, event: E) => Req;
  done?: Branch<C, Out>['update'] | Branch<C, Out>[];
  /** Where failure and Cancel go (default: the step's `editing`). */
  back?: string;
}

export interface OpMeta {
  label: string;
}

/** `operation` bound to a journey's context and event types: `const op = operations<Ctx, Ev>()`. */
export function operations<C extends OpSlots, E extends EventObject>() {
  return <S extends ApiActorName>(spec: OperationSpec<C, E, S>): never => operation<C, E, S>(spec);
}

/**
 * A state running one API operation. Put it next to the step's `editing` state. The spec is typed
 * from the actor it names; the returned config is `never` so it fits any journey's state map (its
 * shape is fixed here and tested once, in kit.test.ts).
 */
export function operation<C extends OpSlots, E extends EventObject, S extends ApiActorName>(
  spec: OperationSpec<C, E, S>,
): never {
  type Out = OutOf<S>;
  type Req = ReqOf<S>;
  const back = spec.back ?? 'editing';
  const branches: Branch<C, Out>[] = Array.isArray(spec.done)
    ? spec.done
    : [{ ...(spec.done ? { update: spec.done } : {}) }];
  const ended = { opId: null, progress: null };
  return {
    tags: spec.cancellable ? ['busy', 'cancellable'] : ['busy'],
    meta: { label: spec.label } satisfies OpMeta,
    entry: assign(() => ({ opId: newOpId(spec.src), progress: null, error: null }) as Partial<C>),
    invoke: {
      // Named after the operation, so tests (and devtools) address xstate.done.actor.<src>.
      id: spec.src,
      src: spec.src,
      input: ({ context, event }: { context: C; event: E }): OpInput<Req> => ({
        opId: context.opId ?? '',
        request: spec.request(context, event),
      }),
      onDone: branches.map((b) => ({
        target: b.target ?? 'editing',
        ...(b.when
          ? {
              guard: ({ context, event }: { context: C; event: AnyEventObject }) =>
                (b.when as NonNullable<typeof b.when>)(context, (event as DoneActorEvent<Out>).output),
            }
          : {}),
        actions: assign(
          ({ context, event }: { context: C; event: AnyEventObject }) =>
            ({ ...(b.update ? b.update(context, (event as DoneActorEvent<Out>).output) : {}), ...ended }) as Partial<C>,
        ),
      })),
      onError: {
        target: back,
        actions: assign(
          ({ event }: { event: AnyEventObject }) =>
            ({ error: failureMessage(spec.failed, (event as ErrorActorEvent).error), ...ended }) as Partial<C>,
        ),
      },
    },
    on: spec.cancellable ? { CANCEL: { target: back, actions: assign(() => ended as Partial<C>) } } : {},
  } as never;
}

type ProgressEvent = { type: 'PROGRESS'; event: OperationEvent };

/** Root handlers every journey has: its own operation's progress (PROGRESS), dismissing a message (DISMISS_ERROR). */
export const onProgress = {
  guard: ({ context, event }: { context: OpSlots; event: AnyEventObject }) =>
    (event as ProgressEvent).event.opId === context.opId,
  actions: assign(({ event }: { event: AnyEventObject }) => {
    const e = (event as ProgressEvent).event;
    return {
      progress: { message: e.message, kind: e.kind, ...(e.fraction !== undefined ? { fraction: e.fraction } : {}) },
    };
  }),
} as never;

export const onDismissError = { actions: assign(() => ({ error: null })) } as never;

/** Exit action of every step: a message belongs to the step it happened on. */
export const clearError = assign(() => ({ error: null })) as never;

export const hasErrors = (fs: readonly Finding[] | undefined | null): boolean =>
  (fs ?? []).some((f) => f.severity === 'error');

/** A PFX file or password changed: the secrets bag gets it and the earlier analysis is stale. */
export function transientPatch<T extends object>(transient: T, key: string, value: unknown): T {
  const next = { ...transient } as Record<string, unknown>;
  if (value === null || value === undefined) delete next[key];
  else next[key] = value;
  return next as T;
}

/** What a view needs to show for a running operation (from tags and meta, never from a list). */
export function busyOf(snapshot: AnyMachineSnapshot): { label: string; cancellable: boolean } | null {
  const s = snapshot as { hasTag(tag: string): boolean; getMeta(): Record<string, unknown> };
  if (!s.hasTag('busy')) return null;
  const meta = Object.values(s.getMeta()).find(
    (m): m is OpMeta => typeof (m as OpMeta | undefined)?.label === 'string',
  );
  return { label: meta?.label ?? 'Working', cancellable: s.hasTag('cancellable') };
}
