// The layers' import zones (eslint.config.js) fire where they should and stay quiet where imports are
// allowed: each case lints one line as if it stood in a file of that layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const cwd = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd });

async function restricted(file: string, line: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\nvoid x;\n`, { filePath: `${cwd}${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [file: string, line: string, refused: RegExp | null][] = [
  [
    'shared/model/zone-case.ts',
    "import { x } from '../../electron/services/files/input-files.ts';",
    /never imports electron\/ or renderer\//,
  ],
  [
    'shared/model/zone-case.ts',
    "import { x } from '../../renderer/components/fields.tsx';",
    /never imports electron\/ or renderer\//,
  ],
  ['shared/model/zone-case.ts', "import { x } from 'node:fs';", /no Node imports/],
  ['shared/model/zone-case.ts', "import { x } from '../api/wizard-api.ts';", null],
  [
    'renderer/views/zone-case.ts',
    "import { x } from '../../electron/services/wizard-api/dispatch.ts';",
    /only through WizardApi/,
  ],
  ['renderer/views/zone-case.ts', "import { x } from 'electron';", /Only electron\/shell\//],
  ['renderer/views/zone-case.ts', "import { x } from '../../shared/api/wizard-api.ts';", null],
  [
    'electron/cli/commands/zone-case.ts',
    "import { x } from '../../services/wizard-api/wizard-service.ts';",
    /not the app's WizardApi/,
  ],
  ['electron/cli/commands/zone-case.ts', "import { x } from '../../shell/main.ts';", /not the app's WizardApi/],
  ['electron/cli/commands/zone-case.ts', "import { x } from '../../services/projects/project-files.ts';", null],
  ['electron/services/files/zone-case.ts', "import { x } from '../../cli/io.ts';", /never import them/],
  ['electron/services/files/zone-case.ts', "import { x } from '../../bridge/server.ts';", /never import them/],
  ['electron/services/files/zone-case.ts', "import { x } from '../../../shared/model/input-error.ts';", null],
  ['electron/bridge/zone-case.ts', "import { x } from '../shell/main.ts';", /does not import the Electron shell/],
  ['electron/shell/zone-case.ts', "import { x } from 'electron';", null],
];

for (const [file, line, refused] of cases) {
  test(`${file}: ${line} is ${refused ? 'refused' : 'allowed'}`, async () => {
    const messages = await restricted(file, line);
    if (refused)
      assert.ok(
        messages.some((m) => refused.test(m)),
        `expected a zone message, got ${JSON.stringify(messages)}`,
      );
    else assert.deepEqual(messages, []);
  });
}
