// `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) in turn.
// Each exports `bench(): Promise<void>` and prints its own figures.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const f of files) {
  console.log(`\n### ${f.replace('.bench.ts', '')}`);
  const mod = (await import(join(here, f))) as { bench: () => Promise<void> };
  await mod.bench();
}
