// Every path through each journey, enumerated with xstate/graph: simple paths (no state twice)
// over the state values, with the operations' completions and failures as events. Checks that every
// state is reached, that every journey can be finished, and that steps are only entered in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getSimplePaths, getShortestPaths } from 'xstate/graph';
import {
  assign,
  transition,
  initialTransition,
  type AnyStateMachine,
  type AnyMachineSnapshot,
  type EventObject,
} from 'xstate';
import { exampleProject } from '../../../shared/model/example.ts';
import { firstInstallMachine, FIRST_INSTALL_STEPS, PREREQUISITES } from '../../../renderer/machines/first-install.ts';
import { addRegionMachine, ADD_REGION_STEPS } from '../../../renderer/machines/add-region.ts';
import { redeployMachine, REDEPLOY_STEPS } from '../../../renderer/machines/redeploy.ts';
import { appMachine } from '../../../renderer/machines/app.ts';
import { computeFindings } from '../../../renderer/machines/findings-and-edits.ts';
import { ACCOUNT, PREFLIGHT, PREPARED, CERT_OK, PUBLIC_IP, DOCTOR_REPORT } from './helpers.ts';
import { changesSince } from '../../../renderer/machines/source.ts';

/** Leaf state ids of a machine, e.g. "firstInstall.azure.preflighting". */
function leafIds(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const walk = (node: { id: string; states: Record<string, unknown> }) => {
    const kids = Object.values(node.states) as { id: string; states: Record<string, unknown> }[];
    if (kids.length === 0) out.push(node.id);
    kids.forEach(walk);
  };
  walk(machine.root as unknown as { id: string; states: Record<string, unknown> });
  return out;
}

function leafOf(s: AnyMachineSnapshot): string {
  return s._nodes
    .filter((n) => n.type === 'atomic' || n.type === 'final')
    .map((n) => n.id)
    .join(',');
}

const SOURCE_READY = {
  type: 'SOURCE.READY',
  result: { project: exampleProject(), findings: [], secrets: { appPassword: 'x' }, changes: changesSince('', '') },
} as EventObject;
const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output });
const fail = (id: string) => ({ type: `xstate.error.actor.${id}`, error: new Error(`${id} failed`) });

/** Events that model the user's navigation and each operation ending (well or badly). */
function opEvents(list: [string, unknown][]): EventObject[] {
  return list.flatMap(([id, output]) => [done(id, output), fail(id)]);
}

/** Simple paths over the state value (plus whether a project is loaded, which only grows). */
function paths(machine: AnyStateMachine, from: AnyMachineSnapshot, events: EventObject[], allowed: Set<string>) {
  return getSimplePaths(machine, {
    fromState: from,
    events,
    filterEvents: (_s: unknown, e: EventObject) => allowed.has(e.type) || e.type.startsWith('xstate.'),
    serializeState: (s: unknown) => {
      const m = s as AnyMachineSnapshot;
      return JSON.stringify([m.value, m.context.project != null]);
    },
  } as never);
}

/** The top-level steps a path goes through, in order, without repeats in a row. */
function stepTrail(steps: { state: unknown }[], last: AnyMachineSnapshot): string[] {
  const all = [...steps.map((s) => (s.state as AnyMachineSnapshot).value), last.value].map((v) =>
    typeof v === 'string' ? v : (Object.keys(v as object)[0] as string),
  );
  return all.filter((s, i) => s !== all[i - 1]);
}

function assertForwardInOrder(trail: string[], order: readonly string[]) {
  for (let i = 1; i < trail.length; i++) {
    const a = order.indexOf(trail[i - 1] as string);
    const b = order.indexOf(trail[i] as string);
    if (trail[i] === 'done') continue;
    assert.ok(
      Math.abs(b - a) === 1,
      `steps must change one at a time, got ${trail[i - 1]} → ${trail[i]} in ${trail.join(' > ')}`,
    );
  }
}

test('first install: every simple path, every state reached, finishable', () => {
  let s = initialTransition(firstInstallMachine, { project: exampleProject() })[0] as AnyMachineSnapshot;
  // Seed what the guards need, the way the user would: confirm the prerequisites, pick a PFX and node certificates.
  for (const key of PREREQUISITES) [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  [s] = transition(firstInstallMachine, s, {
    type: 'SET_PFX_FILE',
    file: { name: 'connector.pfx', dataBase64: 'AA==' },
  });
  [s] = transition(firstInstallMachine, s, {
    type: 'SET_NODE_CERT_FILES',
    files: [{ name: 'nodes.pem', dataBase64: 'AA==' }],
  });
  [s] = transition(firstInstallMachine, s, { type: 'SET_INSTALL_OUTPUT', text: '$AppId = "x"' });
  // Signed in and the static group prepared: every NEXT guard can pass.
  s = {
    ...s,
    context: {
      ...s.context,
      account: ACCOUNT,
      prepare: PREPARED,
      generated: {
        artifacts: [
          { kind: 'init-script', region: 'eu', fileName: 'eu/init.ps1', content: '', containsSecrets: false },
        ],
        findings: [],
      },
    },
  } as AnyMachineSnapshot;

  const events: EventObject[] = [
    { type: 'NEXT' },
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'CANCEL' },
    { type: 'SIGN_IN', method: 'browser' } as EventObject,
    { type: 'PREFLIGHT' },
    { type: 'ANALYZE_PFX' },
    { type: 'ANALYZE_NODE_CERTS' },
    { type: 'PREPARE' },
    { type: 'SHOW_POWERSHELL' },
    { type: 'GENERATE' },
    { type: 'SAVE_ALL', folder: '/tmp/x' } as EventObject,
    { type: 'CAPTURE_OUTPUT' },
    { type: 'READ_IP' },
    { type: 'VERIFY' },
    { type: 'DOCTOR' },
    ...opEvents([
      ['signIn', ACCOUNT],
      ['preflight', PREFLIGHT],
      ['analyzePfx', CERT_OK],
      ['analyzeNodeCerts', [CERT_OK]],
      ['prepare', PREPARED],
      [
        'generate',
        {
          artifacts: [
            { kind: 'init-script', region: 'eu', fileName: 'eu/init.ps1', content: '', containsSecrets: false },
          ],
          findings: [],
        },
      ],
      ['save', { folder: '/tmp/x', files: [], findings: [] }],
      [
        'importScripts',
        {
          project: { ...exampleProject(), app: { appId: '0b6a0f2e-1111-4222-8333-944444444444' } },
          findings: [],
          secrets: { appPassword: 'pw' },
        },
      ],
      ['publicIp', PUBLIC_IP],
      ['verify', { dns: { findings: [], records: [] }, tls: { findings: [], protocol: 'TLSv1.2', certificate: null } }],
      ['doctor', DOCTOR_REPORT],
    ]),
  ];
  const allowed = new Set(events.map((e) => e.type));
  const all = paths(firstInstallMachine, s, events, allowed);
  assert.ok(all.length >= leafIds(firstInstallMachine).length - 1, `one path at least per state, got ${all.length}`);

  const reached = new Set(all.map((p) => leafOf(p.state as AnyMachineSnapshot)));
  const missing = leafIds(firstInstallMachine).filter((id) => !reached.has(id));
  assert.deepEqual(missing, [], 'every state of the first install is reachable');

  const finished = all.filter((p) => (p.state as AnyMachineSnapshot).status === 'done');
  assert.ok(finished.length > 0, 'some path reaches the end');
  for (const p of all)
    assertForwardInOrder(stepTrail(p.steps, p.state as AnyMachineSnapshot), [...FIRST_INSTALL_STEPS, 'done']);
  // The shortest way to the end visits every step once, in the guide's order.
  const shortest = finished.reduce((a, b) => (a.steps.length <= b.steps.length ? a : b));
  assert.deepEqual(stepTrail(shortest.steps, shortest.state as AnyMachineSnapshot), [...FIRST_INSTALL_STEPS, 'done']);
});

test('first install offline: the end is reachable without any Azure sign-in (hand over the PowerShell)', () => {
  let s = initialTransition(firstInstallMachine, { project: exampleProject() })[0] as AnyMachineSnapshot;
  for (const key of PREREQUISITES) [s] = transition(firstInstallMachine, s, { type: 'SET_PREREQ', key, value: true });
  const genOut = {
    artifacts: [{ kind: 'init-script', region: 'eu', fileName: 'eu/init.ps1', content: '', containsSecrets: false }],
    findings: [],
  };
  const events: EventObject[] = [
    { type: 'NEXT' },
    { type: 'FINISH' },
    { type: 'PREPARE' },
    { type: 'SHOW_POWERSHELL' },
    { type: 'PREFLIGHT' },
    { type: 'READ_IP' },
    done('prepare', { ...PREPARED, remaining: ['Create the resource group'] }),
    done('generate', genOut),
  ];
  const allowed = new Set(events.map((e) => e.type));
  const sp = getShortestPaths(firstInstallMachine, {
    fromState: s,
    events,
    filterEvents: (_s: unknown, e: EventObject) => allowed.has(e.type),
    serializeState: (x: unknown) => {
      const m = x as AnyMachineSnapshot;
      return JSON.stringify([m.value, m.context.prepareMode, m.context.prepare !== null, m.context.generated !== null]);
    },
  } as never);
  const end = sp.find((p) => (p.state as AnyMachineSnapshot).status === 'done');
  assert.ok(end, 'finishable offline');
  const types = end.steps.map((st) => st.event.type);
  assert.ok(types.includes('SHOW_POWERSHELL'), 'offline path hands over the PowerShell');
  assert.ok(!types.includes('PREPARE') && !types.includes('PREFLIGHT'), 'no Azure call needed');
  // Without sign-in, Azure operations are refused by the guards.
  const states = sp.map((p) => leafOf(p.state as AnyMachineSnapshot));
  assert.ok(!states.includes('firstInstall.preparation.preparing'));
  assert.ok(!states.includes('firstInstall.azure.preflighting'));
});

test('add region: every simple path, every state reached, finishable', () => {
  // A machine whose new region is always the valid "us" one, so the region step's guard can pass.
  const filled = addRegionMachine.provide({
    actions: {
      addNewRegion: assign(({ context }) => {
        const p = context.project ?? exampleProject();
        const us = exampleProject().regions[0]!;
        us.variables = {
          ...us.variables,
          PxVmssRegion: 'us',
          PxTeamsConnFqdn: 'pexip-teamsconn-us.teams.example.com',
          PxAzureLocation: 'eastus',
        };
        const project = { ...p, regions: [...p.regions, us] };
        return { project, regionIndex: p.regions.length, findings: computeFindings(project) };
      }),
    },
  });
  let s = initialTransition(filled, {})[0] as AnyMachineSnapshot;
  [s] = transition(filled, s, { type: 'SET_PFX_FILE', file: { name: 'c.pfx', dataBase64: 'AA==' } });
  s = { ...s, context: { ...s.context, account: ACCOUNT, prepare: PREPARED } } as AnyMachineSnapshot;
  const events: EventObject[] = [
    { type: 'NEXT' },
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'CANCEL' },
    SOURCE_READY,
    { type: 'ANALYZE_PFX' },
    { type: 'SIGN_IN', method: 'browser' } as EventObject,
    { type: 'PREPARE' },
    { type: 'SHOW_POWERSHELL' },
    { type: 'SAVE_ALL', folder: '/tmp/x' } as EventObject,
    { type: 'READ_IP' },
    { type: 'DOCTOR' },
    ...opEvents([
      ['analyzePfx', CERT_OK],
      ['signIn', ACCOUNT],
      ['prepare', PREPARED],
      ['doctor', DOCTOR_REPORT],
      [
        'generate',
        {
          artifacts: [
            { kind: 'redeploy-script', region: 'us', fileName: 'us/redeploy.ps1', content: '', containsSecrets: false },
          ],
          findings: [],
        },
      ],
      ['save', { folder: '/tmp/x', files: [], findings: [] }],
      ['publicIp', PUBLIC_IP],
    ]),
  ];
  const allowed = new Set(events.map((e) => e.type));
  const all = paths(filled, s, events, allowed);
  const reached = new Set(all.map((p) => leafOf(p.state as AnyMachineSnapshot)));
  assert.deepEqual(
    leafIds(addRegionMachine).filter((id) => !reached.has(id)),
    [],
  );
  assert.ok(all.some((p) => (p.state as AnyMachineSnapshot).status === 'done'));
  for (const p of all)
    assertForwardInOrder(stepTrail(p.steps, p.state as AnyMachineSnapshot), [...ADD_REGION_STEPS, 'done']);
});

test('redeploy: every simple path, every state reached, finishable', () => {
  let s = initialTransition(redeployMachine, {})[0] as AnyMachineSnapshot;
  [s] = transition(redeployMachine, s, { type: 'SET_PFX_FILE', file: { name: 'c.pfx', dataBase64: 'AA==' } });
  s = {
    ...s,
    context: { ...s.context, confirmedPfx: true, confirmedOwner: true, account: ACCOUNT },
  } as AnyMachineSnapshot;
  const events: EventObject[] = [
    { type: 'NEXT' },
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'CANCEL' },
    SOURCE_READY,
    { type: 'ANALYZE_PFX' },
    { type: 'SIGN_IN', method: 'browser' } as EventObject,
    { type: 'CHECK_OWNER' },
    { type: 'SAVE_ALL', folder: '/tmp/x' } as EventObject,
    ...opEvents([
      ['analyzePfx', CERT_OK],
      ['signIn', ACCOUNT],
      ['preflight', PREFLIGHT],
      [
        'generate',
        {
          artifacts: [
            { kind: 'redeploy-script', region: 'eu', fileName: 'eu/redeploy.ps1', content: '', containsSecrets: false },
          ],
          findings: [],
        },
      ],
      ['save', { folder: '/tmp/x', files: [], findings: [] }],
    ]),
  ];
  const all = paths(redeployMachine, s, events, new Set(events.map((e) => e.type)));
  const reached = new Set(all.map((p) => leafOf(p.state as AnyMachineSnapshot)));
  assert.deepEqual(
    leafIds(redeployMachine).filter((id) => !reached.has(id)),
    [],
  );
  assert.ok(all.some((p) => (p.state as AnyMachineSnapshot).status === 'done'));
  for (const p of all)
    assertForwardInOrder(stepTrail(p.steps, p.state as AnyMachineSnapshot), [...REDEPLOY_STEPS, 'done']);
});

test('start page: every simple path; each journey can be started fresh, from a saved project or imported scripts, or resumed', () => {
  const stored = {
    journey: 'first-install' as const,
    version: 2,
    savedAt: '2026-01-01T00:00:00Z',
    step: { naming: 'editing' },
    context: {},
  };
  const s = initialTransition(appMachine, { stored })[0] as AnyMachineSnapshot;
  const events: EventObject[] = [
    { type: 'START', journey: 'first-install' },
    { type: 'START', journey: 'add-region' },
    { type: 'START', journey: 'redeploy' },
    { type: 'OPEN' },
    { type: 'IMPORT' },
    { type: 'RESUME' },
    { type: 'DISCARD' },
    { type: 'BACK' },
    { type: 'EXIT' },
    SOURCE_READY,
  ] as EventObject[];
  const all = getSimplePaths(appMachine, {
    fromState: s,
    events,
    filterEvents: () => true,
    serializeState: (x: unknown) => {
      const m = x as AnyMachineSnapshot;
      return JSON.stringify([m.value, m.context.journey, m.context.source !== null, m.context.stored !== null]);
    },
  } as never);
  const journeys = new Set(
    all
      .filter((p) => (p.state as AnyMachineSnapshot).value === 'journey')
      .map((p) => {
        const c = (p.state as AnyMachineSnapshot).context;
        return `${c.journey}:${c.source ? 'source' : c.resume ? 'resume' : 'fresh'}`;
      }),
  );
  for (const j of ['first-install', 'add-region', 'redeploy']) {
    assert.ok(journeys.has(`${j}:fresh`), `${j} fresh`);
    assert.ok(journeys.has(`${j}:source`), `${j} from a project or scripts`);
  }
  assert.ok(journeys.has('first-install:resume'));
  const reached = new Set(all.map((p) => leafOf(p.state as AnyMachineSnapshot)));
  assert.deepEqual(
    leafIds(appMachine).filter((id) => !reached.has(id)),
    [],
  );
});
