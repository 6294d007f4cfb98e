// Every artifact of a journey. Nothing is generated from a project with an error finding, nor for a
// connector major version other than the one the emitters reproduce (26).
import type { Artifact, GenerateRequest, GenerateResult } from '../api/wizard-api.ts';
import { hasErrors, sortFindings, type Finding } from '../model/finding.ts';
import type { Project, Region } from '../model/project.ts';
import { validateProject } from '../rules/validate.ts';
import { SUPPORTED_MAJOR, fileNames, majorOf } from './script-parts.ts';
import { emitDnsRecords } from './dns-records.ts';
import { emitFirewall } from './firewall.ts';
import { emitInitScript } from './init-script.ts';
import { emitInstallScript } from './install-script.ts';
import { emitRedeployScript } from './redeploy-script.ts';
import { emitRunbook } from './runbook.ts';
import { emitStaticRgScript } from './static-rg.ts';
import { emitTeamsCommands } from './teams.ts';

export { psQuote, psArray, psHashtable, psBool } from './ps-literals.ts';
export { dnsRecords, type DnsRecord } from './dns-records.ts';
export { instructionUri, tenantKey } from './teams.ts';
export { fileNames } from './script-parts.ts';

/** Codes of the findings this module adds itself (the rules module owns all others). */
export const EMIT_CODES = {
  versionUnsupported: 'version.unsupported',
  regionRequired: 'journey.region-required',
  regionUnknown: 'journey.region-unknown',
  noRegions: 'journey.no-regions',
  appIdMissing: 'app.app-id-missing',
  unsafeValue: 'emit.unsafe-value',
  usageAttributionUnset: 'emit.usage-attribution-unset',
} as const;

function finding(
  region: string | null,
  field: string | null,
  severity: Finding['severity'],
  code: string,
  message: string,
): Finding {
  return { region, field, severity, code, message };
}

/**
 * Last line of defence behind the rules: values that would make a file misleading (control characters,
 * line breaks) or a region folder name unsafe. Only consulted when the rules found no error.
 */
function backstop(project: Project): Finding[] {
  const out: Finding[] = [];
  const bad = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
  const walk = (value: unknown, path: string, region: string | null) => {
    if (typeof value === 'string') {
      if (bad.test(value)) {
        out.push(
          finding(
            region,
            path,
            'error',
            EMIT_CODES.unsafeValue,
            `${path} contains a line break or control character. Remove it (retype the value) and generate again.`,
          ),
        );
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, region));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        walk(k, path ? `${path}.${k} (name)` : k, region);
        walk(v, path ? `${path}.${k}` : k, region);
      }
    }
  };
  walk(project.infinity, 'infinity', null);
  walk(project.app, 'app', null);
  for (const r of project.regions) {
    const name = r.variables.PxVmssRegion;
    walk(r, '', name);
    if (!/^[a-z0-9]{1,20}$/.test(name)) {
      out.push(
        finding(
          name,
          'PxVmssRegion',
          'error',
          EMIT_CODES.unsafeValue,
          "PxVmssRegion must be a short name of lower-case letters and digits (it names the region's folder). Change it and generate again.",
        ),
      );
    }
    if (r.variables.PxCustomerUsageAttribution === null) {
      out.push(
        finding(
          name,
          'PxCustomerUsageAttribution',
          'error',
          EMIT_CODES.usageAttributionUnset,
          "Decide whether Microsoft may report this deployment's Azure usage to Pexip: set PxCustomerUsageAttribution to true or false.",
        ),
      );
    }
  }
  return out;
}

export function generateArtifacts(req: GenerateRequest): GenerateResult {
  const { project, journey } = req;
  const findings: Finding[] = [];

  const major = majorOf(project.connectorVersion);
  if (major !== SUPPORTED_MAJOR) {
    findings.push(
      finding(
        null,
        'connectorVersion',
        'error',
        EMIT_CODES.versionUnsupported,
        `Connector version "${project.connectorVersion}" is not supported: this wizard writes the scripts of version ${SUPPORTED_MAJOR}.x. ` +
          `Set connectorVersion to the ${SUPPORTED_MAJOR}.x release you deploy (it must match Pexip Infinity), or use the scripts from that version's guide.`,
      ),
    );
  }

  // Secrets are written only with includeSecrets; one holding a control character (a pasted line break,
  // a NUL) would break the line it is written on, so it is refused here, never thrown from psQuote.
  const secretChecks: [string, string | undefined][] = [
    ['PxWinAdminPassword', req.secrets?.adminPassword],
    ['AppPassword', req.secrets?.appPassword],
  ];
  for (const [field, value] of secretChecks) {
    if (req.includeSecrets && value !== undefined && /[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(value)) {
      findings.push(
        finding(
          null,
          field,
          'error',
          EMIT_CODES.unsafeValue,
          `The ${field === 'AppPassword' ? 'app password ($AppPassword)' : 'VM admin password'} contains a line break or control character, so it cannot be written into a script. Give it again without it (the scripts can also ask for it at run time: leave it out).`,
        ),
      );
    }
  }

  findings.push(
    ...validateProject(project, {
      ...(req.secrets?.adminPassword !== undefined ? { adminPassword: req.secrets.adminPassword } : {}),
    }),
  );
  if (!hasErrors(findings)) findings.push(...backstop(project));

  // Which regions this journey covers.
  let regions: Region[] = project.regions;
  if (project.regions.length === 0) {
    findings.push(
      finding(
        null,
        'regions',
        'error',
        EMIT_CODES.noRegions,
        'The project has no region yet. Add the variables of at least one region.',
      ),
    );
  }
  if (req.region !== undefined) {
    const r = project.regions.find((x) => x.variables.PxVmssRegion === req.region);
    if (!r) {
      const known = project.regions.map((x) => x.variables.PxVmssRegion).join(', ') || 'none';
      findings.push(
        finding(
          req.region,
          'region',
          'error',
          EMIT_CODES.regionUnknown,
          `There is no region "${req.region}" in the project (regions: ${known}). Pick one of those.`,
        ),
      );
    } else {
      regions = [r];
    }
  } else if (journey === 'add-region' && project.regions.length > 1) {
    findings.push(
      finding(
        null,
        'region',
        'error',
        EMIT_CODES.regionRequired,
        'Say which region to add (its PxVmssRegion, e.g. --region us): the project has several regions.',
      ),
    );
  }
  if (journey !== 'first-install' && !project.app.appId) {
    findings.push(
      finding(
        null,
        'app.appId',
        'warning',
        EMIT_CODES.appIdMissing,
        'The App ID of the first installation is not in the project: the redeploy script will stop until you paste it in. Import the installation output or redeploy script to fill it.',
      ),
    );
  }

  const sorted = sortFindings(findings);
  if (hasErrors(sorted)) return { artifacts: [], findings: sorted };

  const artifacts: Artifact[] = [];
  const add = (a: Artifact) => artifacts.push(a);
  const includeSecrets = req.includeSecrets;
  const adminPassword = req.secrets?.adminPassword;
  const appPassword = req.secrets?.appPassword;
  const ownerUpn = req.ownerUpn;
  const installRegion =
    journey === 'first-install' ? (req.region !== undefined ? regions[0] : project.regions[0]) : undefined;

  for (const r of regions) {
    const name = r.variables.PxVmssRegion;
    const init = emitInitScript(r, { includeSecrets, ...(adminPassword !== undefined ? { adminPassword } : {}) });
    add({
      kind: 'init-script',
      region: name,
      fileName: fileNames.init(name),
      content: init.content,
      containsSecrets: init.containsSecrets,
    });
    if (journey !== 'redeploy') {
      add({
        kind: 'static-rg-script',
        region: name,
        fileName: fileNames.staticRg(name),
        content: emitStaticRgScript(r, ownerUpn ? { ownerUpn } : {}),
        containsSecrets: false,
      });
    }
    if (journey === 'first-install' && r === installRegion) {
      add({
        kind: 'install-script',
        region: name,
        fileName: fileNames.install(name),
        content: emitInstallScript(r),
        containsSecrets: false,
      });
    }
    const redeploy = emitRedeployScript(r, {
      appId: project.app.appId,
      includeSecrets,
      ...(appPassword !== undefined ? { appPassword } : {}),
    });
    add({
      kind: 'redeploy-script',
      region: name,
      fileName: fileNames.redeploy(name),
      content: redeploy.content,
      containsSecrets: redeploy.containsSecrets,
    });
    if (journey !== 'redeploy') {
      add({
        kind: 'dns-records',
        region: name,
        fileName: fileNames.dns(name),
        content: emitDnsRecords(project, r),
        containsSecrets: false,
      });
      add({
        kind: 'firewall',
        region: name,
        fileName: fileNames.firewall(name),
        content: emitFirewall(r),
        containsSecrets: false,
      });
    }
  }
  if (journey === 'first-install') {
    add({
      kind: 'teams-commands',
      region: null,
      fileName: fileNames.teams(),
      content: emitTeamsCommands(project),
      containsSecrets: false,
    });
  }
  add({
    kind: 'runbook',
    region: null,
    fileName: fileNames.runbook(),
    content: emitRunbook({
      project,
      journey,
      regions,
      includeSecrets,
      ...(installRegion ? { installRegion } : {}),
      ...(ownerUpn ? { ownerUpn } : {}),
      secretFiles: artifacts.filter((a) => a.containsSecrets).map((a) => a.fileName),
    }),
    containsSecrets: false,
  });
  return { artifacts, findings: sorted };
}
