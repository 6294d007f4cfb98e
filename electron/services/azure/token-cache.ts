// Persistent token cache without native modules: @azure/identity lets a plugin supply MSAL's cache
// plugin; ours keeps the serialized cache in one file per cache name, encrypted by a protect /
// unprotect pair the host provides (the Electron shell passes safeStorage.encryptString /
// decryptString). With no protector nothing is written: tokens then live in memory only.
// Also stores the AuthenticationRecord (account id, tenant, user name: no secret) that lets the
// browser and device-code credentials sign in silently next time.
import {
  useIdentityPlugin,
  serializeAuthenticationRecord,
  deserializeAuthenticationRecord,
  type AuthenticationRecord,
  type TokenCachePersistenceOptions,
} from '@azure/identity';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
  existsSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** OS-level protection for the cache bytes (Electron: safeStorage). Must throw when unavailable. */
export interface TokenProtector {
  protect(plain: string): Buffer | Promise<Buffer>;
  unprotect(data: Buffer): string | Promise<string>;
}

export interface TokenCacheConfig {
  /** Folder for the cache files (the app's user-data folder). Created 0700. */
  dir: string;
  protector: TokenProtector;
}

// The slice of MSAL's cache-plugin contract we use (kept structural: msal-node is not our dependency).
interface CacheContext {
  cacheHasChanged: boolean;
  tokenCache: { serialize(): string; deserialize(cache: string): void };
}
interface CachePlugin {
  beforeCacheAccess(ctx: CacheContext): Promise<void>;
  afterCacheAccess(ctx: CacheContext): Promise<void>;
}

let config: TokenCacheConfig | null = null;
let registered = false;

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

/** Writes durably and atomically (owner-only temp file, fsync, rename, fsync of the folder); the temp file never outlives an error. */
function writePrivate(path: string, data: Buffer | string): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  // The rename itself is durable only once the folder is synced (not possible on Windows: skipped).
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* best effort */
  }
}

function cacheFile(name: string): string {
  if (!config) throw new Error('token cache not configured');
  return join(config.dir, `${safeName(name)}.tokencache`);
}

/** Without a protector the serialized cache lives in memory only, shared by the credentials of one sign-in (one per tenant). */
const memory = new Map<string, string>();

function makePlugin(name: string): CachePlugin {
  return {
    async beforeCacheAccess(ctx) {
      if (!config) {
        const held = memory.get(name);
        if (held) ctx.tokenCache.deserialize(held);
        return;
      }
      const file = cacheFile(name);
      if (!existsSync(file)) return;
      try {
        ctx.tokenCache.deserialize(await config.protector.unprotect(readFileSync(file)));
      } catch {
        // Unreadable (other user, key changed): start from an empty cache rather than fail sign-in.
        rmSync(file, { force: true });
      }
    },
    async afterCacheAccess(ctx) {
      if (!ctx.cacheHasChanged) return;
      if (!config) {
        memory.set(name, ctx.tokenCache.serialize());
        return;
      }
      mkdirSync(config.dir, { recursive: true, mode: 0o700 });
      writePrivate(cacheFile(name), await config.protector.protect(ctx.tokenCache.serialize()));
    },
  };
}

/**
 * Turns on the protected, persistent cache for every credential created with
 * `tokenCachePersistenceOptions: { enabled: true, name }`. Call once at start-up (app main process).
 */
export function configureTokenCache(c: TokenCacheConfig | null): void {
  config = c;
  ensureCachePlugin();
}

/** Registers our cache plugin with @azure/identity (once): file-backed when configured, else in memory. */
export function ensureCachePlugin(): void {
  if (registered) return;
  registered = true;
  useIdentityPlugin((context: unknown) => {
    const control = (
      context as {
        cachePluginControl: { setPersistence(f: (o?: TokenCachePersistenceOptions) => Promise<unknown>): void };
      }
    ).cachePluginControl;
    control.setPersistence(async (o) => makePlugin(o?.name ?? 'tcw'));
  });
}

export function tokenCacheEnabled(): boolean {
  return config !== null;
}

/**
 * Sign-out: removes every cache file we may have written for this cache name and the record.
 * @azure/identity passes the name it was given to the plugin for both of its caches (CAE and not),
 * so today that is `tcw.tokencache`; the suffixed names and left-over temp files go too.
 */
export function clearTokenCache(dir: string, name = 'tcw'): void {
  memory.clear();
  const base = safeName(name);
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of entries) {
    const ours =
      f === 'azure-account.json' ||
      f.startsWith('azure-account.json.') ||
      ((f === `${base}.tokencache` || f.startsWith(`${base}.`)) && /\.tokencache(\.[0-9a-f]+\.tmp)?$/.test(f));
    if (ours) rmSync(join(dir, f), { force: true });
  }
}

export function saveAuthenticationRecord(dir: string, record: AuthenticationRecord): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writePrivate(join(dir, 'azure-account.json'), serializeAuthenticationRecord(record));
}

export function loadAuthenticationRecord(dir: string): AuthenticationRecord | undefined {
  const file = join(dir, 'azure-account.json');
  if (!existsSync(file)) return undefined;
  try {
    return deserializeAuthenticationRecord(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
