// Renderer build: the same static bundle serves Electron (file://, hence base './') and browser mode.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import type { PrerenderedShell } from './start-shell/prerender.tsx';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The start page's static shell (start-shell/): the page rendered to HTML at build time, its styles
 * in <head>, and a small classic script that makes its buttons work before the app's code loads.
 */
function startShell(): Plugin {
  let shell: PrerenderedShell | undefined;
  let scriptFile = '';
  return {
    name: 'tcw-start-shell',
    apply: 'build',
    async buildStart() {
      const { module } = await runnerImport<typeof import('./start-shell/prerender.tsx')>(
        fileURLToPath(new URL('./start-shell/prerender.tsx', import.meta.url)),
        { configFile: false, root, logLevel: 'error', oxc: { jsx: { runtime: 'automatic' } } },
      );
      shell = module.prerenderStartShell();
      const hash = createHash('sha256').update(shell.script).digest('hex').slice(0, 8);
      scriptFile = `assets/start-shell-${hash}.js`;
      this.emitFile({ type: 'asset', fileName: scriptFile, source: shell.script });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (!shell) throw new Error('start shell: not prerendered');
        const empty = '<div id="root"></div>';
        if (!html.includes(empty)) throw new Error(`start shell: index.html has no ${empty}`);
        // The app's module script and preloads wait, inert, in a <template> until the shell's script
        // has the page painted (start-shell-script.ts): parsed at once they slowed the start page.
        const appCode: string[] = [];
        const rest = html.replace(
          /\s*(<script type="module"[^>]*><\/script>|<link rel="modulepreload"[^>]*>)/g,
          (tag) => {
            appCode.push(tag.trim());
            return '';
          },
        );
        if (!appCode.some((t) => t.startsWith('<script'))) throw new Error('start shell: no module script to load');
        const template = `<template id="${shell.keys.appTemplate}">${appCode.join('')}</template>`;
        return {
          html: rest.replace(empty, `<div id="root">${shell.html}</div>`).replace('</body>', `${template}\n</body>`),
          tags: [
            { tag: 'style', children: shell.pageCss, injectTo: 'head' },
            {
              tag: 'style',
              attrs: { 'data-emotion': `css ${shell.styleIds.join(' ')}` },
              children: shell.css,
              injectTo: 'head',
            },
            // Classic, in <head>: it runs before the body is parsed, so each button works as it appears.
            { tag: 'script', attrs: { src: `./${scriptFile}` }, injectTo: 'head' },
          ],
        };
      },
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  // vite 8 (oxc) transforms TSX itself; the automatic runtime avoids importing React in every file.
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [startShell()],
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
