// One dispatch for both transports: the same refusals, with the same 400-style messages, whether a
// call arrives over Electron IPC or the browser-mode HTTP bridge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../electron/services/wizard-api/dispatch.ts';
import { createWizardService, type WizardApiImpl } from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { registerIpcHandlers, type IpcMainLike } from '../../../electron/shell/ipc.ts';
import { METHOD_ARGS } from '../../../shared/api/schemas.ts';
import { channelOf, IPC_PREFIX } from '../../../shared/api/channels.ts';
import { WIZARD_API_METHODS } from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { call, startFixture, type Fixture } from '../bridge/helpers.ts';

let f: Fixture;
let ipcService: WizardApiImpl;
const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
const trusted = { senderFrame: { url: 'app://tcw/index.html', parent: null } };
let dataDir: string;

before(async () => {
  f = await startFixture();
  dataDir = await mkdtemp(join(tmpdir(), 'tcw-dispatch-'));
  ipcService = createWizardService({ mode: 'electron', version: '1', dataDir, secrets: new MemorySecretStore() });
  const ipc: IpcMainLike = {
    handle: (ch, fn) => void handlers.set(ch, fn as never),
    removeHandler: (ch) => void handlers.delete(ch),
  };
  registerIpcHandlers(ipc, ipcService);
});
after(async () => {
  await f.cleanup();
  ipcService.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** The same call over both transports: [HTTP status, HTTP message, IPC message]. */
async function both(method: string, args: unknown[]): Promise<{ status: number; http: string; ipc: string }> {
  const r = await call(f, method, args);
  const h = handlers.get(`${IPC_PREFIX}${method}`);
  const env = h ? ((await h(trusted, ...args)) as { ok: boolean; error?: { message: string } }) : null;
  return { status: r.status, http: r.json().error?.message ?? '', ipc: env?.error?.message ?? '(no channel)' };
}

test('every WizardApi method has exactly one argument schema and one IPC channel', () => {
  assert.deepEqual(Object.keys(METHOD_ARGS).sort(), [...WIZARD_API_METHODS].sort());
  assert.deepEqual([...handlers.keys()].sort(), WIZARD_API_METHODS.map((m) => channelOf(m)).sort());
});

test('unknown methods: 400 from dispatch over HTTP, no channel at all over IPC', async () => {
  for (const name of ['nope', 'subscribe', 'dispose', 'constructor', '__proto__', 'onEvent']) {
    const r = await both(name, []);
    assert.equal(r.status, 400, name);
    assert.match(r.http, /There is no API method/, name);
    assert.equal(r.ipc, '(no channel)', name);
    await assert.rejects(
      dispatch(ipcService, name, []),
      (e: Error & { status?: number }) => e.status === 400 && /There is no API method/.test(e.message),
    );
  }
});

test('malformed arguments get the same 400 message on both transports', async () => {
  const region = exampleProject().regions[0]!.variables.PxVmssRegion;
  const cases: [string, unknown[], RegExp][] = [
    [
      'generate',
      [{ project: exampleProject(), journey: 'sideways', includeSecrets: false }],
      /generate is malformed: argument 0 → journey/,
    ],
    ['generate', [{ project: exampleProject(), journey: 'first-install' }], /argument 0 → includeSecrets/],
    [
      'generate',
      [{ project: exampleProject(), journey: 'first-install', includeSecrets: false, ownerUpn: 'not a upn' }],
      /Owner sign-in name .*Prepare Azure/,
    ],
    ['validate', [{ format: 'tcw-project/1' }], /not a valid tcw-project\/1/],
    ['saveArtifacts', [{ artifacts: [], folder: '/tmp/x' }], /saveArtifacts is malformed/],
    [
      'analyzePfx',
      [{ file: { name: 'a.pfx', dataBase64: 'AA==' }, password: 'p', fqdns: [] }],
      /analyzePfx is malformed: analyzePfx needs 2 argument\(s\), the last one being the operation id/,
    ],
    ['dnsCheck', [{ project: exampleProject(), region }, 'bad id!'], /operation id/],
    ['tlsProbe', [{ host: 'a.example.com', port: 70000, role: 'node' }, 'op'], /port must be a number from 1 to 65535/],
    ['cancel', [], /cancel is malformed/],
    ['info', ['extra'], /info is malformed: info takes at most 0 argument/],
    ['pickFolder', ['/home/user/.ssh'], /pickFolder is malformed/],
  ];
  for (const [method, args, re] of cases) {
    const r = await both(method, args);
    assert.equal(r.status, 400, method);
    assert.match(r.http, re, method);
    assert.equal(r.ipc, r.http, `${method}: IPC and HTTP say the same`);
  }
});

test('a password in a malformed request is not echoed back', async () => {
  const r = await both('validate', [{ bogus: true }, { adminPassword: 'Sup3r-Secret-Pw!', extra: 'Sup3r-Secret-Pw!' }]);
  assert.equal(r.status, 400);
  assert.doesNotMatch(r.http + r.ipc, /Sup3r-Secret-Pw!/);
});

test('well-formed calls succeed on both transports', async () => {
  const r = await call(f, 'validate', [exampleProject()]);
  assert.equal(r.status, 200);
  const env = (await handlers.get(channelOf('validate'))!(trusted, exampleProject())) as {
    ok: boolean;
    result: unknown;
  };
  assert.equal(env.ok, true);
  assert.deepEqual(env.result, r.json().result);
});
