// The start page: pick a journey, open a saved project or import scripts, or resume where the
// wizard stopped. A project opened or imported here seeds the journey chosen next.
import { assign, setup } from 'xstate';
import type { ProjectEntry, WizardApi, ImportResult } from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project } from '../../shared/model/project.ts';
import type { StoredJourney } from './persist.ts';
import type { JourneyId } from '../views/journeys.ts';
import { listProjectsActor, loadProjectActor, importActor } from './actors.ts';
import { errorMessage } from './errors.ts';

export interface AppContext {
  api: WizardApi;
  journey: JourneyId | null;
  project: Project | null;
  projects: ProjectEntry[];
  initScript: string;
  redeployScript: string;
  importFindings: Finding[];
  stored: StoredJourney | null;
  /** Whether the journey view should restore `stored` (RESUME) or start fresh. */
  resume: boolean;
  error: string | null;
}

export type AppEvent =
  | { type: 'START'; journey: JourneyId }
  | { type: 'OPEN' }
  | { type: 'IMPORT' }
  | { type: 'RESUME' }
  | { type: 'DISCARD' }
  | { type: 'LOAD'; id: string }
  | { type: 'SET_SCRIPTS'; initScript?: string; redeployScript?: string }
  | { type: 'READ' }
  | { type: 'BACK' }
  | { type: 'EXIT' };

export const appMachine = setup({
  types: { context: {} as AppContext, events: {} as AppEvent, input: {} as { api: WizardApi; stored: StoredJourney | null } },
  actors: { listProjects: listProjectsActor, loadProject: loadProjectActor, importScripts: importActor },
  guards: {
    hasStored: ({ context }) => context.stored !== null,
    hasProject: ({ context }) => context.project !== null,
    hasInitScript: ({ context }) => context.initScript.trim() !== '',
  },
}).createMachine({
  id: 'app',
  context: ({ input }) => ({
    api: input.api, journey: null, project: null, projects: [], initScript: '', redeployScript: '', importFindings: [], stored: input.stored, resume: false, error: null,
  }),
  initial: 'start',
  states: {
    start: {
      entry: assign({ journey: () => null, resume: () => false }),
      on: {
        START: { target: 'journey', actions: assign({ journey: ({ event }) => event.journey, project: () => null }) },
        OPEN: 'open',
        IMPORT: 'import',
        RESUME: { guard: 'hasStored', target: 'journey', actions: assign({ journey: ({ context }) => context.stored?.journey ?? null, resume: () => true }) },
        DISCARD: { actions: assign({ stored: () => null }) },
      },
    },
    open: {
      initial: 'listing',
      on: { BACK: 'start' },
      states: {
        listing: {
          invoke: {
            src: 'listProjects',
            input: ({ context }) => ({ api: context.api }),
            onDone: { target: 'choosing', actions: assign({ projects: ({ event }) => event.output, error: () => null }) },
            onError: { target: 'choosing', actions: assign({ projects: () => [], error: ({ event }) => `Saved projects could not be listed: ${errorMessage(event.error)}` }) },
          },
        },
        choosing: { on: { LOAD: 'loading' } },
        loading: {
          invoke: {
            src: 'loadProject',
            input: ({ context, event }) => ({ api: context.api, id: event.type === 'LOAD' ? event.id : '' }),
            onDone: { target: '#app.choose', actions: assign({ project: ({ event }) => event.output, error: () => null }) },
            onError: { target: 'choosing', actions: assign({ error: ({ event }) => `The project could not be opened: ${errorMessage(event.error)}` }) },
          },
        },
      },
    },
    import: {
      initial: 'editing',
      on: { BACK: 'start' },
      states: {
        editing: {
          on: {
            SET_SCRIPTS: {
              actions: assign({
                initScript: ({ context, event }) => event.initScript ?? context.initScript,
                redeployScript: ({ context, event }) => event.redeployScript ?? context.redeployScript,
              }),
            },
            READ: { guard: 'hasInitScript', target: 'reading' },
          },
        },
        reading: {
          invoke: {
            src: 'importScripts',
            input: ({ context }) => ({ api: context.api, initScript: context.initScript, ...(context.redeployScript.trim() ? { redeployScript: context.redeployScript } : {}) }),
            onDone: [
              {
                guard: ({ event }) => (event.output as ImportResult).project !== null,
                target: '#app.choose',
                actions: assign({ project: ({ event }) => event.output.project, importFindings: ({ event }) => event.output.findings, error: () => null }),
              },
              { target: 'editing', actions: assign({ importFindings: ({ event }) => event.output.findings, error: () => 'Nothing usable was found in the script. Check that you pasted the variables initialization script (the one that sets $PxBaseConnName and friends).' }) },
            ],
            onError: { target: 'editing', actions: assign({ error: ({ event }) => `The scripts could not be read: ${errorMessage(event.error)}` }) },
          },
        },
      },
    },
    choose: {
      on: {
        START: { guard: 'hasProject', target: 'journey', actions: assign({ journey: ({ event }) => event.journey }) },
        BACK: { target: 'start', actions: assign({ project: () => null }) },
      },
    },
    journey: {
      on: { EXIT: { target: 'start', actions: assign({ stored: () => null, project: () => null }) } },
    },
  },
});
