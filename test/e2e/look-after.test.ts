// End to end in Debian's Chromium against browser mode (`tcw ui`): "Look after a deployment" with a
// deployed region in the Azure emulator (real SDK clients behind the page), the loopback DNS test
// server and a loopback TLS server presenting the connector certificate. The admin reads their
// script, checks the deployment (one drift: an address added to the RDP rule), adds a node, changes
// RDP access and scales; each change is a dry run first. axe-core on every step, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { readFileSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startUi, openChromium, axe, shot, type UiServer, type Session } from './support.ts';
import { makeTestCa, type TestCa } from '../support/azure-emulator/ca.ts';
import { startAzureEmulator, type AzureEmulator } from '../support/azure-emulator/emulator.ts';
import { installDeployment, seedDeployment, type EmuDeploymentState } from '../support/azure-emulator/deployment.ts';
import { startDnsServer, type TestDnsServer, type Zone } from '../support/dns-server.ts';
import { certCorpus } from '../support/cert-corpus.ts';
import { exampleProject } from '../../shared/model/example.ts';
import { expectedDnsRecords } from '../../shared/live/expected-dns.ts';
import { generateArtifacts } from '../../shared/emit/generate.ts';

let ca: TestCa;
let emu: AzureEmulator;
let dep: EmuDeploymentState;
let dns: TestDnsServer;
let server: tls.Server;
let ui: UiServer;
let session: Session;
const pageErrors: string[] = [];
const violations: string[] = [];
const project = exampleProject();

before(async () => {
  ca = makeTestCa();
  emu = await startAzureEmulator(ca);
  dep = installDeployment(emu);
  seedDeployment(emu, dep, project.regions[0]!);
  const zone: Zone = {};
  for (const r of expectedDnsRecords(project, project.regions[0]!, '127.0.0.1'))
    zone[r.name] = r.type === 'A' ? { A: r.addresses ?? ['127.0.0.1'] } : { SRV: r.targets };
  dns = await startDnsServer(zone);
  const corpus = certCorpus();
  server = tls.createServer(
    {
      key: readFileSync(corpus.leaves.good.key),
      cert: readFileSync(corpus.leaves.good.cert, 'utf8') + readFileSync(corpus.chains.good, 'utf8'),
    },
    (c) => {
      c.on('error', () => {});
      c.end();
    },
  );
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  ui = await startUi({
    NODE_EXTRA_CA_CERTS: ca.caPemPath,
    TCW_AZURE_ARM_ENDPOINT: emu.urls.arm,
    TCW_AZURE_GRAPH_ENDPOINT: emu.urls.graph,
    TCW_AZURE_AUTHORITY_HOST: emu.urls.login,
    TCW_AZURE_ACCESS_TOKEN: emu.issueToken(emu.state.users[0]!.id, 'arm'),
    TCW_DOCTOR_CONNECTOR_PORT: String((server.address() as { port: number }).port),
    TCW_DOCTOR_SKIP_NODES: '1',
  });
  session = await openChromium();
  session.page.on('pageerror', (e) => pageErrors.push(e.message));
  session.page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
});

after(async () => {
  await session?.close();
  await ui?.stop();
  await emu?.close();
  await dns?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (ca) rmSync(ca.dir, { recursive: true, force: true });
});

async function look(page: Page, name: string): Promise<void> {
  // Let the clicked button's ripple and the transitions finish: axe reads colours mid-animation otherwise.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(600);
  violations.push(...(await axe(page, name)).map((v) => `${name}: ${v}`));
  await shot(page, `look-after-${name}`);
}

const rule = (name: string) => dep.nsgs[0]!.rules.find((r) => r.name === name)!;

async function dryRunThenApply(page: Page, name: string, expectWrite: RegExp): Promise<void> {
  const writes = emu.armWrites().length;
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByText('Dry run: what would change').waitFor();
  const requests = page.getByLabel('Azure requests of the change', { exact: true });
  await requests.waitFor();
  assert.match(await requests.innerText(), expectWrite);
  assert.equal(emu.armWrites().length, writes, `${name}: the dry run sent no write`);
  await look(page, `${name}-dry-run`);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('heading', { name: 'Save the result' }).waitFor();
  await page.getByText('Done').first().waitFor();
  await look(page, `${name}-applied`);
}

test('look after a deployment: check, add a node, change RDP access, scale', { timeout: 240_000 }, async () => {
  const page = session.page;
  rule('RDP').sourceAddressPrefixes.push('198.18.0.1');
  await page.goto(ui.url);
  await page.getByRole('button', { name: 'Look after a deployment' }).click();
  await page.getByRole('heading', { name: 'Your deployment' }).waitFor();
  const init = generateArtifacts({ project, journey: 'redeploy', region: 'eu', includeSecrets: false }).artifacts.find(
    (a) => a.kind === 'init-script',
  )!.content;
  await page.getByText('No saved projects here yet').waitFor();
  await page.getByLabel('Variables initialization script').fill(init);
  await look(page, '01-source');
  await page.getByRole('button', { name: 'Read the script' }).click();

  await page.getByRole('heading', { name: 'Check the deployment' }).waitFor();
  await page.getByLabel('DNS server to ask (optional)').fill(dns.address);
  // The test PKI is private: its root is added as a trust anchor, as an admin with an in-house CA would.
  await page.getByText('Advanced: my certificate authority is private').click();
  await page.getByLabel('CA certificates (PEM)').fill(readFileSync(certCorpus().rootFile, 'utf8'));
  await page.getByRole('button', { name: 'Sign in to Azure' }).click();
  await page.getByText('Signed in to Azure').waitFor();
  await page.getByRole('button', { name: 'Check the deployment' }).click();
  await page.getByText(/^Findings: fix the lines/).waitFor({ timeout: 60_000 });
  const rdp = page.locator('[data-check="nsg.rdp"]');
  assert.equal(await rdp.getAttribute('data-status'), 'error');
  assert.match(await rdp.innerText(), /198\.18\.0\.1/);
  assert.match(await rdp.innerText(), /Set-AzNetworkSecurityRuleConfig -Name 'RDP'/);
  assert.equal(await page.locator('[data-check="vmss.instances"]').getAttribute('data-status'), 'ok');
  assert.equal(await page.locator('[data-check="cert.connector"]').getAttribute('data-status'), 'ok');
  assert.deepEqual(emu.armWrites(), [], 'the check is read-only');
  await look(page, '02-checklist');
  await page.getByRole('button', { name: 'Next' }).click();

  // 1. add a node
  await page.getByRole('heading', { name: 'Make a change' }).waitFor();
  await look(page, '03-change');
  await page.getByRole('button', { name: 'Add a node' }).click();
  // Scripts do not list the nodes: the imported project starts with none, so this is row 1.
  await page
    .getByLabel(/^Node \d+ FQDN/)
    .last()
    .fill('px03.vc.example.com');
  await page
    .getByLabel(/^Node \d+ public IP/)
    .last()
    .fill('198.51.100.42');
  await dryRunThenApply(page, '04-add-node', /PUT .*securityRules\/MCU-signalling-endpoint/);
  assert.ok(rule('MCU-signalling-endpoint').sourceAddressPrefixes.includes('198.51.100.42'));
  assert.match(
    await page.getByLabel('Updated variables initialization script', { exact: true }).innerText(),
    /198\.51\.100\.42/,
  );
  await page.getByLabel('Project name').fill('contoso');
  await page.getByRole('button', { name: 'Save the project' }).click();
  await page.getByText('Saved as "contoso"').waitFor();
  await page.getByRole('button', { name: 'Make another change' }).click();

  // 2. RDP access: only the new management workstation
  await page.getByRole('heading', { name: 'Make a change' }).waitFor();
  await page.getByRole('radio', { name: 'Management access (RDP)' }).check();
  await page.getByLabel(/Management addresses allowed to use RDP/).fill('192.0.2.10');
  await dryRunThenApply(page, '05-rdp', /PUT .*securityRules\/RDP/);
  assert.deepEqual(rule('RDP').sourceAddressPrefixes, ['192.0.2.10']);
  assert.equal(rule('RDP').access, 'Allow');
  await page.getByRole('button', { name: 'Make another change' }).click();

  // 3. scale to 4 instances
  await page.getByRole('radio', { name: 'Number of instances' }).check();
  await page.getByLabel('Number of Teams Connector instances').fill('4');
  await dryRunThenApply(page, '06-scale', /PATCH .*virtualMachineScaleSets\/contosoeu/);
  assert.equal(dep.scaleSets[0]!.capacity, 4);

  // Only the two rules and the scale set were written, each once.
  assert.deepEqual(
    emu.armWrites().map((w) => `${w.method} ${w.path.split('/').slice(-2).join('/')}`),
    ['PUT securityRules/MCU-signalling-endpoint', 'PUT securityRules/RDP', 'PATCH virtualMachineScaleSets/contosoeu'],
  );
  assert.deepEqual(violations, [], 'no serious or critical axe findings');
  assert.deepEqual(pageErrors, [], 'no errors in the page');
});
