// Buttons that come back from disabled (the page was busy) show their text at full contrast at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAppTheme } from '../../../renderer/theme.ts';

for (const mode of ['light', 'dark'] as const) {
  test(`${mode}: a button's text colour does not fade (no below-AA moment after busy ends)`, () => {
    const theme = createAppTheme(mode);
    const root = theme.components?.MuiButton?.styleOverrides?.root;
    assert.equal(typeof root, 'function');
    const style = (root as (p: { theme: typeof theme }) => Record<string, unknown>)({ theme });
    const transition = String(style['transition']);
    assert.match(transition, /background-color/);
    assert.doesNotMatch(transition, /(^|,\s*)color\s/, transition);
  });
}
