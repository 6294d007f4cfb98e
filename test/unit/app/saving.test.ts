// Saving is the server's job: a save request carries what to generate and where, never names or
// contents; Electron writes only into a folder the dialog granted in this session; browser mode is
// refused (the page offers the zip); the zip holds exactly the generated set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../electron/services/wizard-api/dispatch.ts';
import { createWizardService } from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { isPlainArtifactName } from '../../../electron/services/files/artifact-names.ts';
import { crc32 } from '../../../electron/services/files/zip-writer.ts';
import { crc32 as zlibCrc32 } from 'node:zlib';
import type {
  DownloadArtifactsResult,
  GenerateResult,
  OpenProjectResult,
  SaveArtifactsResult,
} from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { ADMIN_PASSWORD, APP_PASSWORD, electronService, journeyRequests, snapshot } from './support.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'tcw-saving-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const req = () => journeyRequests()['first-install']!;

test('a save request that carries artifacts, content or file names is refused by the schema; nothing is written', async () => {
  const out = join(root, 'schema');
  const svc = electronService(join(root, 'd1'), [out]);
  await dispatch(svc, 'pickFolder', []);
  const smuggled = [
    {
      generate: req(),
      folder: out,
      artifacts: [{ kind: 'runbook', region: null, fileName: '.bashrc', content: 'evil', containsSecrets: false }],
    },
    { generate: req(), folder: out, content: 'evil' },
    { generate: req(), folder: out, fileName: '.bashrc' },
    { generate: { ...req(), fileName: '../x' }, folder: out },
    { artifacts: [{ fileName: 'authorized_keys', content: 'ssh-ed25519 AAAA' }], folder: out },
  ];
  for (const body of smuggled) {
    await assert.rejects(
      dispatch(svc, 'saveArtifacts', [body]),
      (e: Error & { status?: number }) => e.status === 400 && /saveArtifacts is malformed/.test(e.message),
      JSON.stringify(Object.keys(body)),
    );
  }
  await assert.rejects(stat(out), { code: 'ENOENT' });
  svc.dispose();
});

test('Electron: a folder the dialog did not grant in this session is refused', async () => {
  const granted = join(root, 'granted');
  const svc = electronService(join(root, 'd2'), [granted]);
  const home = join(root, 'home');
  await mkdir(home);
  await writeFile(join(home, '.bashrc'), 'original');
  // Before any dialog, and for any other folder afterwards: refused, with the control to use.
  await assert.rejects(
    dispatch(svc, 'saveArtifacts', [{ generate: req(), folder: home }]),
    (e: Error & { status?: number }) => e.status === 403 && /Choose folder/.test(e.message),
  );
  await dispatch(svc, 'pickFolder', []);
  await assert.rejects(dispatch(svc, 'saveArtifacts', [{ generate: req(), folder: home }]), /Choose folder/);
  await assert.rejects(
    dispatch(svc, 'saveArtifacts', [{ generate: req(), folder: join(granted, 'sub') }]),
    /Choose folder/,
  );
  assert.deepEqual(await readdir(home), ['.bashrc']);
  // The granted one works, and only the generator's names land there.
  const r = (await dispatch(svc, 'saveArtifacts', [{ generate: req(), folder: granted }])) as SaveArtifactsResult;
  assert.ok(r.files.length > 0);
  for (const f of await snapshot(granted)) {
    assert.ok(isPlainArtifactName(f.name), f.name);
    assert.ok(!f.name.split('/').some((s) => s.startsWith('.')), f.name);
  }
  svc.dispose();
});

test('a project with errors saves nothing and says why', async () => {
  const out = join(root, 'errors');
  const svc = electronService(join(root, 'd3'), [out]);
  await dispatch(svc, 'pickFolder', []);
  const bad = exampleProject();
  bad.regions[0]!.variables.PxVmssRegion = '.ssh';
  const r = (await dispatch(svc, 'saveArtifacts', [
    { generate: { ...req(), project: bad }, folder: out },
  ])) as SaveArtifactsResult;
  assert.deepEqual(r.files, []);
  assert.ok(r.findings.some((f) => f.severity === 'error' && f.code === 'vmss-region.chars'));
  await assert.rejects(stat(out), { code: 'ENOENT' });
  svc.dispose();
});

test('generator names are plain: no hidden files, no escapes, known extensions only', () => {
  for (const ok of ['RUNBOOK.md', 'teams-commands.ps1', 'eu/install.ps1', 'us/dns-records.txt'])
    assert.ok(isPlainArtifactName(ok), ok);
  for (const bad of [
    '.bashrc',
    'eu/.profile',
    '../x.ps1',
    'eu/../x.ps1',
    '/etc/x.ps1',
    'C:/x.ps1',
    'a/b/c.ps1',
    '.ssh/authorized_keys',
    'x.exe',
    'x',
    'eu/x..ps1',
    'eu\\x.ps1',
    '',
  ]) {
    assert.ok(!isPlainArtifactName(bad), bad);
  }
});

test("browser mode refuses saveArtifacts and points at the page's zip download", async () => {
  const out = join(root, 'browser');
  const svc = createWizardService({
    mode: 'browser',
    version: '1',
    dataDir: join(root, 'd4'),
    secrets: new MemorySecretStore(),
  });
  assert.equal(await dispatch(svc, 'pickFolder', []), null);
  await assert.rejects(dispatch(svc, 'pickFolder', [out]), /malformed/); // no typed path any more
  await assert.rejects(
    dispatch(svc, 'saveArtifacts', [{ generate: req(), folder: out }]),
    (e: Error & { status?: number }) => e.status === 403 && /Download all \(\.zip\)/.test(e.message),
  );
  await assert.rejects(stat(out), { code: 'ENOENT' });
  svc.dispose();
});

function unzipList(zip: string): { name: string; mode: string }[] {
  // zipinfo (Info-ZIP) is an independent reader: names and Unix permissions as it sees them.
  return execFileSync('zipinfo', ['-l', zip], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^-[rwx-]{9}/.test(l))
    .map((l) => ({ mode: l.slice(0, 10), name: l.trim().split(/\s+/).slice(9).join(' ') }));
}

test('downloadArtifacts: the zip holds exactly the generated set, bytes and owner-only modes included', async () => {
  const svc = createWizardService({
    mode: 'browser',
    version: '1',
    dataDir: join(root, 'd5'),
    secrets: new MemorySecretStore(),
  });
  for (const [name, r] of Object.entries(journeyRequests())) {
    const gen = (await dispatch(svc, 'generate', [r])) as GenerateResult;
    const dl = (await dispatch(svc, 'downloadArtifacts', [r])) as DownloadArtifactsResult;
    assert.match(dl.fileName, /^teams-connector-[a-z-]+(-[a-z0-9]+)?\.zip$/);
    assert.deepEqual(
      dl.files,
      gen.artifacts.map((a) => a.fileName),
    );
    const zip = join(root, `${name}.zip`);
    await writeFile(zip, Buffer.from(dl.zipBase64, 'base64'));
    execFileSync('unzip', ['-tq', zip]); // CRCs and structure check out
    const listed = unzipList(zip);
    assert.deepEqual(listed.map((e) => e.name).sort(), gen.artifacts.map((a) => a.fileName).sort());
    const dest = join(root, `${name}-unzipped`);
    execFileSync('unzip', ['-q', zip, '-d', dest]);
    const files = await snapshot(dest);
    assert.ok(
      gen.artifacts.some((a) => a.containsSecrets),
      `${name}: some file holds a secret, so the owner-only check below is exercised`,
    );
    for (const a of gen.artifacts) {
      const f = files.find((x) => x.name === a.fileName)!;
      assert.equal(f.bytes.toString('utf8'), a.content, a.fileName);
      const holdsSecret = a.content.includes(ADMIN_PASSWORD) || a.content.includes(APP_PASSWORD);
      assert.equal(
        listed.find((e) => e.name === a.fileName)!.mode,
        holdsSecret ? '-rw-------' : '-rw-r--r--',
        a.fileName,
      );
    }
  }
  // Without includeSecrets no secret is in the zip at all.
  const plain = (await dispatch(svc, 'downloadArtifacts', [
    { ...req(), includeSecrets: false },
  ])) as DownloadArtifactsResult;
  const text = execFileSync(
    'unzip',
    [
      '-p',
      await (async () => {
        const z = join(root, 'plain.zip');
        await writeFile(z, Buffer.from(plain.zipBase64, 'base64'));
        return z;
      })(),
    ],
    { encoding: 'utf8' },
  );
  assert.ok(text.length > 1000);
  assert.ok(!text.includes(ADMIN_PASSWORD) && !text.includes(APP_PASSWORD));
  svc.dispose();
});

test('zip CRC-32 agrees with zlib', () => {
  for (const s of ['', 'a', 'The quick brown fox', 'ü€😀'.repeat(50)]) {
    const b = Buffer.from(s, 'utf8');
    assert.equal(crc32(b), zlibCrc32(b), s.slice(0, 10));
  }
});

test("exportProject / openProjectFile: the CLI's own writer and reader, both ways", async () => {
  const svc = createWizardService({
    mode: 'browser',
    version: '1',
    dataDir: join(root, 'd6'),
    secrets: new MemorySecretStore(),
  });
  const p = exampleProject();
  const ex = (await dispatch(svc, 'exportProject', [p])) as { fileName: string; content: string };
  assert.match(ex.fileName, /^teams-connector-[a-z0-9-]+\.tcw-project\.json$/);
  assert.equal(ex.content, `${JSON.stringify(p, null, 2)}\n`);
  const back = (await dispatch(svc, 'openProjectFile', [
    { name: ex.fileName, dataBase64: Buffer.from(ex.content).toString('base64') },
  ])) as OpenProjectResult;
  assert.deepEqual(back.project, p);
  // An init script goes through the importer, as `tcw generate INIT.ps1` does.
  const script = "$PxBaseConnName = 'contoso'\n$PxVmssRegion = 'eu'\n";
  const imported = (await dispatch(svc, 'openProjectFile', [
    { name: 'initialize-variables.ps1', dataBase64: Buffer.from(script).toString('base64') },
  ])) as OpenProjectResult;
  assert.equal(imported.project?.regions[0]?.variables.PxVmssRegion, 'eu');
  await assert.rejects(
    dispatch(svc, 'openProjectFile', [
      { name: 'p.json', dataBase64: Buffer.from('{"format":"tcw-project/1"}').toString('base64') },
    ]),
    /not a valid tcw-project\/1/,
  );
  // A path the dialog never handed out is not read.
  await assert.rejects(dispatch(svc, 'openProjectFile', [{ name: 'passwd', path: '/etc/passwd' }]), /file dialog/);
  svc.dispose();
});

test('saveProject names files itself: an id must be one the store made', async () => {
  const svc = createWizardService({
    mode: 'browser',
    version: '1',
    dataDir: join(root, 'd7'),
    secrets: new MemorySecretStore(),
  });
  await assert.rejects(
    dispatch(svc, 'saveProject', [exampleProject(), 'x', 'bashrc']),
    /no saved project with id "bashrc"/,
  );
  await assert.rejects(dispatch(svc, 'saveProject', [exampleProject(), 'x', '../etc']), /malformed: argument 2/);
  const e = (await dispatch(svc, 'saveProject', [exampleProject(), 'x'])) as { id: string };
  assert.match(e.id, /^[0-9a-f-]{36}$/);
  await dispatch(svc, 'saveProject', [exampleProject(), 'y', e.id]);
  assert.deepEqual((await readdir(join(root, 'd7', 'projects'))).sort(), [`${e.id}.json`, 'recent.json'].sort());
  svc.dispose();
});
