// Build time only (the start-shell plugin in vite.config.ts runs this in Node): the start page as
// static HTML, once per theme, with the CSS it needs, so that the page shows and takes a press as
// soon as its HTML has arrived, before React and MUI have loaded (intent.ts, start-shell-script.ts).
// The markup comes from the app's own components; the style names are emotion's, so the app
// reuses these styles when it takes over instead of inserting them again.
import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { Box, ThemeProvider } from '@mui/material';
import { renderToString } from 'react-dom/server';
import { TOKEN_KEY } from '../bridge/wizard-api-client.ts';
import { OperationBar } from '../components/OperationBar.tsx';
import { PAGE_BODY_SX, TopBar } from '../components/TopBar.tsx';
import { STORAGE_KEY } from '../machines/persist.ts';
import { createAppTheme, THEME_KEY, type ThemeMode } from '../theme.ts';
import { StartPage } from '../views/StartPage.tsx';
import { INTENT_ATTR } from './intent.ts';
import { startShell, type ShellKeys } from './start-shell-script.ts';

export const SHELL_KEYS: ShellKeys = {
  appTemplate: 'tcw-app-code',
  theme: THEME_KEY,
  journey: STORAGE_KEY,
  token: TOKEN_KEY,
  modeAttr: 'data-tcw-shell',
  busyAttr: 'data-tcw-shell-busy',
  intentAttr: INTENT_ATTR,
};

export interface PrerenderedShell {
  /** Both variants, to go inside the app's root element. */
  html: string;
  /** Emotion's style names, for <style data-emotion="css …"> (how emotion recognises them later). */
  styleIds: string[];
  /** The components' styles. */
  css: string;
  /** Showing, hiding and the page's own baseline (the app's CssBaseline, scoped to the shell). */
  pageCss: string;
  /** The classic script that brings the shell to life and loads the app. */
  script: string;
  keys: ShellKeys;
}

const MODES: ThemeMode[] = ['light', 'dark'];

export function prerenderStartShell(): PrerenderedShell {
  // compat: styles are collected in cache.inserted instead of <style> elements in the markup.
  const cache = createCache({ key: 'css' });
  cache.compat = true;
  const { modeAttr: mode, busyAttr: busy } = SHELL_KEYS;
  const themes = MODES.map((m) => [m, createAppTheme(m)] as const);
  const html = themes
    .map(([m, theme]) =>
      renderToString(
        <CacheProvider value={cache}>
          <ThemeProvider theme={theme}>
            <div className={`tcw-shell tcw-shell-${m}`}>
              <TopBar mode={m} version="" />
              <Box sx={PAGE_BODY_SX}>
                <div className="tcw-shell-busy">
                  <OperationBar label="Loading the wizard" />
                </div>
                <StartPage
                  state="start"
                  ctx={{ journey: null, source: null, stored: null, resume: false }}
                  send={() => {}}
                />
              </Box>
            </div>
          </ThemeProvider>
        </CacheProvider>,
        { identifierPrefix: `shell-${m}-` },
      ),
    )
    .join('');
  const inserted = Object.entries(cache.inserted).filter((e): e is [string, string] => typeof e[1] === 'string');
  const pageCss = [
    `.tcw-shell,.tcw-shell-busy{display:none}`,
    ...MODES.map((m) => `html[${mode}=${m}] .tcw-shell-${m}{display:block}`),
    `html[${busy}] .tcw-shell-busy{display:block}`,
    `html[${mode}]{-webkit-font-smoothing:antialiased;box-sizing:border-box;-webkit-text-size-adjust:100%}`,
    `html[${mode}] *,html[${mode}] *::before,html[${mode}] *::after{box-sizing:inherit}`,
    ...themes.map(([m, t]) => {
      const b = t.typography.body1;
      const decls: [string, unknown][] = [
        ['margin', 0],
        ['color', t.palette.text.primary],
        ['background-color', t.palette.background.default],
        ['font-family', b.fontFamily],
        ['font-weight', b.fontWeight],
        ['font-size', b.fontSize],
        ['line-height', b.lineHeight],
        ['letter-spacing', b.letterSpacing],
      ];
      const body = decls.filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${k}:${String(v)}`);
      return `html[${mode}=${m}] body{${body.join(';')}}`;
    }),
  ].join('\n');
  return {
    html,
    styleIds: inserted.map(([id]) => id),
    css: inserted.map(([, css]) => css).join(''),
    pageCss,
    script: `(${startShell.toString()})(${JSON.stringify(SHELL_KEYS)}, window);\n`,
    keys: SHELL_KEYS,
  };
}
