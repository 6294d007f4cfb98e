// When a field may speak: after the user has left it once, or after Next was tried on its step.
// Until then a field shows its hint only, so an untouched form is not a wall of red.
import { createContext, useContext, useState } from 'react';
import type { Finding } from '../../shared/model/finding.ts';

export const AttemptedContext = createContext(false);

/** Errors first; one line per problem (the same message twice, e.g. from two checks, is said once). */
export function onePerProblem(findings: readonly Finding[]): Finding[] {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const seen = new Set<string>();
  // The wizard's own "enter a value" adds nothing when a rule already says the field is empty.
  const ruled = new Set(findings.filter((f) => f.severity === 'error' && f.code !== 'ui.required').map((f) => f.field));
  return findings
    .filter((f) => !(f.code === 'ui.required' && ruled.has(f.field)))
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order[a.f.severity] - order[b.f.severity] || a.i - b.i)
    .map((x) => x.f)
    .filter((f) => {
      const k = f.message.trim();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

// Whether a pointer (mouse button, finger, pen) is held down anywhere on the page. Pressing a button
// takes the focus, and so blurs the field, before the button's click: see useFieldVoice.
let pointerHeld = false;
let listening = false;
function watchPointer(): void {
  if (listening) return;
  listening = true;
  document.addEventListener('pointerdown', () => (pointerHeld = true), true);
  const release = () => (pointerHeld = false);
  document.addEventListener('pointerup', release, true);
  document.addEventListener('pointercancel', release, true);
}

/**
 * Runs `speak` once the press that took the focus is over: after the click it causes (document
 * listeners run after the app's own handlers), or, if the press ends without a click (released
 * elsewhere, cancelled), in the task after the release. Without a held pointer (Tab, a script),
 * at once.
 */
function afterPress(speak: () => void): void {
  if (!pointerHeld) {
    speak();
    return;
  }
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    document.removeEventListener('click', finish);
    document.removeEventListener('pointerup', released);
    document.removeEventListener('pointercancel', released);
    speak();
  };
  // The click, when there is one, is dispatched in the same task as the release: wait one task.
  const released = () => void setTimeout(finish, 0);
  document.addEventListener('click', finish);
  document.addEventListener('pointerup', released);
  document.addEventListener('pointercancel', released);
}

/**
 * A field's findings as it should show them now. `prefilled`: a value that came from a saved project
 * or scripts speaks at once (the user did not type it and should learn what is wrong with it).
 */
export function useFieldVoice(
  findings: readonly Finding[],
  prefilled: boolean,
): { shown: Finding[]; onBlur: () => void; touched: boolean } {
  const attempted = useContext(AttemptedContext);
  const [touched, setTouched] = useState(false);
  const [fromSource] = useState(prefilled);
  const speak = attempted || touched || fromSource;
  // Leaving a field by pressing a button (Next, Add…) must not grow the page, and so move that
  // button, between press and release: the message waits until the press is over.
  const onBlur = () => {
    if (!touched) afterPress(() => setTouched(true));
  };
  watchPointer();
  return { shown: speak ? onePerProblem(findings) : [], onBlur, touched };
}
