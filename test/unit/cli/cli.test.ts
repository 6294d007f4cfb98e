import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../electron/cli/main.ts';
import type { CliIo } from '../../../electron/cli/io.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { parseProject } from '../../../shared/model/project.ts';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { formatFindings, wantColor } from '../../../electron/cli/findings-format.ts';
import type { Finding } from '../../../shared/model/finding.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const guideInit = readFileSync(join(root, 'test/unit/import/fixtures/guide-init.ps1'), 'utf8');
const ADMIN_PW = 'Tcw-Test-Pw!2024xyz';
const APP_PW = 'app~Secret.value_42';

async function tcw(argv: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: opts.env ?? {},
    cwd: opts.cwd ?? work,
    interactive: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const work = mkdtempSync(join(tmpdir(), 'tcw-cli-'));
const projectPath = join(work, 'project.json');
writeFileSync(projectPath, JSON.stringify(exampleProject(), null, 2));
const guidePath = join(work, 'guide-init.ps1');
writeFileSync(guidePath, guideInit);
// the guide's script with the two blanks filled in as an admin would
const readyScriptPath = join(work, 'init-eu.ps1');
writeFileSync(
  readyScriptPath,
  guideInit
    .replace('$PxCustomerUsageAttribution = <replace with $true or $false>', '$PxCustomerUsageAttribution = $false')
    .replace('"yourname"', '"contoso"')
    .replace('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', '3f2504e0-4f89-41d3-9a0c-0305e82c3301')
    .replace('your_connector_certificate.pfx', 'connector.pfx')
    .replace('$PxWinAdminPassword = "ReplaceThisPassword!"', `$PxWinAdminPassword = "${ADMIN_PW}"`),
);

const emittersLanded =
  generateArtifacts({ project: exampleProject(), journey: 'first-install', includeSecrets: false }).artifacts.length >
  0;
const needsEmitters = { skip: emittersLanded ? false : 'emitters not landed' };

test('validate: the example project passes (exit 0, JSON shape)', async () => {
  const r = await tcw(['validate', projectPath, '--json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout) as { ok: boolean; findings: Finding[] };
  assert.equal(out.ok, true);
  assert.ok(Array.isArray(out.findings));
  assert.ok(out.findings.every((f) => f.severity !== 'error'));
});

test("validate: the guide's script is imported first; its import findings and the rule errors come back (exit 1)", async () => {
  const r = await tcw(['validate', guidePath, '--json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { ok: boolean; findings: Finding[] };
  assert.equal(out.ok, false);
  assert.ok(out.findings.some((f) => f.code === 'import.usage-attribution-undecided'));
  assert.ok(out.findings.some((f) => f.severity === 'error' && f.field === 'PxCustomerUsageAttribution'));
  assert.ok(!r.stdout.includes('ReplaceThisPassword!'));
});

test('validate: human output is grouped errors → warnings → info with counts, no colour when not a terminal', async () => {
  const r = await tcw(['validate', guidePath]);
  assert.equal(r.code, 1);
  const e = r.stdout.indexOf('Errors');
  const w = r.stdout.indexOf('Warnings');
  const i = r.stdout.indexOf('Info');
  assert.ok(e >= 0 && e < w && w < i, r.stdout);
  assert.match(r.stdout, /✖ eu\s+PxCustomerUsageAttribution\s+/);
  assert.match(r.stdout, /\d+ errors?, \d+ warnings?, \d+ info/);
  assert.ok(!r.stdout.includes('\x1b['));
});

test('validate: usage and input errors exit 2 with a message saying what to do', async () => {
  assert.equal((await tcw(['validate'])).code, 2);
  assert.equal((await tcw(['validate', 'a', 'b'])).code, 2);
  assert.equal((await tcw(['validate', projectPath, '--bogus'])).code, 2);
  const missing = await tcw(['validate', join(work, 'nope.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does not exist/);
  const badJson = join(work, 'bad.json');
  writeFileSync(badJson, '{"format":"tcw-project/1","regions":[{}]}');
  const bad = await tcw(['validate', badJson]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a valid tcw-project\/1 file/);
  const help = await tcw(['validate', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--admin-password-env/);
});

test('validate: --admin-password-env names a missing variable without printing any value; a set one is checked, never printed', async () => {
  const r = await tcw(['validate', projectPath, '--admin-password-env', 'TCW_NOT_SET']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /TCW_NOT_SET/);
  const weak = await tcw(['validate', projectPath, '--admin-password-env', 'PW', '--json'], {
    env: { PW: 'P@ssw0rd' },
  });
  assert.equal(weak.code, 1, 'a reserved password is an error');
  assert.ok(!weak.stdout.includes('P@ssw0rd') && !weak.stderr.includes('P@ssw0rd'));
  const good = await tcw(['validate', projectPath, '--admin-password-env', 'PW'], { env: { PW: ADMIN_PW } });
  assert.equal(good.code, 0, good.stdout);
});

test('import: project JSON on stdout, findings and the secret note on stderr, never the secret', async () => {
  const r = await tcw(['import', readyScriptPath]);
  assert.equal(r.code, 0, r.stderr);
  const parsed = parseProject(r.stdout);
  assert.equal(parsed.ok, true);
  if (parsed.ok) assert.equal(parsed.project.regions[0]!.variables.PxBaseConnName, 'contoso');
  assert.match(r.stderr, /found the VM admin password/);
  assert.ok(!r.stdout.includes(ADMIN_PW) && !r.stderr.includes(ADMIN_PW));
  assert.match(r.stderr, /import\.review-infinity/);
});

test('import --json with a redeploy script and pasted install output', async () => {
  const appId = '0f6e5a7c-1d2b-4c3a-9e8f-7a6b5c4d3e2f';
  const redeploy = join(work, 'redeploy.ps1');
  writeFileSync(redeploy, `Connect-AzAccount\n$AppId = "${appId}"\n$AppPassword = "${APP_PW}"\n`);
  const output = join(work, 'install-output.txt');
  writeFileSync(output, `noise\n$AppId = "${appId}"\n$AppPassword = "${APP_PW}"\n`);
  const r = await tcw(['import', readyScriptPath, '--redeploy', redeploy, '--install-output', output, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { project: { app: { appId: string } }; findings: Finding[] };
  assert.equal(out.project.app.appId, appId);
  assert.ok(!r.stdout.includes(APP_PW) && !r.stderr.includes(APP_PW));
  assert.match(r.stderr, /app password/);
});

test('import: nothing usable → exit 1; missing file → exit 2', async () => {
  const junk = join(work, 'junk.ps1');
  writeFileSync(junk, 'Write-Host "hello"\n');
  const r = await tcw(['import', junk, '--json']);
  assert.equal(r.code, 1);
  assert.equal((JSON.parse(r.stdout) as { project: unknown }).project, null);
  assert.equal((await tcw(['import', join(work, 'missing.ps1')])).code, 2);
  assert.equal((await tcw(['import', readyScriptPath, '--redeploy', join(work, 'missing.ps1')])).code, 2);
});

test('generate: a project with error findings writes nothing and exits 1', async () => {
  const out = join(work, 'gen-errors');
  const r = await tcw(['generate', guidePath, '--out', out, '--json']);
  assert.equal(r.code, 1);
  const res = JSON.parse(r.stdout) as { files: unknown[]; findings: Finding[] };
  assert.deepEqual(res.files, []);
  assert.ok(res.findings.some((f) => f.severity === 'error'));
  assert.equal(existsSync(out), false);
});

test('generate: usage errors exit 2 (missing --out, bad journey, unknown region, unset env var)', async () => {
  assert.equal((await tcw(['generate', projectPath])).code, 2);
  assert.equal((await tcw(['generate', projectPath, '--out', join(work, 'x'), '--journey', 'upgrade'])).code, 2);
  const region = await tcw(['generate', projectPath, '--out', join(work, 'x'), '--region', 'zz']);
  assert.equal(region.code, 2);
  assert.match(region.stderr, /regions are: eu/);
  const env = await tcw(['generate', projectPath, '--out', join(work, 'x'), '--app-password-env', 'TCW_NO_SUCH_VAR']);
  assert.equal(env.code, 2);
  assert.match(env.stderr, /TCW_NO_SUCH_VAR/);
  assert.equal(existsSync(join(work, 'x')), false);
});

test('generate: DIR that is a file → exit 2, file untouched', needsEmitters, async () => {
  const out = join(work, 'a-file');
  writeFileSync(out, 'keep me');
  const r = await tcw(['generate', projectPath, '--out', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a folder/);
  assert.equal(readFileSync(out, 'utf8'), 'keep me');
});

test(
  'generate: writes every file of the journey; without --include-secrets no secret is written even when given',
  needsEmitters,
  async () => {
    const out = join(work, 'gen-plain');
    const r = await tcw(
      ['generate', readyScriptPath, '--out', out, '--json', '--admin-password-env', 'PW', '--app-password-env', 'APW'],
      { env: { PW: ADMIN_PW, APW: APP_PW } },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const res = JSON.parse(r.stdout) as {
      files: { kind: string; region: string | null; path: string }[];
      findings: Finding[];
    };
    const kinds = new Set(res.files.map((f) => f.kind));
    for (const k of [
      'init-script',
      'static-rg-script',
      'install-script',
      'redeploy-script',
      'dns-records',
      'teams-commands',
      'firewall',
      'runbook',
    ])
      assert.ok(kinds.has(k), k);
    for (const f of res.files) {
      assert.ok(f.path.startsWith(out));
      const content = readFileSync(f.path, 'utf8');
      assert.ok(!content.includes(ADMIN_PW) && !content.includes(APP_PW), f.path);
      assert.equal(statSync(f.path).mode & 0o777, 0o644);
    }
    assert.ok(
      res.findings.some((f) => f.code === 'import.review-infinity'),
      'import findings are included',
    );
    assert.ok(!r.stdout.includes(ADMIN_PW) && !r.stderr.includes(ADMIN_PW));
  },
);

test('generate --include-secrets: the passwords are written, those files are 0600', needsEmitters, async () => {
  const out = join(work, 'gen-secrets');
  const r = await tcw(
    [
      'generate',
      projectPath,
      '--out',
      out,
      '--json',
      '--include-secrets',
      '--admin-password-env',
      'PW',
      '--app-password-env',
      'APW',
      '--owner-upn',
      'alice@example.com',
    ],
    { env: { PW: ADMIN_PW, APW: APP_PW } },
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const res = JSON.parse(r.stdout) as { files: { kind: string; path: string }[] };
  let secretFiles = 0;
  for (const f of res.files) {
    const content = readFileSync(f.path, 'utf8');
    const holds = content.includes(ADMIN_PW) || content.includes(APP_PW);
    if (holds) secretFiles++;
    assert.equal(statSync(f.path).mode & 0o777, holds ? 0o600 : 0o644, f.path);
  }
  assert.ok(secretFiles >= 2, 'init script (admin password) and redeploy script (app password) at least');
  const staticRg = res.files.find((f) => f.kind === 'static-rg-script')!;
  assert.match(readFileSync(staticRg.path, 'utf8'), /New-AzRoleAssignment -SignInName 'alice@example.com'/);
  assert.ok(!r.stdout.includes(ADMIN_PW) && !r.stderr.includes(ADMIN_PW));
});

test(
  'generate again into the same folder replaces only our files; human output lists them',
  needsEmitters,
  async () => {
    const out = join(work, 'gen-twice');
    assert.equal((await tcw(['generate', projectPath, '--out', out])).code, 0);
    writeFileSync(join(out, 'my-notes.txt'), 'mine');
    const r = await tcw(['generate', projectPath, '--out', out, '--journey', 'redeploy', '--region', 'eu']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote \d+ files? to /);
    assert.equal(readFileSync(join(out, 'my-notes.txt'), 'utf8'), 'mine');
    assert.deepEqual(
      readdirSync(work).filter((n) => n.includes('tcw-staging')),
      [],
    );
  },
);

test('formatFindings: grouping, counts, colour only when asked; NO_COLOR and non-terminals turn it off', () => {
  const fs: Finding[] = [
    { region: null, field: null, severity: 'info', code: 'c.i', message: 'note' },
    { region: 'eu', field: 'PxBaseConnName', severity: 'error', code: 'c.e', message: 'too long\x1b[2J' },
    { region: 'us', field: 'PxVmssRegion', severity: 'warning', code: 'c.w', message: 'odd' },
  ];
  const plain = formatFindings(fs);
  assert.ok(plain.indexOf('✖ eu') < plain.indexOf('⚠ us') && plain.indexOf('⚠ us') < plain.indexOf('ℹ -'));
  assert.match(plain, /1 error, 1 warning, 1 info\n$/);
  assert.ok(!plain.includes('\x1b'), 'control characters in messages are neutralised');
  assert.ok(formatFindings(fs, { color: true }).includes('\x1b[31m'));
  assert.equal(wantColor(true, {}), true);
  assert.equal(wantColor(true, { NO_COLOR: '1' }), false);
  assert.equal(wantColor(false, {}), false);
});

test('the real bin/tcw.js: exit codes 0 / 1 / 2, project JSON on stdout, no secret printed', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/tcw.js'), ...args], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    });
  const imp = run(['import', 'init-eu.ps1']);
  assert.equal(imp.status, 0, imp.stderr);
  assert.equal(parseProject(imp.stdout).ok, true);
  assert.ok(!imp.stdout.includes(ADMIN_PW) && !imp.stderr.includes(ADMIN_PW));
  assert.equal(run(['validate', 'guide-init.ps1']).status, 1);
  const missing = run(['validate', 'no-such-file.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /does not exist/);
});
