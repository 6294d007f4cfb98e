// Golden files: the complete output for the guide's example deployment, per journey. Review a diff
// as an administrator would before accepting it: UPDATE_GOLDEN=1 rewrites them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import type { GenerateRequest } from '../../../shared/api/wizard-api.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { twoRegionProject, withAppId } from './fixtures.ts';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const scenarios: Record<string, GenerateRequest> = {
  'first-install': {
    project: exampleProject(),
    journey: 'first-install',
    includeSecrets: false,
    ownerUpn: 'alice@example.com',
  },
  'add-region': { project: twoRegionProject(), journey: 'add-region', region: 'us', includeSecrets: false },
  redeploy: { project: withAppId(exampleProject()), journey: 'redeploy', includeSecrets: false },
};

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

for (const [name, req] of Object.entries(scenarios)) {
  test(`golden: ${name}`, () => {
    const result = generateArtifacts(req);
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error'),
      [],
      'the example project must generate',
    );
    assert.ok(result.artifacts.length > 0);
    const dir = join(goldenDir, name);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      for (const a of result.artifacts) {
        const file = join(dir, a.fileName);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, a.content);
      }
    }
    const expectedFiles = listFiles(dir).sort();
    assert.deepEqual(
      result.artifacts.map((a) => a.fileName).sort(),
      expectedFiles,
      `file list of ${name} (UPDATE_GOLDEN=1 to accept)`,
    );
    for (const a of result.artifacts) {
      const expected = readFileSync(join(dir, a.fileName), 'utf8');
      assert.equal(
        a.content,
        expected,
        `${name}/${a.fileName} differs from its golden file (UPDATE_GOLDEN=1 to accept)`,
      );
    }
  });
}
