// Renderer build: the same static bundle serves Electron (file://, hence base './') and browser mode.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  // vite 8 (oxc) transforms TSX itself; the automatic runtime avoids importing React in every file.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // The start page's code in three chunks instead of one: Chromium fetches them in parallel
        // (modulepreload) and parses each on its own background thread while the others arrive.
        // Only packages the start page uses whole; MUI stays split per view by the default rules.
        advancedChunks: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'xstate', test: /node_modules[\\/](xstate|@xstate|use-sync-external-store)[\\/]/, priority: 1 },
          ],
        },
      },
      // MUI marks its modules 'use client' (for React Server Components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
