// Test doubles of the API boundary (never of our pure functions) and helpers for the machine tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  WizardApi,
  AzureAccount,
  PreflightResult,
  PrepareResult,
  PublicIpResult,
  CertResult,
  OperationEvent,
  DoctorReport,
} from '../../../shared/api/wizard-api.ts';
import { WIZARD_API_METHODS } from '../../../shared/api/wizard-api.ts';
import { createWizardService } from '../../../electron/services/wizard-api/wizard-service.ts';
import { MemorySecretStore } from '../../../electron/services/secrets/secret-store.ts';
import { dispatch } from '../../../electron/services/wizard-api/dispatch.ts';

export interface Call {
  method: string;
  args: unknown[];
}

export const ACCOUNT: AzureAccount = {
  userPrincipalName: 'admin@example.com',
  tenantId: '11111111-2222-3333-4444-555555555555',
  subscriptions: [
    {
      id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      name: 'Video',
      tenantId: '11111111-2222-3333-4444-555555555555',
      state: 'Enabled',
    },
  ],
};

export const PREFLIGHT: PreflightResult = {
  findings: [],
  facts: {
    skuAvailable: true,
    automationAvailable: true,
    fsFamilyFree: 20,
    regionalFree: 40,
    vcpuNeeded: 12,
    staticGroupExists: false,
    canActAsOwner: true,
    deletedKeyVaults: [],
  },
};

export const PREPARED: PrepareResult = {
  findings: [],
  done: ['Resource group contoso-TeamsConn-eu-static-RG exists in westeurope'],
  remaining: [],
  requests: [],
  powershell: 'New-AzResourceGroup …',
};

export const CERT_OK: CertResult = {
  file: 'connector.pfx',
  ok: true,
  findings: [],
  certificate: {
    subject: 'CN=pexip-teamsconn-eu.teams.example.com',
    issuer: 'CN=Example CA',
    subjectAltNames: ['pexip-teamsconn-eu.teams.example.com'],
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2027-01-01T00:00:00Z',
    keyType: 'RSA',
    keySize: 2048,
    extendedKeyUsages: ['serverAuth', 'clientAuth'],
    signatureAlgorithm: 'sha256WithRSAEncryption',
    thumbprintSha1: 'AA',
    thumbprintSha256: 'BB',
    chain: ['CN=pexip-teamsconn-eu.teams.example.com', 'CN=Example CA'],
  },
};

/** A doctor's report with one red line (the RDP rule drifted), as the After-deployment check shows it. */
export const DOCTOR_REPORT: DoctorReport = {
  verdict: 'findings',
  findings: [],
  regions: [
    {
      region: 'eu',
      publicIp: '20.1.2.3',
      items: [
        {
          id: 'nsg.rdp',
          area: 'network',
          title: 'NSG rule RDP (priority 1000)',
          status: 'error',
          detail: '1 address more than the project',
          findings: [],
          fixes: [{ kind: 'portal', text: 'Remove 0.0.0.0/0 from the RDP rule' }],
          rank: 30,
        },
        {
          id: 'vmss',
          area: 'azure',
          title: 'Scale set',
          status: 'ok',
          detail: '2 of 2 instances running',
          findings: [],
          fixes: [],
          rank: 10,
        },
      ],
    },
  ],
};

export const PUBLIC_IP: PublicIpResult = {
  findings: [],
  ip: '20.1.2.3',
  dnsRecord: 'pexip-teamsconn-eu.teams.example.com. IN A 20.1.2.3',
};

/**
 * The real in-process WizardApi (validate, generate, import, save, projects) with recorded calls;
 * Azure and certificate calls answer from `overrides` (a double of the bridge for what needs a network).
 */
export function apiDouble(overrides: Partial<WizardApi> = {}): {
  api: WizardApi;
  calls: Call[];
  emit: (e: OperationEvent) => void;
  dataDir: string;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'tcw-renderer-'));
  // Electron-like host: saving needs a dialog-granted folder; here the tests' own tcw-save-* temp folders.
  const saveRoot = join(tmpdir(), 'tcw-save-');
  const service = createWizardService({
    mode: 'electron',
    version: '0.0.0-test',
    dataDir,
    secrets: new MemorySecretStore(),
    host: { isFolderGranted: (folder) => folder.startsWith(saveRoot) },
  });
  // Every call goes through the real dispatch, so the machines' requests must pass the schemas.
  const checked = Object.fromEntries(
    WIZARD_API_METHODS.map((m) => [m, (...args: unknown[]) => dispatch(service, m, args)]),
  ) as unknown as Omit<WizardApi, 'onEvent'>;
  const calls: Call[] = [];
  const listeners = new Set<(e: OperationEvent) => void>();
  const base: WizardApi = {
    ...checked,
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    azureSignIn: async () => ACCOUNT,
    azurePreflight: async () => PREFLIGHT,
    azurePrepare: async (req) =>
      req.dryRun
        ? {
            ...PREPARED,
            done: [],
            remaining: ['Create the resource group'],
            powershell: 'Connect-AzAccount\nNew-AzResourceGroup …',
          }
        : PREPARED,
    azurePublicIp: async () => PUBLIC_IP,
    analyzePfx: async () => CERT_OK,
    cancel: async () => undefined,
    ...overrides,
  };
  const api = new Proxy(base, {
    get(target, prop: string) {
      const v = (target as unknown as Record<string, unknown>)[prop];
      if (typeof v !== 'function' || prop === 'onEvent') return v;
      return (...args: unknown[]) => {
        calls.push({ method: prop, args });
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { api, calls, emit: (e) => listeners.forEach((l) => l(e)), dataDir };
}

/** Waits until the actor's snapshot satisfies `pred` (operations resolve asynchronously). */
export async function until<S>(
  actor: { getSnapshot(): S; subscribe(fn: (s: S) => void): { unsubscribe(): void } },
  pred: (s: S) => boolean,
  ms = 5000,
): Promise<S> {
  const now = actor.getSnapshot();
  if (pred(now)) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`timed out; state ${JSON.stringify((actor.getSnapshot() as { value?: unknown }).value)}`));
    }, ms);
    const sub = actor.subscribe((s) => {
      if (pred(s)) {
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(s);
      }
    });
  });
}
