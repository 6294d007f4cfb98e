// The start page's controls name their intent (data-intent); the app turns each back into the event
// its machine takes (renderer/start-shell/intent.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intentEvent } from '../../../renderer/start-shell/intent.ts';
import { JOURNEYS } from '../../../renderer/views/journeys.ts';

test('every journey, Open and Import map to their event; the theme switch and anything else to none', () => {
  for (const j of JOURNEYS) assert.deepEqual(intentEvent(`start:${j.journey}`), { type: 'START', journey: j.journey });
  assert.deepEqual(intentEvent('open'), { type: 'OPEN' });
  assert.deepEqual(intentEvent('import'), { type: 'IMPORT' });
  for (const other of ['theme', 'start:', 'start:sideways', 'START:first-install', '', null, undefined])
    assert.equal(intentEvent(other), null, String(other));
});
