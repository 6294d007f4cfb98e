// One truth: for the guide's example in each journey, the folder the app's saveArtifacts writes
// (through the real dispatch, into a dialog-granted folder) is byte-identical to what `tcw generate`
// writes for the same project and options: same file names, same bytes, same permission bits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../electron/cli/main.ts';
import { dispatch } from '../../../electron/services/wizard-api/dispatch.ts';
import { projectFileText } from '../../../electron/services/projects/project-files.ts';
import type { GenerateResult, SaveArtifactsResult } from '../../../shared/api/wizard-api.ts';
import { ADMIN_PASSWORD, APP_PASSWORD, OWNER_UPN, electronService, journeyRequests, snapshot } from './support.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'tcw-parity-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function runCli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
    env: { TCW_ADMIN_PW: ADMIN_PASSWORD, TCW_APP_PW: APP_PASSWORD },
    cwd: root,
    interactive: false,
  });
  return { code, out };
}

for (const [name, req] of Object.entries(journeyRequests())) {
  test(`parity: ${name} saved by the app equals tcw generate, byte for byte`, async () => {
    const dir = join(root, name);
    const projectFile = join(root, `${name}.json`);
    await writeFile(projectFile, projectFileText(req.project));

    const cliOut = join(dir, 'cli');
    const cli = await runCli([
      'generate',
      projectFile,
      '--out',
      cliOut,
      '--journey',
      req.journey,
      ...(req.region ? ['--region', req.region] : []),
      '--include-secrets',
      '--admin-password-env',
      'TCW_ADMIN_PW',
      '--app-password-env',
      'TCW_APP_PW',
      '--owner-upn',
      OWNER_UPN,
    ]);
    assert.equal(cli.code, 0, cli.out);

    const appOut = join(dir, 'app');
    const svc = electronService(join(dir, 'data'), [appOut]);
    try {
      assert.equal(await dispatch(svc, 'pickFolder', []), appOut);
      const saved = (await dispatch(svc, 'saveArtifacts', [
        { generate: req, folder: appOut },
        `save-${name}`,
      ])) as SaveArtifactsResult;
      assert.ok(saved.files.length > 0);
      assert.deepEqual(
        saved.findings.filter((f) => f.severity === 'error'),
        [],
      );

      const fromCli = await snapshot(cliOut);
      const fromApp = await snapshot(appOut);
      assert.deepEqual(
        fromApp.map((f) => [f.name, f.mode.toString(8)]),
        fromCli.map((f) => [f.name, f.mode.toString(8)]),
      );
      for (let i = 0; i < fromCli.length; i++)
        assert.ok(fromApp[i]!.bytes.equals(fromCli[i]!.bytes), `${fromCli[i]!.name} differs`);

      // What the page shows (generate) is the same set as what was saved.
      const shown = (await dispatch(svc, 'generate', [req])) as GenerateResult;
      assert.deepEqual(shown.artifacts.map((a) => a.fileName).sort(), fromCli.map((f) => f.name).sort());
      for (const a of shown.artifacts)
        assert.equal(a.content, await readFile(join(appOut, a.fileName), 'utf8'), a.fileName);

      // The options really reached the files (so equality above is not two empty answers).
      const all = fromApp.map((f) => f.bytes.toString('utf8')).join('\n');
      if (name !== 'redeploy')
        assert.match(all, /alice@example\.com/, 'the Owner sign-in name is in the static resource group script');
      assert.ok(
        all.includes(APP_PASSWORD) || all.includes(ADMIN_PASSWORD),
        'a password was written with includeSecrets',
      );
      for (const f of fromApp) {
        const secret = f.bytes.includes(ADMIN_PASSWORD) || f.bytes.includes(APP_PASSWORD);
        if (secret) assert.equal(f.mode, 0o600, `${f.name} holds a secret and must be owner-only`);
      }
    } finally {
      svc.dispose();
    }
  });
}
