// `tcw cert …` in-process: output shapes, exit codes, password sources, files written owner-only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../electron/cli/main.ts';
import type { CliIo } from '../../../electron/cli/io.ts';
import { certCorpus, CONNECTOR_FQDN, NODES, POOL, NON_ASCII_PASSWORD } from '../../support/cert-corpus.ts';

const corpus = certCorpus();
const work = mkdtempSync(join(tmpdir(), 'tcw-cert-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function io(env: Record<string, string> = {}, prompt?: string[]): CliIo & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    env,
    cwd: work,
    interactive: prompt !== undefined,
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
    promptSecret: prompt ? async () => prompt.shift() ?? '' : undefined,
  };
  return o;
}

test('cert pfx: several files, --json shape, exit 1 on errors, 0 when clean', async () => {
  const i = io({ PFXPW: corpus.pfx.openssl3.password });
  const code = await main(
    [
      'cert',
      'pfx',
      corpus.pfx.openssl3.file,
      corpus.pfx.serverOnly.file,
      '--fqdn',
      CONNECTOR_FQDN,
      '--password-env',
      'PFXPW',
      '--trust',
      corpus.rootFile,
      '--json',
    ],
    i,
  );
  assert.equal(code, 1);
  const json = JSON.parse(i.out) as {
    results: { file: string; ok: boolean; findings: { code: string }[]; certificate: unknown }[];
  };
  assert.equal(json.results.length, 2);
  assert.deepEqual(Object.keys(json.results[0]!).slice(0, 4), ['file', 'ok', 'findings', 'certificate']);
  assert.equal(json.results[0]!.ok, true);
  assert.equal(json.results[1]!.ok, false);
  assert.ok(json.results[1]!.findings.some((f) => f.code === 'pfx.eku-client-auth-missing'));

  const ok = io({ PFXPW: corpus.pfx.csp.password });
  assert.equal(
    await main(
      [
        'cert',
        'pfx',
        corpus.pfx.csp.file,
        '--fqdn',
        CONNECTOR_FQDN,
        '--password-env',
        'PFXPW',
        '--trust',
        corpus.rootFile,
      ],
      ok,
    ),
    0,
  );
  // Human report: facts first, then the verdict.
  assert.ok(ok.out.indexOf('Subject') < ok.out.indexOf('Ready for the Teams Connector'));
  for (const label of ['SANs', 'Chain', 'Valid', 'Key', 'EKUs', 'Thumbprint SHA-1', 'Thumbprint SHA-256'])
    assert.match(ok.out, new RegExp(label));
});

test('cert pfx: password from a file (non-ASCII, trailing newline) or a prompt; never echoed', async () => {
  const pwFile = join(work, 'pw.txt');
  writeFileSync(pwFile, `${NON_ASCII_PASSWORD}\n`);
  const a = io();
  assert.equal(
    await main(
      [
        'cert',
        'pfx',
        corpus.pfx.nonAscii.file,
        '--fqdn',
        CONNECTOR_FQDN,
        '--password-file',
        pwFile,
        '--trust',
        corpus.rootFile,
      ],
      a,
    ),
    0,
  );
  // Notepad's byte-order marks are not part of the password: UTF-8 with BOM, and "Unicode" (UTF-16LE).
  writeFileSync(pwFile, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${NON_ASCII_PASSWORD}\r\n`)]));
  assert.equal(
    await main(
      [
        'cert',
        'pfx',
        corpus.pfx.nonAscii.file,
        '--fqdn',
        CONNECTOR_FQDN,
        '--password-file',
        pwFile,
        '--trust',
        corpus.rootFile,
      ],
      io(),
    ),
    0,
  );
  writeFileSync(
    pwFile,
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${NON_ASCII_PASSWORD}\r\n`, 'utf16le')]),
  );
  assert.equal(
    await main(
      [
        'cert',
        'pfx',
        corpus.pfx.nonAscii.file,
        '--fqdn',
        CONNECTOR_FQDN,
        '--password-file',
        pwFile,
        '--trust',
        corpus.rootFile,
      ],
      io(),
    ),
    0,
  );
  const b = io({}, [corpus.pfx.legacy.password]);
  assert.equal(
    await main(['cert', 'pfx', corpus.pfx.legacy.file, '--fqdn', CONNECTOR_FQDN, '--trust', corpus.rootFile], b),
    0,
  );
  const wrong = io({ P: 'secret-wrong-1' });
  assert.equal(
    await main(['cert', 'pfx', corpus.pfx.legacy.file, '--fqdn', CONNECTOR_FQDN, '--password-env', 'P'], wrong),
    1,
  );
  assert.match(wrong.out, /pfx\.bad-password/);
  assert.doesNotMatch(wrong.out + wrong.err, /secret-wrong-1/);
});

test('cert: usage errors exit 2 with a clear message', async () => {
  const cases: [string[], RegExp][] = [
    [['cert', 'pfx', corpus.pfx.openssl3.file, '--fqdn', CONNECTOR_FQDN], /no password/],
    [['cert', 'pfx', corpus.pfx.openssl3.file, '--password-env', 'X'], /--fqdn/],
    [['cert', 'pfx', 'missing.pfx', '--fqdn', CONNECTOR_FQDN, '--password-env', 'X'], /no such file/],
    [
      ['cert', 'pfx', corpus.pfx.openssl3.file, '--fqdn', CONNECTOR_FQDN, '--password-env', 'UNSET'],
      /UNSET is not set/,
    ],
    [['cert', 'pfx', corpus.pfx.openssl3.file, '--fqdn', CONNECTOR_FQDN, '--password', 'x'], /Unknown option/],
    [['cert', 'nodes', corpus.leaves.node.cert, '--node', NODES[0]!], /--pool/],
    [['cert', 'csr', '--fqdn', 'bad name!', '--key-out', 'k.pem', '--csr-out', 'c.csr'], /not a valid DNS name/],
    [['cert', 'frobnicate'], /unknown subcommand/],
  ];
  for (const [args, re] of cases) {
    const i = io({ X: 'x' });
    assert.equal(await main(args, i), 2, args.join(' '));
    assert.match(i.err, re, args.join(' '));
  }
  const h = io();
  assert.equal(await main(['cert', 'pfx', '--help'], h), 0);
  assert.match(h.out, /tcw cert/);
});

test('cert nodes: recommendation and findings; exit codes', async () => {
  const good = join(work, 'node.pem');
  writeFileSync(good, readFileSync(corpus.leaves.node.cert, 'utf8') + readFileSync(corpus.chains.node, 'utf8'));
  const i = io();
  assert.equal(
    await main(
      [
        'cert',
        'nodes',
        good,
        '--pool',
        POOL,
        '--node',
        NODES[0]!,
        '--node',
        NODES[1]!,
        '--node-fqdns',
        POOL,
        '--sip-domain',
        'vc.example.com',
        '--trust',
        corpus.rootFile,
      ],
      i,
    ),
    0,
  );
  assert.match(i.out, /Recommended for a node SAN certificate/);
  const bad = io();
  assert.equal(
    await main(
      [
        'cert',
        'nodes',
        corpus.leaves.nodeBad.cert,
        '--pool',
        POOL,
        '--node',
        NODES[0]!,
        '--node',
        NODES[1]!,
        '--trust',
        corpus.rootFile,
        '--json',
      ],
      bad,
    ),
    1,
  );
  const json = JSON.parse(bad.out) as { results: { findings: { code: string }[]; recommendation: unknown }[] };
  assert.ok(json.results[0]!.findings.some((f) => f.code === 'node.san-missing'));
  assert.ok(json.results[0]!.recommendation);
});

test('cert csr + assemble: key owner-only, never overwritten; PFX owner-only and valid', async () => {
  const i = io();
  assert.equal(
    await main(['cert', 'csr', '--fqdn', CONNECTOR_FQDN, '--key-out', 'new.key', '--csr-out', 'new.csr'], i),
    0,
  );
  assert.equal(statSync(join(work, 'new.key')).mode & 0o777, 0o600);
  assert.match(readFileSync(join(work, 'new.csr'), 'utf8'), /BEGIN CERTIFICATE REQUEST/);
  const again = io();
  assert.equal(
    await main(['cert', 'csr', '--fqdn', CONNECTOR_FQDN, '--key-out', 'new.key', '--csr-out', 'new2.csr'], again),
    2,
  );
  assert.match(again.err, /never overwritten/);

  const a = io({ PW: 'assemble-pw' });
  assert.equal(
    await main(
      [
        'cert',
        'assemble',
        '--cert',
        corpus.leaves.good.cert,
        '--key',
        corpus.leaves.good.key,
        '--chain',
        corpus.intermediateFile,
        '--out',
        'out.pfx',
        '--password-env',
        'PW',
        '--legacy-csp',
        '--trust',
        corpus.rootFile,
      ],
      a,
    ),
    0,
    a.out + a.err,
  );
  assert.equal(statSync(join(work, 'out.pfx')).mode & 0o777, 0o600);
  const v = io({ PW: 'assemble-pw' });
  assert.equal(
    await main(
      [
        'cert',
        'pfx',
        join(work, 'out.pfx'),
        '--fqdn',
        CONNECTOR_FQDN,
        '--password-env',
        'PW',
        '--trust',
        corpus.rootFile,
        '--json',
      ],
      v,
    ),
    0,
  );
  assert.deepEqual((JSON.parse(v.out) as { results: { findings: unknown[] }[] }).results[0]!.findings, []);

  const mismatch = io({ PW: 'x' });
  assert.equal(
    await main(
      [
        'cert',
        'assemble',
        '--cert',
        corpus.leaves.good.cert,
        '--key',
        corpus.leaves.ecdsa.key,
        '--out',
        'bad.pfx',
        '--password-env',
        'PW',
      ],
      mismatch,
    ),
    1,
  );
  assert.equal(existsSync(join(work, 'bad.pfx')), false, 'nothing written on error');
});
