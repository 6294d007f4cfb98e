// The shipped bundles (scripts/build-electron.mjs): main.cjs, preload.cjs and the certificate worker,
// built into a temp folder and run: main.cjs against the fake `electron`, a real PFX analysed over IPC
// in the bundled worker thread.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let outdir: string;
let work: string;

interface FakeState {
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  windows: unknown[];
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'tcw-bundle-'));
  outdir = join(work, 'electron');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', outdir], {
    cwd: root,
    stdio: 'pipe',
  });
});

test('the preload bundle needs nothing but electron (it runs sandboxed)', async () => {
  const code = await readFile(join(outdir, 'preload.cjs'), 'utf8');
  const requires = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(requires)], ['electron']);
});

test('the main bundle needs only Node built-ins and electron', async () => {
  const code = await readFile(join(outdir, 'main.cjs'), 'utf8');
  const requires = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
  const builtins = new Set(Module.builtinModules);
  const foreign = [...requires].filter((r) => r !== 'electron' && !r.startsWith('node:') && !builtins.has(r));
  assert.deepEqual(foreign, []);
});

test('main.cjs starts against the fake electron and analyses a PFX in the bundled worker', async () => {
  // A self-signed RSA certificate in a PFX, made with openssl.
  const dir = join(work, 'pfx');
  await mkdir(dir);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=pexip-teamsconn-eu.teams.example.com',
      '-addext',
      'subjectAltName=DNS:pexip-teamsconn-eu.teams.example.com',
    ],
    { stdio: 'pipe' },
  );
  execFileSync(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-inkey',
      join(dir, 'k.pem'),
      '-in',
      join(dir, 'c.pem'),
      '-out',
      join(dir, 'c.pfx'),
      '-passout',
      'pass:Bundle-Pass1',
    ],
    { stdio: 'pipe' },
  );
  const pfx = await readFile(join(dir, 'c.pfx'));

  const rendererDir = join(work, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html>');
  process.env.TCW_RENDERER_DIR = rendererDir;

  // Loads the fake (it publishes itself on globalThis); a computed specifier keeps tsc from typing it.
  const fake = './fixtures/fake-electron.mjs';
  await import(fake);
  await new Promise((r) => setImmediate(r));
  const shim = fileURLToPath(new URL('./fixtures/fake-electron-shim.cjs', import.meta.url));
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = (req, ...rest) => (req === 'electron' ? shim : original(req, ...rest));
  try {
    createRequire(import.meta.url)(join(outdir, 'main.cjs'));
  } finally {
    M._resolveFilename = original;
  }
  const state = (globalThis as unknown as { __fakeElectron: FakeState }).__fakeElectron;
  for (let i = 0; i < 50 && state.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(state.windows.length, 1);
  const trusted = { senderFrame: { url: 'app://tcw/index.html', parent: null } };
  const r = (await state.ipcHandlers.get('tcw:api:analyzePfx')!(
    trusted,
    {
      file: { name: 'c.pfx', dataBase64: pfx.toString('base64') },
      password: 'Bundle-Pass1',
      fqdns: ['pexip-teamsconn-eu.teams.example.com'],
    },
    'pfx-bundle-1',
  )) as {
    ok: true;
    result: { ok: boolean; certificate: { subjectAltNames: string[] } | null; findings: { code: string }[] };
  };
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.result.certificate?.subjectAltNames, ['pexip-teamsconn-eu.teams.example.com']);
  assert.ok(
    r.result.findings.some((f) => f.code === 'pfx.self-signed'),
    JSON.stringify(r.result.findings),
  );
  const wrong = (await state.ipcHandlers.get('tcw:api:analyzePfx')!(
    trusted,
    {
      file: { name: 'c.pfx', dataBase64: pfx.toString('base64') },
      password: 'nope',
      fqdns: ['pexip-teamsconn-eu.teams.example.com'],
    },
    'pfx-bundle-2',
  )) as { ok: true; result: { findings: { code: string }[] } };
  assert.ok(
    wrong.result.findings.some((f) => f.code === 'pfx.bad-password'),
    JSON.stringify(wrong),
  );
  // Quitting stops the worker thread: otherwise it would keep the process (and this test) alive.
  const { app } = (globalThis as unknown as { __fakeElectronModule: { app: { emit(e: string): void } } })
    .__fakeElectronModule;
  app.emit('before-quit');
});
