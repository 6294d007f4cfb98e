// Runs a journey machine for a view: the API supplied to it (withApi), progress events from the
// bridge, the allow-listed persistence at step boundaries (removed when the journey ends; in
// Electron also the project file through the API), focus on the new step's heading so keyboard and
// screen-reader users land in the right place, and what the frame shows while an operation runs.
import { useEffect, useMemo, useState } from 'react';
import { useActorRef, useSelector } from '@xstate/react';
import type { AnyStateMachine, AnyActorRef, AnyMachineSnapshot, SnapshotFrom, ActorRefFrom } from 'xstate';
import type { Journey } from '../../shared/api/wizard-api.ts';
import type { Project } from '../../shared/model/project.ts';
import { persistAtStepBoundaries, restoreSnapshot, type StoredJourney } from '../machines/persist.ts';
import { forwardProgress } from '../machines/findings-and-edits.ts';
import { busyOf, withApi, type ProgressState } from '../machines/kit.ts';
import { sourceMachine, type SourceResult } from '../machines/source.ts';
import { useApi } from '../components/fields.tsx';

export interface JourneyProps {
  source?: SourceResult | undefined;
  stored?: StoredJourney | undefined;
  onExit: () => void;
}

export interface Busy {
  label: string;
  progress: ProgressState;
  onCancel?: (() => void) | undefined;
}

export function useJourney<M extends AnyStateMachine>(
  machine: M,
  journey: Journey,
  props: JourneyProps,
): [SnapshotFrom<M>, ActorRefFrom<M>, Busy | null] {
  const { api, mode } = useApi();
  const provided = useMemo(() => withApi(machine, api, { source: sourceMachine }), [machine, api]);
  // Read once: useActorRef uses its options only when the actor is created.
  const [options] = useState(() => ({
    input: props.source ? { source: props.source } : {},
    ...(props.stored ? { snapshot: restoreSnapshot(machine, props.stored) } : {}),
  }));
  const actor = useActorRef(provided, options as never) as unknown as ActorRefFrom<M>;
  const snapshot = useSelector(actor, (s) => s) as SnapshotFrom<M>;
  const ref = actor as unknown as AnyActorRef;

  useEffect(() => forwardProgress(api, ref), [ref, api]);

  useEffect(() => {
    let storage: Storage | null = null;
    try {
      storage = window.localStorage;
    } catch {
      storage = null;
    }
    if (!storage) return undefined;
    let projectId: string | undefined;
    return persistAtStepBoundaries(ref, journey, storage, () => {
      focusHeading();
      if (mode !== 'electron') return;
      const project = (ref.getSnapshot() as { context: { project: Project | null } }).context.project;
      if (!project || project.regions.length === 0) return;
      const name = project.regions[0]?.variables.PxBaseConnName || 'New deployment';
      api.saveProject(project, name, projectId).then(
        (e) => {
          projectId = e.id;
        },
        () => undefined,
      );
    });
  }, [ref, api, journey, mode]);

  const snap = snapshot as unknown as AnyMachineSnapshot;
  const b = busyOf(snap);
  const busy = b
    ? {
        label: b.label,
        progress: (snap.context as { progress: ProgressState }).progress,
        onCancel: b.cancellable ? () => ref.send({ type: 'CANCEL' }) : undefined,
      }
    : null;
  return [snapshot, actor, busy];
}

function focusHeading(): void {
  requestAnimationFrame(() => {
    const h = document.querySelector<HTMLElement>('[data-step-heading]');
    h?.focus({ preventScroll: false });
  });
}

/** The current step of a snapshot (its top-level state). */
export function stepOf(value: unknown): string {
  return typeof value === 'string' ? value : (Object.keys(value as object)[0] ?? '');
}

/** The sub-state of the current step, e.g. "analyzing" (only to tell which panel shows a spinner). */
export function subOf(value: unknown): string {
  if (typeof value === 'string') return '';
  const v = Object.values(value as object)[0];
  return typeof v === 'string' ? v : '';
}
