// Pure parts of the Azure layer: endpoints, PowerShell quoting, quota arithmetic, assignment names,
// permission evaluation, DNS line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveEndpoints, checkEndpoint } from '../../../electron/services/azure/clouds.ts';
import { preparePowerShell } from '../../../electron/services/azure/prepare-powershell.ts';
import { psQuote as psLiteral } from '../../../shared/emit/ps-literals.ts';
import { quotaCheck, quotaMessage, actsAsOwner, permits } from '../../../electron/services/azure/preflight.ts';
import { uuidV5, roleAssignmentName } from '../../../electron/services/azure/prepare.ts';
import { dnsARecord, parsePublicIpId } from '../../../electron/services/azure/public-ip.ts';
import { InputError } from '../../../shared/model/input-error.ts';

test('clouds: the three public clouds and explicit endpoints', () => {
  const pub = resolveEndpoints();
  assert.equal(pub.arm, 'https://management.azure.com');
  assert.equal(pub.armScope, 'https://management.azure.com/.default');
  assert.equal(pub.graphScope, 'https://graph.microsoft.com/.default');
  assert.equal(resolveEndpoints({ cloud: 'azureusgovernment' }).arm, 'https://management.usgovcloudapi.net');
  assert.equal(resolveEndpoints({ cloud: 'AzureChinaCloud' }).authorityHost, 'https://login.chinacloudapi.cn');
  const custom = resolveEndpoints({ armEndpoint: 'https://127.0.0.1:8443/', authorityHost: 'https://127.0.0.1:9443' });
  assert.equal(custom.cloud, 'custom');
  assert.equal(custom.arm, 'https://127.0.0.1:8443');
  assert.throws(() => resolveEndpoints({ cloud: 'Mars' }), InputError);
});

test('clouds: https only (no plain http even on loopback); no credentials or query in endpoints', () => {
  assert.throws(() => checkEndpoint('ARM', 'http://management.example.com'), /plain http/);
  assert.throws(() => checkEndpoint('ARM', 'http://10.0.0.1:80'), /plain http/);
  // Not even on loopback: the SDK's bearer policy would refuse to send the token.
  assert.throws(() => checkEndpoint('ARM', 'http://127.0.0.1:8080'), /plain http/);
  assert.throws(() => checkEndpoint('ARM', 'http://[::1]:8080'), /plain http/);
  assert.equal(checkEndpoint('ARM', 'https://127.1.2.3:8080/'), 'https://127.1.2.3:8080');
  assert.throws(() => checkEndpoint('ARM', 'https://u:p@example.com'), /credentials/);
  assert.throws(() => checkEndpoint('ARM', 'ftp://example.com'), /https/);
  assert.throws(() => checkEndpoint('ARM', 'not a url'), /not a URL/);
});

test('PowerShell literals double the straight and the curly single quotes', () => {
  assert.equal(psLiteral("O'Brien"), "'O''Brien'");
  for (const q of ['\u2018', '\u2019', '\u201A', '\u201B']) assert.equal(psLiteral(`a${q}b`), `'a${q}${q}b'`);
  assert.equal(psLiteral('$(Remove-Item x) "y" `z'), '\'$(Remove-Item x) "y" `z\'');
});

test('prepare PowerShell: documented commands, every value quoted', () => {
  const ps = preparePowerShell({
    endpoints: { cloud: 'AzureUSGovernment', powershellEnvironment: 'AzureUSGovernment' },
    subscriptionId: 'sub',
    resourceGroup: "x'-static-RG",
    location: 'usgovvirginia',
    tags: { "Own'er": 'a\u2019b' },
    owner: { upn: "o'neil@example.com" },
    region: 'eu',
  });
  assert.match(ps, /^Connect-AzAccount -Environment 'AzureUSGovernment'$/m);
  assert.match(ps, /^Set-AzContext -SubscriptionId 'sub'$/m);
  assert.match(ps, /^\$tags = @\{ 'Own''er' = 'a\u2019\u2019b' \}$/m);
  assert.match(ps, /^New-AzResourceGroup -Name 'x''-static-RG' -Location 'usgovvirginia' -Force -Tag \$tags$/m);
  assert.match(
    ps,
    /^New-AzRoleAssignment -SignInName 'o''neil@example.com' -RoleDefinitionName "Owner" -ResourceGroupName 'x''-static-RG'$/m,
  );
  const none = preparePowerShell({
    endpoints: { cloud: 'AzureCloud', powershellEnvironment: 'AzureCloud' },
    subscriptionId: 's',
    resourceGroup: 'g',
    location: 'l',
    tags: {},
    owner: null,
    region: 'eu',
  });
  assert.doesNotMatch(none, /New-AzRoleAssignment/);
  assert.match(none, /^Connect-AzAccount$/m);
  assert.match(none, /^\$tags = @\{\}$/m);
});

test('quota arithmetic: free = limit − used, needed = 4 × instances', () => {
  assert.deepEqual(quotaCheck('standardFSFamily', 'Fs', 20, 4, 4), {
    name: 'standardFSFamily',
    label: 'Fs',
    limit: 20,
    used: 4,
    free: 16,
    needed: 16,
    ok: true,
  });
  assert.equal(quotaCheck('cores', 'c', 20, 4, 5).ok, false);
  assert.equal(quotaCheck('cores', 'c', 10, 12, 1).free, 0, 'over-used quota counts as none free');
  assert.equal(quotaCheck('cores', 'c', 400, 0, 100).needed, 400);
  const m = quotaMessage(quotaCheck('cores', 'Total regional vCPU', 20, 4, 5), 'westeurope', 5);
  assert.match(m, /16 vCPU free/);
  assert.match(m, /need 20/);
  assert.match(m, /at least 24/);
  assert.match(m, /Usage \+ quotas/);
});

test('role assignment names: RFC 4122 v5, deterministic per scope + principal + role', () => {
  // Known vector: uuid v5 of "www.example.com" in the DNS namespace.
  assert.equal(
    uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
    '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  );
  const a = roleAssignmentName('/subscriptions/S/resourceGroups/RG', 'P');
  assert.equal(a, roleAssignmentName('/subscriptions/s/resourcegroups/rg', 'p'), 'case-insensitive like ARM');
  assert.notEqual(a, roleAssignmentName('/subscriptions/s/resourcegroups/rg2', 'p'));
  assert.notEqual(a, roleAssignmentName('/subscriptions/s/resourcegroups/rg', 'q'));
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('permissions: Owner acts as owner; Contributor and Reader do not', () => {
  assert.equal(actsAsOwner([{ actions: ['*'], notActions: [] }]), true);
  const contributor = {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
    ],
  };
  assert.equal(actsAsOwner([contributor]), false);
  assert.equal(actsAsOwner([{ actions: ['*/read'] }]), false);
  assert.equal(actsAsOwner([contributor, { actions: ['*'] }]), true, 'any one role set granting it is enough');
  assert.equal(
    permits([{ actions: ['Microsoft.Authorization/*'] }], 'microsoft.authorization/roleassignments/write'),
    true,
  );
});

test('public IP id parsing and DNS A line', () => {
  assert.deepEqual(
    parsePublicIpId('/subscriptions/s/resourceGroups/x-static-RG/providers/Microsoft.Network/publicIPAddresses/pip1'),
    { resourceGroup: 'x-static-RG', name: 'pip1' },
  );
  assert.equal(parsePublicIpId('/subscriptions/s/resourceGroups/x/providers/Microsoft.Network/loadBalancers/lb'), null);
  assert.equal(
    dnsARecord('pexip-teamsconn-eu.teams.example.com', '20.1.2.3'),
    'pexip-teamsconn-eu.teams.example.com. IN A 20.1.2.3',
  );
});
