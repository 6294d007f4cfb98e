// Packaging: build/electron-builder.yml read by electron-builder's own loader and validated against its
// own JSON schema (app-builder-lib/scheme.json, with the ajv it uses); the targets, icons and files we
// promise; the afterPack hook burning the fuses into a binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, writeFile, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCurrentFuseWire, FuseV1Options, FuseState } from '@electron/fuses';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(join(root, 'package.json'));

type Config = Record<string, unknown> & {
  files: { filter: string[] }[] | string[];
  afterPack: string;
  win: { target: { target: string }[] };
  mac: { target: { target: string }[] };
  linux: { target: { target: string }[]; icon: string };
  icon: string;
  asar: boolean;
  extraMetadata: { main: string };
};

// electron-builder logs to stdout, which Node 20's test runner uses for its own protocol between
// the test file's process and the runner: a stray line there breaks the run. Send its log to stderr.
(require('builder-util/out/log.js') as { setPrinter: (p: ((m: string) => void) | null) => void }).setPrinter((m) =>
  process.stderr.write(m),
);

async function loadConfig(): Promise<Config> {
  const { getConfig } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig: (dir: string, file: string) => Promise<Config>;
  };
  return getConfig(root, 'build/electron-builder.yml');
}

function schemaValidator() {
  const Ajv = require('ajv').default as new (o: object) => {
    compile(s: unknown): ((d: unknown) => boolean) & { errors?: unknown[] };
  };
  const schema = JSON.parse(require('node:fs').readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
  // The options electron-builder itself validates with (app-builder-lib/out/util/config/schemaValidator.js).
  return new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);
}

test("the config is valid against electron-builder's own schema", async () => {
  const config = await loadConfig();
  const validate = schemaValidator();
  assert.equal(validate(structuredClone(config)), true, JSON.stringify(validate.errors, null, 2));
  // And electron-builder's own validation entry point accepts it too.
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration: (c: unknown, l: { isEnabled: boolean }) => Promise<void>;
  };
  await validateConfiguration(structuredClone(config), { isEnabled: false });
});

test('the schema check is real: a misspelt option is refused', async () => {
  const config = { ...(await loadConfig()), nsis: { oneClik: false } };
  const validate = schemaValidator();
  assert.equal(validate(config), false);
  assert.match(JSON.stringify(validate.errors), /oneClik/);
});

test('targets: Windows NSIS, macOS dmg, Linux AppImage and deb', async () => {
  const c = await loadConfig();
  assert.deepEqual(
    c.win.target.map((t) => t.target),
    ['nsis'],
  );
  assert.deepEqual(
    c.mac.target.map((t) => t.target),
    ['dmg'],
  );
  assert.deepEqual(c.linux.target.map((t) => t.target).sort(), ['AppImage', 'deb']);
});

test('the package holds only the built app, in an asar, starting at the bundled main', async () => {
  const c = await loadConfig();
  const filters = (c.files as { filter: string[] }[]).flatMap((f) => f.filter);
  assert.deepEqual(filters.filter((f) => !f.startsWith('!')).sort(), [
    'out/electron/**/*',
    'out/renderer/**/*',
    'package.json',
  ]);
  assert.ok(filters.includes('!**/*.map'));
  assert.equal(c.asar, true);
  assert.equal(c.extraMetadata.main, 'out/electron/main.cjs');
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { main: string };
  assert.equal(pkg.main, 'out/electron/main.cjs');
});

test('icons exist in assets/ at the sizes each platform needs', async () => {
  const c = await loadConfig();
  const png = async (p: string) => {
    const b = await readFile(join(root, p));
    assert.equal(b.subarray(1, 4).toString(), 'PNG', p);
    return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
  };
  assert.deepEqual(await png(c.icon), { w: 1024, h: 1024 }); // macOS needs ≥ 512, Windows ≥ 256
  for (const size of [16, 32, 48, 64, 128, 256, 512])
    assert.deepEqual(await png(`${c.linux.icon}/${size}x${size}.png`), { w: size, h: size });
  assert.ok(existsSync(join(root, 'assets', 'icon.svg')));
});

test('afterPack burns the fuses into the packed binary', async () => {
  const c = await loadConfig();
  assert.equal(c.afterPack, './build/after-pack.mjs');
  const hook = (await import(join(root, c.afterPack))) as {
    default: (ctx: unknown) => Promise<void>;
    fuseConfig: (arch: string) => Record<string, unknown>;
  };
  const dir = await mkdtemp(join(tmpdir(), 'tcw-fuses-'));
  try {
    // A stand-in binary with Electron's fuse wire: sentinel, version 1, 9 fuses, all at their defaults.
    const initial = [
      FuseState.ENABLE,
      FuseState.DISABLE,
      FuseState.ENABLE,
      FuseState.ENABLE,
      FuseState.DISABLE,
      FuseState.DISABLE,
      FuseState.DISABLE,
      FuseState.ENABLE,
      FuseState.ENABLE,
    ];
    const binary = Buffer.concat([
      Buffer.alloc(4096, 0x90),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, initial.length, ...initial]),
      Buffer.alloc(4096, 0x90),
    ]);
    await mkdir(join(dir, 'linux-unpacked'));
    const exe = join(dir, 'linux-unpacked', 'teams-connector-wizard');
    await writeFile(exe, binary);
    await hook.default({
      appOutDir: join(dir, 'linux-unpacked'),
      electronPlatformName: 'linux',
      arch: 1,
      packager: { appInfo: { productFilename: 'Teams Connector Wizard' }, executableName: 'teams-connector-wizard' },
    });
    const wire = (await getCurrentFuseWire(exe)) as unknown as Record<number, number>;
    assert.equal(wire[FuseV1Options.RunAsNode], FuseState.DISABLE);
    assert.equal(wire[FuseV1Options.EnableCookieEncryption], FuseState.ENABLE);
    assert.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], FuseState.DISABLE);
    assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], FuseState.DISABLE);
    assert.equal(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], FuseState.ENABLE);
    assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], FuseState.ENABLE);
    assert.equal(wire[FuseV1Options.GrantFileProtocolExtraPrivileges], FuseState.DISABLE);
    // The rest of the file is untouched.
    const after = await readFile(exe);
    assert.equal(after.length, binary.length);
    assert.deepEqual(after.subarray(0, 4096), binary.subarray(0, 4096));
    assert.equal(hook.fuseConfig('arm64').resetAdHocDarwinSignature, true);
    assert.equal(hook.fuseConfig('x64').resetAdHocDarwinSignature, false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
