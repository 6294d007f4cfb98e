// Resume after a crash or restart. What is stored is an ALLOW-LIST per journey: the project (which
// never holds a secret, see shared/model/project.ts), the step, and the admin's non-secret
// choices. Never a password, a pasted script or install output, a certificate, a generated
// artifact, a finding (its text may quote input) or a result from Azure. Everything else is
// rebuilt from the project when the journey resumes. The key is removed when a journey ends.
import { initialTransition, type AnyActorRef, type AnyStateMachine } from 'xstate';
import type { Journey } from '../../shared/api/wizard-api.ts';
import type { Project } from '../../shared/model/project.ts';

export const STORAGE_KEY = 'tcw.journey';
/** Keys written by earlier versions, removed on sight (they could hold secrets). */
const LEGACY_KEYS = ['tcw.journey/1'];

/**
 * Version of each journey machine's states and context. Bump it when a step is renamed or a stored
 * key changes meaning: a snapshot of another version is discarded, never half-restored.
 */
export const MACHINE_VERSION: Record<Journey, number> = { 'first-install': 2, 'add-region': 2, redeploy: 2 };

/** The context keys each journey may store. Anything not named here stays in memory. */
export const PERSISTED_KEYS: Record<Journey, readonly string[]> = {
  'first-install': ['project', 'regionIndex', 'prereqs', 'prepareMode', 'ownerUpn', 'includeSecrets'],
  'add-region': ['project', 'regionIndex', 'prepareMode', 'ownerUpn'],
  redeploy: ['project', 'baseline', 'region', 'changes', 'confirmedPfx', 'confirmedOwner'],
};

/** The part of the Web Storage API used here (also implementable in tests without a DOM). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface StoredJourney {
  journey: Journey;
  version: number;
  savedAt: string;
  /** The state value (a step waiting for input). */
  step: unknown;
  context: Record<string, unknown>;
}

const JOURNEYS: Journey[] = ['first-install', 'add-region', 'redeploy'];

export function serializeJourney(journey: Journey, snapshot: { value: unknown; context: unknown }): string {
  const ctx = snapshot.context as Record<string, unknown>;
  const context = Object.fromEntries(PERSISTED_KEYS[journey].filter((k) => k in ctx).map((k) => [k, ctx[k]]));
  const stored: StoredJourney = {
    journey,
    version: MACHINE_VERSION[journey],
    savedAt: new Date().toISOString(),
    step: snapshot.value,
    context,
  };
  return JSON.stringify(stored);
}

/** Reads a stored journey back; null when there is none, it is unreadable or of another version (then it is removed). */
export function readStoredJourney(storage: Pick<KeyValueStore, 'getItem' | 'removeItem'>): StoredJourney | null {
  for (const k of LEGACY_KEYS) if (storage.getItem(k) !== null) storage.removeItem(k);
  const text = storage.getItem(STORAGE_KEY);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as StoredJourney;
    if (!parsed || typeof parsed !== 'object' || !JOURNEYS.includes(parsed.journey)) throw new Error('bad shape');
    if (parsed.version !== MACHINE_VERSION[parsed.journey]) throw new Error('other version');
    if (!atStepBoundary(parsed.step) || !parsed.context || typeof parsed.context !== 'object')
      throw new Error('bad shape');
    return parsed;
  } catch {
    storage.removeItem(STORAGE_KEY);
    return null;
  }
}

export function clearStoredJourney(storage: Pick<KeyValueStore, 'removeItem'> | null | undefined): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    /* storage blocked: nothing was stored either */
  }
}

/**
 * A snapshot to start the journey's actor from: the context the machine builds for the stored
 * project (findings recomputed), with the stored choices on top, in the stored step.
 */
export function restoreSnapshot(machine: AnyStateMachine, stored: StoredJourney): unknown {
  const project = stored.context.project as Project | null | undefined;
  const [initial] = initialTransition(machine, project ? { project } : {});
  const context = { ...(initial.context as Record<string, unknown>), ...stored.context };
  return {
    status: 'active',
    value: stored.step,
    context,
    children: {},
    historyValue: {},
    output: undefined,
    error: undefined,
  };
}

/** The top-level step a snapshot is in, e.g. "naming" for { naming: 'editing' }. */
export function topStep(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.keys(value)[0] ?? '';
  return '';
}

/** True while a step waits for input (no operation, no child machine running): the only moments worth saving. */
export function atStepBoundary(value: unknown): boolean {
  if (value && typeof value === 'object') return Object.values(value).every((v) => v === 'editing');
  return false;
}

/**
 * Saves the allowed part of the actor's snapshot whenever it enters a new step (or the step's
 * editing state after an operation), and removes it when the journey ends. Returns the unsubscribe.
 */
export function persistAtStepBoundaries(
  actor: AnyActorRef,
  journey: Journey,
  storage: Pick<KeyValueStore, 'setItem' | 'removeItem'>,
  onStep?: (step: string) => void,
): () => void {
  let last = '';
  const sub = actor.subscribe((snap: { value: unknown; status: string; context: unknown }) => {
    if (snap.status === 'done') {
      clearStoredJourney(storage);
      return;
    }
    if (snap.status !== 'active' || !atStepBoundary(snap.value)) return;
    const key = JSON.stringify(snap.value);
    if (key === last) return;
    const stepChanged = topStep(snap.value) !== topStep(last ? JSON.parse(last) : '');
    last = key;
    try {
      storage.setItem(STORAGE_KEY, serializeJourney(journey, snap));
    } catch {
      // Storage full or blocked: resuming is a convenience, never a reason to stop the wizard.
    }
    if (stepChanged) onStep?.(topStep(snap.value));
  });
  return () => sub.unsubscribe();
}
