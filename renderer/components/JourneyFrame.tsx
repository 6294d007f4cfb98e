// The frame of every journey: title, stepper, the step's heading and body, Back/Next, busy and error
// states; each step is a browser-history entry, so Back and Forward move between steps.
import { type ReactNode, useRef, useEffect, useState } from 'react';
import {
  useMediaQuery,
  Box,
  Paper,
  Typography,
  LinearProgress,
  Stepper,
  Step,
  StepLabel,
  Alert,
  Stack,
  Button,
} from '@mui/material';
import type { ProgressState } from '../machines/findings-and-edits.ts';
import { AttemptedContext, OperationBar } from './fields.tsx';

export interface JourneyFrameProps {
  title: string;
  steps: readonly string[];
  active: number;
  heading: string;
  intro?: ReactNode;
  children: ReactNode;
  canNext: boolean;
  nextLabel?: string;
  onNext: () => void;
  onBack?: (() => void) | undefined;
  busy?: { label: string; progress: ProgressState; onCancel?: (() => void) | undefined } | null;
  error?: string | null;
  onDismissError?: () => void;
  /** What keeps Next from going on, in words; said when Next is blocked. */
  blockedReason?: string | null;
  /** Fields of this step have errors (they turn red once Next was tried). */
  fieldsBlock?: boolean;
}

/** The browser-history entry of a step: Back and Forward move between steps instead of leaving. */
interface StepEntry {
  tcwJourney: string;
  tcwStep: number;
  tcwPrev: number | null;
}

function stepEntry(state: unknown): StepEntry | null {
  const s = state as Partial<StepEntry> | null;
  return s && typeof s.tcwJourney === 'string' && typeof s.tcwStep === 'number' ? (s as StepEntry) : null;
}

function useStepHistory(
  journey: string,
  active: number,
  back: (() => void) | undefined,
  next: () => void,
  canNext: boolean,
): () => void {
  const ref = useRef({ back, next, canNext, active });
  ref.current = { back, next, canNext, active };
  useEffect(() => {
    const cur = stepEntry(window.history.state);
    if (cur && cur.tcwJourney === journey && cur.tcwStep === active) return;
    const entry: StepEntry = {
      tcwJourney: journey,
      tcwStep: active,
      tcwPrev: cur && cur.tcwJourney === journey ? cur.tcwStep : null,
    };
    window.history.pushState(entry, '');
  }, [journey, active]);
  useEffect(() => {
    const onPop = (e: PopStateEvent) => {
      const to = stepEntry(e.state);
      const { back: b, next: n, canNext: c, active: a } = ref.current;
      if (to && to.tcwJourney === journey && to.tcwStep > a) {
        if (c) n();
        else window.history.back(); // Forward to a step that is not reachable yet: stay.
      } else if (!to || to.tcwJourney !== journey || to.tcwStep < a) {
        b?.();
      }
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [journey]);
  // The page's own Back takes the same way as the browser's, so history does not pile up.
  return () => {
    const cur = stepEntry(window.history.state);
    if (cur && cur.tcwJourney === journey && cur.tcwStep === active && cur.tcwPrev === active - 1)
      window.history.back();
    else back?.();
  };
}

export function JourneyFrame(p: JourneyFrameProps) {
  const wide = useMediaQuery('(min-width: 1000px)');
  const narrow = useMediaQuery('(max-width: 699.95px)');
  // Fields speak once Next was tried on this step; a new step starts quiet.
  const [attempted, setAttempted] = useState<number | null>(null);
  const tried = attempted === p.active;
  const goBack = useStepHistory(p.title, p.active, p.onBack, p.onNext, p.canNext);
  const blocked = !p.canNext || Boolean(p.busy);
  const reason =
    p.blockedReason ??
    (p.fieldsBlock
      ? tried
        ? 'Fix the fields marked in red to go on.'
        : 'Fill in the fields marked * above to go on; Next shows what is missing.'
      : null);
  const tryNext = () => {
    if (p.busy) return;
    if (p.canNext) {
      p.onNext();
      return;
    }
    setAttempted(p.active);
    // Take the keyboard to the first field that needs attention, once the messages are shown.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
  };
  return (
    <Box sx={{ display: 'flex', gap: 3, flexDirection: wide ? 'row' : 'column', alignItems: 'flex-start' }}>
      <Paper
        component="nav"
        aria-label={`${p.title} steps`}
        variant="outlined"
        sx={{ p: 2, width: wide ? 260 : '100%', flexShrink: 0, overflowX: 'auto' }}
      >
        <Typography variant="subtitle2" component="p" sx={{ mb: 1, color: 'text.secondary' }}>
          {p.title}
        </Typography>
        {narrow ? (
          // A phone-width window has no room for a label per step: say where we are, and how far.
          <Box>
            <Typography component="p" aria-current="step" sx={{ fontWeight: 600 }}>
              Step {p.active + 1} of {p.steps.length}: {p.steps[p.active]}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={((p.active + 1) / p.steps.length) * 100}
              aria-label={`Step ${p.active + 1} of ${p.steps.length}`}
              sx={{ mt: 1 }}
            />
          </Box>
        ) : (
          <Stepper activeStep={p.active} orientation={wide ? 'vertical' : 'horizontal'} alternativeLabel={!wide}>
            {p.steps.map((label, i) => (
              <Step key={label} completed={i < p.active}>
                <StepLabel {...(i === p.active ? { 'aria-current': 'step' as const } : {})}>{label}</StepLabel>
              </Step>
            ))}
          </Stepper>
        )}
      </Paper>
      <Paper component="main" variant="outlined" sx={{ p: { xs: 2, sm: 3 }, flex: 1, minWidth: 0, width: '100%' }}>
        <Typography variant="h2" component="h2" sx={{ mb: 1 }} tabIndex={-1} data-step-heading>
          {p.heading}
        </Typography>
        {p.intro && (
          <Typography variant="body1" sx={{ mb: 3, color: 'text.secondary' }}>
            {p.intro}
          </Typography>
        )}
        {p.error && (
          <Alert severity="error" sx={{ mb: 2 }} {...(p.onDismissError ? { onClose: p.onDismissError } : {})}>
            {p.error}
          </Alert>
        )}
        <AttemptedContext.Provider value={tried}>{p.children}</AttemptedContext.Provider>
        {p.busy && (
          <OperationBar
            label={p.busy.label}
            message={p.busy.progress?.message}
            fraction={p.busy.progress?.fraction}
            kind={p.busy.progress?.kind}
            onCancel={p.busy.onCancel}
          />
        )}
        <Stack direction="row" spacing={2} sx={{ mt: 4, alignItems: 'center', justifyContent: 'space-between' }}>
          <Box>
            {p.onBack && (
              <Button variant="outlined" onClick={goBack} disabled={Boolean(p.busy)}>
                Back
              </Button>
            )}
          </Box>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            {!p.canNext && reason && !p.busy && (
              <Typography
                variant="body2"
                role={tried ? 'alert' : undefined}
                sx={{ color: tried ? 'error.main' : 'text.secondary', textAlign: 'right' }}
                id="next-blocked"
              >
                {reason}
              </Typography>
            )}
            {/* Not disabled while blocked: pressing it shows what is missing (aria-disabled keeps it announced as unavailable). */}
            <Button
              variant="contained"
              onClick={tryNext}
              aria-disabled={blocked ? 'true' : undefined}
              sx={blocked ? { opacity: 0.55 } : undefined}
              {...(!p.canNext && reason ? { 'aria-describedby': 'next-blocked' } : {})}
            >
              {p.nextLabel ?? 'Next'}
            </Button>
          </Stack>
        </Stack>
      </Paper>
    </Box>
  );
}
