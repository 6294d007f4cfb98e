// The Azure layer, as the app's main process and the CLI use it.
export { resolveEndpoints, checkEndpoint, CLOUD_NAMES, type AzureEndpoints, type EndpointOptions } from './clouds.ts';
export {
  createCredentials,
  StaticTokenCredential,
  DEFAULT_PUBLIC_CLIENT_ID,
  DEFAULT_PUBLIC_CLIENT_NAME,
  signInApplication,
  OneFlowCredential,
  tokenClaims,
  type CredentialMethod,
  type CredentialOptions,
  type AzureCredentials,
  type DeviceCodePrompt,
} from './credentials.ts';
export {
  configureTokenCache,
  ensureCachePlugin,
  clearTokenCache,
  saveAuthenticationRecord,
  loadAuthenticationRecord,
  tokenCacheEnabled,
  type TokenProtector,
  type TokenCacheConfig,
} from './token-cache.ts';
export {
  type AzureContext,
  type OperationOptions,
  type RetryTuning,
  classify,
  forSubscription,
  withTenant,
  inSubscription,
} from './arm-context.ts';
export { signInContext, type SignInChoice } from './sign-in-context.ts';
export { signIn, listSubscriptions, listTenants, type SignInResult, type TenantInfo } from './account.ts';
export {
  preflight,
  preflightWithSnapshot,
  quotaCheck,
  type StaticGroupSnapshot,
  REQUIRED_PROVIDERS,
} from './preflight.ts';
export {
  prepare,
  roleAssignmentName,
  SNAPSHOT_MAX_AGE_MS,
  type PrepareOptions,
  uuidV5,
  OWNER_ROLE_ID,
} from './prepare.ts';
export { publicIp, dnsARecord } from './public-ip.ts';
export { preparePowerShell } from './prepare-powershell.ts';
export { AZURE_CODES } from './findings.ts';
