// What a press on the start page's static shell asked for, carried into the React app once it runs.
// Each start-page control names its intent in a data-intent attribute: the shell's script reads it
// from the control pressed (or focused), the app turns it back into an event for its machine.
import type { AppEvent } from '../machines/app.ts';
import { JOURNEYS } from '../views/journeys.ts';

/** The attribute every start-page control carries (also read by start-shell-script.ts). */
export const INTENT_ATTR = 'data-intent';

/** The app event an intent stands for; null for the theme switch (the shell applies it itself) or an unknown value. */
export function intentEvent(intent: string | null | undefined): AppEvent | null {
  if (intent === 'open') return { type: 'OPEN' };
  if (intent === 'import') return { type: 'IMPORT' };
  const j = JOURNEYS.find((x) => intent === `start:${x.journey}`);
  return j ? { type: 'START', journey: j.journey } : null;
}

/** The shell's script's hand-over (window.tcwStartShell), live until the app's first render is on the page. */
export interface ShellHandover {
  /**
   * Call once, when the app's first render has replaced the shell: stops the shell's listeners and
   * page styles, and says what was pressed first (null: nothing) and which control had the focus.
   * Later calls return nulls.
   */
  release(): { intent: string | null; focused: string | null };
}

declare global {
  interface Window {
    tcwStartShell?: ShellHandover;
  }
}
