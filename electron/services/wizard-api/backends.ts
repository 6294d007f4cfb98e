// The domain services of this build (certificates, Azure, live checks), adapted to the bridge.
// Input errors of a service become ApiErrors (HTTP 400 / a plain message over IPC); a service that is
// not part of the build would stay undefined and its methods reject with "not available in this build".
import type { CertBackend, LiveBackend, AzureBackend } from './wizard-service.ts';
import { certBackend, stopCertWorker } from '../cert/cert-backend.ts';
import { liveBackend } from '../live/live-backend.ts';
import type { TokenProtector } from '../azure/azure-layer.ts';
import { createAzureBackend } from './azure-backend.ts';

export interface Backends {
  cert?: CertBackend;
  azure?: AzureBackend;
  live?: LiveBackend;
}

export interface BackendOptions {
  /** Electron: persistent, OS-protected Azure token cache in this folder. */
  azurePersist?: { dir: string; protector: TokenProtector };
  /**
   * Obey the development and test switches (TCW_AZURE_* endpoints and tokens). The packaged app
   * passes false; browser mode and the CLI run from a checkout and keep them (the default).
   */
  devSwitches?: boolean;
}

export function availableBackends(
  env: Record<string, string | undefined> = process.env,
  opts: BackendOptions = {},
): Backends {
  const cert: CertBackend = {
    // PFX and node analysis run in the certificate worker thread (never on the main thread).
    analyzePfx: (req, file, signal) => certBackend.analyzePfx(req, file, signal),
    analyzeNodeCertificates: (req, files, signal) => certBackend.analyzeNodeCertificates(req, files, signal),
    createCsr: (req) => certBackend.createCsr(req),
    assemblePfx: (req) => certBackend.assemblePfx(req),
    stop: () => stopCertWorker(),
    warm: () => certBackend.warm(),
  };
  const live: LiveBackend = {
    dnsCheck: (req, op) => liveBackend.dnsCheck(req, op),
    tlsProbe: (req, op) => liveBackend.tlsProbe(req, op),
  };
  const azure = createAzureBackend({
    env,
    devSwitches: opts.devSwitches !== false,
    ...(opts.azurePersist ? { persist: opts.azurePersist } : {}),
  });
  return { cert, live, azure };
}
