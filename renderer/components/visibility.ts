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
  // Leaving a field by pressing a button (Next, Add…) must not move that button between press and
  // release: the message that may grow the page appears a moment after the click has landed.
  const onBlur = () => {
    if (!touched) setTimeout(() => setTouched(true), 250);
  };
  return { shown: speak ? onePerProblem(findings) : [], onBlur, touched };
}
