// The wizard as an administrator uses it (Chromium, browser mode): fields quiet until touched and one
// message per problem, Next that says what blocks it, Back/Forward between steps, the page for a tab
// without its access key, addresses carried forward, the private CA in every journey, and every
// step at 1280 and 390 px in light and dark with axe and the no-CLI-hint check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startUi, openChromium, type UiServer, type Session } from './support.ts';
import { checkpoint, fillNodesStep, savedScripts, makePfx, type FlowLog } from './flows.ts';
import { exampleProject } from '../../shared/model/example.ts';

let ui: UiServer;
const ex = exampleProject();
const v = ex.regions[0]!.variables;
const nodes = ex.regions[0]!.nodes;

before(async () => {
  ui = await startUi();
});
after(async () => {
  await ui?.stop();
});

async function withPage(
  o: { colorScheme?: 'light' | 'dark'; width?: number; hasTouch?: boolean },
  fn: (page: Page, log: FlowLog) => Promise<void>,
): Promise<FlowLog> {
  const s: Session = await openChromium({
    colorScheme: o.colorScheme ?? 'light',
    viewport: { width: o.width ?? 1280, height: 900 },
    hasTouch: o.hasTouch ?? false,
  });
  const log: FlowLog = { violations: [], screenshots: [] };
  const errors: string[] = [];
  s.page.on('pageerror', (e) => errors.push(e.message));
  try {
    await fn(s.page, log);
  } finally {
    await s.close();
  }
  assert.deepEqual(errors, [], 'no errors in the page');
  return log;
}

const heading = (page: Page) => page.locator('[data-step-heading]');
async function at(page: Page, text: string): Promise<void> {
  await page.locator('[data-step-heading]', { hasText: text }).waitFor({ timeout: 15_000 });
}
const nextButton = (page: Page) => page.getByRole('button', { name: /^(Next|Next: after deployment|Finish)$/ });
async function next(page: Page, to: string): Promise<void> {
  // As a person does: finish with the field (it may then speak and grow the page), then press Next.
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await page.waitForTimeout(300);
  await nextButton(page).click();
  await at(page, to);
}

/** The connector version where the journey asks it (first install: Before you start). */
async function setVersion(page: Page): Promise<void> {
  const f = page.getByLabel('Teams Connector version', { exact: true });
  if ((await f.count()) && !(await f.inputValue())) await f.fill('26.2');
}

async function startFirstInstall(page: Page): Promise<void> {
  await page.goto(ui.url);
  await page.getByRole('button', { name: 'Start first install' }).click();
  await at(page, 'Before you start');
  for (const label of [
    'I have the Azure roles',
    'PowerShell modules are installed',
    'I have the Teams Connector ZIP',
    'I have (or am getting) the certificates',
  ])
    await page.getByLabel(label).check();
  await setVersion(page);
}

/** Helper text lines under a field (the message or the hint, never both). */
async function helperLines(page: Page, label: string): Promise<string[]> {
  const id = await page.getByLabel(label).getAttribute('aria-describedby');
  if (!id) return [];
  const text = (await page.locator(`[id="${id}"]`).innerText()).trim();
  return text
    ? text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
}

test(
  'fields stay quiet until touched or Next is tried, then say one thing per problem; Next says what blocks it',
  { timeout: 90_000 },
  async () => {
    await withPage({}, async (page) => {
      await startFirstInstall(page);
      await nextButton(page).click();
      await at(page, 'Names');
      assert.equal(await page.locator('main .Mui-error').count(), 0, 'nothing is red before the admin did anything');
      assert.deepEqual(
        await helperLines(page, 'Base name ($PxBaseConnName)'),
        ['1–9 lower-case letters or digits, starting with a letter, e.g. contoso.'],
        'an untouched field shows its hint only',
      );
      assert.match(await page.locator('#next-blocked').innerText(), /Fill in the fields marked \*/);

      // Leaving a field makes it speak; the others stay quiet.
      await page.getByLabel('Base name ($PxBaseConnName)').fill('contoso-v');
      await page.getByLabel('Base name ($PxBaseConnName)').blur();
      await page.waitForTimeout(400); // the message appears just after leaving (so a pressed button does not move)
      const lines = await helperLines(page, 'Base name ($PxBaseConnName)');
      assert.equal(lines.length, 1, `one message for one problem: ${JSON.stringify(lines)}`);
      assert.doesNotMatch(
        lines[0]!,
        /1–9 lower-case letters or digits, starting with a letter, e\.g\. contoso\.$/,
        'the hint is not repeated under the message',
      );
      assert.equal(
        await page.locator('main .Mui-error input, main .Mui-error textarea').count(),
        1,
        'only the touched field is red',
      );

      // Next on a blocked step (aria-disabled, yet pressable): every field says what it needs, once, and the page names the blocker.
      await nextButton(page).click({ force: true });
      await at(page, 'Names');
      assert.ok(
        (await page.locator('main input[aria-invalid="true"]').count()) >= 3,
        'the untouched required fields speak after Next',
      );
      assert.equal(await page.locator('#next-blocked').innerText(), 'Fix the fields marked in red to go on.');
      for (const label of ['Short region name ($PxVmssRegion)', 'Teams Connector host name ($PxTeamsConnFqdn)']) {
        assert.equal((await helperLines(page, label)).length, 1, `${label}: one line`);
      }
      // A trailing space in a host name is dropped, not an error.
      await page.getByLabel('Base name ($PxBaseConnName)').fill(v.PxBaseConnName);
      await page.getByLabel('Short region name ($PxVmssRegion)').fill(v.PxVmssRegion);
      await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill(`${v.PxTeamsConnFqdn} `);
      assert.equal(
        await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').inputValue(),
        v.PxTeamsConnFqdn,
      );
      assert.equal(await page.locator('main input[aria-invalid="true"]').count(), 0);
      await next(page, 'Azure subscription');

      // A mistyped location: did you mean.
      await page.getByLabel('Azure location ($PxAzureLocation)').fill('westeurop');
      await page.getByLabel('Azure location ($PxAzureLocation)').blur();
      await page.waitForTimeout(400);
      await page.getByText("did you mean 'westeurope'?").waitFor();
    });
  },
);

test(
  'at 390 px, pressing Next while a field is still focused: the field speaks after the click, and the click lands',
  { timeout: 90_000 },
  async () => {
    await withPage({ width: 390 }, async (page) => {
      await startFirstInstall(page);
      await nextButton(page).click();
      await at(page, 'Names');
      const base = page.getByLabel('Base name ($PxBaseConnName)');
      await base.fill('contoso-v'); // not a valid base name: its message will add a line above Next
      await nextButton(page).scrollIntoViewIfNeeded(); // scrolling keeps the focus in the field
      const before = (await nextButton(page).boundingBox())!;
      // A slow press near the button's top edge, as a thumb or a hesitant click does.
      await page.mouse.move(before.x + before.width / 2, before.y + 6);
      await page.mouse.down();
      await page.waitForTimeout(400);
      const held = (await nextButton(page).boundingBox())!;
      assert.equal(held.y, before.y, 'Next does not move while it is held down');
      assert.deepEqual(await helperLines(page, 'Base name ($PxBaseConnName)'), [
        '1–9 lower-case letters or digits, starting with a letter, e.g. contoso.',
      ]);
      await page.mouse.up();
      await page
        .locator('#next-blocked', { hasText: 'Fix the fields marked in red to go on.' })
        .waitFor({ timeout: 5_000 });
      const lines = await helperLines(page, 'Base name ($PxBaseConnName)');
      assert.equal(lines.length, 1, 'the left field speaks once the press is over');
      assert.doesNotMatch(lines[0]!, /^1–9 lower-case/);
    });
  },
);

test(
  'at 390 px on a touch screen, tapping Next while a field is still focused: the tap lands',
  { timeout: 90_000 },
  async () => {
    await withPage({ width: 390, hasTouch: true }, async (page) => {
      await startFirstInstall(page);
      await nextButton(page).click();
      await at(page, 'Names');
      await page.getByLabel('Base name ($PxBaseConnName)').fill('contoso-v');
      await nextButton(page).scrollIntoViewIfNeeded();
      const box = (await nextButton(page).boundingBox())!;
      await page.touchscreen.tap(box.x + box.width / 2, box.y + 6);
      await page
        .locator('#next-blocked', { hasText: 'Fix the fields marked in red to go on.' })
        .waitFor({ timeout: 5_000 });
      assert.equal((await helperLines(page, 'Base name ($PxBaseConnName)')).length, 1);
    });
  },
);

test('Back and Forward move between steps; the page Back does not pile up history', { timeout: 90_000 }, async () => {
  await withPage({}, async (page) => {
    await startFirstInstall(page);
    await next(page, 'Names');
    await page.getByLabel('Base name ($PxBaseConnName)').fill(v.PxBaseConnName);
    await page.getByLabel('Short region name ($PxVmssRegion)').fill(v.PxVmssRegion);
    await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill(v.PxTeamsConnFqdn);
    await next(page, 'Azure subscription');
    await page.goBack();
    await at(page, 'Names');
    assert.equal(await page.getByLabel('Base name ($PxBaseConnName)').inputValue(), v.PxBaseConnName, 'nothing lost');
    await page.goForward();
    await at(page, 'Azure subscription');
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await at(page, 'Names');
    await page.goBack();
    await at(page, 'Before you start');
    await page.goBack();
    await page.getByRole('button', { name: 'Start first install' }).waitFor();
  });
});

test('a tab opened without the access key says how to open the wizard', { timeout: 60_000 }, async () => {
  const log = await withPage({}, async (page, l) => {
    const bare = ui.url.replace(/#.*$/, '');
    await page.goto(bare);
    await page.getByRole('heading', { name: 'Open the wizard with its full address' }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Start first install' }).count(),
      0,
      'no page that looks ready and fails later',
    );
    await checkpoint(page, 'admin-no-token', l);
  });
  assert.deepEqual(log.violations, []);
});

test(
  'addresses carried forward: the nodes\' addresses, "same as management", the host-bits fix',
  { timeout: 90_000 },
  async () => {
    await withPage({}, async (page) => {
      await walkFirstInstallTo(page, 'Network access');
      const nodesField = page.getByLabel(
        'Conferencing Nodes allowed to connect on HTTPS ($PxNodesSourceAddressPrefixes)',
      );
      const mgmt = page.getByLabel('Management addresses allowed to use RDP ($PxMgmtSrcAddrPrefixes)');
      const consent = page.getByLabel('Who may open the consent page ($PxConsentSourceAddressPrefixes)');
      await mgmt.fill('91.90.42.96/26');
      await mgmt.blur();
      await page.waitForTimeout(400);
      await page.getByRole('button', { name: 'Use 91.90.42.64/26 instead of 91.90.42.96/26' }).click();
      assert.equal(await mgmt.inputValue(), '91.90.42.64/26');
      await page.getByRole('button', { name: /^Add the nodes' addresses/ }).click();
      const ips = nodes.members.map((m) => `${m.ip}/32`);
      assert.deepEqual((await nodesField.inputValue()).split('\n'), ips);
      await page.getByRole('button', { name: /^Add the management addresses/ }).click();
      assert.deepEqual((await nodesField.inputValue()).split('\n'), [...ips, '91.90.42.64/26']);
      await page.getByRole('button', { name: /^Same as management addresses/ }).click();
      assert.equal(await consent.inputValue(), '91.90.42.64/26');
      assert.equal(
        await page.getByRole('button', { name: /^Add the nodes' addresses/ }).count(),
        0,
        'an offer disappears once taken',
      );
    });
  },
);

test(
  'the private CA is offered in every journey, and Build a PFX is on every certificate step',
  { timeout: 120_000 },
  async () => {
    await withPage({}, async (page) => {
      await walkFirstInstallTo(page, 'Connector certificate');
      await page.getByRole('button', { name: /Advanced: my certificate authority is private/ }).waitFor();
      await page.getByRole('button', { name: /Build a PFX from PEM files/ }).click();
      assert.equal(
        await page.getByLabel('Host names for the request (one per line)').inputValue(),
        v.PxTeamsConnFqdn,
        'the CSR helper is filled in',
      );

      await walkAddRegionTo(page, 'Certificate');
      await page.getByRole('button', { name: /Advanced: my certificate authority is private/ }).waitFor();
      await page.getByRole('button', { name: /Build a PFX from PEM files/ }).waitFor();

      await walkRedeployTo(page, 'Certificate and Owner role');
      await page.getByRole('button', { name: /Advanced: my certificate authority is private/ }).waitFor();
      await page.getByRole('button', { name: /Build a PFX from PEM files/ }).waitFor();
    });
  },
);

test(
  'the same PFX can be chosen again after Remove; $PxPfxCertFileName follows the file',
  { timeout: 90_000 },
  async () => {
    await withPage({}, async (page) => {
      await walkFirstInstallTo(page, 'Connector certificate');
      const pfx = makePfx();
      const input = page.locator('input[type=file][data-kind=pfx]');
      await input.setInputFiles(pfx.path);
      await page.getByText('Chosen: connector.pfx').waitFor();
      assert.equal(
        await page.getByLabel('File name the scripts use ($PxPfxCertFileName)').inputValue(),
        '.\\connector.pfx',
      );
      await page.getByRole('button', { name: 'Remove the file and its check' }).click();
      await page.getByText('No file chosen yet').waitFor();
      await input.setInputFiles(pfx.path);
      await page.getByText('Chosen: connector.pfx').waitFor();
    });
  },
);

// ---------------------------------------------------------------------------------------------
// Walks with the guide's example values, used by the tests above and the screenshots below.

type Shot = ((name: string) => Promise<void>) | null;

/** A new document on the start page with no journey to resume (a goto that only changes the fragment would not reload). */
async function fresh(page: Page): Promise<void> {
  await page.goto('about:blank');
  await page.goto(ui.url);
  await page.evaluate('localStorage.clear()');
  await page.reload();
}

async function walkFirstInstallTo(page: Page, stop: string, shot: Shot = null): Promise<void> {
  const s = async (n: string) => {
    if (shot) await shot(n);
  };
  await fresh(page);
  await page.getByRole('button', { name: 'Start first install' }).waitFor();
  await s('00-start');
  await page.getByRole('button', { name: 'Start first install' }).click();
  await at(page, 'Before you start');
  await s('01-prerequisites-untouched');
  for (const label of [
    'I have the Azure roles',
    'PowerShell modules are installed',
    'I have the Teams Connector ZIP',
    'I have (or am getting) the certificates',
  ])
    await page.getByLabel(label).check();
  await setVersion(page);
  const steps: [string, () => Promise<void>][] = [
    [
      'Names',
      async () => {
        await s('02-names-untouched');
        await page.getByLabel('Base name ($PxBaseConnName)').fill(v.PxBaseConnName);
        await page.getByLabel('Short region name ($PxVmssRegion)').fill(v.PxVmssRegion);
        await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill(v.PxTeamsConnFqdn);
      },
    ],
    [
      'Azure subscription',
      async () => {
        await page.getByLabel('Subscription ID ($PxSubscriptionId)').fill(v.PxSubscriptionId);
        await page.getByLabel('Azure location ($PxAzureLocation)').fill(v.PxAzureLocation);
        await page.getByLabel('Number of instances ($PxTeamsConnInstanceCount)').fill(v.PxTeamsConnInstanceCount);
      },
    ],
    ['Connector certificate', async () => undefined],
    [
      'Conferencing Nodes',
      async () => {
        await fillNodesStep(page);
      },
    ],
    [
      'Network access',
      async () => {
        await page
          .getByLabel('Management addresses allowed to use RDP ($PxMgmtSrcAddrPrefixes)')
          .fill(v.PxMgmtSrcAddrPrefixes.join('\n'));
        await page
          .getByLabel('Conferencing Nodes allowed to connect on HTTPS ($PxNodesSourceAddressPrefixes)')
          .fill(v.PxNodesSourceAddressPrefixes.join('\n'));
        await page
          .getByLabel('Who may open the consent page ($PxConsentSourceAddressPrefixes)')
          .fill(v.PxConsentSourceAddressPrefixes.join('\n'));
      },
    ],
    [
      'VM admin and updates',
      async () => {
        await page.getByLabel('Admin user name ($PxWinAdminUser)').fill(v.PxWinAdminUser);
      },
    ],
    [
      'Options',
      async () => {
        await page.getByLabel('No', { exact: true }).check();
        await page.getByLabel('Dial prefix (optional, prefix=)').waitFor();
      },
    ],
    [
      'Prepare Azure',
      async () => {
        await page.getByLabel('Someone else: give me the PowerShell to hand over').check();
        await page.getByRole('button', { name: 'Show the PowerShell' }).click();
        await page
          .getByText(/Run this in PowerShell|Still to do/)
          .first()
          .waitFor({ timeout: 30_000 });
      },
    ],
    [
      'Review and generate',
      async () => {
        await page.getByText('Summary before you generate').waitFor();
        await page.getByText('Every file, to read and copy').waitFor({ timeout: 30_000 });
      },
    ],
    [
      'After deployment',
      async () => {
        await page
          .getByLabel('Paste what the install script printed')
          .fill('$AppId = "0b6a0f2e-1111-4222-8333-944444444444"\n$AppPassword = "app-Secret-xyz"');
        await page.getByRole('button', { name: 'Read the App ID' }).click();
        await page.getByRole('button', { name: 'Download all again (.zip)' }).waitFor({ timeout: 30_000 });
      },
    ],
  ];
  for (const [i, [name, fill]] of steps.entries()) {
    await nextButton(page).click();
    await at(page, name);
    if (name === stop) return;
    await fill();
    await s(`${String(i + 3).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`);
  }
}

async function walkAddRegionTo(page: Page, stop: string, shot: Shot = null): Promise<void> {
  const s = async (n: string) => {
    if (shot) await shot(n);
  };
  await fresh(page);
  await page.getByRole('button', { name: 'Add a region' }).click();
  await at(page, 'Existing deployment');
  const scripts = savedScripts();
  await page.getByLabel('Variables initialization script').fill(scripts.init);
  await page.getByLabel('Redeploy script (optional)').fill(scripts.redeploy);
  await page.getByRole('button', { name: 'Read the scripts' }).click();
  await page.getByText('Deployment found').waitFor({ timeout: 30_000 });
  await s('region-01-source');
  await next(page, 'New region');
  if (stop === 'New region') return;
  await s('region-02-untouched');
  await setVersion(page);
  await page.getByLabel('Short region name ($PxVmssRegion)').fill('us');
  await page.getByLabel('Azure location ($PxAzureLocation)').fill('eastus');
  await page.getByLabel('Teams Connector host name ($PxTeamsConnFqdn)').fill('pexip-teamsconn-us.teams.example.com');
  await page.getByLabel("Pool name of this region's Conferencing Nodes").fill('px.us.example.com');
  await page.getByLabel('Node names the connector trusts ($PxNodeFqdns)').fill('px.us.example.com');
  await page
    .getByLabel('Conferencing Nodes allowed to connect on HTTPS ($PxNodesSourceAddressPrefixes)')
    .fill('198.51.100.60');
  await s('region-03-values');
  await next(page, 'Certificate');
  if (stop === 'Certificate') return;
  await s('region-04-certificate');
  await next(page, 'Prepare Azure');
  await page.getByLabel('Someone else: give me the PowerShell to hand over').check();
  await s('region-05-prepare');
  await next(page, 'Review and generate');
  await page.getByText('Every file, to read and copy').waitFor({ timeout: 30_000 });
  await s('region-06-review');
  await next(page, 'After deployment');
  await s('region-07-after');
}

async function walkRedeployTo(page: Page, stop: string, shot: Shot = null): Promise<void> {
  const s = async (n: string) => {
    if (shot) await shot(n);
  };
  await fresh(page);
  await page.getByRole('button', { name: 'Redeploy or upgrade' }).click();
  await at(page, 'Your saved scripts');
  const scripts = savedScripts();
  await page.getByLabel('Variables initialization script').fill(scripts.init);
  await page.getByLabel('Redeploy script (optional)').fill(scripts.redeploy);
  await page.getByRole('button', { name: 'Read the scripts' }).click();
  await page.getByText(/Read region eu/).waitFor({ timeout: 30_000 });
  await page.getByLabel('Teams Connector version you are moving to').fill('26.2');
  await s('redeploy-01-import');
  await next(page, 'What changes');
  await s('redeploy-02-changes');
  await next(page, 'What you change');
  await s('redeploy-03-values');
  await next(page, 'Certificate and Owner role');
  if (stop === 'Certificate and Owner role') return;
  await s('redeploy-03-checks-untouched');
  await page.getByLabel(/I checked the PFX myself/).check();
  await page.getByLabel(/has the Owner role on the static resource group/).check();
  await next(page, 'Review and generate');
  await page.getByText('Every file, to read and copy').waitFor({ timeout: 30_000 });
  await s('redeploy-04-review');
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 390]) {
    test(`every step at ${width} px, ${colorScheme}: axe, no CLI hint, screenshots`, { timeout: 240_000 }, async () => {
      const log = await withPage({ colorScheme, width }, async (page, l) => {
        const shot = async (n: string) => checkpoint(page, `steps-${width}-${colorScheme}-${n}`, l);
        await walkFirstInstallTo(page, '(the end)', shot);
        await walkAddRegionTo(page, '(the end)', shot);
        await walkRedeployTo(page, '(the end)', shot);
        if (width === 390) {
          // The narrow stepper says where we are instead of squeezing every label.
          assert.ok(
            await page
              .getByText(/^Step \d+ of \d+:/)
              .first()
              .isVisible(),
          );
          const scroll = (await page.evaluate('document.documentElement.scrollWidth')) as number;
          assert.ok(scroll <= 390, `no sideways scrolling at 390 px (page is ${scroll} px wide)`);
        }
      });
      assert.deepEqual(log.violations, []);
      assert.ok(log.screenshots.length >= 20, `${log.screenshots.length} screenshots`);
      void heading;
    });
  }
}
