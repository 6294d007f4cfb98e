// Sign-in and account facts: who is signed in, which tenants and subscriptions they can use.
import type { AzureAccount } from '../../../shared/api/wizard-api.ts';
import type { AuthenticationRecord } from '@azure/identity';
import {
  armGet,
  classify,
  withTenant,
  subscriptionClient,
  type AzureContext,
  type OperationOptions,
} from './arm-context.ts';
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

export interface TenantInfo {
  tenantId: string;
  displayName: string | null;
  defaultDomain: string | null;
}

export async function listSubscriptions(
  ctx: AzureContext,
  signal?: AbortSignal,
): Promise<AzureAccount['subscriptions']> {
  type Sub = { subscriptionId?: string; displayName?: string; tenantId?: string; state?: string };
  const list = await listAll<Sub>(ctx, '/subscriptions', signal);
  return list
    .map((s) => ({
      id: s.subscriptionId ?? '',
      name: s.displayName ?? '',
      tenantId: s.tenantId ?? '',
      state: s.state ?? 'Unknown',
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listTenants(ctx: AzureContext, signal?: AbortSignal): Promise<TenantInfo[]> {
  type Tenant = { tenantId?: string; displayName?: string; defaultDomain?: string };
  const list = await listAll<Tenant>(ctx, '/tenants', signal);
  return list.map((t) => ({
    tenantId: t.tenantId ?? '',
    displayName: t.displayName ?? null,
    defaultDomain: t.defaultDomain ?? null,
  }));
}

export interface SignInResult {
  account: AzureAccount;
  /** Browser / device code: save it (saveAuthenticationRecord) for silent sign-in next time. */
  authenticationRecord?: AuthenticationRecord;
  tenants: TenantInfo[];
  /** Tenants whose subscriptions could not be listed (e.g. MFA or a Conditional Access policy there). */
  skippedTenants: { tenantId: string; reason: string }[];
}

/**
 * Signs in (interactive methods prompt now unless the cache can answer: one prompt at most), lists
 * the tenants the account belongs to, then each tenant's subscriptions with a token for that tenant
 * (the home tenant's token lists only the home tenant's subscriptions). Every subscription's tenant
 * is remembered in the context, so everything done in it uses that tenant's token.
 */
export async function signIn(ctx: AzureContext, opts: OperationOptions = {}): Promise<SignInResult> {
  opts.onProgress?.('Signing in', 0.1);
  const record = ctx.credentials.authenticate ? await ctx.credentials.authenticate(opts.signal) : undefined;
  const token = await ctx.credentials.arm.getToken(ctx.endpoints.armScope, { abortSignal: opts.signal });
  if (!token)
    throw Object.assign(new Error('No token was returned for Azure Resource Manager.'), {
      name: 'AuthenticationError',
    });
  const claims = tokenClaims(token.token);
  const home = (typeof claims.tid === 'string' && claims.tid) || record?.tenantId || '';
  opts.onProgress?.('Listing tenants', 0.4);
  const tenants = await listTenants(ctx, opts.signal);
  opts.onProgress?.('Listing subscriptions of every tenant', 0.6);
  const skippedTenants: SignInResult['skippedTenants'] = [];
  const multi = ctx.credentials.multiTenant !== false;
  const ids = multi ? [...new Set([home, ...tenants.map((t) => t.tenantId)].filter(Boolean))] : [home];
  const perTenant = await Promise.all(
    ids.map(async (tid) => {
      try {
        return await listSubscriptions(tid === home ? ctx : withTenant(ctx, tid), opts.signal);
      } catch (e) {
        if (tid === home) throw e;
        const f = classify(e);
        skippedTenants.push({ tenantId: tid, reason: `${f.code}: ${f.message.split('\n')[0]!.slice(0, 200)}` });
        return [];
      }
    }),
  );
  const seen = new Set<string>();
  const subscriptions = perTenant
    .flat()
    .filter((s) => s.id && !seen.has(s.id.toLowerCase()) && seen.add(s.id.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name));
  ctx.subscriptionTenants ??= new Map();
  for (const s of subscriptions) if (s.tenantId) ctx.subscriptionTenants.set(s.id.toLowerCase(), s.tenantId);
  const name = [claims.upn, claims.unique_name, claims.preferred_username, record?.username].find(
    (x) => typeof x === 'string' && x,
  ) as string | undefined;
  opts.onProgress?.('Signed in', 1);
  return {
    account: { userPrincipalName: name ?? null, tenantId: home || tenants[0]?.tenantId || '', subscriptions },
    ...(record ? { authenticationRecord: record } : {}),
    tenants,
    skippedTenants,
  };
}
