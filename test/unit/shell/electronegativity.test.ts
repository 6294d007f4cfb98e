// Electronegativity (Doyensec's Electron security linter) over electron/: no HIGH finding. A deliberately
// insecure fixture proves the run and the parsing would catch one. The tool's network lookups
// (translations, Electron release list) are blocked; the release-list check is excluded since it needs
// the internet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const noNetwork = join(root, 'test', 'unit', 'shell', 'fixtures', 'no-network.cjs');

interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
}

/** RFC 4180-style CSV (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

async function scan(input: string): Promise<Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tcw-eneg-'));
  try {
    const out = join(dir, 'report.csv');
    await promisify(execFile)(process.execPath, ['--require', noNetwork, cli, '-i', input, '-o', out, '-e', '45.4.1', '-r', '-x', 'AvailableSecurityFixesGlobalCheck'], {
      cwd: root,
      timeout: 120_000,
      env: { ...process.env, LANG: 'en-US' },
    });
    const [header, ...rows] = parseCsv(await readFile(out, 'utf8'));
    assert.deepEqual(header!.map((h) => h.trim()).slice(0, 6), ['issue', 'severity', 'confidence', 'filename', 'location', 'sample']);
    return rows.filter((r) => r.length >= 6).map(([issue, severity, confidence, file, location, sample]) => ({ issue: issue!, severity: severity!, confidence: confidence!, file: file!, location: location!, sample: sample! }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('Electronegativity: no HIGH finding on electron/ (and it does catch one in an insecure app)', { timeout: 180_000 }, async () => {
  const [ours, control] = await Promise.all([scan(join(root, 'electron')), scan(join(root, 'test', 'unit', 'shell', 'fixtures', 'insecure-app'))]);
  const high = ours.filter((f) => f.severity === 'HIGH');
  assert.deepEqual(high, [], `HIGH findings:\n${high.map((f) => `${f.issue} ${f.file}:${f.location} ${f.sample}`).join('\n')}`);
  // The scan really looked at the shell: it saw the preload and our CSP literal.
  assert.ok(ours.some((f) => f.issue === 'PRELOAD_JS_CHECK' && f.file.includes('shell/main.ts')), JSON.stringify(ours));
  assert.ok(!ours.some((f) => /CONTEXT_ISOLATION|NODE_INTEGRATION|SANDBOX|WEB_SECURITY|INSECURE_CONTENT|AUXCLICK/.test(f.issue)), JSON.stringify(ours));
  // Negative control.
  assert.ok(control.filter((f) => f.severity === 'HIGH').length >= 2, JSON.stringify(control));
});
