// Each journey walked to its end through its machine with the real in-process API (through the
// checked dispatch; Azure and certificate answers from a double), with every secret entered:
// - nothing secret at rest: after every snapshot, the allow-listed persisted state holds no password
//   and no text containing one (the install output, the redeploy script), and the key is gone at the end;
// - one truth: the files the journey saves equal `tcw generate` for the same project and options,
//   byte for byte (names, bytes, permission bits);
// - first install keeps the pasted $AppPassword: regenerating after deployment writes it into redeploy.ps1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor, type AnyActorRef, type AnyStateMachine } from 'xstate';
import { main } from '../../../electron/cli/main.ts';
import { projectFileText } from '../../../electron/services/projects/project-files.ts';
import type { GenerateRequest, Journey, WizardApi } from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { firstInstallMachine, PREREQUISITES } from '../../../renderer/machines/first-install.ts';
import { addRegionMachine } from '../../../renderer/machines/add-region.ts';
import { redeployMachine } from '../../../renderer/machines/redeploy.ts';
import { sourceMachine } from '../../../renderer/machines/source.ts';
import { withApi } from '../../../renderer/machines/kit.ts';
import { generateRequest, type JourneyContext } from '../../../renderer/machines/journey.ts';
import {
  persistAtStepBoundaries,
  serializeJourney,
  STORAGE_KEY,
  type KeyValueStore,
} from '../../../renderer/machines/persist.ts';
import { snapshot as folderSnapshot } from '../app/support.ts';
import { apiDouble, until } from './helpers.ts';

const ADMIN = 'Adm1n#Walk-2026x';
const APP = 'App~Walk.Secret_77';
const PFX = 'Pfx-Walk-Pass-31';
const OLD_APP = 'Old~App.Secret_55';
const APP_ID = '0b6a0f2e-1111-4222-8333-944444444444';
const INSTALL_OUTPUT = `Deployment complete.\n$AppId = "${APP_ID}"\n$AppPassword = "${APP}"\n`;
const REDEPLOY_SCRIPT = `$AppId = '${APP_ID}'\n$AppPassword = '${OLD_APP}'\n.\\create_vmss_deployment.ps1 -Redeploy\n`;
const SECRETS = [ADMIN, APP, PFX, OLD_APP];
const PASTED = [INSTALL_OUTPUT.trim(), REDEPLOY_SCRIPT.trim()];

const root = mkdtempSync(join(tmpdir(), 'tcw-save-walk-'));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = () => join(root, `out-${++folders}`);

class MemoryStore implements KeyValueStore {
  map = new Map<string, string>();
  writes: string[] = [];
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
    this.writes.push(v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

/** Runs a journey with persistence on and checks every snapshot's persisted form as it goes. */
function run(machine: AnyStateMachine, journey: Journey, api: WizardApi, input: object) {
  const store = new MemoryStore();
  const actor = createActor(withApi(machine, api, { source: sourceMachine }), { input }).start() as AnyActorRef;
  const seen: string[] = [];
  actor.subscribe((s: { value: unknown; context: unknown }) => {
    seen.push(serializeJourney(journey, s));
  });
  persistAtStepBoundaries(actor, journey, store);
  const idle = () => until(actor, (s: { hasTag(t: string): boolean }) => !s.hasTag('busy'));
  const send = async (e: { type: string; [k: string]: unknown }) => {
    actor.send(e);
    await idle();
  };
  const ctx = () => (actor.getSnapshot() as { context: JourneyContext }).context;
  const at = () => JSON.stringify((actor.getSnapshot() as { value: unknown }).value);
  return { actor, store, seen, send, ctx, at };
}

function assertNothingSecret(label: string, texts: string[]) {
  assert.ok(texts.length > 0, `${label}: something was persisted`);
  for (const t of texts) {
    for (const s of SECRETS)
      assert.ok(!t.includes(s), `${label}: a password is in persisted state: ${t.slice(0, 200)}…`);
    for (const p of PASTED)
      for (const line of p.split('\n')) assert.ok(!t.includes(line.trim()), `${label}: pasted text in persisted state`);
    assert.ok(
      !/"(adminPassword|appPassword|pfxPassword|pfxFile|transient|installOutput|initScript|redeployScript|generated)"|dataBase64/.test(
        t,
      ),
      `${label}: a secret-bearing key in persisted state`,
    );
  }
}

async function cliGenerate(req: GenerateRequest): Promise<string> {
  const projectFile = join(root, `p-${++folders}.json`);
  writeFileSync(projectFile, projectFileText(req.project));
  const out = folder();
  let log = '';
  const code = await main(
    [
      'generate',
      projectFile,
      '--out',
      out,
      '--journey',
      req.journey,
      ...(req.region ? ['--region', req.region] : []),
      ...(req.includeSecrets ? ['--include-secrets'] : []),
      ...(req.secrets?.adminPassword ? ['--admin-password-env', 'W_ADMIN'] : []),
      ...(req.secrets?.appPassword ? ['--app-password-env', 'W_APP'] : []),
      ...(req.ownerUpn ? ['--owner-upn', req.ownerUpn] : []),
    ],
    {
      stdout: (t) => void (log += t),
      stderr: (t) => void (log += t),
      env: { W_ADMIN: req.secrets?.adminPassword ?? '', W_APP: req.secrets?.appPassword ?? '' },
      cwd: root,
      interactive: false,
    },
  );
  assert.equal(code, 0, log);
  return out;
}

async function assertParity(saved: string, req: GenerateRequest) {
  const cli = await cliGenerate(req);
  const a = await folderSnapshot(saved);
  const b = await folderSnapshot(cli);
  assert.deepEqual(
    a.map((f) => [f.name, f.mode.toString(8)]),
    b.map((f) => [f.name, f.mode.toString(8)]),
  );
  for (let i = 0; i < b.length; i++)
    assert.ok(a[i]!.bytes.equals(b[i]!.bytes), `${b[i]!.name} differs from tcw generate`);
}

test('first install: every secret entered, none at rest; the pasted app password reaches redeploy.ps1; saved = tcw generate', async () => {
  const { api } = apiDouble();
  const j = run(firstInstallMachine, 'first-install', api, { project: exampleProject() });
  for (const key of PREREQUISITES) await j.send({ type: 'SET_PREREQ', key, value: true });
  for (let i = 0; i < 2; i++) await j.send({ type: 'NEXT' });
  await j.send({ type: 'SIGN_IN', method: 'device-code' });
  await j.send({ type: 'NEXT' });
  await j.send({
    type: 'SET_PFX_FILE',
    file: { name: 'connector.pfx', dataBase64: Buffer.from('not really a pfx').toString('base64') },
  });
  await j.send({ type: 'SET_SECRET', key: 'pfxPassword', value: PFX });
  await j.send({ type: 'ANALYZE_PFX' });
  for (let i = 0; i < 3; i++) await j.send({ type: 'NEXT' });
  assert.match(j.at(), /admin/);
  await j.send({ type: 'SET_SECRET', key: 'adminPassword', value: ADMIN });
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'SET_OWNER', upn: 'alice@example.com' });
  await j.send({ type: 'PREPARE' });
  await j.send({ type: 'NEXT' });
  assert.match(j.at(), /review/, j.ctx().error ?? '');
  await j.send({ type: 'SET_INCLUDE_SECRETS', value: true });
  assert.ok(
    j.ctx().generated?.artifacts.some((a) => a.content.includes(ADMIN)),
    'the admin password is in the generated set',
  );
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'SET_INSTALL_OUTPUT', text: INSTALL_OUTPUT });
  await j.send({ type: 'CAPTURE_OUTPUT' });
  assert.equal(j.ctx().project?.app.appId, APP_ID);
  const redeploy = j.ctx().generated?.artifacts.find((a) => a.kind === 'redeploy-script');
  assert.ok(redeploy?.content.includes(APP), 'regenerating after deployment keeps the pasted $AppPassword');
  // Back to the review and forward again: the app password is still used.
  await j.send({ type: 'BACK' });
  assert.ok(
    j
      .ctx()
      .generated?.artifacts.find((a) => a.kind === 'redeploy-script')
      ?.content.includes(APP),
    'review regenerates with the app password too',
  );
  const out = folder();
  await j.send({ type: 'SAVE_ALL', folder: out });
  assert.equal(j.ctx().error, null);
  assert.ok((j.ctx().saved?.files.length ?? 0) > 0);
  await assertParity(out, generateRequest(j.ctx(), 'first-install'));
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'FINISH' });
  assert.equal((j.actor.getSnapshot() as { status: string }).status, 'done');
  assertNothingSecret('first install (every snapshot)', j.seen);
  assertNothingSecret('first install (storage writes)', j.store.writes);
  assert.equal(j.store.getItem(STORAGE_KEY), null, 'the stored journey is removed at the end');
});

async function readScripts(j: ReturnType<typeof run>, api: WizardApi) {
  const generated = await api.generate({ project: exampleProject(), journey: 'first-install', includeSecrets: false });
  const init = generated.artifacts.find((a) => a.kind === 'init-script')?.content ?? '';
  const child = (j.actor.getSnapshot() as { children: Record<string, AnyActorRef> }).children.source!;
  await until(child, (s: { hasTag(t: string): boolean }) => !s.hasTag('busy'));
  child.send({ type: 'SET_SCRIPTS', initScript: init, redeployScript: REDEPLOY_SCRIPT });
  child.send({ type: 'IMPORT' });
  await until(j.actor, () => j.ctx().project !== null);
}

test('add a region: scripts and app password read, none at rest; saved = tcw generate', async () => {
  const { api } = apiDouble();
  const j = run(addRegionMachine, 'add-region', api, {});
  await readScripts(j, api);
  await j.send({ type: 'NEXT' });
  await j.send({
    type: 'SET_REGION',
    patch: {
      PxVmssRegion: 'us',
      PxAzureLocation: 'eastus',
      PxTeamsConnFqdn: 'pexip-teamsconn-us.teams.example.com',
      PxNodeFqdns: ['px.vc.example.com'],
    },
  });
  await j.send({ type: 'SET_NODES', pool: 'px.vc.example.com' });
  await j.send({ type: 'NEXT' });
  assert.match(j.at(), /certificate/, JSON.stringify(j.ctx().findings.filter((f) => f.severity === 'error')));
  await j.send({ type: 'SET_PFX_FILE', file: { name: 'us.pfx', dataBase64: 'AA==' } });
  await j.send({ type: 'SET_SECRET', key: 'pfxPassword', value: PFX });
  await j.send({ type: 'ANALYZE_PFX' });
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'SET_PREPARE_MODE', mode: 'handover' });
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'SET_SECRET', key: 'appPassword', value: APP });
  await j.send({ type: 'GENERATE' });
  assert.ok(j.ctx().generated?.artifacts.some((a) => a.content.includes(APP)));
  const out = folder();
  await j.send({ type: 'SAVE_ALL', folder: out });
  assert.equal(j.ctx().error, null);
  await assertParity(out, generateRequest(j.ctx(), 'add-region'));
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'FINISH' });
  assertNothingSecret('add region (every snapshot)', j.seen);
  assertNothingSecret('add region (storage writes)', j.store.writes);
  assert.equal(j.store.getItem(STORAGE_KEY), null);
});

test('redeploy: version checked where it is asked, values changed and shown old → new, none at rest; saved = tcw generate', async () => {
  const { api } = apiDouble();
  const j = run(redeployMachine, 'redeploy', api, {});
  await readScripts(j, api);
  assert.equal(
    j.ctx().transient.appPassword,
    OLD_APP,
    'the app password of the pasted redeploy script is kept in memory',
  );
  await j.send({ type: 'SET_TARGET_VERSION', version: '27.0' });
  assert.equal(
    (j.actor.getSnapshot() as { can(e: object): boolean }).can({ type: 'NEXT' }),
    false,
    'an unsupported major stops at the first step',
  );
  await j.send({ type: 'SET_TARGET_VERSION', version: '26.2' });
  await j.send({ type: 'NEXT' });
  await j.send({ type: 'NEXT' });
  assert.match(j.at(), /values/);
  await j.send({ type: 'SET_REGION', patch: { PxTeamsConnInstanceCount: '5', PxNodeFqdns: ['px2.vc.example.com'] } });
  await j.send({ type: 'SET_NODES', pool: 'px2.vc.example.com', members: [{ fqdn: 'px2.vc.example.com', ip: null }] });
  await j.send({ type: 'NEXT' });
  assert.match(j.at(), /checks/, JSON.stringify(j.ctx().findings.filter((f) => f.severity === 'error')));
  await j.send({ type: 'SET_PFX_FILE', file: { name: 'new.pfx', dataBase64: 'AA==' } });
  await j.send({ type: 'SET_SECRET', key: 'pfxPassword', value: PFX });
  await j.send({ type: 'ANALYZE_PFX' });
  await j.send({ type: 'SIGN_IN', method: 'device-code' });
  await j.send({ type: 'CHECK_OWNER' });
  await j.send({ type: 'NEXT' });
  assert.match(j.at(), /review/, j.ctx().error ?? '');
  const { redeployDiff } = await import('../../../renderer/machines/redeploy.ts');
  const c = j.ctx() as JourneyContext & { baseline: Parameters<typeof redeployDiff>[0] };
  const diff = redeployDiff(c.baseline, c.project, c.regionIndex);
  assert.ok(
    diff.some((d) => d.label.startsWith('Instances') && d.after === '5'),
    JSON.stringify(diff),
  );
  const out = folder();
  await j.send({ type: 'SAVE_ALL', folder: out });
  assert.equal(j.ctx().error, null);
  const req = generateRequest(j.ctx(), 'redeploy');
  assert.ok(readFileSync(join(out, (j.ctx().saved?.files[0] ?? '').slice(out.length + 1))).length > 0);
  await assertParity(out, req);
  await j.send({ type: 'FINISH' });
  assertNothingSecret('redeploy (every snapshot)', j.seen);
  assertNothingSecret('redeploy (storage writes)', j.store.writes);
  assert.equal(j.store.getItem(STORAGE_KEY), null);
});
