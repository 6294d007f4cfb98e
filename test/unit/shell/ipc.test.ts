// IPC wiring (electron-free part): handlers per method, sender check, envelopes, event forwarding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  registerIpcHandlers,
  forwardEvents,
  channelOf,
  EVENT_CHANNEL,
  type IpcMainLike,
} from '../../../electron/shell/ipc.ts';
import { createWizardService } from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { WIZARD_API_METHODS, type OperationEvent } from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';

async function setup() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (ch, fn) => void handlers.set(ch, fn as never),
    removeHandler: (ch) => void handlers.delete(ch),
  };
  const calls: string[] = [];
  const service = createWizardService({
    mode: 'electron',
    version: '1',
    dataDir: await mkdtemp(join(tmpdir(), 'tcw-ipc-')),
    secrets: new MemorySecretStore(),
    live: {
      dnsCheck: async (_r, ctx) => {
        calls.push('dns');
        ctx.progress('halfway', 0.5);
        return { findings: [], records: [] };
      },
      tlsProbe: async () => {
        throw new Error('TLS blew up');
      },
    },
  });
  const refused: string[] = [];
  const unregister = registerIpcHandlers(ipc, service, { onRefused: (ch, url) => refused.push(`${ch} ${url}`) });
  return { handlers, service, calls, refused, unregister };
}

const trusted = { senderFrame: { url: 'app://tcw/index.html', parent: null } };
const region = exampleProject().regions[0]!.variables.PxVmssRegion;

test('registers exactly one channel per WizardApi method and removes them again', async () => {
  const { handlers, unregister } = await setup();
  assert.deepEqual([...handlers.keys()].sort(), WIZARD_API_METHODS.map((m) => channelOf(m)).sort());
  unregister();
  assert.equal(handlers.size, 0);
});

test('an untrusted sender is refused and the service never runs', async () => {
  const { handlers, calls, refused } = await setup();
  const r = await handlers.get('tcw:api:dnsCheck')!(
    { senderFrame: { url: 'https://evil.example/', parent: null } },
    { project: exampleProject(), region },
    'op',
  );
  assert.deepEqual(r, { ok: false, error: { message: 'Refused: this request did not come from the wizard page.' } });
  assert.deepEqual(calls, []);
  assert.deepEqual(refused, ['tcw:api:dnsCheck https://evil.example/']);
});

test('results and errors travel as plain envelopes (no Error objects, no stacks)', async () => {
  const { handlers } = await setup();
  const ok = await handlers.get('tcw:api:dnsCheck')!(trusted, { project: exampleProject(), region }, 'op1');
  assert.deepEqual(ok, { ok: true, result: { findings: [], records: [] } });
  const bad = (await handlers.get('tcw:api:tlsProbe')!(
    trusted,
    { host: 'a.example.com', port: 443, role: 'node' },
    'op2',
  )) as { ok: false; error: { message: string } };
  assert.deepEqual(bad, { ok: false, error: { message: 'TLS blew up' } });
  const none = await handlers.get('tcw:api:cancel')!(trusted, 'nothing');
  assert.deepEqual(none, { ok: true, result: null });
  const many = (await handlers.get('tcw:api:info')!(trusted, 1, 2, 3, 4, 5)) as { ok: boolean };
  assert.equal(many.ok, false);
});

test('operation events are forwarded on the event channel until unsubscribed', async () => {
  const { handlers, service } = await setup();
  const sent: [string, OperationEvent][] = [];
  const stop = forwardEvents(service, (ch, e) => sent.push([ch, e]));
  await handlers.get('tcw:api:dnsCheck')!(trusted, { project: exampleProject(), region }, 'op9');
  assert.deepEqual(sent, [[EVENT_CHANNEL, { opId: 'op9', kind: 'progress', message: 'halfway', fraction: 0.5 }]]);
  stop();
  await handlers.get('tcw:api:dnsCheck')!(trusted, { project: exampleProject(), region }, 'op10');
  assert.equal(sent.length, 1);
});
