// electron-builder afterPack hook: burns the Electron fuses into the packaged binary, before signing
// and before the installers are made. Each fuse turns off a way to run code other than our app.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** The fuse settings of every build (also checked by test/unit/shell/packaging.test.ts). */
export function fuseConfig(arch) {
  return {
    version: FuseVersion.V1,
    // arm64 macOS binaries carry an ad-hoc signature that flipping invalidates; re-sign it.
    resetAdHocDarwinSignature: arch === 'arm64',
    [FuseV1Options.RunAsNode]: false, // ELECTRON_RUN_AS_NODE cannot turn the app into a Node.js
    [FuseV1Options.EnableCookieEncryption]: true, // cookies encrypted at rest with the OS keychain
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false, // NODE_OPTIONS ignored
    [FuseV1Options.EnableNodeCliInspectArguments]: false, // no --inspect debugging of main
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true, // a tampered app.asar is refused
    [FuseV1Options.OnlyLoadAppFromAsar]: true, // no loose app folder next to the asar
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false, // we serve from app://, file:// gets nothing extra
  };
}

/** Path of the binary holding the fuse wire inside the packed app. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName ?? name);
}

const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default async function afterPack(context) {
  const arch = typeof context.arch === 'number' ? ARCH[context.arch] : context.arch;
  await flipFuses(electronBinaryPath(context), fuseConfig(arch));
}
