// The bridge methods doctor / maintain, through the one dispatch (schemas), the app service and the
// Azure backend the wizard uses (pre-obtained token from the environment, endpoints of the emulator).
import '../../support/azure-emulator/trust.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, USERS, type AzureEmulator } from '../../support/azure-emulator/emulator-helpers.ts';
import { installDeployment, seedDeployment, type EmuDeploymentState } from '../../support/azure-emulator/deployment.ts';
import { createWizardService, type WizardApiImpl } from '../../../electron/services/wizard-api/wizard-service.ts';
import { dispatch } from '../../../electron/services/wizard-api/dispatch.ts';
import type { ChangeResult, DoctorReport } from '../../../shared/api/wizard-api.ts';
import { createAzureBackend } from '../../../electron/services/wizard-api/azure-backend.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { exampleProject } from '../../../shared/model/example.ts';

let emu: AzureEmulator;
let dep: EmuDeploymentState;
let svc: WizardApiImpl;
let dir: string;
before(async () => {
  emu = await startEmulator();
  dep = installDeployment(emu);
  seedDeployment(emu, dep, exampleProject().regions[0]!);
  dir = mkdtempSync(join(tmpdir(), 'tcw-doctor-api-'));
  const azure = createAzureBackend({
    devSwitches: true,
    env: {
      TCW_AZURE_ARM_ENDPOINT: emu.urls.arm,
      TCW_AZURE_GRAPH_ENDPOINT: emu.urls.graph,
      TCW_AZURE_AUTHORITY_HOST: emu.urls.login,
      TCW_AZURE_ACCESS_TOKEN: emu.issueToken(USERS.owner, 'arm'),
      TCW_DOCTOR_SKIP_NODES: '1',
      TCW_DOCTOR_CONNECTOR_PORT: '9',
    },
  });
  svc = createWizardService({
    mode: 'browser',
    version: '1',
    dataDir: join(dir, 'data'),
    secrets: new MemorySecretStore(),
    azure,
  });
});
after(async () => {
  svc.dispose();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = <T>(method: string, ...args: unknown[]) => dispatch(svc, method, args) as Promise<T>;

test('maintain: a dry run sends nothing and needs no sign-in; applying does; bad input is refused by the schema or the rules', async () => {
  const project = exampleProject();
  const dry = await call<ChangeResult>(
    'maintain',
    { project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: true },
    'op1',
  );
  assert.equal(dry.requests.length, 1);
  assert.deepEqual(emu.armWrites(), []);
  await assert.rejects(
    call('maintain', { project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: false }, 'op2'),
    /Sign in to Azure first/,
  );
  await call('azureSignIn', { method: 'browser' }, 'op3');
  const applied = await call<ChangeResult>(
    'maintain',
    { project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: false },
    'op4',
  );
  assert.equal(dep.scaleSets[0]!.capacity, 4);
  assert.equal(applied.project.regions[0]!.variables.PxTeamsConnInstanceCount, '4');
  await assert.rejects(
    call('maintain', { project, region: 'eu', change: { kind: 'instances', count: 0 }, dryRun: true }, 'op5'),
    /whole number from 1 to 100/,
  );
  await assert.rejects(call('maintain', { project, region: 'eu', change: { kind: 'wipe' }, dryRun: true }, 'op6'));
  await assert.rejects(
    call('maintain', { project, region: 'eu', change: { kind: 'instances', count: 2 } }, 'op6b'),
    /dryRun/,
  );
  await assert.rejects(
    call('maintain', { project, region: 'xx', change: { kind: 'instances', count: 2 }, dryRun: true }, 'op7'),
    /no region "xx"/,
  );
});

test('doctor: the report of the region; capacity drift is the red line after the change above', async () => {
  await call('azureSignIn', { method: 'browser' }, 'op8');
  const r = await call<DoctorReport>(
    'doctor',
    { project: exampleProject(), region: 'eu', resolver: '127.0.0.1:9' },
    'op9',
  );
  const cap = r.regions[0]!.items.find((i) => i.id === 'vmss.capacity')!;
  assert.equal(cap.status, 'error');
  assert.equal(r.verdict, 'findings');
  await assert.rejects(call('doctor', { project: exampleProject(), region: 'nowhere' }, 'op10'), /no region "nowhere"/);
});
