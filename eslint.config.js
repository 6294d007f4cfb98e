import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// shared/ is pure TypeScript used by the renderer, the CLI and every test:
// it must not reach for Node, the DOM framework or Electron.
const nodeOnlyModules = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'tls',
  'dns',
  'http',
  'https',
  'worker_threads',
  'url',
  'util',
  'stream',
  'buffer',
  'process',
];

const NO_ELECTRON = { name: 'electron', message: 'Only electron/shell/ may import electron.' };

/** A layer's import rule: never the electron module (only the shell may), and never the listed folders. */
function zone(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths: [NO_ELECTRON], patterns }] } };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Layers as zones (docs/architecture.md): each folder names what it may not import.
  zone(
    ['renderer/**/*.{ts,tsx}'],
    [
      {
        group: ['**/electron/**'],
        message: 'The page reaches the Node side only through WizardApi (shared/api); move shared logic to shared/.',
      },
    ],
  ),
  zone(
    ['electron/cli/**/*.ts'],
    [
      {
        group: ['**/services/wizard-api/**', '**/shell/**', '**/renderer/**'],
        message:
          "The CLI uses the services (files, projects, secrets, cert, azure, live, doctor), not the app's WizardApi, shell or page.",
      },
    ],
  ),
  zone(
    ['electron/services/**/*.ts'],
    [
      {
        group: ['**/cli/**', '**/shell/**', '**/bridge/**', '**/renderer/**'],
        message: 'Services serve the CLI and the app; they never import them.',
      },
    ],
  ),
  zone(
    ['electron/bridge/**/*.ts'],
    [
      {
        group: ['**/shell/**', '**/cli/**', '**/renderer/**'],
        message:
          'The bridge serves the page in browser mode; it does not import the Electron shell, the CLI or the page.',
      },
    ],
  ),
  zone(['test/**/*.{ts,tsx}'], []),
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', ...nodeOnlyModules],
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no Node imports.' },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ is the pure core: it never imports electron/ or renderer/.',
            },
          ],
        },
      ],
    },
  },
);
