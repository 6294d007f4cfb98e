// Test helpers around the emulator: start it, and build an AzureContext for a given user with the
// real SDK clients (pre-obtained tokens, or a real ClientSecretCredential through the emulator's
// login endpoint). Import './trust.ts' first in the test file.
import { ClientSecretCredential } from '@azure/identity';
import { resolveEndpoints } from '../../../electron/services/azure/clouds.ts';
import { createCredentials } from '../../../electron/services/azure/credentials.ts';
import type { AzureContext } from '../../../electron/services/azure/arm-context.ts';
import { startAzureEmulator, type AzureEmulator, type EmuState } from './emulator.ts';
import { testCa } from './trust.ts';

export * from './emulator.ts';

export const USERS = {
  owner: '11111111-1111-4111-8111-111111111111',
  alice: '22222222-2222-4222-8222-222222222222',
  bobGuest: '33333333-3333-4333-8333-333333333333',
} as const;

export function startEmulator(init: Partial<EmuState> = {}): Promise<AzureEmulator> {
  return startAzureEmulator(testCa, init);
}

export function endpointsFor(emu: AzureEmulator) {
  return resolveEndpoints({ armEndpoint: emu.urls.arm, graphEndpoint: emu.urls.graph, authorityHost: emu.urls.login });
}

/** Fast retries for tests: the SDK's own policy, with short waits. */
export const TEST_RETRY = { maxRetries: 3, retryDelayInMs: 20, maxRetryDelayInMs: 200 };

/** Context acting as a user, with pre-obtained ARM and Graph tokens (the --access-token-env path). */
export function tokenContext(emu: AzureEmulator, oid: string, extra: Partial<AzureContext> = {}): AzureContext {
  const endpoints = endpointsFor(emu);
  const credentials = createCredentials({
    method: 'token',
    endpoints,
    armToken: emu.issueToken(oid, 'arm'),
    graphToken: emu.issueToken(oid, 'graph'),
  });
  return { endpoints, credentials, retry: TEST_RETRY, principalNotFoundDelaysMs: [20, 40, 80], ...extra };
}

/** Context signed in through MSAL against the emulator's token endpoint (client credentials). */
export function secretContext(emu: AzureEmulator, which: 0 | 1 = 0): AzureContext {
  const endpoints = endpointsFor(emu);
  const c = emu.state.clients[which]!;
  const cred = new ClientSecretCredential(emu.state.tenantId, c.clientId, c.secret, {
    authorityHost: endpoints.authorityHost,
    disableInstanceDiscovery: true,
  });
  return {
    endpoints,
    credentials: { method: 'environment', arm: cred, graph: cred },
    retry: TEST_RETRY,
    principalNotFoundDelaysMs: [20, 40, 80],
  };
}
