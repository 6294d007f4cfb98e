// Finding codes of the Azure layer (documented in docs/azure.md) and shared helpers.
import type { Finding, Severity } from '../../../shared/model/finding.ts';
import { classify, type AzureFailure } from './arm-context.ts';

export const AZURE_CODES = {
  skuUnavailable: 'azure.sku-unavailable',
  automationUnavailable: 'azure.automation-unavailable',
  quotaInsufficient: 'azure.quota-insufficient',
  notOwner: 'azure.not-owner',
  deletedKeyVault: 'azure.deleted-key-vault',
  providerUnregistered: 'azure.provider-unregistered',
  authFailed: 'azure.auth-failed',
  rgLocationMismatch: 'azure.rg-location-mismatch',
  rgNotFound: 'azure.rg-not-found',
  authorizationFailed: 'azure.authorization-failed',
  ownerNotFound: 'azure.owner-not-found',
  principalNotFound: 'azure.principal-not-found',
  roleAssigned: 'azure.role-assigned',
  lbNotFound: 'azure.lb-not-found',
  publicIpNotFound: 'azure.public-ip-not-found',
  checkFailed: 'azure.check-failed',
  requestFailed: 'azure.request-failed',
  regionNotFound: 'azure.region-not-found',
  cancelled: 'azure.cancelled',
  dryRunOffline: 'azure.dry-run-offline',
  rgBeingDeleted: 'azure.rg-being-deleted',
  policyDenied: 'azure.policy-denied',
  principalTypeMismatch: 'azure.principal-type-mismatch',
  ownerUnverified: 'azure.owner-unverified',
  otherTenant: 'azure.other-tenant',
} as const;

export function finding(
  region: string | null,
  field: string | null,
  severity: Severity,
  code: string,
  message: string,
): Finding {
  return { region, field, severity, code, message };
}

/** A sign-in failure: one message telling the user how to sign in again. */
export function authFinding(region: string | null, f: AzureFailure): Finding {
  const detail = f.message.split('\n')[0]!.slice(0, 300);
  return finding(
    region,
    null,
    'error',
    AZURE_CODES.authFailed,
    `Signing in to Azure failed (${detail}). Sign in again (tcw azure login, or the Sign in button), check the tenant, and for a pre-obtained token make sure it is current and issued for this cloud's Resource Manager / Microsoft Graph.`,
  );
}

/** Converts an error from a read-only check into a finding (or null if it is an auth error handled once). */
export function checkFailure(
  region: string | null,
  field: string | null,
  what: string,
  e: unknown,
): { finding: Finding; failure: AzureFailure } {
  const f = classify(e);
  if (f.kind === 'auth') return { finding: authFinding(region, f), failure: f };
  if (f.kind === 'aborted')
    return {
      finding: finding(region, field, 'warning', AZURE_CODES.cancelled, `${what}: cancelled before it finished.`),
      failure: f,
    };
  if (f.code === 'AuthorizationFailed') {
    return {
      finding: finding(
        region,
        field,
        'warning',
        AZURE_CODES.checkFailed,
        `Could not check ${what}: your account may not read it (${f.code}). Ask for at least Reader on the subscription, or have someone who has it run the preflight.`,
      ),
      failure: f,
    };
  }
  return {
    finding: finding(
      region,
      field,
      'warning',
      AZURE_CODES.checkFailed,
      `Could not check ${what}: ${f.code}${f.status ? ` (HTTP ${f.status})` : ''}: ${f.message.slice(0, 300)}. Run the preflight again; if it persists, check https://status.azure.com for the region.`,
    ),
    failure: f,
  };
}

/** Auth findings repeat per failed call; keep one. */
export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = f.code === AZURE_CODES.authFailed ? f.code : `${f.code}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
