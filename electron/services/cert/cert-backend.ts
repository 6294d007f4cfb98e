// The certificate service as the app's main process and the CLI use it. The WizardApi methods
// analyzePfx / analyzeNodeCertificates / createCsr / assemblePfx map onto the *Request functions.
import type {
  AssembleRequest,
  AssembleResult,
  CertResult,
  CsrRequest,
  CsrResult,
  NodeCertRequest,
  PfxRequest,
} from '../../../shared/api/wizard-api.ts';
import { analyzePfxInWorker, analyzeNodeCertificatesInWorker, warmCertWorker } from './worker-client.ts';
import { assemblePfx, createCsr } from './tools.ts';

/** What the app service hands over (electron/services/files/input-files.ts LoadedFile). */
export interface LoadedFile {
  name: string;
  path?: string;
  bytes: Uint8Array;
}

export {
  analyzePfx,
  analyzeNodeCertificate,
  analyzeNodeCertificates,
  judgeCertificates,
  LEGACY_CSP_NAME,
} from './analyze.ts';
export type {
  PfxOptions,
  NodeOptions,
  JudgeCertificatesOptions,
  JudgedCertificates,
  CommonOptions,
} from './analyze.ts';
export {
  analyzePfxInWorker,
  analyzeNodeCertificatesInWorker,
  stopCertWorker,
  certWorkerThreadId,
  warmCertWorker,
} from './worker-client.ts';
export { warmUp } from './warm.ts';
export { createCsr, assemblePfx } from './tools.ts';
export { openPkcs12, writePkcs12, Pkcs12Error } from './pkcs12.ts';
export { readCertificates, certificateFacts, systemTrustStore, trustStoreWith, buildChain } from './x509.ts';

/**
 * The app's CertBackend (electron/services/wizard-api/wizard-service.ts): files arrive already loaded (and
 * access-checked) by the app service; analysis runs in the worker thread.
 */
export const certBackend = {
  async analyzePfx(req: PfxRequest, file: LoadedFile, signal?: AbortSignal): Promise<CertResult> {
    signal?.throwIfAborted();
    return analyzePfxInWorker(
      file.bytes,
      {
        password: req.password,
        fqdns: req.fqdns,
        warnDays: req.warnDays,
        connectorVersion: req.connectorVersion,
        trustPem: req.trustPem,
        fileName: req.file.name,
      },
      undefined,
      signal,
    );
  },
  async analyzeNodeCertificates(
    req: NodeCertRequest,
    files: LoadedFile[],
    signal?: AbortSignal,
  ): Promise<CertResult[]> {
    signal?.throwIfAborted();
    return analyzeNodeCertificatesInWorker(
      files.map((f) => ({ name: f.name, data: f.bytes })),
      {
        pool: req.pool,
        nodes: req.nodes,
        nodeFqdns: req.nodeFqdns,
        sipDomain: req.sipDomain,
        warnDays: req.warnDays,
        trustPem: req.trustPem,
      },
      undefined,
      signal,
    );
  },
  /** The certificate step opened: start and warm the worker before the user picks a file. */
  warm: (): Promise<void> => warmCertWorker(),
  createCsr: (req: CsrRequest): Promise<CsrResult> => createCsr(req),
  assemblePfx: async (req: AssembleRequest): Promise<AssembleResult> =>
    assemblePfx(req, req.trustPem ? { trustPem: req.trustPem } : {}),
};
