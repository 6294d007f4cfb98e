// Light and dark themes with enough contrast for the axe checks in both.
import { createTheme, type Theme } from '@mui/material/styles';

export type ThemeMode = 'light' | 'dark';

/** Where the admin's own theme choice is kept (localStorage); absent: the system's. */
export const THEME_KEY = 'tcw.theme';

export function createAppTheme(mode: ThemeMode): Theme {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#1d4f91' : '#8fb8ff' },
      // Dark: a saturated purple; MUI's pale #ce93d8 made enabled action buttons look disabled.
      secondary: { main: mode === 'light' ? '#6a1b9a' : '#bb86fc' },
      // Darker than MUI's default orange so warning text stays readable (WCAG AA) on white.
      warning: { main: mode === 'light' ? '#8f5200' : '#ffb74d' },
      background:
        mode === 'light' ? { default: '#f4f6fa', paper: '#ffffff' } : { default: '#10141b', paper: '#181e28' },
    },
    shape: { borderRadius: 8 },
    typography: {
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      h1: { fontSize: '1.9rem', fontWeight: 600 },
      h2: { fontSize: '1.4rem', fontWeight: 600 },
      h3: { fontSize: '1.1rem', fontWeight: 600 },
    },
    components: {
      // Chromium's scroll anchoring moved a long step by ~380 px at the instant a focused field lost
      // focus to a press on Next (at 390 px, labels above the boxes): the click then landed beside
      // Next. The page keeps its scroll position instead; nothing here loads in above the reader.
      MuiCssBaseline: { styleOverrides: { html: { overflowAnchor: 'none' } } },
      MuiButton: {
        defaultProps: { disableElevation: true },
        styleOverrides: {
          // MUI fades a button's text colour too (250 ms): a button that was disabled while the page was
          // busy then shows grey-to-blue text below AA contrast for a quarter second after the work ends
          // (the After deployment step after "Read the App ID"). The text switches at once; background,
          // border and shadow still fade.
          root: ({ theme }) => ({
            textTransform: 'none',
            fontWeight: 600,
            transition: theme.transitions.create(['background-color', 'box-shadow', 'border-color'], {
              duration: theme.transitions.duration.short,
            }),
          }),
        },
      },
      MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
    },
  });
}
