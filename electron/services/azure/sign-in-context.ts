// The one way the CLI and the app build an Azure context from a sign-in choice: the cloud's
// endpoints, the sign-in application, and, for the interactive methods, the account saved last
// time (reused only when it belongs to the tenant asked for). No network here.
import { resolveEndpoints, type EndpointOptions } from './clouds.ts';
import { createCredentials, signInApplication, type CredentialMethod, type DeviceCodePrompt } from './credentials.ts';
import type { AzureContext } from './arm-context.ts';
import { loadAuthenticationRecord } from './token-cache.ts';

export interface SignInChoice {
  method: CredentialMethod;
  endpoints: EndpointOptions;
  /** Tenant id or domain asked for; otherwise the saved account's, else any work account. */
  tenant?: string;
  /** The sign-in application's client id, when not the default (or TCW_CLIENT_ID). */
  clientId?: string;
  /** Pre-obtained tokens (method "token"). */
  armToken?: string;
  graphToken?: string;
  env: Record<string, string | undefined>;
  /** Where the last account's authentication record is kept (browser and device code only). */
  recordDir?: string;
  /** Name of the persistent token cache (the app, when the OS protects it). */
  cacheName?: string;
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
}

export function signInContext(o: SignInChoice): AzureContext {
  const endpoints = resolveEndpoints(o.endpoints);
  const interactive = o.method === 'browser' || o.method === 'device-code';
  const record = o.recordDir !== undefined && interactive ? loadAuthenticationRecord(o.recordDir) : undefined;
  const credentials = createCredentials({
    method: o.method,
    endpoints,
    tenantId: o.tenant ?? record?.tenantId,
    clientId: signInApplication(o.env, o.clientId).clientId,
    armToken: o.armToken,
    graphToken: o.graphToken,
    env: o.env,
    ...(record && (!o.tenant || o.tenant === record.tenantId) ? { authenticationRecord: record } : {}),
    ...(o.cacheName !== undefined ? { cacheName: o.cacheName } : {}),
    onDeviceCode: o.onDeviceCode,
  });
  return { endpoints, credentials };
}
