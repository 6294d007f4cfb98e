// What every Azure operation needs: endpoints, credentials, retry tuning; plus the SDK clients built
// from them, a Microsoft Graph GET helper, error classification and the dry-run write interceptor.
// Retries: the SDK pipeline already retries 429/503 honouring Retry-After, other 5xx and 408 with
// exponential backoff, and dropped connections; we only tune it and never wrap our own retry
// around those. The one retry we add is PrincipalNotFound (directory replication, see prepare.ts).
import { ResourceManagementClient } from '@azure/arm-resources';
import { ComputeManagementClient } from '@azure/arm-compute';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { NetworkManagementClient } from '@azure/arm-network';
import { SubscriptionClient } from '@azure/arm-subscriptions';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import type { AzureEndpoints } from './clouds.ts';
import type { AzureCredentials } from './credentials.ts';
import type { TokenCredential } from '@azure/identity';

export interface RetryTuning {
  maxRetries?: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

export interface AzureContext {
  endpoints: AzureEndpoints;
  credentials: AzureCredentials;
  retry?: RetryTuning;
  /** Waits before each new attempt after PrincipalNotFound (bounded; default 2, 4, 8, 16 s). */
  principalNotFoundDelaysMs?: number[];
  /** Subscription id (lower case) → its tenant, as sign-in listed them (filled in as learnt). */
  subscriptionTenants?: Map<string, string>;
  /** Set by forSubscription: the tenant every token of this context is asked for. */
  tenantId?: string;
  /** Told when ARM answers InvalidAuthenticationTokenTenant, with the tenant it names. */
  onWrongTenant?: (tenantId: string) => void;
  /** Transport for every client (tests: a recorder that never touches the network). Default: the SDK's. */
  httpClient?: HttpClient;
}

export interface OperationOptions {
  onProgress?: (message: string, fraction?: number) => void;
  signal?: AbortSignal;
}

export interface RecordedWrite {
  method: string;
  url: string;
  body?: unknown;
}

const DEFAULT_RETRY: Required<RetryTuning> = { maxRetries: 4, retryDelayInMs: 800, maxRetryDelayInMs: 30_000 };

/** Dry run: lets reads through, answers writes itself (echoing the body) and records them. */
function dryRunPolicy(sink: RecordedWrite[]): PipelinePolicy {
  return {
    name: 'tcwDryRun',
    async sendRequest(request, next) {
      if (request.method === 'GET' || request.method === 'HEAD') return next(request);
      const text = typeof request.body === 'string' ? request.body : undefined;
      let body: unknown;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      sink.push({ method: request.method, url: request.url, ...(body === undefined ? {} : { body }) });
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        bodyAsText: text ?? '{}',
      };
    },
  };
}

export interface Clients {
  resources: ResourceManagementClient;
  compute: ComputeManagementClient;
  authorization: AuthorizationManagementClient;
  keyVault: KeyVaultManagementClient;
  network: NetworkManagementClient;
}

/** The tenant ARM names in a 401 InvalidAuthenticationTokenTenant (WWW-Authenticate authorization_uri). */
export function tenantFromChallenge(header: string | undefined): string | null {
  const m = /authorization_uri="https:\/\/[^/"]+\/([^/"?]+)/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** Watches for a token of the wrong tenant (the subscription lives in another one). */
function wrongTenantPolicy(ctx: AzureContext): PipelinePolicy {
  return {
    name: 'tcwWrongTenant',
    async sendRequest(request, next) {
      const response = await next(request);
      if (
        response.status === 401 &&
        ctx.onWrongTenant &&
        /InvalidAuthenticationTokenTenant/.test(response.bodyAsText ?? '')
      ) {
        const tenant = tenantFromChallenge(response.headers.get('www-authenticate'));
        if (tenant && tenant !== ctx.tenantId) ctx.onWrongTenant(tenant);
      }
      return response;
    },
  };
}

/** Asks every token of the credential for the given tenant. */
function inTenant(cred: TokenCredential, tenantId: string): TokenCredential {
  return { getToken: (scopes, o = {}) => cred.getToken(scopes, { ...o, tenantId: o.tenantId ?? tenantId }) };
}

/** The context for work in one subscription: tokens of the subscription's own tenant, when known. */
export function forSubscription(
  ctx: AzureContext,
  subscriptionId: string,
  tenantId = ctx.subscriptionTenants?.get(subscriptionId.toLowerCase()),
): AzureContext {
  return tenantId ? withTenant(ctx, tenantId) : ctx;
}

/** The context with every token asked for one tenant (pre-obtained tokens stay as they are). */
export function withTenant(ctx: AzureContext, tenantId: string): AzureContext {
  if (ctx.credentials.multiTenant === false) return ctx;
  const c = ctx.credentials;
  return {
    ...ctx,
    tenantId,
    credentials: { ...c, arm: inTenant(c.arm, tenantId), graph: inTenant(c.graph, tenantId) },
  };
}

/**
 * Runs an operation in a subscription with that subscription's tenant. When the tenant was not
 * known (CLI without a listing) and ARM says the token is of the wrong tenant, the operation runs
 * once more with a token of the tenant ARM named (nothing was changed by the refused requests).
 */
export async function inSubscription<T>(
  ctx: AzureContext,
  subscriptionId: string,
  run: (c: AzureContext) => Promise<T>,
): Promise<T> {
  let named: string | undefined;
  const first = forSubscription(ctx, subscriptionId);
  const result = await run({
    ...first,
    onWrongTenant: (t) => {
      named ??= t;
    },
  });
  if (!named || ctx.credentials.multiTenant === false) return result;
  ctx.subscriptionTenants ??= new Map();
  ctx.subscriptionTenants.set(subscriptionId.toLowerCase(), named);
  return run(forSubscription(ctx, subscriptionId, named));
}

export function armClients(ctx: AzureContext, subscriptionId: string, dryRunSink?: RecordedWrite[]): Clients {
  const retryOptions = { ...DEFAULT_RETRY, ...ctx.retry };
  const additionalPolicies = [
    { policy: wrongTenantPolicy(ctx), position: 'perCall' as const },
    ...(dryRunSink ? [{ policy: dryRunPolicy(dryRunSink), position: 'perCall' as const }] : []),
  ];
  const cred = ctx.credentials.arm;
  const { arm, armScope } = ctx.endpoints;
  const httpClient = ctx.httpClient ? { httpClient: ctx.httpClient } : {};
  // Classic (core-client) clients (authorization 9) build URLs from $host and take the token scope
  // from credentialScopes.
  const classic = {
    endpoint: arm,
    $host: arm,
    credentialScopes: [armScope],
    retryOptions,
    additionalPolicies,
    ...httpClient,
  };
  // Modular clients (resources 8, network 39, compute 25, keyvault 5) take endpoint and
  // credentials.scopes, and silently fall back to the public cloud without them.
  const modular = {
    endpoint: arm,
    credentials: { scopes: [armScope] },
    retryOptions,
    additionalPolicies,
    ...httpClient,
  };
  return {
    resources: new ResourceManagementClient(cred, subscriptionId, modular),
    compute: new ComputeManagementClient(cred, subscriptionId, modular),
    authorization: new AuthorizationManagementClient(cred, subscriptionId, classic),
    keyVault: new KeyVaultManagementClient(cred, subscriptionId, modular),
    network: new NetworkManagementClient(cred, subscriptionId, modular),
  };
}

export function subscriptionClient(ctx: AzureContext): SubscriptionClient {
  const { arm, armScope } = ctx.endpoints;
  return new SubscriptionClient(ctx.credentials.arm, {
    endpoint: arm,
    $host: arm,
    credentialScopes: [armScope],
    retryOptions: { ...DEFAULT_RETRY, ...ctx.retry },
    ...(ctx.httpClient ? { httpClient: ctx.httpClient } : {}),
  });
}

/** An error from Azure (ARM, Graph or sign-in) reduced to what we act on. */
export interface AzureFailure {
  status: number | null;
  code: string;
  message: string;
  kind: 'auth' | 'http' | 'network' | 'aborted' | 'other';
}

export function classify(e: unknown): AzureFailure {
  const err = e as {
    name?: string;
    statusCode?: number;
    code?: string;
    message?: string;
    details?: { error?: { code?: string; message?: string } };
  };
  const message = String(err?.message ?? e);
  if (err?.name === 'AbortError') return { status: null, code: 'Aborted', message: 'Cancelled.', kind: 'aborted' };
  if (
    err?.name === 'AuthenticationError' ||
    err?.name === 'CredentialUnavailableError' ||
    err?.name === 'AggregateAuthenticationError' ||
    err?.name === 'AuthenticationRequiredError'
  ) {
    return { status: null, code: err.name, message, kind: 'auth' };
  }
  if (typeof err?.statusCode === 'number') {
    const code =
      err.code && err.code !== 'REQUEST_SEND_ERROR' ? err.code : (err.details?.error?.code ?? `HTTP${err.statusCode}`);
    if (err.statusCode === 401) return { status: 401, code, message, kind: 'auth' };
    return { status: err.statusCode, code, message: err.details?.error?.message ?? message, kind: 'http' };
  }
  if (err?.code && /^E[A-Z]+$|REQUEST_SEND_ERROR/.test(err.code))
    return { status: null, code: err.code, message, kind: 'network' };
  if (/token|credential|authenticat|sign.?in/i.test(message))
    return { status: null, code: 'AuthFailed', message, kind: 'auth' };
  return { status: null, code: err?.code ?? 'Unknown', message, kind: 'other' };
}

export class GraphError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** GET on Microsoft Graph through the same pipeline machinery (retries, bearer token). */
export async function graphGet<T>(ctx: AzureContext, pathAndQuery: string, signal?: AbortSignal): Promise<T> {
  const pipeline = createPipelineFromOptions({ retryOptions: { ...DEFAULT_RETRY, ...ctx.retry } });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({ credential: ctx.credentials.graph, scopes: ctx.endpoints.graphScope }),
  );
  const request = createPipelineRequest({
    url: `${ctx.endpoints.graph}${pathAndQuery}`,
    method: 'GET',
    abortSignal: signal,
  });
  request.headers.set('accept', 'application/json');
  const response = await pipeline.sendRequest(ctx.httpClient ?? createDefaultHttpClient(), request);
  let body: unknown = null;
  try {
    body = response.bodyAsText ? JSON.parse(response.bodyAsText) : null;
  } catch {
    body = null;
  }
  if (response.status >= 400) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new GraphError(
      response.status,
      err?.code ?? `HTTP${response.status}`,
      err?.message ?? `Microsoft Graph answered ${response.status}.`,
    );
  }
  return body as T;
}

/** GET on ARM for a path the SDK has no method for (subscription-scope permissions). */
export async function armGet<T>(
  ctx: AzureContext,
  client: { sendRequest: AuthorizationManagementClient['sendRequest'] },
  pathAndQuery: string,
  signal?: AbortSignal,
): Promise<T> {
  const request = createPipelineRequest({
    url: `${ctx.endpoints.arm}${pathAndQuery}`,
    method: 'GET',
    abortSignal: signal,
  });
  const response = await client.sendRequest(request);
  let body: unknown = null;
  try {
    body = response.bodyAsText ? JSON.parse(response.bodyAsText) : null;
  } catch {
    body = null;
  }
  if (response.status >= 400) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw Object.assign(new Error(err?.message ?? `ARM answered ${response.status}.`), {
      name: 'RestError',
      statusCode: response.status,
      code: err?.code ?? `HTTP${response.status}`,
    });
  }
  return body as T;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
