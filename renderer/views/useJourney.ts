// Runs a journey machine for a view: progress events from the bridge, persistence at step
// boundaries (localStorage; in Electron also the project file through the API), focus on the
// new step's heading so keyboard and screen-reader users land in the right place.
import { useEffect } from 'react';
import { useActorRef, useSelector } from '@xstate/react';
import type { AnyStateMachine, AnyActorRef, SnapshotFrom, ActorRefFrom, InputFrom } from 'xstate';
import type { Journey, WizardApi } from '../../shared/api/wizard-api.ts';
import type { Project } from '../../shared/model/project.ts';
import { persistAtStepBoundaries, rehydrate } from '../machines/persist.ts';
import { forwardProgress } from '../machines/common.ts';

export interface JourneyOptions<M extends AnyStateMachine> {
  machine: M;
  journey: Journey;
  api: WizardApi;
  mode: 'electron' | 'browser';
  input: InputFrom<M>;
  stored?: unknown;
  storage?: Storage | undefined;
}

export function useJourney<M extends AnyStateMachine>(o: JourneyOptions<M>): [SnapshotFrom<M>, ActorRefFrom<M>] {
  const actor = useActorRef(o.machine, {
    input: o.input,
    ...(o.stored ? { snapshot: rehydrate(o.stored, o.api) } : {}),
  } as never) as unknown as ActorRefFrom<M>;
  const snapshot = useSelector(actor, (s) => s) as SnapshotFrom<M>;
  const ref = actor as unknown as AnyActorRef;

  useEffect(() => forwardProgress(o.api, ref), [ref, o.api]);

  useEffect(() => {
    const storage = o.storage ?? safeLocalStorage();
    if (!storage) return undefined;
    let projectId: string | undefined;
    return persistAtStepBoundaries(ref, o.journey, storage, () => {
      focusHeading();
      if (o.mode !== 'electron') return;
      const project = (ref.getSnapshot() as { context: { project: Project | null } }).context.project;
      if (!project || project.regions.length === 0) return;
      const name = project.regions[0]?.variables.PxBaseConnName || 'New deployment';
      o.api.saveProject(project, name, projectId).then((e) => { projectId = e.id; }, () => undefined);
    });
  }, [ref, o.api, o.journey, o.mode, o.storage]);

  return [snapshot, actor];
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function focusHeading(): void {
  requestAnimationFrame(() => {
    const h = document.querySelector<HTMLElement>('[data-step-heading]');
    h?.focus({ preventScroll: false });
  });
}

/** The current step of a snapshot (its top-level state). */
export function stepOf(value: unknown): string {
  return typeof value === 'string' ? value : Object.keys(value as object)[0] ?? '';
}

/** The sub-state of the current step, e.g. "preflighting". */
export function subOf(value: unknown): string {
  if (typeof value === 'string') return '';
  const v = Object.values(value as object)[0];
  return typeof v === 'string' ? v : '';
}
