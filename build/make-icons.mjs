#!/usr/bin/env node
// Renders assets/icon.svg to the PNGs electron-builder uses (assets/icon.png 1024 px for macOS/Windows,
// assets/icons/<size>x<size>.png for Linux). Needs rsvg-convert (Debian: librsvg2-bin). The PNGs are
// committed, so packaging does not need this tool; run it after changing the SVG.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const svg = join(root, 'assets', 'icon.svg');
const render = (size, out) => {
  const r = spawnSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', out, svg], { stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    process.stderr.write('make-icons: rsvg-convert is needed (apt-get install librsvg2-bin).\n');
    process.exit(1);
  }
};
mkdirSync(join(root, 'assets', 'icons'), { recursive: true });
render(1024, join(root, 'assets', 'icon.png'));
for (const size of [16, 32, 48, 64, 128, 256, 512]) render(size, join(root, 'assets', 'icons', `${size}x${size}.png`));
process.stdout.write('icons written to assets/\n');
