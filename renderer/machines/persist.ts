// Resume after a crash or restart: the journey's persisted snapshot is written at step boundaries,
// without the API object and without anything kept in `transient` (passwords, PFX bytes).
import type { AnyActorRef, Snapshot } from 'xstate';
import type { WizardApi } from '../../shared/api/wizard-api.ts';
import type { Journey } from '../../shared/api/wizard-api.ts';

export const STORAGE_KEY = 'tcw.journey/1';

/** The part of the Web Storage API used here (also implementable in tests without a DOM). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface StoredJourney {
  journey: Journey;
  savedAt: string;
  snapshot: unknown;
}

/** Keys never written to storage: the bridge object and everything secret or bulky. */
const DROPPED = new Set(['api', 'transient']);

export function serializeSnapshot(journey: Journey, persisted: Snapshot<unknown>): string {
  const stored: StoredJourney = { journey, savedAt: new Date().toISOString(), snapshot: persisted };
  return JSON.stringify(stored, (key, value: unknown) => (DROPPED.has(key) ? undefined : value));
}

/** Reads a stored journey back; null when there is none or it is unreadable (then it is removed). */
export function readStoredJourney(storage: Pick<KeyValueStore, 'getItem' | 'removeItem'>): StoredJourney | null {
  const text = storage.getItem(STORAGE_KEY);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as StoredJourney;
    if (!parsed || typeof parsed !== 'object' || !parsed.snapshot || !['first-install', 'add-region', 'redeploy'].includes(parsed.journey)) throw new Error('bad shape');
    return parsed;
  } catch {
    storage.removeItem(STORAGE_KEY);
    return null;
  }
}

/** Puts the live API (and an empty transient store) back into a stored snapshot's context. */
export function rehydrate<T>(snapshot: unknown, api: WizardApi): T {
  const s = structuredClone(snapshot) as { context?: Record<string, unknown> };
  if (s.context) {
    s.context.api = api;
    s.context.transient = {};
  }
  return s as T;
}

/** The top-level step a snapshot is in, e.g. "naming" for { naming: 'editing' }. */
export function topStep(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.keys(value)[0] ?? '';
  return '';
}

/** True while a step waits for input (no operation running): the only moments worth saving. */
export function atStepBoundary(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (value && typeof value === 'object') return Object.values(value).every((v) => v === 'editing');
  return false;
}

/**
 * Saves the actor's snapshot whenever it enters a new step (or the step's editing state after an
 * operation). Returns the unsubscribe function.
 */
export function persistAtStepBoundaries(
  actor: AnyActorRef,
  journey: Journey,
  storage: Pick<KeyValueStore, 'setItem'>,
  onStep?: (step: string) => void,
): () => void {
  let last = '';
  const sub = actor.subscribe((snap: { value: unknown; status: string }) => {
    if (snap.status !== 'active' || !atStepBoundary(snap.value)) return;
    const key = JSON.stringify(snap.value);
    if (key === last) return;
    const stepChanged = topStep(snap.value) !== topStep(last ? JSON.parse(last) : '');
    last = key;
    try {
      storage.setItem(STORAGE_KEY, serializeSnapshot(journey, actor.getPersistedSnapshot() as Snapshot<unknown>));
    } catch {
      // Storage full or blocked: resuming is a convenience, never a reason to stop the wizard.
    }
    if (stepChanged) onStep?.(topStep(snap.value));
  });
  return () => sub.unsubscribe();
}
