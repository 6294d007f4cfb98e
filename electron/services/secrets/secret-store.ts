// Secrets (VM admin password, app password, PFX password) for the session or, in Electron, kept
// encrypted by the OS keychain through safeStorage. Never written in clear text.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic-file.ts';
import { ApiError } from '../wizard-api/api-errors.ts';

export interface SecretStore {
  /** "memory": lost when the app closes; "os-encrypted": kept with the OS keychain. */
  readonly kind: 'memory' | 'os-encrypted';
  set(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Values seen in this session, so saves can refuse projects that smuggle one in. */
  knownValues(): string[];
}

/** What Electron's safeStorage offers; injected by the shell so this module stays Electron-free. */
export interface SecretProtector {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_SECRET = 8192;

export function checkSecretKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new ApiError('A secret key may hold letters, digits, ".", "_", ":" and "-" only (1-128 characters).');
  }
}

function checkSecretValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length > MAX_SECRET)
    throw new ApiError('A secret must be text of at most 8192 characters.');
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();
  async set(key: string, value: string): Promise<void> {
    checkSecretKey(key);
    checkSecretValue(value);
    if (value === '') this.values.delete(key);
    else this.values.set(key, value);
  }
  async get(key: string): Promise<string | null> {
    checkSecretKey(key);
    return this.values.get(key) ?? null;
  }
  knownValues(): string[] {
    return [...this.values.values()];
  }
}

/** Secrets encrypted with the protector, kept as base64 blobs in one owner-only JSON file. */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'os-encrypted' as const;
  private readonly cache = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly file: string,
    private readonly protector: SecretProtector,
  ) {}

  set(key: string, value: string): Promise<void> {
    checkSecretKey(key);
    checkSecretValue(value);
    const run = this.queue.then(async () => {
      const blobs = await this.readBlobs();
      if (value === '') delete blobs[key];
      else blobs[key] = this.protector.encrypt(value).toString('base64');
      await writeFileAtomic(this.file, `${JSON.stringify({ format: 'tcw-secrets/1', secrets: blobs })}\n`, 0o600);
      if (value === '') this.cache.delete(key);
      else this.cache.set(key, value);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  async get(key: string): Promise<string | null> {
    checkSecretKey(key);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const blob = (await this.readBlobs())[key];
    if (blob === undefined) return null;
    try {
      const value = this.protector.decrypt(Buffer.from(blob, 'base64'));
      this.cache.set(key, value);
      return value;
    } catch {
      throw new ApiError('A stored secret could not be decrypted (the OS keychain changed?). Enter it again.');
    }
  }

  knownValues(): string[] {
    return [...this.cache.values()];
  }

  private async readBlobs(): Promise<Record<string, string>> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as { secrets?: unknown };
      const s = raw.secrets;
      if (s && typeof s === 'object') {
        return Object.fromEntries(Object.entries(s).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
      }
    } catch {
      // missing or damaged: start afresh (the secrets can be entered again)
    }
    return {};
  }
}
