// Sign-in methods. Each yields one TokenCredential used for both ARM and Graph (different scopes),
// except pre-obtained tokens, which come one per audience. Tokens never leave the Node side.
import {
  AzureCliCredential,
  DeviceCodeCredential,
  EnvironmentCredential,
  InteractiveBrowserCredential,
  type AccessToken,
  type AuthenticationRecord,
  type TokenCredential,
} from '@azure/identity';
import type { AzureEndpoints } from './clouds.ts';
import { tokenCacheEnabled } from './tokenCache.ts';

export type CredentialMethod = 'browser' | 'device-code' | 'azure-cli' | 'environment' | 'token';

/**
 * Public client (application) id used for browser and device-code sign-in. Replace with the
 * product's own registration (multi-tenant public client, redirect http://localhost) through
 * TCW_AZURE_CLIENT_ID or the clientId option; until then the Azure SDK's developer sign-on
 * client id is used, which is what @azure/identity itself defaults to.
 */
export const DEFAULT_PUBLIC_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

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
  /** Cache name for the persistent cache (see tokenCache.ts); used only when a protector is configured. */
  cacheName?: string;
}

export interface AzureCredentials {
  method: CredentialMethod;
  arm: TokenCredential;
  graph: TokenCredential;
  /** Interactive methods: signs in now (if needed) and returns the record to save. */
  authenticate?: (signal?: AbortSignal) => Promise<AuthenticationRecord | undefined>;
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
    if (expiresOnTimestamp < Date.now()) throw new Error(`The ${this.#label} token has expired; get a new one and run the command again.`);
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
  const persistence = o.cacheName && tokenCacheEnabled() ? { tokenCachePersistenceOptions: { enabled: true, name: o.cacheName } } : {};
  const tenantId = o.tenantId ?? 'organizations';
  const clientId = o.clientId ?? DEFAULT_PUBLIC_CLIENT_ID;
  switch (o.method) {
    case 'token': {
      const arm = o.armToken ? new StaticTokenCredential(o.armToken, 'ARM') : new MissingCredential('No ARM access token was given (--access-token-env).');
      const graph = o.graphToken
        ? new StaticTokenCredential(o.graphToken, 'Microsoft Graph')
        : new MissingCredential('Looking up a user by sign-in name needs a Microsoft Graph token: pass --graph-token-env VAR (e.g. from `az account get-access-token --resource-type ms-graph`), or give --owner-object-id instead.');
      return { method: 'token', arm, graph };
    }
    case 'azure-cli': {
      const c = new AzureCliCredential(o.tenantId ? { tenantId: o.tenantId } : {});
      return { method: 'azure-cli', arm: c, graph: c };
    }
    case 'environment': {
      const env = o.env ?? process.env;
      if (!env.AZURE_TENANT_ID || !env.AZURE_CLIENT_ID || !(env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH)) {
        const why = 'Service-principal sign-in needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) in the environment.';
        return { method: 'environment', arm: new MissingCredential(why), graph: new MissingCredential(why) };
      }
      const c = new EnvironmentCredential({ ...common, ...persistence });
      return { method: 'environment', arm: c, graph: c };
    }
    case 'device-code': {
      const c = new DeviceCodeCredential({
        ...common,
        ...persistence,
        tenantId,
        clientId,
        authenticationRecord: o.authenticationRecord,
        userPromptCallback: (info) => o.onDeviceCode?.({ userCode: info.userCode, verificationUri: info.verificationUri, message: info.message }),
      });
      return { method: 'device-code', arm: c, graph: c, authenticate: (signal) => c.authenticate(`${o.endpoints.armScope}`, { abortSignal: signal }) };
    }
    case 'browser': {
      const c = new InteractiveBrowserCredential({
        ...common,
        ...persistence,
        tenantId,
        clientId,
        redirectUri: 'http://localhost',
        authenticationRecord: o.authenticationRecord,
        loginHint: o.authenticationRecord?.username,
      });
      return { method: 'browser', arm: c, graph: c, authenticate: (signal) => c.authenticate(`${o.endpoints.armScope}`, { abortSignal: signal }) };
    }
  }
}
