// The domain services of this build (certificates, Azure, live checks), adapted to the bridge.
// Input errors of a service become ApiErrors (HTTP 400 / a plain message over IPC); a service that is
// not part of the build would stay undefined and its methods reject with "not available in this build".
import type { CertBackend, LiveBackend, AzureBackend } from './service.ts';
import { certBackend, CertInputError, stopCertWorker } from '../cert/index.ts';
import { liveBackend, isLiveInputError } from '../live/index.ts';
import type { TokenProtector } from '../azure/index.ts';
import { createAzureBackend } from './azure-backend.ts';
import { ApiError } from './errors.ts';

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

async function inputErrors<T>(run: () => Promise<T>, isInput: (e: unknown) => boolean): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isInput(e)) throw new ApiError((e as Error).message);
    throw e;
  }
}

export function availableBackends(env: Record<string, string | undefined> = process.env, opts: BackendOptions = {}): Backends {
  const isCertInput = (e: unknown) => e instanceof CertInputError;
  const cert: CertBackend = {
    // PFX and node analysis run in the certificate worker thread (never on the main thread).
    analyzePfx: (req, file, signal) => inputErrors(() => certBackend.analyzePfx(req, file, signal), isCertInput),
    analyzeNodeCertificates: (req, files, signal) => inputErrors(() => certBackend.analyzeNodeCertificates(req, files, signal), isCertInput),
    createCsr: (req) => inputErrors(() => certBackend.createCsr(req), isCertInput),
    assemblePfx: (req) => inputErrors(() => certBackend.assemblePfx(req), isCertInput),
    stop: () => stopCertWorker(),
    warm: () => certBackend.warm(),
  };
  const live: LiveBackend = {
    dnsCheck: (req, op) => inputErrors(() => liveBackend.dnsCheck(req, op), isLiveInputError),
    tlsProbe: (req, op) => inputErrors(() => liveBackend.tlsProbe(req, op), isLiveInputError),
  };
  const azure = createAzureBackend({ env, devSwitches: opts.devSwitches !== false, ...(opts.azurePersist ? { persist: opts.azurePersist } : {}) });
  return { cert, live, azure };
}
