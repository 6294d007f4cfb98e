// The wizard's root: theme (follows the system, with a toggle), the bridge, the start page and the
// journey views, all under an error boundary.
import { lazy, Suspense, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Alert, AlertTitle, Box, CssBaseline, ThemeProvider, Typography, useMediaQuery } from '@mui/material';
import { useActorRef, useSelector } from '@xstate/react';
import type { WizardApi } from '../shared/api/wizard-api.ts';
import { createAppTheme, THEME_KEY, type ThemeMode } from './theme.ts';
import { ApiContext } from './components/api-context.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { appMachine } from './machines/app.ts';
import { readStoredJourney, clearStoredJourney } from './machines/persist.ts';
import { withApi } from './machines/kit.ts';
import { sourceMachine } from './machines/source.ts';
import type { SourceRef } from './views/SourcePanel.tsx';
import { StartPage } from './views/StartPage.tsx';
import { OperationBar } from './components/OperationBar.tsx';
import { PAGE_BODY_SX, TopBar } from './components/TopBar.tsx';
import { INTENT_ATTR, intentEvent, type ShellHandover } from './start-shell/intent.ts';

// The journeys (their rules, emit previews, steppers, forms) load on demand: the start page only
// needs the start machine, so it is interactive sooner.
const FirstInstallView = lazy(() =>
  import('./views/FirstInstallView.tsx').then((m) => ({ default: m.FirstInstallView })),
);
const AddRegionView = lazy(() => import('./views/AddRegionView.tsx').then((m) => ({ default: m.AddRegionView })));
const RedeployView = lazy(() => import('./views/RedeployView.tsx').then((m) => ({ default: m.RedeployView })));
const LookAfterView = lazy(() => import('./views/LookAfterView.tsx').then((m) => ({ default: m.LookAfterView })));

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function NoAccessPage() {
  return (
    <Box component="main" sx={{ maxWidth: 760, mx: 'auto' }}>
      <Typography variant="h1" component="h1" sx={{ mb: 2 }}>
        Open the wizard with its full address
      </Typography>
      <Alert severity="warning" sx={{ mb: 2 }}>
        <AlertTitle>This tab has no access key</AlertTitle>
        The wizard only answers a page opened with the address that <code>tcw ui</code> printed, which ends in{' '}
        <code>#token=…</code>. That key is new each time <code>tcw ui</code> starts and works until it stops, so an old
        bookmark or a copied address without its end does not work.
      </Alert>
      <Typography component="ol" sx={{ pl: 3, '& li': { mb: 1 } }}>
        <li>
          Go to the terminal where <code>tcw ui</code> runs (start it again with <code>npx tcw ui</code> if it has
          stopped).
        </li>
        <li>
          Open the full address it printed, including the part after <code>#</code>, in this browser.
        </li>
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Nothing was sent or saved from this tab.
      </Typography>
    </Box>
  );
}

export function App({
  api,
  noAccess: noAccessAtStart = false,
  shell = null,
}: {
  api: WizardApi;
  noAccess?: boolean;
  /** The static start page's hand-over (start-shell/intent.ts): a press to replay, the focus to keep. */
  shell?: ShellHandover | null;
}) {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const [override, setOverride] = useState<ThemeMode | null>(
    () => (storage()?.getItem(THEME_KEY) as ThemeMode | null) ?? null,
  );
  const mode: ThemeMode = override ?? (prefersDark ? 'dark' : 'light');
  const theme = useMemo(() => createAppTheme(mode), [mode]);
  const [bridgeMode, setBridgeMode] = useState<'electron' | 'browser'>('browser');
  const [version, setVersion] = useState('');
  // Without the session's access key every call fails: say so at once instead of a page that looks
  // ready and fails at the first click. A key from an earlier run of tcw ui is refused the same way.
  const [noAccess, setNoAccess] = useState(noAccessAtStart);

  useEffect(() => {
    api.info().then(
      (i) => {
        setBridgeMode(i.mode);
        setVersion(i.version);
      },
      (e: { status?: number }) => {
        if (e.status === 401) setNoAccess(true);
      },
    );
  }, [api]);

  const stored = useMemo(() => {
    const s = storage();
    return s ? readStoredJourney(s) : null;
  }, []);
  const provided = useMemo(() => withApi(appMachine, api, { source: sourceMachine }), [api]);
  const app = useActorRef(provided, { input: { stored } });
  const state = useSelector(app, (s) => s);
  const value =
    typeof state.value === 'string'
      ? state.value
      : (Object.entries(state.value).map(([k, v]) => `${k}.${String(v)}`)[0] ?? '');
  const ctx = state.context;
  const exit = () => {
    clearStoredJourney(storage());
    app.send({ type: 'EXIT' });
  };
  // Once this first render is on the page (before it is painted): the shell's styles go, the press
  // made on it is replayed, and the control that had the focus has it again.
  useLayoutEffect(() => {
    performance.mark('tcw:app'); // for `npm run bench ui`: the app's first render is on the page
    if (!shell) return;
    const { intent, focused } = shell.release();
    const pressed = intentEvent(intent);
    if (pressed) app.send(pressed);
    else if (focused) document.querySelector<HTMLElement>(`[${INTENT_ATTR}="${CSS.escape(focused)}"]`)?.focus();
  }, [shell, app]);
  const apiInfo = useMemo(() => ({ api, mode: bridgeMode }), [api, bridgeMode]);
  const journeyProps = {
    source: ctx.source ?? undefined,
    stored: ctx.resume ? (ctx.stored ?? undefined) : undefined,
    onExit: exit,
  };

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <ApiContext.Provider value={apiInfo}>
        <TopBar
          mode={mode}
          version={version}
          onStartPage={value === 'journey' ? exit : undefined}
          onToggleTheme={() => {
            const next = mode === 'dark' ? 'light' : 'dark';
            setOverride(next);
            storage()?.setItem(THEME_KEY, next);
          }}
        />
        <Box sx={PAGE_BODY_SX}>
          {noAccess ? (
            <NoAccessPage />
          ) : (
            <ErrorBoundary onReset={exit}>
              {value !== 'journey' && (
                <StartPage
                  state={value}
                  ctx={ctx}
                  send={(e) => app.send(e)}
                  source={state.children.source as SourceRef | undefined}
                />
              )}
              <Suspense fallback={<OperationBar label="Loading the wizard" />}>
                {value === 'journey' && ctx.journey === 'first-install' && <FirstInstallView {...journeyProps} />}
                {value === 'journey' && ctx.journey === 'add-region' && <AddRegionView {...journeyProps} />}
                {value === 'journey' && ctx.journey === 'redeploy' && <RedeployView {...journeyProps} />}
                {value === 'journey' && ctx.journey === 'look-after' && <LookAfterView {...journeyProps} />}
              </Suspense>
            </ErrorBoundary>
          )}
        </Box>
      </ApiContext.Provider>
    </ThemeProvider>
  );
}
