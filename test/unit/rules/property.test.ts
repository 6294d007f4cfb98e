// validateProject never throws, on any schema-valid project, and never leaks the password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateProject, validateField, RULES } from '../../../shared/rules/validate.ts';
import { projectSchema, type Project } from '../../../shared/model/project.ts';

// Strings biased towards the characters rules care about, plus arbitrary Unicode.
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.stringMatching(/^[0-9./:\- *a-zA-Z]{0,24}$/),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '01',
    '100',
    '101',
    '23',
    '24',
    '0.0.0.0/0',
    '91.90.42.96/26',
    '::1',
    '*.a.com',
    'a..b',
    '\u0000',
    'westeurope',
    '1.2.3.4/33',
  ),
);
const list = fc.array(nasty, { maxLength: 6 });

const region = fc.record({
  variables: fc.record({
    PxBaseConnName: nasty,
    PxVmssRegion: nasty,
    PxTeamsConnFqdn: nasty,
    PxNodeFqdns: list,
    PxSubscriptionId: nasty,
    PxAzureLocation: nasty,
    PxWinAdminUser: nasty,
    PxTeamsConnInstanceCount: nasty,
    PxTeamsConnResourceGroupName: fc.option(nasty),
    PxTeamsConnStaticResourceGroupName: fc.option(nasty),
    PxTeamsConnIncidentReporting: fc.boolean(),
    PxPfxCertFileName: nasty,
    PxMgmtSrcAddrPrefixes: list,
    PxNodesSourceAddressPrefixes: list,
    PxConsentSourceAddressPrefixes: list,
    PxWupdScheduledInstallDay: nasty,
    PxWupdScheduledInstallTime: nasty,
    PxWupdActiveHoursStart: nasty,
    PxWupdActiveHoursEnd: nasty,
    PxCustomerUsageAttribution: fc.option(fc.boolean()),
    tags: fc.dictionary(nasty, nasty, { maxKeys: 6 }),
  }),
  nodes: fc.record({
    pool: nasty,
    members: fc.array(fc.record({ fqdn: nasty, ip: fc.option(nasty) }), { maxLength: 4 }),
  }),
});

const project = fc.record({
  format: fc.constant('tcw-project/1' as const),
  connectorVersion: nasty,
  infinity: fc.record({
    primaryDomain: nasty,
    subdomain: nasty,
    sfbFederation: fc.boolean(),
    teams: fc.record({
      ivrAlias: nasty,
      testCallAlias: fc.option(nasty),
      browserJoin: fc.boolean(),
      prefix: fc.option(nasty),
      instructionIp: fc.option(nasty),
    }),
  }),
  app: fc.record({ appId: fc.option(nasty) }),
  regions: fc.array(region, { maxLength: 4 }),
});

test('validateProject never throws on schema-valid projects and every finding is well-formed', () => {
  fc.assert(
    fc.property(project, fc.option(nasty), (p, password) => {
      const parsed = projectSchema.safeParse(p);
      fc.pre(parsed.success);
      const findings = validateProject(parsed.data as Project, password === null ? {} : { adminPassword: password });
      for (const f of findings) {
        assert.ok(f.code in RULES, f.code);
        assert.ok(f.message.length > 0);
        assert.ok(!/[\n\r]/.test(f.message), 'messages stay on one line');
        if (password !== null && password.length >= 4 && f.field === 'PxWinAdminPassword') {
          assert.ok(!f.message.includes(password), 'password leaked');
        }
      }
    }),
    { numRuns: 400 },
  );
});

test('validateField never throws either', () => {
  fc.assert(
    fc.property(nasty, (v) => {
      for (const field of [
        'PxBaseConnName',
        'PxVmssRegion',
        'PxTeamsConnFqdn',
        'PxSubscriptionId',
        'PxAzureLocation',
        'PxWinAdminUser',
        'PxWinAdminPassword',
        'PxTeamsConnInstanceCount',
        'PxPfxCertFileName',
        'PxWupdScheduledInstallDay',
        'PxWupdActiveHoursEnd',
        'nodes.pool',
      ] as const) {
        validateField(field, v, { variables: { PxWupdActiveHoursStart: v, PxBaseConnName: v } });
      }
      validateField('PxNodesSourceAddressPrefixes', [v], { nodes: { pool: v, members: [{ fqdn: v, ip: v }] } });
    }),
    { numRuns: 300 },
  );
});
