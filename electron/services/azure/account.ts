// Sign-in and account facts: who is signed in, which tenants and subscriptions they can use.
import type { AzureAccount } from '../../../shared/api/wizard-api.ts';
import type { AuthenticationRecord } from '@azure/identity';
import { armGet, subscriptionClient, type AzureContext, type OperationOptions } from './context.ts';
import { tokenClaims } from './credentials.ts';

// @azure/arm-subscriptions 6 manages subscriptions but has no list of them or of tenants (that is
// the separate arm-resources-subscriptions package); its client's authenticated pipeline sends the
// two documented GETs instead (Subscriptions - List, Tenants - List, api-version 2022-12-01).
const API = 'api-version=2022-12-01';

async function listAll<T>(ctx: AzureContext, path: string, signal?: AbortSignal): Promise<T[]> {
  const client = subscriptionClient(ctx);
  const out: T[] = [];
  let next: string | undefined = `${path}?${API}`;
  for (let page = 0; next && page < 50; page += 1) {
    const body: { value?: T[]; nextLink?: string } = await armGet(ctx, client, next, signal);
    out.push(...(body.value ?? []));
    // Follow nextLink only on the same ARM host: the bearer token must not go anywhere else.
    const link = body.nextLink ? new URL(body.nextLink) : null;
    next = link && link.origin === new URL(ctx.endpoints.arm).origin ? `${link.pathname}${link.search}` : undefined;
  }
  return out;
}

export interface TenantInfo { tenantId: string; displayName: string | null; defaultDomain: string | null }

export async function listSubscriptions(ctx: AzureContext, signal?: AbortSignal): Promise<AzureAccount['subscriptions']> {
  type Sub = { subscriptionId?: string; displayName?: string; tenantId?: string; state?: string };
  const list = await listAll<Sub>(ctx, '/subscriptions', signal);
  return list
    .map((s) => ({ id: s.subscriptionId ?? '', name: s.displayName ?? '', tenantId: s.tenantId ?? '', state: s.state ?? 'Unknown' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listTenants(ctx: AzureContext, signal?: AbortSignal): Promise<TenantInfo[]> {
  type Tenant = { tenantId?: string; displayName?: string; defaultDomain?: string };
  const list = await listAll<Tenant>(ctx, '/tenants', signal);
  return list.map((t) => ({ tenantId: t.tenantId ?? '', displayName: t.displayName ?? null, defaultDomain: t.defaultDomain ?? null }));
}

export interface SignInResult {
  account: AzureAccount;
  /** Browser / device code: save it (saveAuthenticationRecord) for silent sign-in next time. */
  authenticationRecord?: AuthenticationRecord;
  tenants: TenantInfo[];
}

/**
 * Signs in (interactive methods prompt now unless the cache can answer), then lists tenants and
 * subscriptions in parallel. The user name and tenant come from the ARM token's claims.
 */
export async function signIn(ctx: AzureContext, opts: OperationOptions = {}): Promise<SignInResult> {
  opts.onProgress?.('Signing in', 0.1);
  const record = ctx.credentials.authenticate ? await ctx.credentials.authenticate(opts.signal) : undefined;
  const token = await ctx.credentials.arm.getToken(ctx.endpoints.armScope, { abortSignal: opts.signal });
  if (!token) throw Object.assign(new Error('No token was returned for Azure Resource Manager.'), { name: 'AuthenticationError' });
  const claims = tokenClaims(token.token);
  opts.onProgress?.('Listing tenants and subscriptions', 0.5);
  const [subscriptions, tenants] = await Promise.all([listSubscriptions(ctx, opts.signal), listTenants(ctx, opts.signal)]);
  const name = [claims.upn, claims.unique_name, claims.preferred_username, record?.username].find((x) => typeof x === 'string' && x) as string | undefined;
  const tenantId = (typeof claims.tid === 'string' && claims.tid) || record?.tenantId || tenants[0]?.tenantId || '';
  opts.onProgress?.('Signed in', 1);
  return { account: { userPrincipalName: name ?? null, tenantId, subscriptions }, ...(record ? { authenticationRecord: record } : {}), tenants };
}
