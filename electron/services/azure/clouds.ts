// Which Azure to talk to: the three public clouds, or explicit endpoints (sovereign/private
// deployments and the test emulator, which serves https on 127.0.0.1). Only https: the SDK's bearer
// token policy refuses to send a token over plain http, even to a loopback address.
import type { AzureCloud } from '../../../shared/api/wizard-api.ts';
import { InputError } from '../../../shared/model/input-error.ts';

export interface AzureEndpoints {
  /** Cloud name, or "custom" when any endpoint was given explicitly. */
  cloud: AzureCloud | 'custom';
  /** Azure Resource Manager, without trailing slash, e.g. https://management.azure.com */
  arm: string;
  /** Microsoft Graph, without trailing slash, e.g. https://graph.microsoft.com */
  graph: string;
  /** Microsoft Entra ID authority host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** Token scopes for ARM and Graph. */
  armScope: string;
  graphScope: string;
  /** Name for Connect-AzAccount -Environment. */
  powershellEnvironment: string;
}

const CLOUDS: Record<AzureCloud, { arm: string; graph: string; authorityHost: string; ps: string }> = {
  AzureCloud: {
    arm: 'https://management.azure.com',
    graph: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
    ps: 'AzureCloud',
  },
  AzureUSGovernment: {
    arm: 'https://management.usgovcloudapi.net',
    graph: 'https://graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us',
    ps: 'AzureUSGovernment',
  },
  AzureChinaCloud: {
    arm: 'https://management.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    ps: 'AzureChinaCloud',
  },
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as AzureCloud[];

export interface EndpointOptions {
  cloud?: string;
  armEndpoint?: string;
  graphEndpoint?: string;
  authorityHost?: string;
}

/** Checks an endpoint URL: absolute, https, no query or credentials. */
export function checkEndpoint(label: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new InputError(`${label} "${value}" is not a URL; give it as https://host[:port].`);
  }
  if (u.protocol === 'http:')
    throw new InputError(
      `${label} ${value} uses plain http; tokens would travel unencrypted (and Azure's libraries refuse to send them). Use the https:// address.`,
    );
  if (u.protocol !== 'https:') throw new InputError(`${label} must be an https:// URL (got ${u.protocol}).`);
  if (u.username || u.password || u.search || u.hash)
    throw new InputError(`${label} must not contain credentials, a query or a fragment.`);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

export function resolveEndpoints(o: EndpointOptions = {}): AzureEndpoints {
  const name = o.cloud ?? 'AzureCloud';
  const known = CLOUD_NAMES.find((c) => c.toLowerCase() === name.toLowerCase());
  if (!known)
    throw new InputError(
      `Unknown cloud "${name}"; use one of ${CLOUD_NAMES.join(', ')}, or give --arm-endpoint, --graph-endpoint and --authority-host.`,
    );
  const base = CLOUDS[known];
  const custom = Boolean(o.armEndpoint || o.graphEndpoint || o.authorityHost);
  const arm = checkEndpoint('The ARM endpoint', o.armEndpoint ?? base.arm);
  const graph = checkEndpoint('The Graph endpoint', o.graphEndpoint ?? base.graph);
  const authorityHost = checkEndpoint('The authority host', o.authorityHost ?? base.authorityHost);
  return {
    cloud: custom ? 'custom' : known,
    arm,
    graph,
    authorityHost,
    armScope: `${arm}/.default`,
    graphScope: `${graph}/.default`,
    powershellEnvironment: base.ps,
  };
}
