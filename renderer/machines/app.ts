// The start page: pick a journey, open a saved project or import scripts (the shared source
// machine), or resume where the wizard stopped. What was opened or imported seeds the journey
// chosen next, with "what changes" and the app password (memory only) already worked out.
import { assign, setup } from 'xstate';
import type { JourneyId } from '../views/journeys.ts';
import type { StoredJourney } from './persist.ts';
import { sourceMachine, type SourceReadyEvent, type SourceResult } from './source.ts';

export interface AppContext {
  journey: JourneyId | null;
  source: SourceResult | null;
  stored: StoredJourney | null;
  /** Whether the journey view should restore `stored` (RESUME) or start fresh. */
  resume: boolean;
}

export type AppEvent =
  | { type: 'START'; journey: JourneyId }
  | { type: 'OPEN' }
  | { type: 'IMPORT' }
  | { type: 'RESUME' }
  | { type: 'DISCARD' }
  | { type: 'BACK' }
  | { type: 'EXIT' }
  | SourceReadyEvent;

export const appMachine = setup({
  types: { context: {} as AppContext, events: {} as AppEvent, input: {} as { stored: StoredJourney | null } },
  actors: { source: sourceMachine },
  guards: {
    hasStored: ({ context }) => context.stored !== null,
    hasSource: ({ context }) => context.source !== null,
  },
}).createMachine({
  id: 'app',
  context: ({ input }) => ({ journey: null, source: null, stored: input.stored, resume: false }),
  initial: 'start',
  states: {
    start: {
      entry: assign({ journey: () => null, resume: () => false }),
      on: {
        START: { target: 'journey', actions: assign({ journey: ({ event }) => event.journey, source: () => null }) },
        OPEN: 'open',
        IMPORT: 'import',
        RESUME: {
          guard: 'hasStored',
          target: 'journey',
          actions: assign({ journey: ({ context }) => context.stored?.journey ?? null, resume: () => true }),
        },
        DISCARD: { actions: assign({ stored: () => null }) },
      },
    },
    open: {
      invoke: { id: 'source', src: 'source', input: { list: true } },
      on: {
        BACK: 'start',
        'SOURCE.READY': { target: 'choose', actions: assign({ source: ({ event }) => event.result }) },
      },
    },
    import: {
      invoke: { id: 'source', src: 'source', input: { list: false } },
      on: {
        BACK: 'start',
        'SOURCE.READY': { target: 'choose', actions: assign({ source: ({ event }) => event.result }) },
      },
    },
    choose: {
      on: {
        START: { guard: 'hasSource', target: 'journey', actions: assign({ journey: ({ event }) => event.journey }) },
        BACK: { target: 'start', actions: assign({ source: () => null }) },
      },
    },
    journey: {
      on: { EXIT: { target: 'start', actions: assign({ stored: () => null, source: () => null }) } },
    },
  },
});
