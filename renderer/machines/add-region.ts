// Add a region: start from a saved project or the admin's scripts (the source machine), ask only
// for the regional values (guide, "Deploying a Teams Connector in another Azure region"), check
// them against the regions that exist, then prepare Azure and emit the new region's scripts.
import { assign, setup } from 'xstate';
import type { Project, Region } from '../../shared/model/project.ts';
import { computeFindings, findingsFor, REGIONAL_FIELDS } from './findings-and-edits.ts';
import { KIT_ACTORS, hasErrors } from './kit.ts';
import { sourceMachine, type SourceReadyEvent } from './source.ts';
import {
  EDITS,
  GUARDS,
  OPS,
  baseContext,
  generating,
  regionKey,
  sourcePatch,
  step,
  type EditEvent,
  type JourneyContext,
  type JourneyInput,
  type OpEvent,
} from './journey.ts';

export const ADD_REGION_STEPS = ['source', 'region', 'certificate', 'preparation', 'review', 'after'] as const;
export type AddRegionStep = (typeof ADD_REGION_STEPS)[number];

export type AddRegionContext = JourneyContext;

export type AddRegionEvent =
  | EditEvent
  | OpEvent
  | SourceReadyEvent
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'ANALYZE_PFX' }
  | { type: 'PREPARE' }
  | { type: 'SHOW_POWERSHELL' }
  | { type: 'READ_IP' };

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

const ADD_FIELDS = [...REGIONAL_FIELDS, 'connectorVersion'];

export const addRegionMachine = setup({
  types: { context: {} as AddRegionContext, events: {} as AddRegionEvent, input: {} as JourneyInput },
  actors: { ...KIT_ACTORS, source: sourceMachine },
  guards: {
    ...GUARDS,
    hasSource: ({ context }) => (context.project?.regions.length ?? 0) > 0,
    regionOk: ({ context }) =>
      regionKey(context) !== '' && !hasErrors(findingsFor(context.findings, ADD_FIELDS, regionKey(context))),
    certificateOk: ({ context }) => !hasErrors(context.cert?.findings),
  },
  actions: {
    addNewRegion: assign(({ context }) => {
      const project = context.project as Project;
      const next = { ...project, regions: [...project.regions, newRegionFrom(project.regions[0] as Region)] };
      return {
        project: next,
        regionIndex: next.regions.length - 1,
        findings: computeFindings(next),
        cert: null,
        prepare: null,
        generated: null,
      };
    }),
    dropNewRegion: assign(({ context }) => {
      const project = context.project as Project;
      return { project: { ...project, regions: project.regions.slice(0, -1) }, regionIndex: 0 };
    }),
  },
}).createMachine({
  id: 'addRegion',
  context: ({ input }) => baseContext('add-region', input.source?.project ?? input.project ?? null, input.source),
  initial: 'source',
  on: EDITS,
  states: {
    source: {
      invoke: { id: 'source', src: 'source', input: { list: true } },
      on: {
        'SOURCE.READY': { actions: assign(({ context, event }) => sourcePatch(context, event.result)) },
        NEXT: { guard: 'hasSource', target: 'region', actions: 'addNewRegion' },
      },
    },
    region: step({
      back: { target: '#addRegion.source', actions: 'dropNewRegion' },
      editing: { NEXT: { guard: 'regionOk', target: '#addRegion.certificate' } },
    }),
    certificate: step({
      back: '#addRegion.region',
      editing: {
        NEXT: { guard: 'certificateOk', target: '#addRegion.preparation' },
        ANALYZE_PFX: { guard: 'canAnalyzePfx', target: 'analyzing' },
      },
      ops: { analyzing: OPS.analyzingPfx },
    }),
    preparation: step({
      back: '#addRegion.certificate',
      editing: {
        NEXT: { guard: 'preparationOk', target: '#addRegion.review' },
        SIGN_IN: 'signingIn',
        PREPARE: { guard: 'signedIn', target: 'preparing' },
        SHOW_POWERSHELL: 'describing',
      },
      ops: { signingIn: OPS.signingIn, preparing: OPS.preparing, describing: OPS.describing },
    }),
    review: step({
      back: '#addRegion.preparation',
      initial: 'generating',
      editing: {
        NEXT: { guard: 'generatedOk', target: '#addRegion.after' },
        GENERATE: 'generating',
        SAVE_ALL: { guard: 'generatedOk', target: 'saving' },
      },
      ops: { generating: generating(), saving: OPS.saving },
    }),
    after: step({
      back: '#addRegion.review',
      editing: {
        FINISH: '#addRegion.done',
        READ_IP: { guard: 'signedIn', target: 'readingIp' },
        DOCTOR: { guard: 'signedIn', target: 'doctoring' },
        SIGN_IN: 'signingIn',
      },
      ops: { readingIp: OPS.readingIp, doctoring: OPS.doctoring, signingIn: OPS.signingIn },
    }),
    done: { type: 'final' },
  },
});

export type AddRegionMachine = typeof addRegionMachine;
