// Where a journey's deployment comes from: a saved project, or the admin's own scripts read back.
// One machine, invoked by the start page, "Add a region" and "Redeploy"; it tells its parent with
// SOURCE.READY. The pasted scripts stay in this machine's memory (never persisted); what a
// journey needs from them ("what changes", the app password) is computed here, once.
import { assign, sendParent, setup } from 'xstate';
import type { FileRef, ProjectEntry } from '../../shared/api/wizard-api.ts';
import type { Finding } from '../../shared/model/finding.ts';
import type { Project, Secrets } from '../../shared/model/project.ts';
import { KIT_ACTORS, OP_SLOTS, onProgress, onDismissError, operations, type OpSlots } from './kit.ts';

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
      detail:
        'From version 26 the redeploy script removes the old dynamic resource group (the one holding the running instances) itself, so you no longer delete it in the Azure portal. Copy $AppId and $AppPassword from your old redeploy script into the new one; the wizard does that for you when it can read them.',
      applies: redeployScript.trim() === '' || !removesDynamicRg,
    },
    {
      id: 'modules',
      title: 'Az PowerShell module 4.7.0 or later',
      detail:
        'Since version 25 the scripts load Az 4.7.0 or later (earlier scripts pinned 3.0.0–4.5.0). Update the module on the PC you run the scripts from.',
      applies: oldMajor !== null && oldMajor < 25,
    },
    {
      id: 'dns',
      title: 'DNS A record instead of CNAME (26.1)',
      detail:
        "A CNAME is no longer needed: point the Teams Connector's host name at the load balancer's public IP with an A record. An existing CNAME keeps working.",
      applies: true,
    },
  ];
}

/** What a source hands to the journey. `secrets` is memory-only (the app password of a redeploy script). */
export interface SourceResult {
  project: Project;
  findings: Finding[];
  secrets: Secrets;
  changes: ChangeItem[];
}

export interface SourceContext extends OpSlots {
  /** Whether saved projects are offered (listed on entry). */
  list: boolean;
  projects: ProjectEntry[];
  initScript: string;
  redeployScript: string;
  importFindings: Finding[];
  result: SourceResult | null;
}

export type SourceEvent =
  | { type: 'LOAD'; id: string }
  | { type: 'SET_SCRIPTS'; initScript?: string; redeployScript?: string }
  | { type: 'IMPORT' }
  | { type: 'OPEN_FILE'; file: FileRef }
  | { type: 'CANCEL' }
  | { type: 'DISMISS_ERROR' }
  | { type: 'PROGRESS'; event: import('../../shared/api/wizard-api.ts').OperationEvent };

export interface SourceInput {
  list: boolean;
}

export type SourceReadyEvent = { type: 'SOURCE.READY'; result: SourceResult };

const op = operations<SourceContext, SourceEvent>();

const NOTHING_READ =
  'Nothing usable was found in the script. Check that you pasted the variables initialization script (the one that sets $PxBaseConnName and friends).';

export const sourceMachine = setup({
  types: { context: {} as SourceContext, events: {} as SourceEvent, input: {} as SourceInput },
  actors: KIT_ACTORS,
  guards: {
    hasInitScript: ({ context }) => context.initScript.trim() !== '',
  },
}).createMachine({
  id: 'source',
  context: ({ input }) => ({
    ...OP_SLOTS,
    list: input.list,
    projects: [],
    initScript: '',
    redeployScript: '',
    importFindings: [],
    result: null,
  }),
  initial: 'start',
  on: {
    PROGRESS: onProgress,
    DISMISS_ERROR: onDismissError,
    // Typing is kept in every state: the page shows the script fields while saved projects are still
    // being listed (a slow disk or a loaded machine), and nothing typed may be lost.
    SET_SCRIPTS: {
      actions: assign({
        initScript: ({ context, event }) => event.initScript ?? context.initScript,
        redeployScript: ({ context, event }) => event.redeployScript ?? context.redeployScript,
      }),
    },
  },
  states: {
    start: {
      always: [{ guard: ({ context }) => context.list, target: 'listing' }, { target: 'editing' }],
    },
    listing: op({
      src: 'listProjects',
      label: 'Looking for saved projects',
      failed: 'Saved projects could not be listed',
      request: () => null,
      done: (_, projects) => ({ projects }),
    }),
    editing: {
      on: {
        LOAD: 'loading',
        IMPORT: { guard: 'hasInitScript', target: 'reading' },
        OPEN_FILE: 'openingFile',
      },
    },
    openingFile: op({
      src: 'openProjectFile',
      label: 'Reading the project file',
      failed: 'The project file could not be read',
      request: (_, event) => (event.type === 'OPEN_FILE' ? event.file : { name: '' }),
      done: [
        {
          when: (_, out) => out.project !== null,
          target: 'ready',
          update: (_, out) => ({
            importFindings: out.findings,
            result: {
              project: out.project as Project,
              findings: out.findings,
              secrets: {},
              changes: changesSince('', ''),
            },
          }),
        },
        {
          update: (_, out) => ({
            importFindings: out.findings,
            error:
              'Nothing usable was found in that file. Choose a project file the wizard or "tcw" saved (tcw-project/1), or read your scripts instead.',
          }),
        },
      ],
    }),
    loading: op({
      src: 'loadProject',
      label: 'Opening the project',
      failed: 'The project could not be opened',
      request: (_, event) => (event.type === 'LOAD' ? event.id : ''),
      done: [
        {
          target: 'ready',
          update: (_, project) => ({
            importFindings: [],
            result: { project, findings: [], secrets: {}, changes: changesSince('', '') },
          }),
        },
      ],
    }),
    reading: op({
      src: 'importScripts',
      label: 'Reading your scripts',
      failed: 'The scripts could not be read',
      request: (c) => ({
        initScript: c.initScript,
        ...(c.redeployScript.trim() ? { redeployScript: c.redeployScript } : {}),
      }),
      done: [
        {
          when: (_, out) => out.project !== null,
          target: 'ready',
          update: (c, out) => ({
            importFindings: out.findings,
            result: {
              project: out.project as Project,
              findings: out.findings,
              secrets: out.secrets,
              changes: changesSince(c.initScript, c.redeployScript),
            },
          }),
        },
        { update: (_, out) => ({ importFindings: out.findings, error: NOTHING_READ }) },
      ],
    }),
    ready: {
      entry: sendParent(
        ({ context }) => ({ type: 'SOURCE.READY', result: context.result as SourceResult }) satisfies SourceReadyEvent,
      ),
      always: 'editing',
    },
  },
});

export type SourceMachine = typeof sourceMachine;
