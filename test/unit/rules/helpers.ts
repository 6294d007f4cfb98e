// Shared helpers for the rules tests: the guide's example project with one region changed.
import type { Finding } from '../../../shared/model/finding.ts';
import type { Project, Region, RegionVariables } from '../../../shared/model/project.ts';
import { exampleProject } from '../../../shared/model/example.ts';
import { validateProject, type ValidateOptions } from '../../../shared/rules/validate.ts';

export function project(vars: Partial<RegionVariables> = {}, nodes?: Partial<Region['nodes']>): Project {
  const p = exampleProject();
  const r = p.regions[0]!;
  Object.assign(r.variables, vars);
  if (nodes) Object.assign(r.nodes, nodes);
  return p;
}

/** Findings for the example project with `vars` applied, excluding the example's own info findings. */
export function check(
  vars: Partial<RegionVariables> = {},
  opts: ValidateOptions = {},
  nodes?: Partial<Region['nodes']>,
): Finding[] {
  return validateProject(project(vars, nodes), opts).filter(
    (f) => f.code !== 'instance-count.capacity' && f.code !== 'prefix.documentation',
  );
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

export function only(findings: readonly Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** Problems only (errors and warnings). */
export function problems(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== 'info');
}
