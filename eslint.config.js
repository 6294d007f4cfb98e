import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// shared/ is pure TypeScript used by the renderer, the CLI and every test:
// it must not reach for Node, the DOM framework or Electron.
const nodeOnlyModules = ['fs', 'path', 'os', 'child_process', 'crypto', 'net', 'tls', 'dns', 'http', 'https', 'worker_threads', 'url', 'util', 'stream', 'buffer', 'process'];

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
  {
    files: ['renderer/**/*.{ts,tsx}', 'electron/cli/**/*.ts', 'electron/services/**/*.ts', 'test/**/*.ts'],
    ignores: ['electron/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron.' }], patterns: [] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'react', ...nodeOnlyModules],
        patterns: [{ group: ['node:*'], message: 'shared/ is pure TypeScript: no Node imports.' }],
      }],
    },
  },
);
