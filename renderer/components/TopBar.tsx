// The bar above every page: the title, the way back to the start page, and the theme switch.
// Also rendered at build time into the start page's static shell (renderer/start-shell/).
import { AppBar, Box, Button, Toolbar, Typography } from '@mui/material';
import type { ThemeMode } from '../theme.ts';

/** The page below the bar (the app and the start page's static shell lay it out alike). */
export const PAGE_BODY_SX = { p: { xs: 2, md: 3 } } as const;

export function TopBar({
  mode,
  version,
  onStartPage,
  onToggleTheme,
}: {
  mode: ThemeMode;
  version: string;
  /** Shown inside a journey: leaves it for the start page. */
  onStartPage?: (() => void) | undefined;
  onToggleTheme?: (() => void) | undefined;
}) {
  return (
    <AppBar position="static" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
      <Toolbar sx={{ gap: { xs: 1, sm: 2 } }}>
        <Typography component="p" sx={{ flex: 1, fontWeight: 600, fontSize: { xs: 14, sm: 16 }, lineHeight: 1.3 }}>
          {/* At phone width the title keeps to one line beside the buttons. */}
          Teams Connector{' '}
          <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
            Deployment{' '}
          </Box>
          Wizard
          {version ? (
            <Typography
              component="span"
              variant="body2"
              sx={{ ml: 1, color: 'text.secondary', display: { xs: 'none', sm: 'inline' } }}
            >
              v{version}
            </Typography>
          ) : null}
        </Typography>
        {onStartPage && (
          <Button color="inherit" onClick={onStartPage}>
            Start page
          </Button>
        )}
        <Button
          color="inherit"
          data-intent="theme"
          aria-label={`Switch to ${mode === 'dark' ? 'light' : 'dark'} theme`}
          onClick={onToggleTheme}
        >
          {mode === 'dark' ? 'Light' : 'Dark'}
          <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
            &nbsp;theme
          </Box>
        </Button>
      </Toolbar>
    </AppBar>
  );
}
