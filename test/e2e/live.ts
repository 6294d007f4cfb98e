// The real services behind browser mode for the e2e: the Azure HTTPS emulator (its test CA handed to
// `tcw ui` through NODE_EXTRA_CA_CERTS, its endpoints through TCW_AZURE_*), the loopback DNS test
// server with the guide's example zone, and the certificate corpus (private test PKI). Everything
// listens on 127.0.0.1; the emulator runs in the test process so its recorded state can be asserted.
import { rmSync } from 'node:fs';
import { makeTestCa } from '../support/azure-emulator/ca.ts';
import { startAzureEmulator, ROLE, type AzureEmulator } from '../support/azure-emulator/emulator.ts';
import { startDnsServer, exampleZone, type TestDnsServer } from '../support/dns-server.ts';
import { certCorpus, type CertCorpus } from '../support/cert-corpus.ts';
import { exampleProject } from '../../shared/model/example.ts';
import { derivedNames } from '../../shared/model/derived.ts';

export interface Live {
  emu: AzureEmulator;
  dns: TestDnsServer;
  corpus: CertCorpus;
  /** Environment for `tcw ui`. */
  env: Record<string, string>;
  /** The user the emulator's device-code flow signs in. */
  deviceUser: string;
  /** The public IP the emulator's load balancer carries (and the zone's A record). */
  publicIp: string;
  staticRg: string;
  close(): Promise<void>;
}

export async function startLive(): Promise<Live> {
  const ca = makeTestCa();
  const v = exampleProject().regions[0]!.variables;
  const d = derivedNames(v);
  const publicIp = '20.50.60.70';
  const emu = await startAzureEmulator(ca);
  const sub = emu.state.subscriptions[0]!.subscriptionId;
  // A finished deployment: the dynamic group with its load balancer and public IP.
  emu.state.resourceGroups.push({
    subscriptionId: sub,
    name: d.dynamicResourceGroup,
    location: v.PxAzureLocation,
    tags: {},
  });
  // The public IP lives in the static group (it survives redeploys); that group is created in the Prepare step.
  emu.state.publicIps.push({
    resourceGroup: d.staticResourceGroup,
    name: `${d.vmss}-pip`,
    location: v.PxAzureLocation,
    ipAddress: publicIp,
  });
  emu.state.loadBalancers.push({
    resourceGroup: d.dynamicResourceGroup,
    name: `${d.vmss}-lb`,
    location: v.PxAzureLocation,
    frontendPublicIpIds: [
      `/subscriptions/${sub}/resourceGroups/${d.staticResourceGroup}/providers/Microsoft.Network/publicIPAddresses/${d.vmss}-pip`,
    ],
  });
  const dns = await startDnsServer(exampleZone(publicIp));
  const corpus = certCorpus();
  return {
    emu,
    dns,
    corpus,
    publicIp,
    staticRg: d.staticResourceGroup,
    deviceUser: emu.state.users[1]!.id,
    env: {
      NODE_EXTRA_CA_CERTS: ca.caPemPath,
      TCW_AZURE_ARM_ENDPOINT: emu.urls.arm,
      TCW_AZURE_GRAPH_ENDPOINT: emu.urls.graph,
      TCW_AZURE_AUTHORITY_HOST: emu.urls.login,
    },
    close: async () => {
      await Promise.all([emu.close(), dns.close()]);
      rmSync(ca.dir, { recursive: true, force: true });
    },
  };
}

/** Gives (or takes back) the device-code user Owner on the subscription, as a subscription admin would. */
export function setSubscriptionOwner(live: Live, on: boolean): void {
  const st = live.emu.state;
  const sub = st.subscriptions[0]!.subscriptionId;
  const scope = `/subscriptions/${sub}`;
  const isIt = (a: (typeof st.roleAssignments)[number]) =>
    a.principalId === live.deviceUser && a.scope === scope && a.roleDefinitionId.endsWith(ROLE.owner);
  st.roleAssignments = st.roleAssignments.filter((a) => !isIt(a));
  if (on)
    st.roleAssignments.push({
      name: '44444444-4444-4444-8444-444444444444',
      scope,
      roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}`,
      principalId: live.deviceUser,
      principalType: 'User',
    });
}
