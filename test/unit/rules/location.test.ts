import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { check, only } from './helpers.ts';
import { closestLocation, editDistance } from '../../../shared/rules/regions.ts';

describe('PxAzureLocation: did you mean', () => {
  test('edit distance counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('westeurope', 'westeurope'), 0);
    assert.equal(editDistance('westeurop', 'westeurope'), 1);
    assert.equal(editDistance('uksouht', 'uksouth'), 1);
    assert.equal(editDistance('abc', ''), 3);
  });
  test('a near miss names the documented location; far or ambiguous names get none', () => {
    assert.equal(closestLocation('westeurop'), 'westeurope');
    assert.equal(closestLocation('eastu'), 'eastus');
    assert.equal(closestLocation('uksouht'), 'uksouth');
    assert.equal(closestLocation('westeurope'), null);
    assert.equal(closestLocation('mars'), null);
    assert.equal(closestLocation('ab', ['ac', 'ad']), null, 'two equally near: no guess');
  });
  test('the finding says "did you mean", offline and against the live list', () => {
    const f = only(check({ PxAzureLocation: 'westeurop' }), 'location.not-listed');
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /did you mean 'westeurope'\?/);
    const live = only(
      check({ PxAzureLocation: 'westeurop' }, { liveLocations: ['westeurope', 'northeurope'] }),
      'location.not-available',
    );
    assert.equal(live.length, 1);
    assert.match(live[0]!.message, /did you mean 'westeurope'\?/);
    assert.doesNotMatch(only(check({ PxAzureLocation: 'mars' }), 'location.not-listed')[0]!.message, /did you mean/);
  });
});
