// ROUND TRIP: random valid projects → generateArtifacts (init and redeploy scripts, with secrets) →
// importScripts → the same variables, app ID and secrets. Hostile text (every quote kind, "$( … )",
// backticks, "#", "<#") rides in the free-text values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateArtifacts } from '../../../shared/emit/generate.ts';
import { importScripts } from '../../../shared/import/import-scripts.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { PROJECT_FORMAT, type Project, type Region } from '../../../shared/model/project.ts';

// Detected at run time: while shared/emit is still the placeholder this test is skipped, not faked.
const emittersLanded = generateArtifacts({
  project: exampleProject(),
  journey: 'first-install',
  includeSecrets: false,
}).artifacts.some((a) => a.kind === 'init-script');

const lower = 'abcdefghijklmnopqrstuvwxyz';
const chars = (set: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...set.split('')), { minLength: min, maxLength: max }).map((a) => a.join(''));
const label = chars(lower, 1, 8);
const fqdn = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), chars(lower, 2, 6))
  .map(([ls, tld]) => [...ls, 'example', tld].join('.'));
const octet = fc.integer({ min: 0, max: 255 });
// Public-looking unicast addresses (1–223, not 127); CIDRs without host bits.
const firstOctet = fc.integer({ min: 1, max: 223 }).filter((n) => n !== 127 && n !== 10);
const ip = fc.tuple(firstOctet, octet, octet, fc.integer({ min: 1, max: 254 })).map((o) => o.join('.'));
const cidr = fc.tuple(firstOctet, octet, octet).map(([a, b, c]) => `${a}.${b}.${c}.0/24`);
const prefixes = fc.uniqueArray(fc.oneof(ip, cidr), { maxLength: 4 });
/** Text that would break any naive quoting: every quote kind, $( ), backticks, comments. */
const hostile = fc
  .array(
    fc.constantFrom(
      "'",
      '\u2018',
      '\u2019',
      '\u201A',
      '\u201B',
      '"',
      '\u201C',
      '\u201D',
      '$',
      '$(x)',
      '`',
      '#',
      '<#',
      '#>',
      '@(',
      ';',
      ',',
      '+',
      ' ',
      'a',
      'Z',
      '9',
      'é',
      '—',
    ),
    { minLength: 1, maxLength: 20 },
  )
  .map((a) => a.join(''));

const regionArb = (index: number): fc.Arbitrary<Region> =>
  fc
    .record({
      base: fc.tuple(chars(lower, 1, 1), chars(lower + '0123456789', 0, 8)).map(([a, b]) => a + b),
      nodes: fc.uniqueArray(fqdn, { minLength: 1, maxLength: 3 }),
      fqdn,
      sub: fc.uuid(),
      location: fc.constantFrom('westeurope', 'northeurope', 'eastus', 'southcentralus', 'australiaeast'),
      user: chars(lower, 2, 10).map((s) => `px${s}`),
      count: fc.integer({ min: 1, max: 100 }),
      dynRg: fc.option(
        chars(lower + '0123456789-', 1, 20).map((s) => `rg-${s}`),
        { nil: null },
      ),
      staticRg: fc.option(
        chars(lower + '0123456789-', 1, 20).map((s) => `rgs-${s}`),
        { nil: null },
      ),
      incident: fc.boolean(),
      pfx: chars(lower + '0123456789_', 1, 12).map((s) => `.\\${s}.pfx`),
      mgmt: prefixes,
      nodesPrefixes: prefixes,
      consent: prefixes,
      day: fc.integer({ min: 0, max: 7 }),
      time: fc.integer({ min: 0, max: 23 }),
      start: fc.integer({ min: 0, max: 23 }),
      len: fc.integer({ min: 1, max: 18 }),
      usage: fc.boolean(),
      tags: fc
        .dictionary(
          fc.tuple(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1, 1), chars(lower, 0, 10)).map(([a, b]) => a + b),
          hostile,
          { maxKeys: 4 },
        )
        .map((d) => ({ ...d })),
    })
    .map((r) => ({
      variables: {
        PxBaseConnName: r.base,
        // distinct per region, 2-4 chars
        PxVmssRegion: `r${index}${'abcdefghij'[index % 10]}`.slice(0, 4),
        PxTeamsConnFqdn: `conn${index}.${r.fqdn}`,
        PxNodeFqdns: r.nodes,
        PxSubscriptionId: r.sub,
        PxAzureLocation: r.location,
        PxWinAdminUser: r.user,
        PxTeamsConnInstanceCount: String(r.count),
        // chosen names carry the region's index: distinct across regions, as the rules require
        PxTeamsConnResourceGroupName: r.dynRg && r.dynRg.replace(/^rg-/, `rg${index}-`),
        PxTeamsConnStaticResourceGroupName: r.staticRg && r.staticRg.replace(/^rgs-/, `rgs${index}-`),
        PxTeamsConnIncidentReporting: r.incident,
        PxPfxCertFileName: r.pfx,
        PxMgmtSrcAddrPrefixes: r.mgmt,
        PxNodesSourceAddressPrefixes: r.nodesPrefixes,
        PxConsentSourceAddressPrefixes: r.consent,
        PxWupdScheduledInstallDay: String(r.day),
        PxWupdScheduledInstallTime: String(r.time),
        PxWupdActiveHoursStart: String(r.start),
        PxWupdActiveHoursEnd: String((r.start + r.len) % 24),
        PxCustomerUsageAttribution: r.usage,
        tags: r.tags,
      },
      nodes: { pool: r.nodes[0]!, members: [] },
      publicIp: null,
    }));

const projectArb: fc.Arbitrary<{ project: Project; adminPassword: string; appPassword: string }> = fc
  .integer({ min: 1, max: 3 })
  .chain((n) =>
    fc.record({
      regions: fc.tuple(...Array.from({ length: n }, (_, i) => regionArb(i))),
      appId: fc.uuid(),
      adminPassword: hostile.map((h) => `Aa1!bcde${h}`),
      appPassword: hostile.map((h) => `k~${h}`),
    }),
  )
  .map(({ regions, appId, adminPassword, appPassword }) => {
    // One deployment: base name and subscription are shared by every region (cross-region rules).
    const shared = regions[0]!.variables;
    for (const r of regions) {
      r.variables.PxBaseConnName = shared.PxBaseConnName;
      r.variables.PxSubscriptionId = shared.PxSubscriptionId;
    }
    const project: Project = {
      format: PROJECT_FORMAT,
      connectorVersion: '26.2',
      infinity: {
        primaryDomain: 'example.com',
        subdomain: 'vc.example.com',
        sfbFederation: false,
        teams: { ivrAlias: 'teams', testCallAlias: null, browserJoin: true, prefix: null, instructionIp: null },
      },
      app: { appId },
      regions: [...regions],
    };
    return { project, adminPassword, appPassword };
  });

test(
  'round trip: generate → import gives back the same variables, app ID and secrets',
  { skip: emittersLanded ? false : 'emitters not landed' },
  () => {
    fc.assert(
      fc.property(projectArb, ({ project, adminPassword, appPassword }) => {
        const gen = generateArtifacts({
          project,
          journey: 'first-install',
          includeSecrets: true,
          secrets: { adminPassword, appPassword },
        });
        const errors = gen.findings.filter((f) => f.severity === 'error');
        assert.deepEqual(errors, [], 'the arbitrary must produce valid projects');
        const redeploy = gen.artifacts.find((a) => a.kind === 'redeploy-script');
        assert.ok(redeploy, 'a redeploy script is generated');
        for (const region of project.regions) {
          const init = gen.artifacts.find(
            (a) => a.kind === 'init-script' && a.region === region.variables.PxVmssRegion,
          );
          assert.ok(init, `an init script for ${region.variables.PxVmssRegion}`);
          const r = importScripts({ initScript: init.content, redeployScript: redeploy.content });
          assert.ok(r.project, JSON.stringify(r.findings));
          assert.deepEqual(r.project.regions[0]!.variables, region.variables);
          assert.equal(r.project.app.appId, project.app.appId);
          assert.equal(r.secrets.adminPassword, adminPassword);
          assert.equal(r.secrets.appPassword, appPassword);
          const bad = r.findings.filter((f) => f.severity !== 'info');
          assert.deepEqual(bad, [], 'a generated script imports without warnings');
        }
        // Without secrets the scripts hold none, and the import finds none.
        const plain = generateArtifacts({
          project,
          journey: 'first-install',
          includeSecrets: false,
          secrets: { adminPassword, appPassword },
        });
        for (const a of plain.artifacts) {
          assert.ok(!a.content.includes(adminPassword) && !a.content.includes(appPassword), a.fileName);
        }
        const init0 = plain.artifacts.find((a) => a.kind === 'init-script')!;
        const again = importScripts({ initScript: init0.content });
        assert.equal(again.secrets.adminPassword, undefined);
        assert.deepEqual(again.project!.regions[0]!.variables, project.regions[0]!.variables);
      }),
      { numRuns: 150 },
    );
  },
);
