// `npm run bench generate`: time to validate + generate every artifact of a 20-region project, and to
// import 20 init scripts (the ones generated, so the importer reads realistic files).
import { performance } from 'node:perf_hooks';
import { generateArtifacts } from '../../shared/emit/generate.ts';
import { importScripts } from '../../shared/import/import-scripts.ts';
import { exampleProject, exampleRegion } from '../../shared/model/example.ts';
import type { Project } from '../../shared/model/project.ts';
import { hostileScript } from '../support/hostile-script.ts';
import { validateProject } from '../../shared/rules/validate.ts';

function twentyRegions(): Project {
  const p = exampleProject();
  p.app.appId = '0f6e5a7c-1d2b-4c3a-9e8f-7a6b5c4d3e2f';
  p.regions = Array.from({ length: 20 }, (_, i) =>
    exampleRegion({
      PxVmssRegion: `r${i}`,
      PxTeamsConnFqdn: `pexip-teamsconn-r${i}.teams.example.com`,
    }),
  );
  return p;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function time(n: number, fn: () => void): number[] {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function bench(): Promise<void> {
  const project = twentyRegions();
  const N = 50;
  let artifacts = 0;
  let errors = 0;
  const gen = time(N, () => {
    const findings = validateProject(project);
    errors = findings.filter((f) => f.severity === 'error').length;
    const r = generateArtifacts({ project, journey: 'first-install', includeSecrets: false });
    artifacts = r.artifacts.length;
  });
  if (errors > 0 || artifacts === 0)
    console.log(`note: ${errors} error findings, ${artifacts} artifacts (emitters or rules incomplete?)`);
  console.log(
    `generate 20 regions (validate + all artifacts, ${artifacts} files): median ${median(gen).toFixed(1)} ms (n=${N})`,
  );

  const inits = generateArtifacts({ project, journey: 'first-install', includeSecrets: false })
    .artifacts.filter((a) => a.kind === 'init-script')
    .map((a) => a.content);
  if (inits.length !== 20) {
    console.log(`import 20 init scripts: skipped (only ${inits.length} init scripts generated)`);
    return;
  }
  let imported = 0;
  const imp = time(N, () => {
    imported = 0;
    for (const s of inits) if (importScripts({ initScript: s }).project) imported++;
  });
  console.log(`import 20 init scripts (${imported} imported): median ${median(imp).toFixed(1)} ms (n=${N})`);

  // Hostile input (issue: linear time): 256 KB and 5 MB, target ≤ 1 s for 5 MB.
  for (const bytes of [256 * 1024, 5 * 1024 * 1024]) {
    const text = hostileScript(bytes);
    const t = time(3, () => {
      importScripts({ initScript: text });
    });
    const ms = median(t);
    console.log(
      `import ${bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`} of hostile text: median ${ms.toFixed(0)} ms (n=3)${bytes > 1024 * 1024 ? ` — target ≤ 1000 ms: ${ms <= 1000 ? 'OK' : 'OVER'}` : ''}`,
    );
  }
}
