// The domain services of this build (certificates, Azure, live checks), adapted to the bridge.
// A service that is not part of the build stays undefined and its methods reject with
// "not available in this build".
import type { AzureBackend, CertBackend, LiveBackend } from './service.ts';

export interface Backends {
  cert?: CertBackend;
  azure?: AzureBackend;
  live?: LiveBackend;
}

export function availableBackends(_env: Record<string, string | undefined> = process.env): Backends {
  return {};
}
