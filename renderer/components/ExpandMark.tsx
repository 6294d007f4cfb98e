// The open/close mark of the accordions (a text glyph: no icon font to load).
import { Box } from '@mui/material';

// ---------------------------------------------------------------------------------------------

/** The accordion's open/closed mark (a character, to keep icon packages out of the bundle). */
export function ExpandMark() {
  return (
    <Box component="span" aria-hidden sx={{ fontSize: 18, lineHeight: 1, px: 0.5 }}>
      ▾
    </Box>
  );
}
