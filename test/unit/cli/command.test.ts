// The command helper: our wording for every argument error, --help, positionals; a closed pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../electron/cli/main.ts';
import { defineCommand, defineGroup } from '../../../electron/cli/command.ts';
import { UsageError, type CliIo } from '../../../electron/cli/io.ts';
import { exampleProject, exampleRegion } from '../../../shared/model/example.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tcw-command-'));

function io(env: Record<string, string> = {}) {
  const r = { out: '', err: '', io: undefined as unknown as CliIo };
  r.io = {
    stdout: (t) => {
      r.out += t;
    },
    stderr: (t) => {
      r.err += t;
    },
    env,
    cwd: work,
    interactive: false,
  };
  return r;
}

const demo = defineCommand({
  name: 'demo',
  help: 'Usage: tcw demo FILE [--out DIR] [--json]\n',
  options: {
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
    tag: { type: 'string', multiple: true, default: [] },
  },
  positionals: {
    min: 1,
    max: 2,
    missing: 'give the FILE to read',
    tooMany: (p) => `at most two files, not ${p.length}`,
  },
  secretHint: 'use --password-env VAR',
  run: async ({ values, positionals, io: o }) => {
    o.stdout(JSON.stringify({ values, positionals }));
    return 0;
  },
});

test('defineCommand: values, defaults, positionals, --help, -h', async () => {
  const a = io();
  assert.equal(await demo(['f.json', '--out', 'o', '--tag', 'x', '--tag=y'], a.io), 0);
  assert.deepEqual(JSON.parse(a.out), { values: { out: 'o', json: false, tag: ['x', 'y'] }, positionals: ['f.json'] });
  for (const h of ['--help', '-h']) {
    const b = io();
    assert.equal(await demo([h], b.io), 0, 'help needs no positional');
    assert.match(b.out, /^Usage: tcw demo/);
  }
  const c = io();
  assert.equal(await demo(['--', '--weird-name.json'], c.io), 0, 'after -- everything is a positional');
  assert.deepEqual(JSON.parse(c.out).positionals, ['--weird-name.json']);
});

test('defineCommand: every argument error is ours, says what to do, and names the command', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['f', '--password', 'x'],
      /^Unknown option --password\. Secrets are never given as arguments .*process list.*: use --password-env VAR\.$/,
    ],
    [['f', '--password=x'], /^Unknown option --password=…\./],
    [['f', '--jsn'], /^Unknown option --jsn\. Did you mean --json\?$/],
    [['f', '--zzzzzz'], /^Unknown option --zzzzzz\.$/],
    [['f', '-x'], /^Unknown option -x\.$/],
    [['f', '--out'], /^--out needs a value\.$/],
    [
      ['f', '--out', '--json'],
      /^--out needs a value, got the option-like "--json"\. For a value that starts with "-", write --out=--json\.$/,
    ],
    [['f', '--json=yes'], /^--json is a switch and takes no value/],
    [['f', '--out', 'a', '--out', 'b'], /^--out is given more than once/],
    [[], /^give the FILE to read$/],
    [['a', 'b', 'c'], /^at most two files, not 3$/],
  ];
  for (const [args, re] of cases) {
    await assert.rejects(demo(args, io().io), (e: unknown) => {
      assert.ok(e instanceof UsageError, args.join(' '));
      assert.equal(e.command, 'demo');
      assert.match(e.message, re, args.join(' '));
      assert.doesNotMatch(
        e.message,
        /positional argument starting with|ERR_PARSE_ARGS|To specify/,
        "never Node's parser text",
      );
      return true;
    });
  }
});

test('defineGroup: sub-commands, help, unknown sub-command; main prints "tcw group sub: …" and exits 2', async () => {
  const group = defineGroup({ name: 'grp', help: 'Usage: tcw grp <a|b>\n', commands: { a: demo, b: demo } });
  const h = io();
  assert.equal(await group([], h.io), 2);
  assert.match(h.out, /Usage: tcw grp/);
  assert.equal(await group(['--help'], io().io), 0);
  await assert.rejects(group(['zzz'], io().io), /unknown subcommand "zzz" of "tcw grp"; it has a and b\./);
  await assert.rejects(group(['constructor'], io().io), /unknown subcommand/, 'no prototype keys');

  const m = io({ X: 'x' });
  assert.equal(await main(['cert', 'pfx', 'a.pfx', '--fqdn', 'a.example.com', '--password', 'x'], m.io), 2);
  assert.match(
    m.err,
    /^tcw cert pfx: Unknown option --password\. Secrets are never given as arguments.*--password-env VAR.*--password-file FILE/,
  );
  assert.match(m.err, /Run "tcw cert pfx --help" for the options\.\n$/);
  const g = io();
  assert.equal(await main(['generate', 'p.json', '--out', 'o', '--admin-password', 'x'], g.io), 2);
  assert.match(g.err, /--admin-password-env VAR/);
  const v = io();
  assert.equal(await main(['validate', 'p.json', '--jsno'], v.io), 2);
  assert.match(v.err, /^tcw validate: Unknown option --jsno\. Did you mean --json\?/);
});

test('every command file uses the helper (no parseArgs of its own)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = join(root, 'electron/cli/commands');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.doesNotMatch(text, /\bparseArgs\b/, f);
    assert.match(text, /export const run = define(Command|Group)\(/, f);
  }
});

test('a closed pipe ends quietly: `tcw generate … | head -n 1` prints no trace and keeps the exit status', () => {
  const p = exampleProject();
  p.regions = Array.from({ length: 30 }, (_, i) =>
    exampleRegion({ PxVmssRegion: `r${i}`, PxTeamsConnFqdn: `pexip-teamsconn-r${i}.teams.example.com` }),
  );
  const project = join(work, 'big.json');
  writeFileSync(project, JSON.stringify(p));
  const tcw = join(root, 'bin/tcw.js');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const r = spawnSync(
    '/bin/bash',
    [
      '-c',
      `"$NODE" ${q(tcw)} generate ${q(project)} --out ${q(join(work, 'out'))} | head -n 1 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, NODE: process.execPath },
      timeout: 60_000,
    },
  );
  assert.match(r.stderr, /status=0\n$/, r.stderr);
  assert.equal(r.stderr.replace(/status=0\n$/, ''), '', 'nothing on stderr: no EPIPE trace');
});
