// Cancel reaches the certificate worker: a cancelled analyzePfx rejects as cancelled at once, the
// busy worker is replaced (it cannot be interrupted mid-derivation), and the next analysis runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableBackends } from '../../../electron/services/wizard-api/backends.ts';
import { dispatch } from '../../../electron/services/wizard-api/dispatch.ts';
import { createWizardService } from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { certWorkerThreadId, stopCertWorker } from '../../../electron/services/cert/cert-backend.ts';
import type { CertResult } from '../../../shared/api/wizard-api.ts';
import { certCorpus, CONNECTOR_FQDN } from '../../support/cert-corpus.ts';

const corpus = certCorpus();
const dataDir = await mkdtemp(join(tmpdir(), 'tcw-cancel-'));
const { cert } = availableBackends({});
const svc = createWizardService({
  mode: 'browser',
  version: '1',
  dataDir,
  secrets: new MemorySecretStore(),
  ...(cert ? { cert } : {}),
});

after(async () => {
  svc.dispose();
  await stopCertWorker();
  await rm(dataDir, { recursive: true, force: true });
});

async function pfxRequest() {
  const { file, password } = corpus.pfx.openssl3;
  const bytes = await readFile(file);
  return { file: { name: 'connector.pfx', dataBase64: bytes.toString('base64') }, password, fqdns: [CONNECTOR_FQDN] };
}

test('a cancelled analyzePfx rejects as cancelled, and the worker is free afterwards', async () => {
  const req = await pfxRequest();
  assert.equal(certWorkerThreadId(), null);
  const running = dispatch(svc, 'analyzePfx', [req, 'pfx-cancel-1']);
  const outcome = running.then(
    () => 'finished',
    (e: Error) => e.message,
  );
  // Wait until the request is with the worker, then cancel through the API, as the page does.
  while (certWorkerThreadId() === null) await new Promise((r) => setImmediate(r));
  const busyWorker = certWorkerThreadId();
  await dispatch(svc, 'cancel', ['pfx-cancel-1']);
  assert.match(await outcome, /Operation pfx-cancel-1 was cancelled/);
  assert.notEqual(certWorkerThreadId(), busyWorker, 'the busy worker was replaced');

  // The same operation id can be used again, and the analysis completes on the fresh worker.
  const r = (await dispatch(svc, 'analyzePfx', [req, 'pfx-cancel-1'])) as CertResult;
  assert.ok(r.certificate, 'the certificate was read after the cancel');
  assert.equal(typeof r.certificate.thumbprintSha256, 'string');
});

test('cancelling an operation that already finished, or never ran, is harmless', async () => {
  await dispatch(svc, 'cancel', ['pfx-cancel-1']);
  await dispatch(svc, 'cancel', ['never-started']);
  const r = (await dispatch(svc, 'analyzePfx', [await pfxRequest(), 'pfx-after'])) as CertResult;
  assert.ok(r.certificate);
});
