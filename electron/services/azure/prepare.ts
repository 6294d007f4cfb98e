// Prepare a region: the static resource group (location + tags) and, optionally, the built-in
// Owner role on it for the person who runs the install. Idempotent, never deletes, and every stop
// says what exists and what remains. Dry run: the same code path with writes answered locally.
//
// Waves: 1) read the group ∥ look the user up in Graph; 2) create/tag the group (and, when the
// group already existed, assign the role in parallel); 3) assign the role after a fresh create.
// Given a fresh preflight snapshot of the group (same session): 1) create/tag ∥ Graph; 2) role.
import { createHash } from 'node:crypto';
import type { Finding } from '../../../shared/model/finding.ts';
import type { PrepareRequest, PrepareResult } from '../../../shared/api/wizard-api.ts';
import { effectiveStaticResourceGroupName } from '../../../shared/model/derived.ts';
import {
  armClients,
  classify,
  graphGet,
  inSubscription,
  sleep,
  throwIfAborted,
  type AzureContext,
  type OperationOptions,
  type RecordedWrite,
  GraphError,
} from './arm-context.ts';
import { AZURE_CODES, authFinding, finding } from './findings.ts';
import { preparePowerShell } from './prepare-powershell.ts';
import { regionVariables, sameLocation, type StaticGroupSnapshot } from './preflight.ts';

export const OWNER_ROLE_ID = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const DEFAULT_PNF_DELAYS = [2000, 4000, 8000, 16000];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Namespace for our role assignment names (a fixed random UUID). */
const ASSIGNMENT_NAMESPACE = '6f1c2b0e-5a7d-4c3e-9b8a-2d4e6f8a0c1e';

/** RFC 4122 version-5 UUID (SHA-1, namespace + name). */
export function uuidV5(name: string, namespace = ASSIGNMENT_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Same scope, principal and role → same assignment name, so a re-run cannot create a second one. */
export function roleAssignmentName(scope: string, principalId: string, roleId = OWNER_ROLE_ID): string {
  return uuidV5(`${scope.toLowerCase()}|${principalId.toLowerCase()}|${roleId.toLowerCase()}`);
}

export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal';
/** type: what Graph says the object is; undefined when Graph could not tell (ARM then decides). */
export interface ResolvedPrincipal {
  objectId: string;
  display: string;
  guest: boolean;
  type?: PrincipalType;
}

const ODATA_TYPES: Record<string, PrincipalType> = {
  '#microsoft.graph.user': 'User',
  '#microsoft.graph.group': 'Group',
  '#microsoft.graph.servicePrincipal': 'ServicePrincipal',
};

/**
 * Object id → what it is (user, group, service principal), for the role assignment's principalType:
 * ARM refuses a wrong one (UnmatchedPrincipalType). Not found, or no Graph access (a pre-obtained
 * ARM token alone): no type, and ARM works it out itself.
 */
export async function resolveObject(
  ctx: AzureContext,
  objectId: string,
  signal?: AbortSignal,
): Promise<ResolvedPrincipal> {
  try {
    const o = await graphGet<{ '@odata.type'?: string; displayName?: string | null; userPrincipalName?: string }>(
      ctx,
      `/v1.0/directoryObjects/${encodeURIComponent(objectId)}`,
      signal,
    );
    const type = ODATA_TYPES[o['@odata.type'] ?? ''];
    return {
      objectId,
      display: o.displayName ? `${o.displayName} (${objectId})` : objectId,
      guest: false,
      ...(type ? { type } : {}),
    };
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return { objectId, display: objectId, guest: false };
    if (classify(e).kind === 'auth' || e instanceof GraphError) return { objectId, display: objectId, guest: false };
    throw e;
  }
}

interface GraphUser {
  id: string;
  userPrincipalName: string;
  mail?: string | null;
  userType?: string | null;
}

const odataLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Sign-in name → object id. A guest given by mail address is found as its #EXT# account. */
export async function resolveUser(
  ctx: AzureContext,
  upn: string,
  signal?: AbortSignal,
): Promise<ResolvedPrincipal | null> {
  try {
    const u = await graphGet<GraphUser>(
      ctx,
      `/v1.0/users/${encodeURIComponent(upn)}?$select=id,userPrincipalName,mail,userType`,
      signal,
    );
    return { objectId: u.id, display: u.userPrincipalName, guest: u.userType === 'Guest', type: 'User' };
  } catch (e) {
    if (!(e instanceof GraphError && e.statusCode === 404) || !upn.includes('@')) throw e;
  }
  const [local, domain] = [upn.slice(0, upn.lastIndexOf('@')), upn.slice(upn.lastIndexOf('@') + 1)];
  const byMail = (q: string) =>
    graphGet<{ value: GraphUser[] }>(
      ctx,
      `/v1.0/users?$filter=${encodeURIComponent(q)}&$select=id,userPrincipalName,mail,userType`,
      signal,
    );
  const [a, b] = await Promise.all([
    byMail(`mail eq ${odataLiteral(upn)}`),
    byMail(`startswith(userPrincipalName,${odataLiteral(`${local}_${domain}#EXT#`)})`),
  ]);
  const all = [...a.value, ...b.value];
  const u = all.find((x) => x.userPrincipalName.includes('#EXT#')) ?? all[0];
  return u
    ? {
        objectId: u.id,
        display: u.userPrincipalName,
        guest: u.userType === 'Guest' || u.userPrincipalName.includes('#EXT#'),
        type: 'User',
      }
    : null;
}

type GroupState = { location: string; tags: Record<string, string>; provisioningState?: string };

/** How long a preflight's reading of the static group stands in for prepare's own read. */
export const SNAPSHOT_MAX_AGE_MS = 10 * 60_000;

export interface PrepareOptions extends OperationOptions {
  /**
   * The static group as a preflight of this session read it. Used instead of prepare's own read
   * when it is for the same subscription and group and at most knownStaticGroupMaxAgeMs old.
   */
  knownStaticGroup?: StaticGroupSnapshot;
  knownStaticGroupMaxAgeMs?: number;
}

function usableSnapshot(
  s: StaticGroupSnapshot | undefined,
  sub: string,
  rg: string,
  maxAgeMs: number,
): StaticGroupSnapshot | null {
  if (!s) return null;
  const age = Date.now() - s.readAt;
  const same = s.subscriptionId.toLowerCase() === sub.toLowerCase() && s.name.toLowerCase() === rg.toLowerCase();
  return same && age >= 0 && age <= maxAgeMs ? s : null;
}

export async function prepare(
  ctx: AzureContext | null,
  req: PrepareRequest,
  opts: PrepareOptions = {},
): Promise<PrepareResult> {
  if (!ctx) return prepareIn(null, req, opts);
  return inSubscription(ctx, regionVariables(req).PxSubscriptionId, (c) => prepareIn(c, req, opts));
}

async function prepareIn(
  ctx: AzureContext | null,
  req: PrepareRequest,
  opts: PrepareOptions = {},
): Promise<PrepareResult> {
  const v = regionVariables(req);
  const region = v.PxVmssRegion;
  const rg = effectiveStaticResourceGroupName(v);
  const location = v.PxAzureLocation.toLowerCase();
  const sub = v.PxSubscriptionId;
  const scope = `/subscriptions/${sub}/resourceGroups/${rg}`;
  const signal = opts.signal;
  const findings: Finding[] = [];
  const done: string[] = [];
  const remaining: string[] = [];
  const writes: RecordedWrite[] = [];
  const ownerLabel = req.owner ? ('upn' in req.owner ? req.owner.upn : `object id ${req.owner.objectId}`) : null;
  const psInput = {
    endpoints: ctx?.endpoints ?? { cloud: 'AzureCloud' as const, powershellEnvironment: 'AzureCloud' },
    subscriptionId: sub,
    resourceGroup: rg,
    location,
    tags: v.tags,
    owner: req.owner,
    region,
  };
  let powershell = preparePowerShell(psInput);
  const rgTask = `Resource group ${rg} in ${location} with the project's tags`;
  const roleTask = ownerLabel ? `Owner role on ${rg} for ${ownerLabel}` : null;
  const result = (): PrepareResult => ({ findings, done, remaining, requests: req.dryRun ? writes : [], powershell });
  const stop = (f: Finding, left: (string | null)[]) => {
    findings.push(f);
    for (const t of left) if (t && !remaining.includes(t)) remaining.push(t);
    return result();
  };

  if (req.owner && 'objectId' in req.owner && !GUID.test(req.owner.objectId)) {
    return stop(
      finding(
        region,
        null,
        'error',
        AZURE_CODES.ownerNotFound,
        `"${req.owner.objectId}" is not an object id (a GUID like 11111111-2222-3333-4444-555555555555). Give the user's sign-in name with --owner-upn instead, or copy the Object ID from Entra ID > Users.`,
      ),
      [rgTask, roleTask],
    );
  }
  if (!ctx) {
    if (!req.dryRun) throw new Error('prepare needs a signed-in Azure context unless it is a dry run');
    findings.push(
      finding(
        region,
        null,
        'info',
        AZURE_CODES.dryRunOffline,
        'Not signed in: this is the PowerShell only. Sign in to also see the exact ARM requests and whether the group already exists.',
      ),
    );
    remaining.push(rgTask, ...(roleTask ? [roleTask] : []));
    return result();
  }

  const { resources, authorization } = armClients(ctx, sub, req.dryRun ? writes : undefined);
  const progress = (m: string, f: number) => opts.onProgress?.(m, f);

  const lookUpOwner = (): Promise<ResolvedPrincipal | null> =>
    req.owner === null
      ? Promise.resolve(null)
      : 'objectId' in req.owner
        ? resolveObject(ctx, req.owner.objectId, signal)
        : resolveUser(ctx, req.owner.upn, signal);
  /** The lookup failed or found nobody: the finding, with what was (not) changed so far. */
  const ownerProblem = (reason: unknown, changed: string): Finding => {
    if (reason === null) {
      return finding(
        region,
        null,
        'error',
        AZURE_CODES.ownerNotFound,
        `No user ${ownerLabel} in this tenant (looked up as sign-in name, mail address and guest #EXT# account). Check the spelling; invite a guest first (Entra ID > Users > Invite external user); or give the object id with --owner-object-id. ${changed}`,
      );
    }
    const f = classify(reason);
    if (reason instanceof GraphError && (reason.statusCode === 403 || reason.code === 'Authorization_RequestDenied')) {
      return finding(
        region,
        null,
        'error',
        AZURE_CODES.ownerNotFound,
        `Microsoft Graph refused to look up ${ownerLabel} (${reason.code}). Guest accounts need the Directory Readers role to read users; ask an Entra administrator, or give the user's object id with --owner-object-id. ${changed}`,
      );
    }
    if (f.kind === 'auth') return authFinding(region, f);
    return finding(
      region,
      null,
      'error',
      AZURE_CODES.requestFailed,
      `Looking up ${ownerLabel} in Microsoft Graph failed: ${f.code}: ${f.message.slice(0, 300)}. ${changed} Run prepare again.`,
    );
  };
  const guestPowerShell = (principal: ResolvedPrincipal | null) => {
    if (principal?.guest && req.owner && 'upn' in req.owner) {
      // A guest's sign-in name is its #EXT# account, not the mail address: name it by object id.
      powershell = preparePowerShell({ ...psInput, owner: { objectId: principal.objectId } }).replace(
        'New-AzRoleAssignment -ObjectId',
        `# ${req.owner.upn.replace(/[\r\n]/g, ' ')} is the guest account ${principal.display.replace(/[\r\n]/g, ' ')}\nNew-AzRoleAssignment -ObjectId`,
      );
    }
  };
  const beingDeleted = () =>
    finding(
      region,
      'PxTeamsConnStaticResourceGroupName',
      'error',
      AZURE_CODES.rgBeingDeleted,
      `${rg} is still being deleted (an uninstall moments ago?). Azure refuses to create or change a group while it is deleting, which takes a few minutes or more. Run prepare again once it is gone (Azure portal > Resource groups, or Get-AzResourceGroup -Name ${rg}); nothing was changed.`,
    );
  const mismatch = (g: GroupState) =>
    finding(
      region,
      'PxTeamsConnStaticResourceGroupName',
      'error',
      AZURE_CODES.rgLocationMismatch,
      `${rg} already exists in ${g.location}, not ${location}. Azure cannot move a group; set $PxAzureLocation to '${g.location}' or choose another static group name. Nothing was changed.`,
    );

  // What a preflight of this session read moments ago stands in for the group read (see docs/azure.md).
  const known = usableSnapshot(opts.knownStaticGroup, sub, rg, opts.knownStaticGroupMaxAgeMs ?? SNAPSHOT_MAX_AGE_MS);
  let groupWritten = false;
  let group: GroupState | null;
  let principal: ResolvedPrincipal | null;
  if (known) {
    group = known.group;
    if (group?.provisioningState === 'Deleting') return stop(beingDeleted(), [rgTask, roleTask]);
    if (group && !sameLocation(group.location, location)) return stop(mismatch(group), [rgTask, roleTask]);
    // Wave 1: group write (if any) ∥ owner lookup. The group is wanted whoever the owner is, so a
    // failed lookup leaves a correct group behind (reported as done) and only the role remaining.
    progress(`Looking up the owner and preparing ${rg}`, 0.05);
    const [groupOk, principalRes] = await Promise.all([
      createGroup(group),
      lookUpOwner().then(
        (p) => ({ ok: true as const, p }),
        (e: unknown) => ({ ok: false as const, e }),
      ),
    ]);
    const changed =
      groupWritten && !req.dryRun
        ? `${rg} was ${group ? 'tagged' : 'created'}; nothing else was changed.`
        : 'Nothing was changed.';
    if (!principalRes.ok) return stop(ownerProblem(principalRes.e, changed), [roleTask]);
    principal = principalRes.p;
    if (req.owner && !principal) return stop(ownerProblem(null, changed), [roleTask]);
    guestPowerShell(principal);
    throwIfAborted(signal);
    // Wave 2: the role, once the group is there.
    if (groupOk) await assignRole(principal);
    else if (roleTask) remaining.push(roleTask);
    progress('Prepare finished', 1);
    return result();
  }

  // Wave 1: read the group, resolve the user
  progress(`Reading ${rg} and looking up the owner`, 0.05);
  const [groupRes, principalRes] = await Promise.allSettled([
    resources.resourceGroups.get(rg, { abortSignal: signal }).then(
      (g) => ({ location: g.location, tags: g.tags ?? {}, provisioningState: g.properties?.provisioningState }),
      (e: unknown) => {
        if (classify(e).code === 'ResourceGroupNotFound') return null;
        throw e;
      },
    ),
    lookUpOwner(),
  ]);
  if (groupRes.status === 'rejected')
    return stop(writeFailure(region, groupRes.reason, `read ${rg}`), [rgTask, roleTask]);
  if (principalRes.status === 'rejected')
    return stop(ownerProblem(principalRes.reason, 'Nothing was changed.'), [rgTask, roleTask]);
  group = groupRes.value;
  principal = principalRes.value;
  if (req.owner && !principal) return stop(ownerProblem(null, 'Nothing was changed.'), [rgTask, roleTask]);
  guestPowerShell(principal);
  if (group?.provisioningState === 'Deleting') return stop(beingDeleted(), [rgTask, roleTask]);
  if (group && !sameLocation(group.location, location)) return stop(mismatch(group), [rgTask, roleTask]);
  throwIfAborted(signal);

  // Wave 2 (and 3): group, role assignment
  if (group) {
    await Promise.all([createGroup(group), assignRole(principal)]);
  } else if (await createGroup(group)) {
    await assignRole(principal);
  } else if (roleTask) {
    remaining.push(roleTask);
  }
  progress('Prepare finished', 1);
  return result();

  async function createGroup(group: GroupState | null): Promise<boolean> {
    const missingTags = Object.entries(v.tags).filter(([k, val]) => group?.tags[k] !== val);
    if (group && missingTags.length === 0) {
      done.push(`${rgTask}: already there, nothing to change`);
      return true;
    }
    progress(group ? `Adding tags to ${rg}` : `Creating ${rg} in ${location}`, 0.4);
    try {
      // Merge: tags someone added since stay (a PUT replaces the whole set).
      await resources.resourceGroups.createOrUpdate(
        rg,
        { location, tags: { ...(group?.tags ?? {}), ...v.tags } },
        { abortSignal: signal },
      );
      groupWritten = true;
      done.push(
        req.dryRun
          ? `${rgTask}: would be ${group ? 'tagged' : 'created'} (dry run)`
          : `${rgTask}: ${group ? 'existed; tags added' : 'created'}`,
      );
      return true;
    } catch (e) {
      findings.push(writeFailure(region, e, group ? `tag ${rg}` : `create ${rg}`));
      remaining.push(rgTask);
      return false;
    }
  }

  async function assignRole(principal: ResolvedPrincipal | null): Promise<void> {
    if (!ctx || !principal || !roleTask) return;
    const name = roleAssignmentName(scope, principal.objectId);
    const body = {
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE_ID}`,
      principalId: principal.objectId,
      ...(principal.type ? { principalType: principal.type } : {}),
    };
    const delays = ctx.principalNotFoundDelaysMs ?? DEFAULT_PNF_DELAYS;
    progress(`Giving ${principal.display} the Owner role on ${rg}`, 0.7);
    for (let attempt = 0; ; attempt += 1) {
      try {
        // The SDK's URL template is "/{scope}/providers/…": pass the scope without its leading slash.
        await authorization.roleAssignments.create(scope.replace(/^\//, ''), name, body, { abortSignal: signal });
        done.push(req.dryRun ? `${roleTask}: would be assigned (dry run)` : `${roleTask}: assigned`);
        findings.push(
          finding(
            region,
            null,
            'info',
            AZURE_CODES.roleAssigned,
            req.dryRun
              ? `Dry run: ${principal.display} would get Owner on ${rg}.`
              : `${principal.display} now has the Owner role on ${rg} (role assignment ${name}). It can take a few minutes to take effect.`,
          ),
        );
        return;
      } catch (e) {
        const f = classify(e);
        if (f.code === 'RoleAssignmentExists') {
          done.push(`${roleTask}: already assigned`);
          return;
        }
        if (f.code === 'PrincipalNotFound' && attempt < delays.length) {
          progress(`Waiting for the directory to know ${principal.display} (attempt ${attempt + 2})`, 0.75);
          await sleep(delays[attempt]!, signal);
          continue;
        }
        remaining.push(roleTask);
        if (f.code === 'PrincipalNotFound') {
          findings.push(
            finding(
              region,
              null,
              'error',
              AZURE_CODES.principalNotFound,
              `Azure does not know ${principal.display} (object id ${principal.objectId}) yet after ${delays.length + 1} attempts: a new or just-invited user can take some minutes to replicate. Run prepare again later; the group is already in place.`,
            ),
          );
        } else {
          findings.push(writeFailure(region, e, `assign Owner on ${rg}`));
        }
        return;
      }
    }
  }
}

function writeFailure(region: string, e: unknown, what: string): Finding {
  const f = classify(e);
  if (f.kind === 'auth') return authFinding(region, f);
  if (f.kind === 'aborted')
    return finding(
      region,
      null,
      'warning',
      AZURE_CODES.cancelled,
      `Cancelled before "${what}" finished; see done/remaining for what exists.`,
    );
  if (f.code === 'RequestDisallowedByPolicy') {
    return finding(
      region,
      null,
      'error',
      AZURE_CODES.policyDenied,
      `An Azure Policy assignment forbids this: could not ${what} (RequestDisallowedByPolicy: ${f.message.slice(0, 400)}). Ask whoever manages Azure Policy in this subscription for an exemption, or change the project (location, tags, names) to what the policy allows; then run prepare again.`,
    );
  }
  if (f.code === 'ResourceGroupBeingDeleted') {
    return finding(
      region,
      'PxTeamsConnStaticResourceGroupName',
      'error',
      AZURE_CODES.rgBeingDeleted,
      `Could not ${what}: it is still being deleted (ResourceGroupBeingDeleted). Wait until the deletion has finished (a few minutes or more) and run prepare again.`,
    );
  }
  if (f.code === 'UnmatchedPrincipalType') {
    return finding(
      region,
      null,
      'error',
      AZURE_CODES.principalTypeMismatch,
      `Could not ${what}: Azure says the object is of another kind than Microsoft Graph reported (UnmatchedPrincipalType: ${f.message.slice(0, 300)}). Check the object id (Entra ID > Users, Groups or Enterprise applications) and run prepare again.`,
    );
  }
  if (f.code === 'AuthorizationFailed') {
    return finding(
      region,
      null,
      'error',
      AZURE_CODES.authorizationFailed,
      `Your account may not ${what} (AuthorizationFailed). This step needs the Owner of the subscription (or a User Access Administrator for role assignments). Nothing further was attempted: send them the PowerShell from "tcw azure prepare --dry-run" (or the wizard's "Show PowerShell"), or ask them for Owner on the subscription.`,
    );
  }
  return finding(
    region,
    null,
    'error',
    AZURE_CODES.requestFailed,
    `Azure refused to ${what}: ${f.code}${f.status ? ` (HTTP ${f.status})` : ''}: ${f.message.slice(0, 300)}. Run prepare again (it is safe to repeat); if it persists, check https://status.azure.com.`,
  );
}
