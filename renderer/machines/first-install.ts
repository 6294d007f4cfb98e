// First install: one state per step of the guide's first-install chapter, built from the journey
// kit (journey.ts). Each step's NEXT is guarded (the view asks `snapshot.can({ type: 'NEXT' })`).
import { assign, setup, type AnyEventObject } from 'xstate';
import type { GenerateResult, ImportResult } from '../../shared/api/wizard-api.ts';
import type { Project } from '../../shared/model/project.ts';
import { emptyProject, defaultRegionVariables } from '../../shared/model/project.ts';
import { computeFindings, stepHasErrors, type FieldStep } from './findings-and-edits.ts';
import { KIT_ACTORS, hasErrors, operations } from './kit.ts';
import {
  EDITS,
  GUARDS,
  OPS,
  baseContext,
  generating,
  regionKey,
  setIncludeSecrets,
  step,
  type EditEvent,
  type JourneyContext,
  type JourneyInput,
  type OpEvent,
  type Transient,
} from './journey.ts';

export type { Transient };
export { regionKey };

export const FIRST_INSTALL_STEPS = [
  'prerequisites',
  'naming',
  'azure',
  'certificate',
  'nodes',
  'network',
  'admin',
  'options',
  'preparation',
  'review',
  'after',
] as const;
export type FirstInstallStep = (typeof FIRST_INSTALL_STEPS)[number];

export const PREREQUISITES = ['roles', 'modules', 'connectorZip', 'certificates'] as const;
export type PrereqKey = (typeof PREREQUISITES)[number];

export interface FirstInstallContext extends JourneyContext {
  /** Always there: first install starts from a blank project. */
  project: Project;
  prereqs: Record<PrereqKey, boolean>;
  /** Pasted install output: memory only (it holds $AppPassword). */
  installOutput: string;
}

export type FirstInstallEvent =
  | EditEvent
  | OpEvent
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_PREREQ'; key: PrereqKey; value: boolean }
  | { type: 'SET_INSTALL_OUTPUT'; text: string }
  | { type: 'PREFLIGHT' }
  | { type: 'ANALYZE_PFX' }
  | { type: 'ANALYZE_NODE_CERTS' }
  | { type: 'PREPARE' }
  | { type: 'SHOW_POWERSHELL' }
  | { type: 'GENERATE' }
  | { type: 'CAPTURE_OUTPUT' }
  | { type: 'READ_IP' };

function initialProject(): Project {
  const p = emptyProject();
  return {
    ...p,
    regions: [
      {
        variables: { ...defaultRegionVariables(), PxPfxCertFileName: '.\\connector.pfx' },
        nodes: { pool: '', members: [] },
        publicIp: null,
      },
    ],
  };
}

/** Text of the generated init script, which the importer reads alongside the pasted install output. */
export function generatedInitScript(generated: GenerateResult | null): string {
  return generated?.artifacts.find((a) => a.kind === 'init-script')?.content ?? '';
}

const withProject = (project: Project) => ({ project, findings: computeFindings(project) });
const stepOk = (ctx: JourneyContext, s: FieldStep): boolean => !stepHasErrors(ctx.findings, s, regionKey(ctx) || null);
const op = operations<FirstInstallContext, AnyEventObject>();
const next = (target: string, guard: unknown) => ({ NEXT: { guard, target: `#firstInstall.${target}` } });
const fieldStep = (back: string, s: FieldStep, to: string) =>
  step({ back: `#firstInstall.${back}`, editing: next(to, { type: 'stepOk', params: { step: s } }) });

/** After deployment: read $AppId and $AppPassword from the install output, then regenerate with them. */
const capturing = op({
  src: 'importScripts',
  label: 'Reading the install output',
  failed: 'The install output could not be read',
  request: (c) => ({ initScript: generatedInitScript(c.generated), installOutput: c.installOutput }),
  done: [
    {
      when: (_, out: ImportResult) => Boolean(out.project?.app.appId),
      target: 'regenerating',
      update: (c, out) => ({
        project: { ...(c.project as Project), app: { appId: out.project?.app.appId ?? null } },
        transient: out.secrets.appPassword ? { ...c.transient, appPassword: out.secrets.appPassword } : c.transient,
        importFindings: out.findings,
      }),
    },
    {
      update: (_, out) => ({
        importFindings: [
          ...out.findings,
          {
            region: null,
            field: 'installOutput',
            severity: 'error' as const,
            code: 'ui.app-id-not-found',
            message:
              'No line like $AppId = "…" was found in the pasted text. Paste everything the install script printed, including the lines that start with $AppId and $AppPassword.',
          },
        ],
      }),
    },
  ],
});

export const firstInstallMachine = setup({
  types: { context: {} as FirstInstallContext, events: {} as FirstInstallEvent, input: {} as JourneyInput },
  actors: KIT_ACTORS,
  guards: {
    ...GUARDS,
    prereqsConfirmed: ({ context }) => Object.values(context.prereqs).every(Boolean) && stepOk(context, 'version'),
    stepOk: ({ context }, params: { step: FieldStep }) => stepOk(context, params.step),
    certificateOk: ({ context }) => stepOk(context, 'certificate') && !hasErrors(context.cert?.findings),
    nodesOk: ({ context }) => stepOk(context, 'nodes') && !(context.nodeCerts ?? []).some((r) => hasErrors(r.findings)),
    hasInstallOutput: ({ context }) => context.installOutput.trim() !== '',
  },
}).createMachine({
  id: 'firstInstall',
  context: ({ input }) => ({
    ...baseContext('first-install', null, input.source),
    ...withProject(input.source?.project ?? input.project ?? initialProject()),
    prereqs: { roles: false, modules: false, connectorZip: false, certificates: false },
    installOutput: '',
  }),
  initial: 'prerequisites',
  on: {
    ...EDITS,
    SET_PREREQ: {
      actions: assign({ prereqs: ({ context, event }) => ({ ...context.prereqs, [event.key]: event.value }) }),
    },
    SET_INSTALL_OUTPUT: { actions: assign({ installOutput: ({ event }) => event.text }) },
  },
  states: {
    prerequisites: step({ editing: next('naming', 'prereqsConfirmed') }),
    naming: fieldStep('prerequisites', 'naming', 'azure'),
    azure: step({
      back: '#firstInstall.naming',
      editing: {
        ...next('certificate', { type: 'stepOk', params: { step: 'azure' } }),
        SIGN_IN: 'signingIn',
        PREFLIGHT: { guard: 'signedIn', target: 'preflighting' },
      },
      ops: { signingIn: OPS.signingIn, preflighting: OPS.preflighting },
    }),
    certificate: step({
      back: '#firstInstall.azure',
      editing: { ...next('nodes', 'certificateOk'), ANALYZE_PFX: { guard: 'canAnalyzePfx', target: 'analyzing' } },
      ops: { analyzing: OPS.analyzingPfx },
    }),
    nodes: step({
      back: '#firstInstall.certificate',
      editing: {
        ...next('network', 'nodesOk'),
        ANALYZE_NODE_CERTS: { guard: 'canAnalyzeNodeCerts', target: 'analyzing' },
      },
      ops: { analyzing: OPS.analyzingNodeCerts },
    }),
    network: fieldStep('nodes', 'network', 'admin'),
    admin: fieldStep('network', 'admin', 'options'),
    options: fieldStep('admin', 'options', 'preparation'),
    preparation: step({
      back: '#firstInstall.options',
      editing: {
        ...next('review', 'preparationOk'),
        PREPARE: { guard: 'signedIn', target: 'preparing' },
        SHOW_POWERSHELL: 'describing',
      },
      ops: { preparing: OPS.preparing, describing: OPS.describing },
    }),
    review: step({
      back: '#firstInstall.preparation',
      initial: 'generating',
      editing: {
        ...next('after', 'generatedOk'),
        GENERATE: 'generating',
        SET_INCLUDE_SECRETS: { target: 'generating', actions: setIncludeSecrets },
        SAVE_ALL: { guard: 'generatedOk', target: 'saving' },
      },
      ops: { generating: generating(), saving: OPS.saving },
    }),
    after: step({
      back: '#firstInstall.review',
      editing: {
        FINISH: '#firstInstall.done',
        CAPTURE_OUTPUT: { guard: 'hasInstallOutput', target: 'capturing' },
        READ_IP: { guard: 'signedIn', target: 'readingIp' },
        VERIFY: { guard: 'hasFqdn', target: 'verifying' },
        DOCTOR: { guard: 'signedIn', target: 'doctoring' },
        SIGN_IN: 'signingIn',
        SAVE_ALL: { guard: 'generatedOk', target: 'saving' },
      },
      ops: {
        signingIn: OPS.signingIn,
        capturing,
        regenerating: generating(),
        readingIp: OPS.readingIp,
        verifying: OPS.verifying,
        doctoring: OPS.doctoring,
        saving: OPS.saving,
      },
    }),
    done: { type: 'final' },
  },
});

export type FirstInstallMachine = typeof firstInstallMachine;
