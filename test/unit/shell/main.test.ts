// Loads the real electron/shell/main.ts against a fake `electron` module (ESM resolve hook) and checks
// what it asks of Electron: window options, protocol, CSP, permission, navigation and IPC handlers.
import './fixtures/register-fake-electron.ts';
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WIZARD_API_METHODS } from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { SHELL_CSP } from '../../../electron/shell/shell-security.ts';

interface FakeWindow {
  options: { show?: boolean; webPreferences: Record<string, unknown> };
  loaded: string[];
  destroyed: boolean;
  webContents: {
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null;
    listeners(name: string): ((...a: unknown[]) => void)[];
    sent: [string, unknown][];
    printOptions?: Record<string, unknown>;
  };
}
interface FakeState {
  windows: FakeWindow[];
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[] | null;
  protocolHandlers: Map<string, (req: { url: string }) => Promise<Response>>;
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null;
  headersHandler:
    | ((
        details: { responseHeaders: Record<string, string[]> },
        cb: (r: { responseHeaders: Record<string, string[]> }) => void,
      ) => void)
    | null;
  opened: string[];
  saveDialogPath: string | null;
  openDialogPaths: string[];
  userData: string;
}

let state: FakeState;
let rendererDir: string;
const trusted = { senderFrame: { url: 'app://tcw/index.html', parent: null } };

before(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'tcw-renderer-'));
  await mkdir(join(rendererDir, 'assets'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><p>wizard</p>');
  await writeFile(join(rendererDir, 'assets', 'a.js'), 'x');
  await writeFile(join(rendererDir, '..', 'outside-secret.txt'), 'SECRET');
  process.env.TCW_RENDERER_DIR = rendererDir;
  await import('../../../electron/shell/main.ts');
  state = (globalThis as unknown as { __fakeElectron: FakeState }).__fakeElectron;
  // whenReady() resolved: let its continuation run.
  for (let i = 0; i < 20 && state.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
});

const main = () => state.windows[0]!;

test('one window with every security preference stated explicitly', () => {
  assert.equal(state.windows.length, 1);
  const p = main().options.webPreferences;
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.nodeIntegrationInWorker, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.allowRunningInsecureContent, false);
  assert.equal(p.webviewTag, false);
  assert.equal(p.experimentalFeatures, false);
  assert.equal(p.navigateOnDragDrop, false);
  assert.equal(p.disableBlinkFeatures, 'Auxclick');
  assert.match(String(p.preload), /preload\.cjs$/);
  assert.deepEqual(main().loaded, ['app://tcw/index.html']);
});

test('app:// is registered as a standard secure scheme and served from the renderer folder only', async () => {
  assert.deepEqual(state.privilegedSchemes, [
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  const handler = state.protocolHandlers.get('app')!;
  const ok = await handler({ url: 'app://tcw/index.html' });
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /wizard/);
  assert.match(ok.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.match(ok.headers.get('content-type') ?? '', /^text\/html/);
  for (const url of [
    'app://tcw/../outside-secret.txt',
    'app://tcw/%2e%2e/outside-secret.txt',
    'app://tcw/assets/..%2f..%2foutside-secret.txt',
    'app://other/index.html',
    'app://tcw/missing.js',
  ]) {
    const r = await handler({ url });
    assert.equal(r.status, 404, url);
    assert.doesNotMatch(await r.text(), /SECRET/);
  }
});

test('every response gets the strict CSP', () => {
  let out: Record<string, string[]> = {};
  state.headersHandler!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
  assert.deepEqual(out['X-Other'], ['1']);
  assert.deepEqual(out['Content-Security-Policy'], [SHELL_CSP]);
});

test('permission requests and checks are denied', () => {
  for (const perm of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
    let answer: boolean | undefined;
    state.permissionRequestHandler!({}, perm, (ok) => (answer = ok));
    assert.equal(answer, false, perm);
    assert.equal(state.permissionCheckHandler!({}, perm), false);
  }
});

test('new windows are denied; documentation links go to the system browser', () => {
  const h = main().webContents.windowOpenHandler!;
  assert.deepEqual(h({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.deepEqual(h({ url: 'https://learn.microsoft.com/azure/' }), { action: 'deny' });
  assert.deepEqual(h({ url: 'app://tcw/index.html' }), { action: 'deny' });
  assert.deepEqual(state.opened, ['https://learn.microsoft.com/azure/']);
  state.opened.length = 0;
});

test('navigation away from the app is prevented', () => {
  const [navigate] = main().webContents.listeners('will-navigate');
  const [redirect] = main().webContents.listeners('will-redirect');
  const [webview] = main().webContents.listeners('will-attach-webview');
  for (const [url, blocked] of [
    ['https://evil.example/', true],
    ['file:///etc/passwd', true],
    ['app://tcw/index.html#x', false],
    ['https://docs.pexip.com/', true],
  ] as const) {
    let prevented = false;
    navigate!({ preventDefault: () => (prevented = true) }, url);
    assert.equal(prevented, blocked, url);
    prevented = false;
    redirect!({ preventDefault: () => (prevented = true) }, url);
    assert.equal(prevented, blocked, url);
  }
  let prevented = false;
  webview!({ preventDefault: () => (prevented = true) });
  assert.equal(prevented, true);
});

test('one IPC handler per WizardApi method, nothing more', () => {
  assert.deepEqual([...state.ipcHandlers.keys()].sort(), WIZARD_API_METHODS.map((m) => `tcw:api:${m}`).sort());
});

test('IPC from a foreign frame is dropped before the service runs', async () => {
  for (const event of [
    { senderFrame: { url: 'https://evil.example/', parent: null } },
    { senderFrame: { url: 'app://tcw/index.html', parent: {} } },
    { senderFrame: null },
    { senderFrame: { url: 'file:///tmp/x.html', parent: null } },
  ]) {
    const r = (await state.ipcHandlers.get('tcw:api:saveProject')!(event, exampleProject(), 'evil')) as { ok: boolean };
    assert.equal(r.ok, false);
  }
  const listed = (await state.ipcHandlers.get('tcw:api:listProjects')!(trusted)) as { ok: boolean; result: unknown[] };
  assert.equal(listed.ok, true);
  assert.deepEqual(listed.result, []);
});

test('IPC calls reach the service; errors come back as plain messages', async () => {
  const info = (await state.ipcHandlers.get('tcw:api:info')!(trusted)) as {
    ok: true;
    result: { mode: string; dataFolder: string; features: { printPdf: boolean } };
  };
  assert.equal(info.result.mode, 'electron');
  assert.equal(info.result.dataFolder, join(state.userData, 'userData'));
  assert.equal(info.result.features.printPdf, true);
  const saved = (await state.ipcHandlers.get('tcw:api:saveProject')!(trusted, exampleProject(), 'Desk')) as {
    ok: true;
    result: { id: string };
  };
  assert.equal(saved.ok, true);
  const bad = (await state.ipcHandlers.get('tcw:api:loadProject')!(trusted, '../../x')) as {
    ok: false;
    error: { message: string };
  };
  assert.equal(bad.ok, false);
  assert.match(bad.error.message, /not valid/);
  assert.deepEqual(Object.keys(bad.error), ['message']);
});

test('openExternal over IPC: allow-listed https documentation only', async () => {
  const ok = (await state.ipcHandlers.get('tcw:api:openExternal')!(trusted, 'https://portal.azure.com/#home')) as {
    ok: boolean;
  };
  assert.equal(ok.ok, true);
  for (const url of [
    'https://evil.example/',
    'http://docs.pexip.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'https://docs.pexip.com.evil.example/',
  ]) {
    const r = (await state.ipcHandlers.get('tcw:api:openExternal')!(trusted, url)) as { ok: boolean };
    assert.equal(r.ok, false, url);
  }
  assert.deepEqual(state.opened, ['https://portal.azure.com/#home']);
});

test('secrets stay in memory when the OS offers no real encryption (Linux basic_text)', async () => {
  const put = (await state.ipcHandlers.get('tcw:api:storeSecret')!(trusted, 'adminPassword', 'Desk-Pass-77')) as {
    ok: boolean;
  };
  assert.equal(put.ok, true);
  const got = (await state.ipcHandlers.get('tcw:api:readSecret')!(trusted, 'adminPassword')) as { result: string };
  assert.equal(got.result, 'Desk-Pass-77');
  await assert.rejects(readFile(join(state.userData, 'userData', 'secrets.json')));
});

test('native dialogs: the picked file comes back with its bytes; cancel is null', async () => {
  const file = join(rendererDir, 'assets', 'a.js');
  state.openDialogPaths.push(file);
  const r = (await state.ipcHandlers.get('tcw:api:pickFile')!(trusted, 'pem')) as {
    result: { name: string; path: string; dataBase64: string };
  };
  assert.deepEqual(r.result, { name: 'a.js', path: file, dataBase64: Buffer.from('x').toString('base64') });
  const cancelled = (await state.ipcHandlers.get('tcw:api:pickFolder')!(trusted)) as { result: unknown };
  assert.equal(cancelled.result, null);
});

test('saveArtifacts writes only into a folder the native dialog granted in this session', async () => {
  const base = await mkdtemp(join(tmpdir(), 'tcw-grant-'));
  const chosen = join(base, 'chosen');
  const other = join(base, 'other');
  const save = (folder: string) =>
    state.ipcHandlers.get('tcw:api:saveArtifacts')!(trusted, {
      generate: { project: exampleProject(), journey: 'first-install', includeSecrets: false },
      folder,
    }) as Promise<{ ok: true; result: { files: string[] } } | { ok: false; error: { message: string } }>;
  // Not granted (no dialog yet, then another folder than the one chosen): refused, nothing written.
  const before = await save(chosen);
  assert.equal(before.ok, false);
  assert.match((before as { error: { message: string } }).error.message, /Choose folder/);
  state.openDialogPaths.push(chosen);
  const picked = (await state.ipcHandlers.get('tcw:api:pickFolder')!(trusted)) as { result: string };
  assert.equal(picked.result, chosen);
  const elsewhere = await save(other);
  assert.equal(elsewhere.ok, false);
  await assert.rejects(readdir(other), { code: 'ENOENT' });
  // Granted: the generator's own set is written there.
  const ok = await save(chosen);
  assert.equal(ok.ok, true, JSON.stringify(ok));
  const files = (ok as { result: { files: string[] } }).result.files;
  assert.ok(files.length > 0 && files.every((f) => f.startsWith(chosen)));
  assert.ok((await readdir(join(chosen, 'eu'))).includes('install.ps1'));
  // Client-sent content is refused by the schema before anything else.
  const smuggled = (await state.ipcHandlers.get('tcw:api:saveArtifacts')!(trusted, {
    folder: chosen,
    artifacts: [{ fileName: '.bashrc', content: 'x' }],
  })) as { ok: boolean; error: { message: string } };
  assert.equal(smuggled.ok, false);
  assert.match(smuggled.error.message, /malformed/);
  await assert.rejects(readFile(join(chosen, '.bashrc')));
});

test('the runbook prints to PDF in a hidden, script-free window and is saved where chosen', async () => {
  const target = join(await mkdtemp(join(tmpdir(), 'tcw-pdf-')), 'runbook.pdf');
  state.saveDialogPath = target;
  const before = state.windows.length;
  const r = (await state.ipcHandlers.get('tcw:api:printRunbookPdf')!(trusted, {
    markdown: '# Runbook\n\n<script>alert(1)</script>',
  })) as { ok: true; result: { path: string } };
  assert.equal(r.ok, true);
  assert.equal(r.result.path, target);
  assert.equal((await readFile(target, 'utf8')).slice(0, 8), '%PDF-1.7');
  const printer = state.windows[before]!;
  assert.equal(printer.options.show, false);
  assert.equal(printer.options.webPreferences.javascript, false);
  assert.equal(printer.options.webPreferences.sandbox, true);
  assert.equal(printer.destroyed, true);
  const html = decodeURIComponent(printer.loaded[0]!.replace(/^data:text\/html;charset=utf-8,/, ''));
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /&lt;script&gt;/);
});
