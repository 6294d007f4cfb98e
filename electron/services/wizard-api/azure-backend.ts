// The Azure services (electron/services/azure) behind the bridge. One signed-in context per app run;
// tokens stay on the Node side. Endpoints and automation sign-in come from the environment:
//   TCW_AZURE_ARM_ENDPOINT, TCW_AZURE_GRAPH_ENDPOINT, TCW_AZURE_AUTHORITY_HOST  explicit endpoints
//       (sovereign clouds, the test emulator; https only)
//   TCW_AZURE_ACCESS_TOKEN (+ TCW_AZURE_GRAPH_TOKEN)  a pre-obtained token: sign-in uses it instead of
//       the interactive methods (automation, end-to-end tests)
//   TCW_AZURE_CLIENT_ID                           public client id for browser / device-code sign-in
import type { ChangeRequest, ChangeResult, DoctorReport, DoctorRequest } from '../../../shared/api/wizard-api.ts';
import { maintain, runDoctor } from '../doctor/run-doctor.ts';
import type {
  AzureAccount,
  PrepareRequest,
  PrepareResult,
  PreflightResult,
  PublicIpResult,
  RegionRequest,
  SignInRequest,
} from '../../../shared/api/wizard-api.ts';
import {
  classify,
  clearTokenCache,
  configureTokenCache,
  signInContext,
  prepare,
  preflightWithSnapshot,
  publicIp,
  saveAuthenticationRecord,
  signIn,
  type AzureContext,
  type StaticGroupSnapshot,
  type CredentialMethod,
  type TokenProtector,
} from '../azure/azure-layer.ts';
import { findRegion } from '../../../shared/model/project.ts';
import { effectiveStaticResourceGroupName } from '../../../shared/model/derived.ts';
import type { AzureBackend } from './wizard-service.ts';
import type { OpContext } from './operation-hub.ts';
import { ApiError } from './api-errors.ts';
import { InputError } from '../../../shared/model/input-error.ts';

export interface AzureBackendOptions {
  env: Record<string, string | undefined>;
  /**
   * Whether the TCW_AZURE_* endpoint and token switches (tests, the emulator, development) are obeyed.
   * The packaged app passes false: sign-in and tokens then never go anywhere but the real cloud.
   */
  devSwitches: boolean;
  /** Electron: the user-data folder and safeStorage, for a persistent, OS-protected token cache. */
  persist?: { dir: string; protector: TokenProtector };
}

const METHODS: readonly CredentialMethod[] = ['browser', 'device-code', 'azure-cli'];

/** An Azure failure in words the user can act on (never a token or a stack). */
function azureError(e: unknown): Error {
  // Ours already: an ApiError, or an input problem that dispatch turns into a 400.
  if (e instanceof ApiError || e instanceof InputError) return e;
  const f = classify(e);
  if (f.kind === 'aborted') return new ApiError('Cancelled.', 409);
  if (f.kind === 'auth')
    return new ApiError(
      `Signing in to Azure failed (${f.message.split('\n')[0]!.slice(0, 300)}). Sign in again and check the tenant.`,
      409,
    );
  if (f.kind === 'network')
    return new ApiError(`Azure could not be reached (${f.code}). Check the network or proxy and try again.`, 502);
  return new ApiError(`Azure request failed: ${f.code}: ${f.message.split('\n')[0]!.slice(0, 300)}`, 502);
}

/** The development switches that redirect sign-in and tokens: obeyed only when not packaged. */
export const AZURE_DEV_SWITCHES = [
  'TCW_AZURE_ARM_ENDPOINT',
  'TCW_AZURE_GRAPH_ENDPOINT',
  'TCW_AZURE_AUTHORITY_HOST',
  'TCW_AZURE_ACCESS_TOKEN',
  'TCW_AZURE_GRAPH_TOKEN',
  'TCW_DOCTOR_CONNECTOR_PORT',
  'TCW_DOCTOR_NODE_PORT',
  'TCW_DOCTOR_SKIP_NODES',
] as const;
/**
 * TCW_DOCTOR_CONNECTOR_PORT / TCW_DOCTOR_NODE_PORT / TCW_DOCTOR_SKIP_NODES: where the doctor probes
 * (end-to-end tests against loopback servers; 443 otherwise).
 */
function doctorTestPorts(env: Record<string, string | undefined>) {
  const port = (v: string | undefined) =>
    v && /^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? Number(v) : undefined;
  const c = port(env.TCW_DOCTOR_CONNECTOR_PORT);
  const n = port(env.TCW_DOCTOR_NODE_PORT);
  return {
    ...(c ? { connectorPort: c } : {}),
    ...(n ? { nodePort: n } : {}),
    ...(env.TCW_DOCTOR_SKIP_NODES === '1' ? { probeNodes: false } : {}),
  };
}

export function createAzureBackend(opts: AzureBackendOptions): AzureBackend {
  const env = !opts.devSwitches
    ? Object.fromEntries(
        Object.entries(opts.env).filter(([k]) => !(AZURE_DEV_SWITCHES as readonly string[]).includes(k)),
      )
    : opts.env;
  let ctx: AzureContext | null = null;
  // The static group as the last preflight read it, per subscription + group, for the same sign-in.
  const knownGroups = new Map<string, { ctx: AzureContext; snapshot: StaticGroupSnapshot }>();
  const groupKey = (sub: string, rg: string) => `${sub.toLowerCase()}|${rg.toLowerCase()}`;
  const knownGroupFor = (c: AzureContext, req: PrepareRequest): StaticGroupSnapshot | undefined => {
    const r = findRegion(req.project, req.region);
    if (!r) return undefined;
    const k = knownGroups.get(groupKey(r.variables.PxSubscriptionId, effectiveStaticResourceGroupName(r.variables)));
    return k && k.ctx === c ? k.snapshot : undefined;
  };
  if (opts.persist) configureTokenCache({ dir: opts.persist.dir, protector: opts.persist.protector });

  const requireContext = (): AzureContext => {
    if (!ctx) throw new ApiError('Sign in to Azure first (the Sign in button on this step).', 409);
    return ctx;
  };
  const progressOf = (op: OpContext) => ({
    signal: op.signal,
    onProgress: (m: string, f?: number) => op.progress(m, f),
  });

  return {
    isSignedIn: () => ctx !== null,

    async signIn(req: SignInRequest, op: OpContext): Promise<AzureAccount> {
      try {
        if (!METHODS.includes(req.method))
          throw new ApiError(`Unknown sign-in method "${String(req.method)}"; use browser, device-code or azure-cli.`);
        const token = env.TCW_AZURE_ACCESS_TOKEN;
        const method: CredentialMethod = token ? 'token' : req.method;
        if (token) op.log('Using the pre-obtained token from TCW_AZURE_ACCESS_TOKEN.');
        const next: AzureContext = signInContext({
          method,
          endpoints: {
            cloud: req.cloud ?? 'AzureCloud',
            armEndpoint: env.TCW_AZURE_ARM_ENDPOINT,
            graphEndpoint: env.TCW_AZURE_GRAPH_ENDPOINT,
            authorityHost: env.TCW_AZURE_AUTHORITY_HOST,
          },
          ...(req.tenant !== undefined ? { tenant: req.tenant } : {}),
          armToken: token,
          graphToken: env.TCW_AZURE_GRAPH_TOKEN,
          env,
          ...(opts.persist ? { recordDir: opts.persist.dir, cacheName: 'tcw' } : {}),
          // Entra's message already names the code and the address; add them only when it does not.
          onDeviceCode: (p) =>
            op.deviceCode(
              p.message.includes(p.userCode) ? p.message : `${p.message} (code ${p.userCode} at ${p.verificationUri})`,
            ),
        });
        const r = await signIn(next, progressOf(op));
        for (const t of r.skippedTenants)
          op.log(
            `Tenant ${t.tenantId}: its subscriptions could not be listed without signing in there (${t.reason}). Choose that tenant when signing in to use them.`,
          );
        if (r.authenticationRecord && opts.persist) saveAuthenticationRecord(opts.persist.dir, r.authenticationRecord);
        ctx = next;
        return r.account;
      } catch (e) {
        throw azureError(e);
      }
    },

    async signOut() {
      ctx = null;
      knownGroups.clear();
      if (opts.persist) clearTokenCache(opts.persist.dir);
    },

    async preflight(req: RegionRequest, op: OpContext): Promise<PreflightResult> {
      const c = requireContext();
      try {
        const { result, staticGroup } = await preflightWithSnapshot(c, req, progressOf(op));
        // Prepare, usually the wizard's next Azure step, then skips re-reading the group.
        if (staticGroup)
          knownGroups.set(groupKey(staticGroup.subscriptionId, staticGroup.name), { ctx: c, snapshot: staticGroup });
        return result;
      } catch (e) {
        throw azureError(e);
      }
    },

    async prepare(req: PrepareRequest, op: OpContext): Promise<PrepareResult> {
      // A dry run needs no sign-in: it can still print the PowerShell and the requests.
      const c = req.dryRun ? ctx : requireContext();
      try {
        const known = c ? knownGroupFor(c, req) : undefined;
        const r = await prepare(c, req, { ...progressOf(op), ...(known ? { knownStaticGroup: known } : {}) });
        // After a real run the group is no longer as preflight saw it: the next prepare reads it again.
        if (!req.dryRun && known) knownGroups.delete(groupKey(known.subscriptionId, known.name));
        return r;
      } catch (e) {
        throw azureError(e);
      }
    },

    async publicIp(req: RegionRequest, op: OpContext): Promise<PublicIpResult> {
      const c = requireContext();
      try {
        return await publicIp(c, req, progressOf(op));
      } catch (e) {
        throw azureError(e);
      }
    },

    // ---- Looking after a deployment (doctor branch)
    async doctor(req: DoctorRequest, op: OpContext): Promise<DoctorReport> {
      const c = requireContext();
      try {
        return await runDoctor(c, req.project, {
          ...progressOf(op),
          ...(req.region !== undefined ? { region: req.region } : {}),
          ...(req.expectedThumbprint ? { expectedThumbprint: req.expectedThumbprint } : {}),
          ...(req.resolver ? { resolver: req.resolver } : {}),
          ...(req.trustPem ? { trustPem: req.trustPem } : {}),
          ...doctorTestPorts(env),
        });
      } catch (e) {
        throw azureError(e);
      }
    },

    async maintain(req: ChangeRequest, op: OpContext): Promise<ChangeResult> {
      // A dry run needs no sign-in (the PowerShell and the requests, without comparing with Azure).
      const c = req.dryRun ? ctx : requireContext();
      try {
        return await maintain(c, req, progressOf(op));
      } catch (e) {
        throw azureError(e);
      }
    },
  };
}
