// Redeploy / upgrade: read the saved scripts (or a project) with the source machine, ask the target
// version there, explain what version 26 changes, let the admin change what a redeploy may change
// (nodes and their addresses, instance count, address lists, the PFX), check the PFX and the Owner
// right, show old → new, and emit the redeploy set.
import { assign, setup } from 'xstate';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project } from '../../shared/model/project.ts';
import { emptyProject } from '../../shared/model/project.ts';
import { validateProject } from '../../shared/rules/validate.ts';
import { computeFindings, findingsFor } from './findings-and-edits.ts';
import { KIT_ACTORS, hasErrors } from './kit.ts';
import { changesSince, sourceMachine, type ChangeItem, type SourceReadyEvent } from './source.ts';
import {
  EDITS,
  GUARDS,
  OPS,
  baseContext,
  generating,
  regionOf,
  sourcePatch,
  step,
  type EditEvent,
  type JourneyContext,
  type JourneyInput,
  type OpEvent,
} from './journey.ts';

export { changesSince, type ChangeItem };

export const REDEPLOY_STEPS = ['import', 'changes', 'values', 'checks', 'review'] as const;
export type RedeployStep = (typeof REDEPLOY_STEPS)[number];

export interface RedeployContext extends JourneyContext {
  /** The deployment as read, before any change here: what the review compares against. */
  baseline: Project | null;
  targetVersion: string;
  /** "What changes" for this admin, computed once by the source machine. */
  changes: ChangeItem[];
  /** Offline: the admin confirms themselves what the wizard could not check. */
  confirmedPfx: boolean;
  confirmedOwner: boolean;
}

export type RedeployEvent =
  | EditEvent
  | OpEvent
  | SourceReadyEvent
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_TARGET_VERSION'; version: string }
  | { type: 'SET_REDEPLOY_REGION'; index: number }
  | { type: 'ANALYZE_PFX' }
  | { type: 'CHECK_OWNER' }
  | { type: 'CONFIRM'; what: 'pfx' | 'owner'; value: boolean };

/** The fields a redeploy may change (the card's promise), checked on the "What you change" step. */
export const REDEPLOY_FIELDS = [
  'PxNodeFqdns',
  'pool',
  'members',
  'nodes',
  'PxTeamsConnInstanceCount',
  'PxPfxCertFileName',
  'PxMgmtSrcAddrPrefixes',
  'PxNodesSourceAddressPrefixes',
  'PxConsentSourceAddressPrefixes',
  'appId',
];

/** Findings on the connector version alone (asked before anything is read). */
export function versionFindings(version: string): Finding[] {
  return validateProject({ ...emptyProject(), connectorVersion: version }).filter(
    (f) => f.field === 'connectorVersion',
  );
}

export interface Difference {
  label: string;
  before: string;
  after: string;
}

/** Old → new for everything a redeploy can change in the region it redeploys. */
export function redeployDiff(before: Project | null, after: Project | null, regionIndex: number): Difference[] {
  const a = before?.regions[regionIndex];
  const b = after?.regions[regionIndex];
  if (!before || !after || !a || !b) return [];
  const list = (x: readonly string[]) => (x.length ? x.join(', ') : '(none)');
  const members = (r: typeof a) => list(r.nodes.members.map((m) => (m.ip ? `${m.fqdn} (${m.ip})` : m.fqdn)));
  const rows: Difference[] = [
    { label: 'Teams Connector version', before: before.connectorVersion, after: after.connectorVersion },
    {
      label: 'Conferencing Node FQDNs ($PxNodeFqdns)',
      before: list(a.variables.PxNodeFqdns),
      after: list(b.variables.PxNodeFqdns),
    },
    { label: 'Pool name', before: a.nodes.pool || '(none)', after: b.nodes.pool || '(none)' },
    { label: 'Conferencing Nodes and addresses', before: members(a), after: members(b) },
    {
      label: 'Instances ($PxTeamsConnInstanceCount)',
      before: a.variables.PxTeamsConnInstanceCount,
      after: b.variables.PxTeamsConnInstanceCount,
    },
    {
      label: 'Certificate file ($PxPfxCertFileName)',
      before: a.variables.PxPfxCertFileName,
      after: b.variables.PxPfxCertFileName,
    },
    {
      label: 'Management addresses ($PxMgmtSrcAddrPrefixes)',
      before: list(a.variables.PxMgmtSrcAddrPrefixes),
      after: list(b.variables.PxMgmtSrcAddrPrefixes),
    },
    {
      label: 'Node addresses ($PxNodesSourceAddressPrefixes)',
      before: list(a.variables.PxNodesSourceAddressPrefixes),
      after: list(b.variables.PxNodesSourceAddressPrefixes),
    },
    {
      label: 'Consent addresses ($PxConsentSourceAddressPrefixes)',
      before: list(a.variables.PxConsentSourceAddressPrefixes),
      after: list(b.variables.PxConsentSourceAddressPrefixes),
    },
    { label: 'App ID', before: before.app.appId ?? '(none)', after: after.app.appId ?? '(none)' },
  ];
  return rows.filter((r) => r.before !== r.after);
}

/** Both checks pass: the PFX (analysed without errors, or confirmed) and the Owner right (checked, or confirmed). */
export function checksPass(
  ctx: Pick<RedeployContext, 'cert' | 'confirmedPfx' | 'preflight' | 'confirmedOwner'>,
): boolean {
  const pfx = ctx.cert !== null ? !hasErrors(ctx.cert.findings) : ctx.confirmedPfx;
  const owner =
    ctx.preflight?.facts.canActAsOwner === true || (ctx.preflight?.facts.canActAsOwner !== false && ctx.confirmedOwner);
  return pfx && owner;
}

const regionName = (c: RedeployContext) => regionOf(c)?.variables.PxVmssRegion ?? null;

export const redeployMachine = setup({
  types: { context: {} as RedeployContext, events: {} as RedeployEvent, input: {} as JourneyInput },
  actors: { ...KIT_ACTORS, source: sourceMachine },
  guards: {
    ...GUARDS,
    imported: ({ context }) =>
      context.project !== null &&
      context.project.regions.length > 0 &&
      !hasErrors(versionFindings(context.targetVersion)),
    valuesOk: ({ context }) => !hasErrors(findingsFor(context.findings, REDEPLOY_FIELDS, regionName(context))),
    checksOk: ({ context }) => context.project !== null && checksPass(context),
  },
}).createMachine({
  id: 'redeploy',
  context: ({ input }) => {
    const project = input.source?.project ?? input.project ?? null;
    return {
      ...baseContext('redeploy', project, input.source),
      baseline: project,
      targetVersion: project?.connectorVersion ?? '26.2',
      changes: input.source?.changes ?? changesSince('', ''),
      confirmedPfx: false,
      confirmedOwner: false,
    };
  },
  initial: 'import',
  on: {
    ...EDITS,
    SET_TARGET_VERSION: {
      actions: assign(({ context, event }) => {
        const project = context.project ? { ...context.project, connectorVersion: event.version.trim() } : null;
        return {
          targetVersion: event.version.trim(),
          project,
          findings: project ? computeFindings(project) : [],
          cert: null,
        };
      }),
    },
    CONFIRM: {
      actions: assign(({ event }) =>
        event.what === 'pfx' ? { confirmedPfx: event.value } : { confirmedOwner: event.value },
      ),
    },
  },
  states: {
    import: {
      invoke: { id: 'source', src: 'source', input: { list: true } },
      on: {
        'SOURCE.READY': {
          actions: assign(({ context, event }) => ({
            ...sourcePatch(context, event.result, { ...event.result.project, connectorVersion: context.targetVersion }),
            baseline: event.result.project,
            changes: event.result.changes,
          })),
        },
        NEXT: { guard: 'imported', target: 'changes' },
      },
    },
    changes: step({ back: '#redeploy.import', editing: { NEXT: '#redeploy.values' } }),
    values: step({
      back: '#redeploy.changes',
      editing: {
        NEXT: { guard: 'valuesOk', target: '#redeploy.checks' },
        SET_REDEPLOY_REGION: {
          actions: assign(({ event }: { event: { index: number } }) => ({
            regionIndex: event.index,
            cert: null,
            preflight: null,
          })),
        },
      },
    }),
    checks: step({
      back: '#redeploy.values',
      editing: {
        NEXT: { guard: 'checksOk', target: '#redeploy.review' },
        ANALYZE_PFX: { guard: 'canAnalyzePfx', target: 'analyzing' },
        SIGN_IN: 'signingIn',
        CHECK_OWNER: { guard: 'signedIn', target: 'checkingOwner' },
      },
      ops: { analyzing: OPS.analyzingPfx, signingIn: OPS.signingIn, checkingOwner: OPS.checkingOwner },
    }),
    review: step({
      back: '#redeploy.checks',
      initial: 'generating',
      editing: {
        FINISH: { guard: 'generatedOk', target: '#redeploy.done' },
        SAVE_ALL: { guard: 'generatedOk', target: 'saving' },
      },
      ops: { generating: generating(), saving: OPS.saving },
    }),
    done: { type: 'final' },
  },
});

export type RedeployMachine = typeof redeployMachine;
