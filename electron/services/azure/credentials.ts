// Sign-in methods. Each yields one TokenCredential used for both ARM and Graph (different scopes),
// except pre-obtained tokens, which come one per audience. Tokens never leave the Node side.
import {
  AzureCliCredential,
  DeviceCodeCredential,
  EnvironmentCredential,
  InteractiveBrowserCredential,
  type AccessToken,
  type AuthenticationRecord,
  type GetTokenOptions,
  type TokenCredential,
} from '@azure/identity';
import type { AzureEndpoints } from './clouds.ts';
import { ensureCachePlugin, tokenCacheEnabled } from './token-cache.ts';
import { randomUUID } from 'node:crypto';
import azureApp from '../../../build/azure-app.json' with { type: 'json' };

export type CredentialMethod = 'browser' | 'device-code' | 'azure-cli' | 'environment' | 'token';

/**
 * The application browser and device-code sign-in use: one place, build/azure-app.json, overridden by
 * TCW_AZURE_CLIENT_ID (or --client-id). See docs/azure.md for what our own registration needs.
 */
export const DEFAULT_PUBLIC_CLIENT_ID: string = azureApp.clientId;
export const DEFAULT_PUBLIC_CLIENT_NAME: string = azureApp.displayName;

/** The client id in force and the name Entra ID shows for it (the sign-in page names it). */
export function signInApplication(
  env: Record<string, string | undefined> = process.env,
  explicit?: string,
): { clientId: string; displayName: string | null } {
  const clientId = explicit ?? env.TCW_AZURE_CLIENT_ID ?? DEFAULT_PUBLIC_CLIENT_ID;
  return { clientId, displayName: clientId === DEFAULT_PUBLIC_CLIENT_ID ? DEFAULT_PUBLIC_CLIENT_NAME : null };
}

export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  message: string;
}

export interface CredentialOptions {
  method: CredentialMethod;
  endpoints: AzureEndpoints;
  /** Tenant id or domain; "organizations" when omitted (any work account). */
  tenantId?: string;
  clientId?: string;
  /** Device code: show this to the user (UI dialog, terminal). */
  onDeviceCode?: (prompt: DeviceCodePrompt) => void;
  /** Pre-obtained tokens (method "token"). */
  armToken?: string;
  graphToken?: string;
  /** Environment service principal (method "environment"): AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET … */
  env?: Record<string, string | undefined>;
  /** A saved record: browser / device code then sign in silently from the cache when they can. */
  authenticationRecord?: AuthenticationRecord;
  /** Cache name for the persistent cache (see token-cache.ts); used only when a protector is configured. */
  cacheName?: string;
}

export interface AzureCredentials {
  method: CredentialMethod;
  arm: TokenCredential;
  graph: TokenCredential;
  /** Interactive methods: signs in now (if needed) and returns the record to save. */
  authenticate?: (signal?: AbortSignal) => Promise<AuthenticationRecord | undefined>;
  /** False for pre-obtained tokens: they are for one tenant and cannot be exchanged for another. */
  multiTenant?: boolean;
}

/**
 * One sign-in, one prompt. @azure/identity keeps one MSAL application (and in-memory cache) per CAE
 * flag, and the SDK pipelines ask with enableCae: true: so every request here asks with the same flag.
 * Calls run one at a time, so while the first one prompts, the others wait and are then answered
 * silently; access tokens are kept per scope + tenant until 5 minutes before they expire, which
 * also spares the Azure CLI one `az` process per client. A claims challenge always goes through.
 */
type InnerCredential = TokenCredential & {
  authenticate?(scopes: string | string[], o?: GetTokenOptions): Promise<AuthenticationRecord | undefined>;
};

export interface OtherTenants {
  /** A silent-only credential for another tenant, sharing the sign-in's cache (its refresh token). */
  create(tenantId: string, record: AuthenticationRecord): TokenCredential;
  /** The sign-in's scope, for finding out the account when no record is held yet (silent after a sign-in). */
  scope: string;
  record?: AuthenticationRecord;
}

export class OneFlowCredential implements TokenCredential {
  #queue: Promise<unknown> = Promise.resolve();
  readonly #tokens = new Map<string, AccessToken>();
  readonly #tenants = new Map<string, TokenCredential>();
  #record: AuthenticationRecord | undefined;
  /**
   * other: how to reach another tenant. @azure/identity's silent request does not carry the tenant
   * it was asked for (it answers from the home tenant's cache), so another tenant gets a credential
   * of its own over the same cache, silent only: no second prompt.
   */
  constructor(
    private readonly inner: InnerCredential,
    private readonly other?: OtherTenants,
  ) {
    this.#record = other?.record;
  }

  async #credentialFor(tenantId: string | undefined): Promise<TokenCredential> {
    if (!tenantId || !this.other) return this.inner;
    this.#record ??= await this.inner.authenticate?.(this.other.scope, { enableCae: true });
    const record = this.#record;
    if (!record || record.tenantId.toLowerCase() === tenantId.toLowerCase()) return this.inner;
    let c = this.#tenants.get(tenantId.toLowerCase());
    if (!c) {
      c = this.other.create(tenantId, record);
      this.#tenants.set(tenantId.toLowerCase(), c);
    }
    return c;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken | null> {
    const key = `${[scopes].flat().join(' ')}|${options.tenantId ?? ''}`;
    return this.#serial(async () => {
      const held = this.#tokens.get(key);
      if (!options.claims && held && held.expiresOnTimestamp - 5 * 60_000 > Date.now()) return held;
      const cred = await this.#credentialFor(options.tenantId);
      const { tenantId: _t, ...rest } = options;
      const t = await cred.getToken(
        scopes,
        cred === this.inner ? { ...options, enableCae: true } : { ...rest, enableCae: true },
      );
      if (t) this.#tokens.set(key, t);
      return t;
    });
  }

  authenticate(scope: string, signal?: AbortSignal): Promise<AuthenticationRecord | undefined> {
    const auth = this.inner.authenticate?.bind(this.inner);
    if (!auth) return Promise.resolve(undefined);
    return this.#serial(async () => {
      const r = await auth(scope, { abortSignal: signal, enableCae: true });
      if (r) this.#record = r;
      return r;
    });
  }
}

/** Reads the claims of a JWT access token without verifying it (display only: name, tenant, object id). */
export function tokenClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** A token the caller already holds (e.g. `az account get-access-token`), for automation. */
export class StaticTokenCredential implements TokenCredential {
  readonly #token: string;
  readonly #label: string;
  constructor(token: string, label: string) {
    this.#token = token.trim();
    this.#label = label;
  }
  async getToken(): Promise<AccessToken> {
    if (!this.#token) throw new Error(`No ${this.#label} token was given.`);
    const exp = tokenClaims(this.#token).exp;
    const expiresOnTimestamp = typeof exp === 'number' ? exp * 1000 : Date.now() + 5 * 60_000;
    if (expiresOnTimestamp < Date.now())
      throw new Error(`The ${this.#label} token has expired; get a new one and run the command again.`);
    return { token: this.#token, expiresOnTimestamp, tokenType: 'Bearer' };
  }
}

class MissingCredential implements TokenCredential {
  constructor(private readonly why: string) {}
  async getToken(): Promise<AccessToken> {
    throw new Error(this.why);
  }
}

export function createCredentials(o: CredentialOptions): AzureCredentials {
  const custom = o.endpoints.cloud === 'custom';
  // Instance discovery asks the public cloud's login host about the authority: pointless (and
  // off-limits) for explicit authorities, so it is off there.
  const common = {
    authorityHost: o.endpoints.authorityHost,
    disableInstanceDiscovery: custom,
  };
  // Always through our cache plugin: on disk (protected) when the app configured it, otherwise in
  // memory under a name of this sign-in, so the credentials of other tenants can share it.
  ensureCachePlugin();
  const cacheName = o.cacheName && tokenCacheEnabled() ? o.cacheName : `tcw-memory-${randomUUID()}`;
  const persistence = { tokenCachePersistenceOptions: { enabled: true, name: cacheName } };
  const tenantId = o.tenantId ?? 'organizations';
  const clientId = o.clientId ?? DEFAULT_PUBLIC_CLIENT_ID;
  // A subscription of another tenant (guest, partner) is used with a token of that tenant.
  const anyTenant = { additionallyAllowedTenants: ['*'] };
  // The interactive sign-ins (device code, browser): the first credential, and one per further
  // tenant made from the account's record without prompting again.
  const interactive = {
    ...common,
    ...persistence,
    ...anyTenant,
    tenantId,
    clientId,
    authenticationRecord: o.authenticationRecord,
  };
  const oneFlow = {
    scope: o.endpoints.armScope,
    ...(o.authenticationRecord ? { record: o.authenticationRecord } : {}),
  };
  const inTenant = (tid: string, record: AuthenticationRecord) => ({
    ...common,
    ...persistence,
    tenantId: tid,
    clientId,
    authenticationRecord: { ...record, tenantId: tid },
    disableAutomaticAuthentication: true,
  });
  switch (o.method) {
    case 'token': {
      const arm = o.armToken
        ? new StaticTokenCredential(o.armToken, 'ARM')
        : new MissingCredential('No ARM access token was given (--access-token-env).');
      const graph = o.graphToken
        ? new StaticTokenCredential(o.graphToken, 'Microsoft Graph')
        : new MissingCredential(
            'Looking up a user by sign-in name needs a Microsoft Graph token: pass --graph-token-env VAR (e.g. from `az account get-access-token --resource-type ms-graph`), or give --owner-object-id instead.',
          );
      return { method: 'token', arm, graph, multiTenant: false };
    }
    case 'azure-cli': {
      const c = new OneFlowCredential(
        new AzureCliCredential({ ...anyTenant, ...(o.tenantId ? { tenantId: o.tenantId } : {}) }),
      );
      return { method: 'azure-cli', arm: c, graph: c, multiTenant: true };
    }
    case 'environment': {
      const env = o.env ?? process.env;
      if (
        !env.AZURE_TENANT_ID ||
        !env.AZURE_CLIENT_ID ||
        !(env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH)
      ) {
        const why =
          'Service-principal sign-in needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) in the environment.';
        return { method: 'environment', arm: new MissingCredential(why), graph: new MissingCredential(why) };
      }
      const c = new OneFlowCredential(new EnvironmentCredential({ ...common, ...persistence, ...anyTenant }));
      return { method: 'environment', arm: c, graph: c, multiTenant: true };
    }
    case 'device-code': {
      const c = new OneFlowCredential(
        new DeviceCodeCredential({
          ...interactive,
          userPromptCallback: (info) =>
            o.onDeviceCode?.({ userCode: info.userCode, verificationUri: info.verificationUri, message: info.message }),
        }),
        { ...oneFlow, create: (tid, record) => new DeviceCodeCredential(inTenant(tid, record)) },
      );
      return {
        method: 'device-code',
        arm: c,
        graph: c,
        multiTenant: true,
        authenticate: (signal) => c.authenticate(o.endpoints.armScope, signal),
      };
    }
    case 'browser': {
      // No redirectUri (Node ignores it: MSAL listens on a loopback port of its own) and no login
      // hint from the saved record (it made Entra ask for the password again instead of reusing the
      // browser session); the record itself lets the cache answer silently.
      const c = new OneFlowCredential(new InteractiveBrowserCredential(interactive), {
        ...oneFlow,
        create: (tid, record) => new InteractiveBrowserCredential(inTenant(tid, record)),
      });
      return {
        method: 'browser',
        arm: c,
        graph: c,
        multiTenant: true,
        authenticate: (signal) => c.authenticate(o.endpoints.armScope, signal),
      };
    }
  }
}
