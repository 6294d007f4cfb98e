// The packaged app ignores the test and development switches: TCW_RENDERER_DIR does not swap the
// page, TCW_AZURE_* endpoints and tokens do not redirect sign-in. Real electron/shell/main.ts,
// fake `electron` module with app.isPackaged = true.
import './fixtures/register-fake-electron.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface FakeState {
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  protocolHandlers: Map<string, (req: { url: string }) => Promise<Response>>;
  windows: unknown[];
}

const trusted = { senderFrame: { url: 'app://tcw/index.html', parent: null } };
let state: FakeState;
let server: Server;
const seen: string[] = [];

before(async () => {
  // A loopback "Azure" that records every connection (https: the SDK sends a bearer token only over
  // TLS; the handshake then fails, but the attempt is seen): a packaged app must never reach it.
  server = createServer((socket) => {
    seen.push(`connection from ${socket.remoteAddress}`);
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const evil = await mkdtemp(join(tmpdir(), 'tcw-evil-renderer-'));
  await writeFile(join(evil, 'index.html'), '<!doctype html><p>EVIL PAGE</p>');
  process.env.TCW_RENDERER_DIR = evil;
  process.env.TCW_AZURE_ARM_ENDPOINT = `https://127.0.0.1:${port}`;
  process.env.TCW_AZURE_GRAPH_ENDPOINT = `https://127.0.0.1:${port}`;
  process.env.TCW_AZURE_AUTHORITY_HOST = `https://127.0.0.1:${port}`;
  process.env.TCW_AZURE_ACCESS_TOKEN = 'switch-token-must-not-be-used';
  const electron = (await import('electron')) as unknown as { app: { isPackaged: boolean } };
  electron.app.isPackaged = true;
  await import('../../../electron/shell/main.ts');
  state = (globalThis as unknown as { __fakeElectron: FakeState }).__fakeElectron;
  for (let i = 0; i < 20 && state.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
});

after(() => {
  server.close();
});

test("packaged: TCW_RENDERER_DIR is ignored (the page comes from the app's own folder)", async () => {
  const handler = state.protocolHandlers.get('app');
  assert.ok(handler, 'app:// handler registered');
  const r = await handler({ url: 'app://tcw/index.html' });
  const body = await r.text();
  assert.doesNotMatch(body, /EVIL PAGE/);
});

test('packaged: TCW_AZURE_* endpoints and token are ignored by sign-in', async () => {
  const signIn = state.ipcHandlers.get('tcw:api:azureSignIn');
  assert.ok(signIn, 'azureSignIn handler registered');
  // The Azure CLI method fails fast here (no `az`); with the switches obeyed, the token would have
  // been used against the loopback endpoint instead.
  const r = (await signIn(trusted, { method: 'azure-cli' }, 'op-1')) as { ok: boolean; error?: { message: string } };
  assert.equal(r.ok, false);
  assert.doesNotMatch(JSON.stringify(r), /switch-token-must-not-be-used|TCW_AZURE_ACCESS_TOKEN/);
  await new Promise((res) => setTimeout(res, 200));
  assert.deepEqual(seen, [], 'nothing was sent to the switch endpoint');
});
