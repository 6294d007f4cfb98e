// Electronegativity (Doyensec's Electron security linter) over electron/: no HIGH finding. A deliberately
// insecure fixture proves the run and the parsing would catch one. The tool's network lookups
// (translations, Electron release list) are blocked; the release-list check is excluded since it needs
// the internet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const runner = join(root, 'test', 'unit', 'shell', 'fixtures', 'electronegativity-json.cjs');
const noNetwork = join(root, 'test', 'unit', 'shell', 'fixtures', 'no-network.cjs');

interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample?: string;
}

/** Electronegativity's findings for one folder, from its scanner run in process by the fixture script. */
async function scan(input: string): Promise<Finding[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--require', noNetwork, runner, input, '45.4.1', 'AvailableSecurityFixesGlobalCheck'],
    {
      cwd: root,
      timeout: 120_000,
      env: { ...process.env, LANG: 'en-US' },
    },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { errors: number; findings: Finding[] };
  assert.equal(result.errors, 0, `Electronegativity could not parse ${result.errors} file(s) under ${input}`);
  return result.findings;
}

test(
  'Electronegativity: no HIGH finding on electron/ (and it does catch one in an insecure app)',
  { timeout: 180_000 },
  async () => {
    const [ours, control] = await Promise.all([
      scan(join(root, 'electron')),
      scan(join(root, 'test', 'unit', 'shell', 'fixtures', 'insecure-app')),
    ]);
    const high = ours.filter((f) => f.severity === 'HIGH');
    assert.deepEqual(
      high,
      [],
      `HIGH findings:\n${high.map((f) => `${f.issue} ${f.file}:${f.location} ${f.sample}`).join('\n')}`,
    );
    // The scan really looked at the shell: it saw the preload and our CSP literal.
    assert.ok(
      ours.some((f) => f.issue === 'PRELOAD_JS_CHECK' && f.file.includes('shell/main.ts')),
      JSON.stringify(ours),
    );
    assert.ok(
      !ours.some((f) =>
        /CONTEXT_ISOLATION|NODE_INTEGRATION|SANDBOX|WEB_SECURITY|INSECURE_CONTENT|AUXCLICK/.test(f.issue),
      ),
      JSON.stringify(ours),
    );
    // Negative control.
    assert.ok(control.filter((f) => f.severity === 'HIGH').length >= 2, JSON.stringify(control));
  },
);
