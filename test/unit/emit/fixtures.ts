// Projects the emitter tests share: the guide's example, and a second region for add-region.
import fc from 'fast-check';
import { exampleProject, exampleRegion } from '../../../shared/model/example.ts';
import type { Project, Region } from '../../../shared/model/project.ts';

export const APP_ID = 'c054d1cb-7961-48e1-b004-389e81356232';

export function usRegion(): Region {
  const r = exampleRegion({
    PxVmssRegion: 'us',
    PxTeamsConnFqdn: 'pexip-teamsconn-us.teams.example.com',
    PxNodeFqdns: ['px-us.vc.example.com'],
    PxAzureLocation: 'eastus',
    PxPfxCertFileName: '.\\connector-us.pfx',
    PxNodesSourceAddressPrefixes: ['198.51.100.80', '198.51.100.81', '203.0.113.10', '203.0.113.64/26'],
  });
  r.nodes = {
    pool: 'px-us.vc.example.com',
    members: [
      { fqdn: 'px-us01.vc.example.com', ip: '198.51.100.80' },
      { fqdn: 'px-us02.vc.example.com', ip: '198.51.100.81' },
    ],
  };
  return r;
}

export function twoRegionProject(appId: string | null = APP_ID): Project {
  const p = exampleProject();
  p.app.appId = appId;
  p.regions.push(usRegion());
  return p;
}

export function withAppId(p: Project, appId = APP_ID): Project {
  return { ...p, app: { appId } };
}

/** Pieces that break naive quoting in PowerShell: every kind of quote, expansions, escapes, breaks. */
export const HOSTILE_PIECES = [
  "'",
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '"',
  '\u201C',
  '\u201D',
  '$(whoami)',
  '${x}',
  '$x',
  '`',
  '`n',
  ';',
  '\n',
  '\r\n',
  '\r',
  "@'",
  "'@",
  '@"',
  '"@',
  '#',
  '<#',
  '#>',
  '|',
  '&',
  '{',
  '}',
  '(',
  ')',
  '\u2028',
  '\u0000',
  'a',
  ' ',
];

export const hostileString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...HOSTILE_PIECES), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
