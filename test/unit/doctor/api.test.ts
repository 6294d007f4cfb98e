// The bridge methods doctor / maintain, through the app service and the Azure backend the wizard
// uses (pre-obtained token from the environment, endpoints of the emulator).
import '../../support/azure-emulator/trust.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, USERS, type AzureEmulator } from '../../support/azure-emulator/index.ts';
import { installDeployment, seedDeployment, type EmuDeploymentState } from '../../support/azure-emulator/deployment.ts';
import { createWizardService, type WizardApiImpl } from '../../../electron/services/app/service.ts';
import { createAzureBackend } from '../../../electron/services/app/azure-backend.ts';
import { MemorySecretStore } from '../../../electron/services/app/secrets.ts';
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
  const azure = createAzureBackend({ env: {
    TCW_AZURE_ARM_ENDPOINT: emu.urls.arm, TCW_AZURE_GRAPH_ENDPOINT: emu.urls.graph, TCW_AZURE_AUTHORITY_HOST: emu.urls.login,
    TCW_AZURE_ACCESS_TOKEN: emu.issueToken(USERS.owner, 'arm'), TCW_DOCTOR_SKIP_NODES: '1', TCW_DOCTOR_CONNECTOR_PORT: '9',
  } });
  svc = createWizardService({ mode: 'browser', version: '1', dataDir: join(dir, 'data'), secrets: new MemorySecretStore(), azure });
});
after(async () => {
  svc.dispose();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

test('maintain: a dry run unless dryRun is false; needs sign-in only to apply; bad input is a plain message', async () => {
  const project = exampleProject();
  const dry = await svc.maintain({ project, region: 'eu', change: { kind: 'instances', count: 4 } } as never, 'op1');
  assert.equal(dry.requests.length, 1);
  assert.deepEqual(emu.armWrites(), []);
  await assert.rejects(svc.maintain({ project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: false }, 'op2'), /Sign in to Azure first/);
  await svc.azureSignIn({ method: 'browser' }, 'op3');
  const applied = await svc.maintain({ project, region: 'eu', change: { kind: 'instances', count: 4 }, dryRun: false }, 'op4');
  assert.equal(dep.scaleSets[0]!.capacity, 4);
  assert.equal(applied.project.regions[0]!.variables.PxTeamsConnInstanceCount, '4');
  await assert.rejects(svc.maintain({ project, region: 'eu', change: { kind: 'instances', count: 0 }, dryRun: true }, 'op5'), /whole number from 1 to 100/);
  await assert.rejects(svc.maintain({ project, region: 'eu', change: { kind: 'wipe' } } as never, 'op6'), /Unknown change "wipe"/);
  await assert.rejects(svc.maintain({ project, region: 'xx', change: { kind: 'instances', count: 2 } } as never, 'op7'), /no region "xx"/);
});

test('doctor: the report of the region; capacity drift is the red line after the change above', async () => {
  await svc.azureSignIn({ method: 'browser' }, 'op8');
  const r = await svc.doctor({ project: exampleProject(), region: 'eu', resolver: '127.0.0.1:9' }, 'op9');
  const cap = r.regions[0]!.items.find((i) => i.id === 'vmss.capacity')!;
  assert.equal(cap.status, 'error');
  assert.equal(r.verdict, 'findings');
  await assert.rejects(svc.doctor({ project: exampleProject(), region: 'nowhere' }, 'op10'), /no region "nowhere"/);
});
