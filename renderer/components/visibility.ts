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

// A press (mouse button, finger, pen) lasts from pointerdown to the click it causes. Pressing a
// button blurs the field before that click: with a mouse at pointerdown, with a finger after
// pointerup (the tap's focus change and its click come in later tasks). A message that appears in
// between grows the page, moves the button, and the click lands beside it. So a field left during
// a press speaks once the press is over: after its click (document listeners run after React's
// handlers, so the click has landed), or when it ends without one (cancelled, a long press, a new
// press or a key).
let pressing = false;
let waiting: (() => void)[] = [];
let listening = false;

function pressOver(): void {
  pressing = false;
  const run = waiting;
  waiting = [];
  for (const speak of run) speak();
}

function watchPresses(): void {
  if (listening) return;
  listening = true;
  document.addEventListener(
    'pointerdown',
    () => {
      pressOver(); // a press that never clicked (released outside the window): its fields speak now
      pressing = true;
    },
    true,
  );
  document.addEventListener('click', pressOver);
  for (const ends of ['pointercancel', 'contextmenu', 'dragstart', 'keydown'] as const)
    document.addEventListener(ends, pressOver, true);
  // A mouse's click comes in the same task as its release; a finger's comes later (see above).
  document.addEventListener(
    'pointerup',
    (e) => {
      if (e.pointerType === 'mouse') setTimeout(() => pressing && pressOver(), 0);
    },
    true,
  );
}

/** Runs `speak` now, or once the press in progress is over. */
function afterPress(speak: () => void): void {
  if (pressing) waiting.push(speak);
  else speak();
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
  // Leaving a field by pressing a button (Next, Add…) must not move that button before its click:
  // the message waits until the press is over (see watchPresses).
  const onBlur = () => {
    if (!touched) afterPress(() => setTouched(true));
  };
  watchPresses();
  return { shown: speak ? onePerProblem(findings) : [], onBlur, touched };
}
