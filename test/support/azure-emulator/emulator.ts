// A small, stateful stand-in for the parts of Azure the wizard uses: Microsoft Entra token
// endpoints (OpenID discovery, client credentials, device code, refresh), Azure Resource Manager
// (subscriptions, tenants, resource groups, providers, compute SKUs and usages, permissions, role
// assignments, deleted Key Vaults, load balancers, public IPs) and Microsoft Graph users.
// Three HTTPS listeners on 127.0.0.1 (login, ARM, Graph), each with its own token audience, so a
// client pointed at the wrong endpoint fails like it would in Azure. Shapes, status codes and
// error bodies follow the public REST references; every ARM call needs ?api-version=.
// Faults are injected per test (status + code, Retry-After, latency, dropped connection), and
// every request is recorded (method, path, start/end time) so tests can assert what was sent.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TestCa } from './ca.ts';

export type Listener = 'login' | 'arm' | 'graph';

export interface RecordedRequest {
  listener: Listener;
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  start: number;
  end: number;
}

export interface Fault {
  listener?: Listener;
  method?: string;
  /** Matched case-insensitively against the path (no query). */
  path?: RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  status?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  /** Close the socket without answering. */
  drop?: boolean;
  /** A CAE claims challenge instead (401, WWW-Authenticate error="insufficient_claims", claims="…"). */
  claims?: boolean;
}

export interface EmuUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string;
  userType: 'Member' | 'Guest';
  /** Directory replication: ARM answers PrincipalNotFound this many times first. */
  replicationDelay?: number;
}

export interface EmuResourceGroup {
  subscriptionId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  /** "Deleting": an uninstall's delete is still running; a PUT gets 409 ResourceGroupBeingDeleted. */
  provisioningState?: 'Succeeded' | 'Deleting';
}

/** A tenant besides the home one (a guest's or partner's), with the object ids that are members. */
export interface EmuTenant {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  members: string[];
}

/** Directory objects that are not users, for principal types (UnmatchedPrincipalType). */
export interface EmuPrincipal {
  id: string;
  displayName: string;
  type: 'Group' | 'ServicePrincipal';
}

export interface EmuRoleAssignment {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
}

export interface EmuSku {
  name: string;
  family: string;
  locations: string[];
  restrictions: { type: string; values: string[]; reasonCode: string }[];
}

export interface EmuUsage {
  name: string;
  localizedValue: string;
  currentValue: number;
  limit: number;
}

export interface EmuProvider {
  namespace: string;
  registrationState: string;
  resourceTypes: { resourceType: string; locations: string[] }[];
}

export interface EmuDeletedVault {
  name: string;
  location: string;
  vaultId: string;
  deletionDate: string;
  scheduledPurgeDate: string;
}

export interface EmuLoadBalancer {
  resourceGroup: string;
  name: string;
  location: string;
  frontendPublicIpIds: string[];
}
export interface EmuPublicIp {
  resourceGroup: string;
  name: string;
  location: string;
  ipAddress: string | null;
}

export interface EmuClient {
  clientId: string;
  secret: string;
  objectId: string;
}

interface TokenInfo {
  oid: string;
  aud: Listener;
  tid: string;
  upn?: string;
  exp: number;
}

export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
} as const;

const ROLE_PERMISSIONS: Record<string, { actions: string[]; notActions: string[] }> = {
  [ROLE.owner]: { actions: ['*'], notActions: [] },
  [ROLE.contributor]: {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
    ],
  },
  [ROLE.reader]: { actions: ['*/read'], notActions: [] },
};

export interface EmuState {
  tenantId: string;
  tenantDomain: string;
  subscriptions: { subscriptionId: string; displayName: string; state: string; tenantId: string }[];
  users: EmuUser[];
  clients: EmuClient[];
  resourceGroups: EmuResourceGroup[];
  roleAssignments: EmuRoleAssignment[];
  skus: EmuSku[];
  usages: Record<string, EmuUsage[]>;
  providers: EmuProvider[];
  deletedVaults: EmuDeletedVault[];
  loadBalancers: EmuLoadBalancer[];
  publicIps: EmuPublicIp[];
  /** More tenants: a token for one of them (authority /{tenant}) lists and reaches only its subscriptions. */
  otherTenants: EmuTenant[];
  /** Groups and service principals (users are in `users`). */
  principals: EmuPrincipal[];
  /** > 0: lists (subscriptions, tenants, providers, deleted vaults) come in pages of this size with nextLink. */
  pageSize: number;
}

/** A location the way the providers API spells it ("westeurope" → "West Europe"). */
const DISPLAY: Record<string, string> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  eastus: 'East US',
  westus2: 'West US 2',
  uksouth: 'UK South',
  australiaeast: 'Australia East',
  brazilsouth: 'Brazil South',
};

export function defaultState(): EmuState {
  const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const sub = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
  const loc = (...l: string[]) => l.map((x) => DISPLAY[x] ?? x);
  return {
    tenantId,
    tenantDomain: 'contoso.onmicrosoft.com',
    subscriptions: [{ subscriptionId: sub, displayName: 'Video Services', state: 'Enabled', tenantId }],
    users: [
      {
        id: '11111111-1111-4111-8111-111111111111',
        userPrincipalName: 'owner@contoso.com',
        mail: 'owner@contoso.com',
        displayName: 'Sub Owner',
        userType: 'Member',
      },
      {
        id: '22222222-2222-4222-8222-222222222222',
        userPrincipalName: 'alice@contoso.com',
        mail: 'alice@contoso.com',
        displayName: 'Alice',
        userType: 'Member',
      },
      {
        id: '33333333-3333-4333-8333-333333333333',
        userPrincipalName: 'bob_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        mail: 'bob@fabrikam.com',
        displayName: 'Bob (guest)',
        userType: 'Guest',
      },
    ],
    clients: [
      {
        clientId: 'aaaaaaaa-0000-4000-8000-000000000001',
        secret: 'emulator-secret-owner',
        objectId: '11111111-1111-4111-8111-111111111111',
      },
      {
        clientId: 'aaaaaaaa-0000-4000-8000-000000000002',
        secret: 'emulator-secret-alice',
        objectId: '22222222-2222-4222-8222-222222222222',
      },
    ],
    resourceGroups: [],
    roleAssignments: [
      {
        name: randomUUID(),
        scope: `/subscriptions/${sub}`,
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}`,
        principalId: '11111111-1111-4111-8111-111111111111',
        principalType: 'User',
      },
      {
        name: randomUUID(),
        scope: `/subscriptions/${sub}`,
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.contributor}`,
        principalId: '22222222-2222-4222-8222-222222222222',
        principalType: 'User',
      },
    ],
    skus: [
      { name: 'Standard_F4s', family: 'standardFSFamily', locations: ['westeurope'], restrictions: [] },
      {
        name: 'Standard_F4s',
        family: 'standardFSFamily',
        locations: ['northeurope'],
        restrictions: [{ type: 'Location', values: ['northeurope'], reasonCode: 'NotAvailableForSubscription' }],
      },
      { name: 'Standard_F4s', family: 'standardFSFamily', locations: ['eastus'], restrictions: [] },
      {
        name: 'Standard_D2s_v3',
        family: 'standardDSv3Family',
        locations: ['westeurope', 'eastus', 'brazilsouth'],
        restrictions: [],
      },
    ],
    usages: {
      westeurope: [
        { name: 'cores', localizedValue: 'Total Regional vCPUs', currentValue: 4, limit: 20 },
        { name: 'standardFSFamily', localizedValue: 'Standard FS Family vCPUs', currentValue: 0, limit: 20 },
      ],
      eastus: [
        { name: 'cores', localizedValue: 'Total Regional vCPUs', currentValue: 0, limit: 10 },
        { name: 'standardFSFamily', localizedValue: 'Standard FS Family vCPUs', currentValue: 0, limit: 10 },
      ],
    },
    providers: [
      {
        namespace: 'Microsoft.Compute',
        registrationState: 'Registered',
        resourceTypes: [
          {
            resourceType: 'virtualMachineScaleSets',
            locations: loc('westeurope', 'northeurope', 'eastus', 'brazilsouth'),
          },
        ],
      },
      {
        namespace: 'Microsoft.Network',
        registrationState: 'Registered',
        resourceTypes: [
          { resourceType: 'loadBalancers', locations: loc('westeurope', 'northeurope', 'eastus', 'brazilsouth') },
        ],
      },
      {
        namespace: 'Microsoft.Storage',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'storageAccounts', locations: loc('westeurope', 'northeurope', 'eastus') }],
      },
      {
        namespace: 'Microsoft.KeyVault',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'vaults', locations: loc('westeurope', 'northeurope', 'eastus') }],
      },
      {
        namespace: 'Microsoft.Automation',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'automationAccounts', locations: loc('westeurope', 'northeurope', 'eastus') }],
      },
      {
        namespace: 'Microsoft.Insights',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'components', locations: loc('westeurope', 'eastus') }],
      },
      {
        namespace: 'Microsoft.OperationalInsights',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'workspaces', locations: loc('westeurope', 'eastus') }],
      },
      {
        namespace: 'Microsoft.BotService',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'botServices', locations: ['global'] }],
      },
      {
        namespace: 'Microsoft.Web',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'sites', locations: loc('westeurope', 'eastus') }],
      },
      {
        namespace: 'Microsoft.Resources',
        registrationState: 'Registered',
        resourceTypes: [{ resourceType: 'resourceGroups', locations: [] }],
      },
    ],
    deletedVaults: [],
    loadBalancers: [],
    publicIps: [],
    otherTenants: [],
    principals: [],
    pageSize: 0,
  };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AzureEmulator {
  state: EmuState;
  urls: Record<Listener, string>;
  requests: RecordedRequest[];
  /** Added to every response (ms). */
  latencyMs: number;
  inject(fault: Fault): void;
  clearFaults(): void;
  /** A token the way a pre-obtained one would be handed over (az account get-access-token). */
  issueToken(oid: string, aud: Listener, upn?: string): string;
  /** Writes that reached ARM (PUT/PATCH/POST/DELETE), for "sent nothing" assertions. */
  armWrites(): RecordedRequest[];
  /** Interactive sign-in prompts so far: device codes handed out, browser authorize pages opened. */
  prompts(): { deviceCode: number; authorize: number };
  /** Extra ARM routes (e.g. deployment.ts), tried in order after the built-in ones. */
  armHandlers: ArmHandler[];
  close(): Promise<void>;
}

/** What an extra ARM route gets: the request, the caller, and the built-in checks. */
export interface ArmCall {
  method: string;
  /** Path without trailing slashes (matching is up to the handler; ARM paths are case-insensitive). */
  path: string;
  query: URLSearchParams;
  body: unknown;
  who: { oid: string; upn?: string };
  needRg(sub: string, rg: string): EmuResourceGroup;
  demand(scope: string, action: string): void;
}
/** Answers [status, body] for a route it knows, undefined otherwise; throws HttpError for ARM errors. */
export type ArmHandler = (call: ArmCall) => [number, unknown] | undefined;

export async function startAzureEmulator(ca: TestCa, init: Partial<EmuState> = {}): Promise<AzureEmulator> {
  const state: EmuState = { ...defaultState(), ...init };
  const tokens = new Map<string, TokenInfo>();
  const refreshTokens = new Map<string, { oid: string; upn: string }>();
  const deviceCodes = new Map<string, { polls: number; oid: string }>();
  const authCodes = new Map<string, string>();
  const faults: (Fault & { left: number })[] = [];
  const requests: RecordedRequest[] = [];
  const urls = { login: '', arm: '', graph: '' } as Record<Listener, string>;
  const emu: AzureEmulator = {
    state,
    urls,
    requests,
    latencyMs: 0,
    inject: (f) => void faults.push({ ...f, left: f.times ?? 1 }),
    clearFaults: () => void faults.splice(0),
    issueToken,
    armWrites: () => requests.filter((r) => r.listener === 'arm' && r.method !== 'GET' && r.method !== 'HEAD'),
    prompts: () => ({
      deviceCode: requests.filter(
        (r) => r.listener === 'login' && r.method === 'POST' && /\/oauth2\/v2\.0\/devicecode$/.test(r.path),
      ).length,
      authorize: requests.filter(
        (r) => r.listener === 'login' && r.method === 'GET' && /\/oauth2\/v2\.0\/authorize$/.test(r.path),
      ).length,
    }),
    armHandlers: [],
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
  };

  function issueToken(oid: string, aud: Listener, upn?: string, tid: string = state.tenantId): string {
    const user = state.users.find((u) => u.id === oid);
    const info: TokenInfo = {
      oid,
      aud,
      tid,
      upn: upn ?? user?.userPrincipalName,
      exp: Math.floor(Date.now() / 1000) + 3600,
    };
    const token = `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url({ ...info, aud: urls[aud], unique_name: info.upn, jti: randomUUID() })}.emu`;
    tokens.set(token, info);
    return token;
  }

  function caller(req: IncomingMessage, listener: Listener): TokenInfo {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer (.+)$/.exec(auth);
    const info = m ? tokens.get(m[1]!) : undefined;
    if (!info)
      throw new HttpError(
        401,
        listener === 'graph' ? 'InvalidAuthenticationToken' : 'AuthenticationFailed',
        'Authentication failed. The Authorization header is missing or the token is not valid.',
      );
    if (info.aud !== listener)
      throw new HttpError(
        401,
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for the wrong audience or resource '${urls[info.aud]}'.`,
      );
    return info;
  }

  // ---- authorization model: role assignments at or above a scope, Azure wildcard actions
  function matches(pattern: string, action: string): boolean {
    const re = new RegExp(
      `^${pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    );
    return re.test(action);
  }
  function assignmentsAt(oid: string, scope: string): EmuRoleAssignment[] {
    const s = scope.toLowerCase();
    return state.roleAssignments.filter(
      (a) => a.principalId === oid && (s === a.scope.toLowerCase() || s.startsWith(`${a.scope.toLowerCase()}/`)),
    );
  }
  function permissionsAt(oid: string, scope: string) {
    return assignmentsAt(oid, scope).map(
      (a) => ROLE_PERMISSIONS[a.roleDefinitionId.split('/').pop()!.toLowerCase()] ?? { actions: [], notActions: [] },
    );
  }
  function can(oid: string, scope: string, action: string): boolean {
    return permissionsAt(oid, scope).some(
      (p) => p.actions.some((a) => matches(a, action)) && !p.notActions.some((n) => matches(n, action)),
    );
  }
  function demand(who: TokenInfo, scope: string, action: string) {
    if (!can(who.oid, scope, action)) {
      throw new HttpError(
        403,
        'AuthorizationFailed',
        `The client '${who.upn ?? who.oid}' with object id '${who.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
  }

  const findRg = (sub: string, name: string) =>
    state.resourceGroups.find((g) => eqi(g.subscriptionId, sub) && eqi(g.name, name));
  const rgJson = (g: EmuResourceGroup) => ({
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    tags: g.tags,
    properties: { provisioningState: g.provisioningState ?? 'Succeeded' },
  });
  /** A tenant path segment → tenant id; null for organizations / common (the user's home tenant). */
  const tenantOf = (t: string): string | null => {
    if (eqi(t, state.tenantId) || eqi(t, state.tenantDomain)) return state.tenantId;
    return state.otherTenants.find((x) => eqi(x.tenantId, t) || eqi(x.defaultDomain, t))?.tenantId ?? null;
  };
  const memberOf = (oid: string, tid: string) =>
    tid === state.tenantId || state.otherTenants.some((t) => t.tenantId === tid && t.members.includes(oid));
  /** One page of a list, with nextLink when more follow (state.pageSize). */
  const paged = (value: unknown[], path: string, q: URLSearchParams) => {
    if (!(state.pageSize > 0)) return { value };
    const skip = Number.parseInt(q.get('$skiptoken') ?? '0', 10) || 0;
    const next = skip + state.pageSize;
    const link = new URL(`${urls.arm}${path}`);
    link.searchParams.set('api-version', q.get('api-version') ?? '');
    link.searchParams.set('$skiptoken', String(next));
    return { value: value.slice(skip, next), ...(next < value.length ? { nextLink: link.toString() } : {}) };
  };
  const principalType = (id: string): string | null =>
    state.users.some((u) => u.id === id) ? 'User' : (state.principals.find((x) => x.id === id)?.type ?? null);
  const needSub = (sub: string) => {
    if (!state.subscriptions.some((s) => eqi(s.subscriptionId, sub)))
      throw new HttpError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  };
  const needRg = (sub: string, rg: string) => {
    needSub(sub);
    const g = findRg(sub, rg);
    if (!g) throw new HttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    return g;
  };

  // ---- login (Microsoft Entra ID v2 endpoints)
  function login(req: IncomingMessage, path: string, form: URLSearchParams): [number, unknown] {
    const base = urls.login;
    let m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (m && req.method === 'GET') {
      const t = m[1]!;
      return [
        200,
        {
          token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
          end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
          issuer: `${base}/${tenantOf(t) ?? state.tenantId}/v2.0`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          tenant_region_scope: 'EU',
        },
      ];
    }
    // Browser sign-in: the user "consents" at once (as the second user) and the page redirects to
    // the loopback address MSAL listens on, with the code it exchanges at the token endpoint.
    m = /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/.exec(path);
    if (m && req.method === 'GET') {
      const q = new URL(req.url ?? '/', 'https://127.0.0.1').searchParams;
      const redirect = q.get('redirect_uri') ?? '';
      if (!/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(redirect))
        throw new HttpError(400, 'invalid_request', `AADSTS50011: redirect_uri ${redirect} is not a loopback address.`);
      const code = `ac-${randomUUID()}`;
      authCodes.set(code, state.users[1]!.id);
      const to = new URL(redirect);
      to.searchParams.set('code', code);
      if (q.get('state')) to.searchParams.set('state', q.get('state')!);
      throw new HttpError(302, 'redirect', 'redirect', { location: to.toString() });
    }
    m = /^\/([^/]+)\/oauth2\/v2\.0\/devicecode$/.exec(path);
    if (m && req.method === 'POST') {
      const code = randomUUID();
      deviceCodes.set(code, { polls: 0, oid: state.users[1]!.id });
      return [
        200,
        {
          device_code: code,
          user_code: 'EMU-' + code.slice(0, 6).toUpperCase(),
          verification_uri: `${base}/devicelogin`,
          expires_in: 900,
          interval: 1,
          message: `To sign in, open ${base}/devicelogin and enter the code EMU-${code.slice(0, 6).toUpperCase()}.`,
        },
      ];
    }
    m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (m && req.method === 'POST') {
      const pathTenant = tenantOf(m[1]!);
      const scope = form.get('scope') ?? '';
      const aud: Listener | null = scope.includes(urls.graph) ? 'graph' : scope.includes(urls.arm) ? 'arm' : null;
      const grant = form.get('grant_type');
      const tokenReply = (oid: string, withId: boolean) => {
        if (!aud)
          return [
            400,
            {
              error: 'invalid_scope',
              error_description: `AADSTS70011: The provided scope '${scope}' is not valid for this emulator.`,
            },
          ] as [number, unknown];
        const user = state.users.find((u) => u.id === oid);
        // The authority's tenant; organizations / common mean the home tenant.
        const tid = pathTenant ?? state.tenantId;
        if (!memberOf(oid, tid))
          return [
            400,
            {
              error: 'invalid_grant',
              error_description: `AADSTS50020: User account '${user?.userPrincipalName ?? oid}' does not exist in tenant '${tid}'.`,
            },
          ] as [number, unknown];
        const body: Record<string, unknown> = {
          token_type: 'Bearer',
          scope,
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: issueToken(oid, aud, undefined, tid),
        };
        if (withId && user) {
          const rt = `rt-${randomUUID()}`;
          refreshTokens.set(rt, { oid, upn: user.userPrincipalName });
          body.refresh_token = rt;
          body.client_info = b64url({ uid: oid, utid: state.tenantId });
          const now = Math.floor(Date.now() / 1000);
          body.id_token = `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url({ aud: form.get('client_id'), iss: `${base}/${tid}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid, sub: oid, tid, preferred_username: user.userPrincipalName, name: user.displayName, ver: '2.0' })}.emu`;
        }
        return [200, body] as [number, unknown];
      };
      if (grant === 'client_credentials') {
        const c = state.clients.find((x) => x.clientId === form.get('client_id'));
        if (!c || c.secret !== form.get('client_secret'))
          return [
            401,
            { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
          ];
        return tokenReply(c.objectId, false);
      }
      // Entra accepts the RFC 8628 URN and the short form MSAL sends.
      if (grant === 'urn:ietf:params:oauth:grant-type:device_code' || grant === 'device_code') {
        const d = deviceCodes.get(form.get('device_code') ?? '');
        if (!d) return [400, { error: 'expired_token', error_description: 'AADSTS70019: Verification code expired.' }];
        d.polls += 1;
        if (d.polls === 1)
          return [
            400,
            {
              error: 'authorization_pending',
              error_description: 'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.',
            },
          ];
        deviceCodes.delete(form.get('device_code')!);
        return tokenReply(d.oid, true);
      }
      if (grant === 'authorization_code') {
        const oid = authCodes.get(form.get('code') ?? '');
        if (!oid)
          return [
            400,
            { error: 'invalid_grant', error_description: 'AADSTS70008: The provided authorization code has expired.' },
          ];
        authCodes.delete(form.get('code')!);
        return tokenReply(oid, true);
      }
      if (grant === 'refresh_token') {
        const r = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!r)
          return [400, { error: 'invalid_grant', error_description: 'AADSTS700082: The refresh token has expired.' }];
        return tokenReply(r.oid, true);
      }
      return [
        400,
        {
          error: 'unsupported_grant_type',
          error_description: `AADSTS70003: grant type ${grant} not supported by the emulator.`,
        },
      ];
    }
    throw new HttpError(404, 'NotFound', `No login endpoint ${req.method} ${path}`);
  }

  // ---- Microsoft Graph users
  function graph(req: IncomingMessage, path: string, q: URLSearchParams): [number, unknown] {
    caller(req, 'graph');
    const userJson = (u: EmuUser) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      mail: u.mail,
      displayName: u.displayName,
      userType: u.userType,
    });
    let m = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
    if (m && req.method === 'GET') {
      const key = decodeURIComponent(m[1]!);
      const u = state.users.find((x) => x.id === key || eqi(x.userPrincipalName, key));
      if (!u)
        throw new HttpError(
          404,
          'Request_ResourceNotFound',
          `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return [200, userJson(u)];
    }
    m = /^\/v1\.0\/directoryObjects\/([^/]+)$/.exec(path);
    if (m && req.method === 'GET') {
      const id = decodeURIComponent(m[1]!);
      const type = principalType(id);
      if (!type)
        throw new HttpError(
          404,
          'Request_ResourceNotFound',
          `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      const odata = {
        User: '#microsoft.graph.user',
        Group: '#microsoft.graph.group',
        ServicePrincipal: '#microsoft.graph.servicePrincipal',
      }[type];
      const name =
        state.users.find((u) => u.id === id)?.displayName ?? state.principals.find((x) => x.id === id)?.displayName;
      return [200, { '@odata.type': odata, id, displayName: name }];
    }
    m = /^\/v1\.0\/users$/.exec(path);
    if (m && req.method === 'GET') {
      const filter = q.get('$filter') ?? '';
      let f = /^mail eq '((?:[^']|'')*)'$/.exec(filter);
      if (f) {
        const v = f[1]!.replace(/''/g, "'");
        return [200, { value: state.users.filter((u) => u.mail && eqi(u.mail, v)).map(userJson) }];
      }
      f = /^startswith\(userPrincipalName,\s*'((?:[^']|'')*)'\)$/.exec(filter);
      if (f) {
        const v = f[1]!.replace(/''/g, "'").toLowerCase();
        return [
          200,
          { value: state.users.filter((u) => u.userPrincipalName.toLowerCase().startsWith(v)).map(userJson) },
        ];
      }
      throw new HttpError(400, 'Request_UnsupportedQuery', `Unsupported query: ${filter}`);
    }
    throw new HttpError(404, 'Request_ResourceNotFound', `No Graph resource ${path}`);
  }

  // ---- Azure Resource Manager
  function arm(req: IncomingMessage, path: string, q: URLSearchParams, body: unknown): [number, unknown] {
    if (!q.get('api-version'))
      throw new HttpError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    const who = caller(req, 'arm');
    const method = req.method ?? 'GET';
    const p = path.replace(/\/+$/, '');
    const S = '/subscriptions/([^/]+)';
    const RG = `${S}/resourcegroups/([^/]+)`;
    const is = (re: string) => new RegExp(`^${re}$`, 'i').exec(p);
    let m: RegExpExecArray | null;

    // A subscription answers only tokens of its own tenant.
    const inSub = /^\/subscriptions\/([^/]+)/i.exec(p);
    const target = inSub ? state.subscriptions.find((s) => eqi(s.subscriptionId, inSub[1]!)) : undefined;
    if (target && !eqi(target.tenantId, who.tid)) {
      throw new HttpError(
        401,
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer 'https://sts.windows.net/${who.tid}/'. It must match the tenant 'https://sts.windows.net/${target.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${target.tenantId}' to get the token.`,
        {
          'www-authenticate': `Bearer authorization_uri="${urls.login}/${target.tenantId}", error="invalid_token", error_description="The access token is from the wrong issuer."`,
        },
      );
    }

    if ((m = is('/subscriptions')) && method === 'GET') {
      const mine = state.subscriptions.filter((s) => eqi(s.tenantId, who.tid));
      return [
        200,
        paged(
          mine.map((s) => ({
            id: `/subscriptions/${s.subscriptionId}`,
            subscriptionId: s.subscriptionId,
            displayName: s.displayName,
            state: s.state,
            tenantId: s.tenantId,
          })),
          p,
          q,
        ),
      ];
    }
    if ((m = is('/tenants')) && method === 'GET') {
      const home = {
        id: `/tenants/${state.tenantId}`,
        tenantId: state.tenantId,
        tenantCategory: 'Home',
        displayName: 'Contoso',
        defaultDomain: state.tenantDomain,
        domains: [state.tenantDomain],
      };
      const others = state.otherTenants
        .filter((t) => t.members.includes(who.oid))
        .map((t) => ({
          id: `/tenants/${t.tenantId}`,
          tenantId: t.tenantId,
          tenantCategory: 'Home',
          displayName: t.displayName,
          defaultDomain: t.defaultDomain,
          domains: [t.defaultDomain],
        }));
      return [200, paged([home, ...others], p, q)];
    }
    if ((m = is(RG))) {
      const [, sub, name] = m as unknown as [string, string, string];
      needSub(sub);
      const scope = `/subscriptions/${sub}/resourceGroups/${name}`;
      const g = findRg(sub, name);
      if (method === 'GET' || method === 'HEAD') {
        demand(who, scope, 'Microsoft.Resources/subscriptions/resourceGroups/read');
        if (!g) throw new HttpError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
        return [method === 'HEAD' ? 204 : 200, rgJson(g)];
      }
      if (method === 'PUT') {
        demand(who, scope, 'Microsoft.Resources/subscriptions/resourceGroups/write');
        const b = body as { location?: string; tags?: Record<string, string> } | null;
        if (!b?.location)
          throw new HttpError(400, 'LocationRequired', 'The location property is required for this definition.');
        if (g?.provisioningState === 'Deleting')
          throw new HttpError(
            409,
            'ResourceGroupBeingDeleted',
            `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`,
          );
        if (g) {
          if (!eqi(g.location, b.location))
            throw new HttpError(
              409,
              'InvalidResourceGroupLocation',
              `Invalid resource group location '${b.location}'. The Resource group already exists in location '${g.location}'.`,
            );
          g.tags = b.tags ?? {};
          return [200, rgJson(g)];
        }
        const ng = { subscriptionId: sub, name, location: b.location.toLowerCase(), tags: b.tags ?? {} };
        state.resourceGroups.push(ng);
        return [201, rgJson(ng)];
      }
    }
    if ((m = is(`${S}/providers`)) && method === 'GET') {
      needSub(m[1]!);
      return [
        200,
        paged(
          state.providers.map((pr) => providerJson(m![1]!, pr)),
          p,
          q,
        ),
      ];
    }
    if ((m = is(`${S}/providers/microsoft.compute/skus`)) && method === 'GET') {
      needSub(m[1]!);
      const f = /^location eq '([^']+)'$/.exec(q.get('$filter') ?? '');
      const list = state.skus.filter((s) => !f || s.locations.some((l) => eqi(l, f[1]!)));
      return [
        200,
        {
          value: list.map((s) => ({
            resourceType: 'virtualMachines',
            name: s.name,
            tier: 'Standard',
            size: s.name.replace('Standard_', ''),
            family: s.family,
            locations: s.locations,
            locationInfo: s.locations.map((l) => ({ location: l, zones: [] })),
            capabilities: [{ name: 'vCPUs', value: '4' }],
            restrictions: s.restrictions.map((r) => ({
              type: r.type,
              values: r.values,
              restrictionInfo: { locations: r.values },
              reasonCode: r.reasonCode,
            })),
          })),
        },
      ];
    }
    if ((m = is(`${S}/providers/microsoft.compute/locations/([^/]+)/usages`)) && method === 'GET') {
      needSub(m[1]!);
      const list = state.usages[m[2]!.toLowerCase()];
      if (!list)
        throw new HttpError(
          404,
          'NoRegisteredProviderFound',
          `No registered resource provider found for location '${m[2]}'.`,
        );
      return [
        200,
        {
          value: list.map((u) => ({
            unit: 'Count',
            currentValue: u.currentValue,
            limit: u.limit,
            name: { value: u.name, localizedValue: u.localizedValue },
          })),
        },
      ];
    }
    if ((m = is(`${S}/providers/microsoft.keyvault/deletedvaults`)) && method === 'GET') {
      needSub(m[1]!);
      return [
        200,
        paged(
          state.deletedVaults.map((v) => ({
            id: `/subscriptions/${m![1]}/providers/Microsoft.KeyVault/locations/${v.location}/deletedVaults/${v.name}`,
            name: v.name,
            type: 'Microsoft.KeyVault/deletedVaults',
            properties: {
              vaultId: v.vaultId,
              location: v.location,
              deletionDate: v.deletionDate,
              scheduledPurgeDate: v.scheduledPurgeDate,
              tags: {},
              purgeProtectionEnabled: false,
            },
          })),
          p,
          q,
        ),
      ];
    }
    if ((m = is(`${S}/providers/([^/]+)`)) && method === 'GET') {
      needSub(m[1]!);
      const pr = state.providers.find((x) => eqi(x.namespace, m![2]!));
      if (!pr) throw new HttpError(404, 'InvalidResourceNamespace', `The resource namespace '${m[2]}' is invalid.`);
      return [200, providerJson(m[1]!, pr)];
    }
    // permissions of the caller at a subscription or resource-group scope
    if (
      (m = is(`(${S}(?:/resourcegroups/([^/]+))?)/providers/microsoft.authorization/permissions`)) &&
      method === 'GET'
    ) {
      const [, scope, sub, rg] = m;
      if (rg) needRg(sub!, rg);
      else needSub(sub!);
      return [
        200,
        { value: permissionsAt(who.oid, scope!).map((x) => ({ ...x, dataActions: [], notDataActions: [] })) },
      ];
    }
    if ((m = is(`(${S}(?:/resourcegroups/([^/]+))?)/providers/microsoft.authorization/roleassignments/([^/]+)`))) {
      const [, scope, sub, rg, name] = m as unknown as [string, string, string, string | undefined, string];
      if (rg) needRg(sub, rg);
      else needSub(sub);
      const existing = state.roleAssignments.find((a) => eqi(a.scope, scope) && eqi(a.name, name));
      const json = (a: EmuRoleAssignment) => ({
        id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
        name: a.name,
        type: 'Microsoft.Authorization/roleAssignments',
        properties: {
          scope: a.scope,
          roleDefinitionId: a.roleDefinitionId,
          principalId: a.principalId,
          principalType: a.principalType,
        },
      });
      if (method === 'GET') {
        if (!existing)
          throw new HttpError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
        return [200, json(existing)];
      }
      if (method === 'PUT') {
        demand(who, scope, 'Microsoft.Authorization/roleAssignments/write');
        const props = (
          body as { properties?: { roleDefinitionId?: string; principalId?: string; principalType?: string } } | null
        )?.properties;
        if (!props?.roleDefinitionId || !props.principalId)
          throw new HttpError(400, 'InvalidRoleAssignmentRequest', 'roleDefinitionId and principalId are required.');
        if (!/^[0-9a-f-]{36}$/i.test(name))
          throw new HttpError(
            400,
            'InvalidRoleAssignmentId',
            `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
          );
        const roleGuid = props.roleDefinitionId.split('/').pop()!.toLowerCase();
        if (!ROLE_PERMISSIONS[roleGuid])
          throw new HttpError(
            400,
            'RoleDefinitionDoesNotExist',
            `The specified role definition with ID '${roleGuid}' does not exist.`,
          );
        const user = state.users.find((u) => u.id === props.principalId);
        const actual = principalType(props.principalId);
        if (actual && actual !== 'User' && !user) {
          if (props.principalType && props.principalType !== actual)
            throw new HttpError(
              400,
              'UnmatchedPrincipalType',
              `The PrincipalType '${props.principalType}' in the request is not the same as the actual type '${actual}' of the principal id '${props.principalId}'.`,
            );
        } else if (user && props.principalType && props.principalType !== 'User') {
          throw new HttpError(
            400,
            'UnmatchedPrincipalType',
            `The PrincipalType '${props.principalType}' in the request is not the same as the actual type 'User' of the principal id '${props.principalId}'.`,
          );
        } else if (!user || (user.replicationDelay ?? 0) > 0) {
          if (user) user.replicationDelay = (user.replicationDelay ?? 0) - 1;
          throw new HttpError(
            400,
            'PrincipalNotFound',
            `Principal ${String(props.principalId).replace(/-/g, '')} does not exist in the directory ${state.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay.`,
          );
        }
        const same = state.roleAssignments.find(
          (a) =>
            eqi(a.scope, scope) &&
            a.principalId === props.principalId &&
            a.roleDefinitionId.split('/').pop()!.toLowerCase() === roleGuid,
        );
        if (same || existing) throw new HttpError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
        const a = {
          name,
          scope,
          roleDefinitionId: props.roleDefinitionId,
          principalId: props.principalId,
          principalType: props.principalType ?? actual ?? 'User',
        };
        state.roleAssignments.push(a);
        return [201, json(a)];
      }
    }
    if ((m = is(`${RG}/providers/microsoft.network/loadbalancers`)) && method === 'GET') {
      const g = needRg(m[1]!, m[2]!);
      const lbs = state.loadBalancers.filter((l) => eqi(l.resourceGroup, g.name));
      return [
        200,
        {
          value: lbs.map((l) => ({
            id: `/subscriptions/${m![1]}/resourceGroups/${l.resourceGroup}/providers/Microsoft.Network/loadBalancers/${l.name}`,
            name: l.name,
            location: l.location,
            type: 'Microsoft.Network/loadBalancers',
            properties: {
              provisioningState: 'Succeeded',
              frontendIPConfigurations: l.frontendPublicIpIds.map((id, i) => ({
                name: `LoadBalancerFrontEnd${i}`,
                id: `/subscriptions/${m![1]}/resourceGroups/${l.resourceGroup}/providers/Microsoft.Network/loadBalancers/${l.name}/frontendIPConfigurations/fe${i}`,
                properties: { publicIPAddress: { id } },
              })),
            },
          })),
        },
      ];
    }
    if ((m = is(`${RG}/providers/microsoft.network/publicipaddresses/([^/]+)`)) && method === 'GET') {
      const g = needRg(m[1]!, m[2]!);
      const ip = state.publicIps.find((x) => eqi(x.resourceGroup, g.name) && eqi(x.name, m![3]!));
      if (!ip)
        throw new HttpError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.Network/publicIPAddresses/${m[3]}' under resource group '${g.name}' was not found.`,
        );
      return [
        200,
        {
          id: `/subscriptions/${m[1]}/resourceGroups/${ip.resourceGroup}/providers/Microsoft.Network/publicIPAddresses/${ip.name}`,
          name: ip.name,
          location: ip.location,
          type: 'Microsoft.Network/publicIPAddresses',
          properties: {
            provisioningState: 'Succeeded',
            ipAddress: ip.ipAddress ?? undefined,
            publicIPAllocationMethod: 'Static',
          },
        },
      ];
    }
    const call: ArmCall = {
      method,
      path: p,
      query: q,
      body,
      who,
      needRg,
      demand: (scope, action) => demand(who, scope, action),
    };
    for (const h of emu.armHandlers) {
      const r = h(call);
      if (r) return r;
    }
    throw new HttpError(404, 'InvalidResourceType', `The emulator has no ${method} ${p}.`);
  }

  function providerJson(sub: string, pr: EmuProvider) {
    return {
      id: `/subscriptions/${sub}/providers/${pr.namespace}`,
      namespace: pr.namespace,
      registrationState: pr.registrationState,
      resourceTypes: pr.resourceTypes,
    };
  }

  async function handle(listener: Listener, req: IncomingMessage, res: ServerResponse) {
    const start = Date.now();
    // ARM tolerates repeated slashes ("//subscriptions/…"); without this URL() would read a host.
    const url = new URL((req.url ?? '/').replace(/^\/+/, '/'), 'https://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    const ctype = String(req.headers['content-type'] ?? '');
    if (raw && ctype.includes('json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const form = ctype.includes('x-www-form-urlencoded') ? new URLSearchParams(raw) : new URLSearchParams();
    const rec: RecordedRequest = {
      listener,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: body ?? (form.size ? Object.fromEntries([...form].filter(([k]) => !/secret|code|token/i.test(k))) : null),
      status: 0,
      start,
      end: 0,
    };
    requests.push(rec);
    if (emu.latencyMs) await sleep(emu.latencyMs);
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (!f.listener || f.listener === listener) &&
        (!f.method || f.method === req.method) &&
        (!f.path || f.path.test(url.pathname)),
    );
    let status = 500;
    let payload: unknown;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': randomUUID(),
    };
    try {
      if (fault) {
        fault.left -= 1;
        if (fault.drop) {
          rec.status = -1;
          rec.end = Date.now();
          req.socket.destroy();
          return;
        }
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        if (fault.claims) {
          const claims = Buffer.from(
            JSON.stringify({
              access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } },
            }),
          ).toString('base64');
          throw new HttpError(401, 'InvalidAuthenticationToken', 'User session has been revoked (claims challenge).', {
            'www-authenticate': `Bearer authorization_uri="${urls.login}/${state.tenantId}", error="insufficient_claims", claims="${claims}"`,
          });
        }
        throw new HttpError(
          fault.status ?? 500,
          fault.code ?? 'InternalServerError',
          fault.message ?? 'Injected fault.',
        );
      }
      [status, payload] =
        listener === 'login'
          ? login(req, url.pathname, form)
          : listener === 'graph'
            ? graph(req, url.pathname, url.searchParams)
            : arm(req, url.pathname, url.searchParams, body);
    } catch (e) {
      if (e instanceof HttpError && e.status === 302) {
        rec.status = 302;
        rec.end = Date.now();
        res.writeHead(302, { location: e.headers.location! });
        res.end();
        return;
      }
      if (e instanceof HttpError) {
        status = e.status;
        Object.assign(headers, e.headers);
        payload =
          listener === 'login'
            ? { error: e.code, error_description: e.message }
            : { error: { code: e.code, message: e.message } };
        if (status === 401 && listener !== 'login' && !e.headers['www-authenticate'])
          headers['www-authenticate'] =
            `Bearer authorization_uri="${urls.login}/${state.tenantId}", error="invalid_token"`;
      } else {
        status = 500;
        payload = { error: { code: 'EmulatorBug', message: (e as Error).stack ?? String(e) } };
      }
    }
    rec.status = status;
    rec.end = Date.now();
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' || status === 204 ? undefined : JSON.stringify(payload));
  }

  const tls = { cert: readFileSync(ca.certPemPath), key: readFileSync(ca.keyPemPath) };
  const servers: Server[] = [];
  for (const l of ['login', 'arm', 'graph'] as const) {
    const s = createServer(tls, (req, res) => void handle(l, req, res));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    urls[l] = `https://127.0.0.1:${(s.address() as AddressInfo).port}`;
    servers.push(s);
  }
  return emu;
}

/** Number of sequential waves in a request log: a request starting after every earlier one ended opens a new wave. */
export function countWaves(reqs: readonly RecordedRequest[]): number {
  const sorted = [...reqs].sort((a, b) => a.start - b.start);
  let waves = 0;
  let waveEnd = -Infinity;
  for (const r of sorted) {
    if (r.start >= waveEnd) waves += 1;
    waveEnd = Math.max(waveEnd, r.end);
  }
  return waves;
}
