// The app service behind both bridges: projects in the app-data folder, artifacts saved atomically and
// owner-only when they hold secrets, typed folders in browser mode, secrets, file references.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWizardService, type WizardApiImpl } from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore, EncryptedFileSecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { browserModeDataDir } from '../../../electron/services/wizard-api/data-dir.ts';
import { loadFileRef } from '../../../electron/services/files/input-files.ts';
import { dispatch } from '../../../electron/services/wizard-api/dispatch.ts';
import { exampleProject } from '../../../shared/model/example.ts';

let dir: string;
let svc: WizardApiImpl;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tcw-svc-'));
  svc = createWizardService({
    mode: 'browser',
    version: '1.0.0',
    dataDir: join(dir, 'data'),
    secrets: new MemorySecretStore(),
  });
});
afterEach(async () => {
  svc.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('projects are tcw-project/1 files in <data>/projects, owner-only, with a recent list', async () => {
  const a = await svc.saveProject(exampleProject(), 'First');
  await new Promise((r) => setTimeout(r, 5));
  const b = await svc.saveProject(exampleProject(), 'Second');
  const files = (await readdir(join(dir, 'data', 'projects'))).sort();
  assert.deepEqual(files, [`${a.id}.json`, `${b.id}.json`, 'recent.json'].sort());
  const onDisk = JSON.parse(await readFile(join(dir, 'data', 'projects', `${a.id}.json`), 'utf8'));
  assert.equal(onDisk.format, 'tcw-project/1');
  assert.equal((await stat(join(dir, 'data', 'projects', `${a.id}.json`))).mode & 0o777, 0o600);
  assert.deepEqual(
    (await svc.listProjects()).map((e) => e.name),
    ['Second', 'First'],
  );
  // Saving under an existing id updates it and moves it to the top.
  await new Promise((r) => setTimeout(r, 5));
  await svc.saveProject(exampleProject(), 'First, renamed', a.id);
  assert.deepEqual(
    (await svc.listProjects()).map((e) => e.name),
    ['First, renamed', 'Second'],
  );
  // No temporary files left behind.
  assert.equal((await readdir(join(dir, 'data', 'projects'))).filter((n) => n.endsWith('.tmp')).length, 0);
});

test('unknown keys (a smuggled password) are stripped before saving', async () => {
  const p = { ...exampleProject(), adminPassword: 'Hunter2-Hunter2' } as never;
  const e = await svc.saveProject(p, 'x');
  const text = await readFile(join(dir, 'data', 'projects', `${e.id}.json`), 'utf8');
  assert.doesNotMatch(text, /Hunter2/);
});

test('a damaged recent list or a hand-copied file still lists the projects', async () => {
  const e = await svc.saveProject(exampleProject(), 'Kept');
  await writeFile(join(dir, 'data', 'projects', 'recent.json'), '{ broken');
  await writeFile(join(dir, 'data', 'projects', 'copied-in.json'), JSON.stringify(exampleProject()));
  const ids = (await svc.listProjects()).map((x) => x.id).sort();
  assert.deepEqual(ids, [e.id, 'copied-in'].sort());
});

test('a damaged project file is reported with what is wrong, not thrown raw', async () => {
  await mkdir(join(dir, 'data', 'projects'), { recursive: true });
  await writeFile(
    join(dir, 'data', 'projects', 'bad.json'),
    JSON.stringify({ format: 'tcw-project/1', regions: 'nope' }),
  );
  await assert.rejects(svc.loadProject('bad'), /cannot be read: .*regions/);
  await assert.rejects(svc.loadProject('absent'), /no saved project/);
  await assert.rejects(svc.loadProject('../x'), /not valid/);
});

test('listing with no data folder yet is an empty list', async () => {
  assert.deepEqual(await svc.listProjects(), []);
});

test('pickFolder in browser mode is null: there is no dialog and no typed path', async () => {
  assert.equal(await svc.pickFolder(), null);
  await assert.rejects(dispatch(svc, 'pickFolder', [dir]), /malformed/);
});

test('pickFile in browser mode is null (the page uploads); unknown kinds refused', async () => {
  assert.equal(await svc.pickFile('pfx'), null);
  await assert.rejects(dispatch(svc, 'pickFile', ['exe']), /malformed: argument 0/);
});

test('file references: uploads accepted, paths only when the dialog granted them', async () => {
  await writeFile(join(dir, 'c.pem'), 'PEM');
  const up = await loadFileRef({ name: 'c.pem', dataBase64: Buffer.from('PEM').toString('base64') }, new Set());
  assert.equal(Buffer.from(up.bytes).toString(), 'PEM');
  await assert.rejects(loadFileRef({ name: 'c.pem', path: join(dir, 'c.pem') }, new Set()), /file dialog/);
  const granted = await loadFileRef({ name: 'c.pem', path: join(dir, 'c.pem') }, new Set([join(dir, 'c.pem')]));
  assert.equal(Buffer.from(granted.bytes).toString(), 'PEM');
  await assert.rejects(loadFileRef({ name: 'x', dataBase64: '@@@' }, new Set()), /bad base64/);
  await assert.rejects(loadFileRef(null, new Set()), /No file/);
});

test('Electron-style host: a picked path is granted for later reads', async () => {
  await writeFile(join(dir, 'n.pem'), 'NODE');
  const reads: string[] = [];
  const s = createWizardService({
    mode: 'electron',
    version: '1',
    dataDir: join(dir, 'd2'),
    secrets: new MemorySecretStore(),
    host: { pickFile: async () => ({ name: 'n.pem', path: join(dir, 'n.pem') }) },
    cert: {
      analyzePfx: async () => {
        throw new Error('unused');
      },
      analyzeNodeCertificates: async (_r, files) => {
        reads.push(...files.map((x) => Buffer.from(x.bytes).toString()));
        return [];
      },
      createCsr: async () => {
        throw new Error('unused');
      },
      assemblePfx: async () => {
        throw new Error('unused');
      },
    },
  });
  const ref = await s.pickFile('pem');
  await s.analyzeNodeCertificates({ files: [ref!], pool: 'px.vc.example.com', nodes: [], nodeFqdns: [] }, 'op-n1');
  assert.deepEqual(reads, ['NODE']);
  await assert.rejects(
    s.analyzeNodeCertificates(
      { files: [{ name: 'p', path: '/etc/passwd' }], pool: 'p', nodes: [], nodeFqdns: [] },
      'op-n2',
    ),
    /file dialog/,
  );
  s.dispose();
});

test('methods of services missing from the build reject with "not available in this build"', async () => {
  const region = exampleProject().regions[0]!.variables.PxVmssRegion;
  await assert.rejects(svc.createCsr({ fqdns: ['a.example.com'], keySize: 2048 }), /not available in this build/);
  await assert.rejects(svc.azurePreflight({ project: exampleProject(), region }, 'op1'), /not available in this build/);
  await assert.rejects(svc.tlsProbe({ host: 'a', port: 443, role: 'node' }, 'op2'), /not available in this build/);
  await assert.rejects(svc.printRunbookPdf({ markdown: '# x' }), /Print/);
  await svc.azureSignOut(); // nothing to sign out of: fine
});

test('region requests name a region of the project', async () => {
  const s = createWizardService({
    mode: 'browser',
    version: '1',
    dataDir: dir,
    secrets: new MemorySecretStore(),
    live: {
      dnsCheck: async () => ({ findings: [], records: [] }),
      tlsProbe: async () => {
        throw new Error('x');
      },
    },
  });
  await assert.rejects(s.dnsCheck({ project: exampleProject(), region: 'zz' }, 'op'), /no region "zz"/);
  await assert.rejects(
    dispatch(s, 'dnsCheck', [{ project: {}, region: 'eu' }, 'op']),
    /malformed \(the project is not a valid tcw-project\/1\): project/,
  );
  await assert.rejects(
    dispatch(s, 'dnsCheck', [
      { project: exampleProject(), region: exampleProject().regions[0]!.variables.PxVmssRegion },
      'bad id!',
    ]),
    /operation id/,
  );
  s.dispose();
});

test('secrets: memory store in browser mode; encrypted file store never holds clear text', async () => {
  await svc.storeSecret('pfx:connector', 'Pfx-Pass-1');
  assert.equal(await svc.readSecret('pfx:connector'), 'Pfx-Pass-1');
  assert.equal(await svc.readSecret('unknown'), null);
  await assert.rejects(svc.storeSecret('bad key!', 'x'), /secret key/);

  const file = join(dir, 'secrets.json');
  const xor = (b: Buffer) => Buffer.from(b.map((c) => c ^ 0x5a));
  const store = new EncryptedFileSecretStore(file, {
    encrypt: (s) => xor(Buffer.from(s)),
    decrypt: (b) => xor(b).toString(),
  });
  await store.set('appPassword', 'App~Secret~42');
  const text = await readFile(file, 'utf8');
  assert.doesNotMatch(text, /App~Secret~42/);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const fresh = new EncryptedFileSecretStore(file, {
    encrypt: (s) => xor(Buffer.from(s)),
    decrypt: (b) => xor(b).toString(),
  });
  assert.equal(await fresh.get('appPassword'), 'App~Secret~42');
  await fresh.set('appPassword', '');
  assert.equal(await fresh.get('appPassword'), null);
});

test('browser-mode data folder: TCW_DATA_DIR, XDG_CONFIG_HOME, ~/.config', () => {
  assert.equal(browserModeDataDir({ TCW_DATA_DIR: '/x/y' }, 'linux', '/home/u'), '/x/y');
  assert.equal(browserModeDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u'), '/cfg/tcw');
  assert.equal(browserModeDataDir({}, 'linux', '/home/u'), '/home/u/.config/tcw');
  assert.equal(browserModeDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.config/tcw');
});

test('import and generate go through the real services with input checks', async () => {
  await assert.rejects(dispatch(svc, 'importScripts', [{}]), /argument 0 → initScript/);
  await assert.rejects(
    dispatch(svc, 'importScripts', [{ initScript: 'x'.repeat(3 * 1024 * 1024) }]),
    /larger than 2 MB/,
  );
  const r = await svc.importScripts({ initScript: "$PxBaseConnName = 'contoso'\n" });
  assert.ok(Array.isArray(r.findings));
});
