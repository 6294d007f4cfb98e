// Secrets come from the environment (or a prompt / the OS keychain in the app), never from the
// project file. Nothing here ever puts a secret's value into a message.
import type { Artifact } from '../../../shared/api/wizard-api.ts';
import type { Secrets } from '../../../shared/model/project.ts';
import { InputError } from '../../../shared/model/input-error.ts';

/** Value of the environment variable the user named; a missing or empty one is an input error naming it. */
export function secretFromEnv(env: Record<string, string | undefined>, varName: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(varName)) {
    throw new InputError(
      `"${varName}" is not an environment variable name; give the NAME of the variable that holds the ${what}, not the ${what} itself.`,
    );
  }
  const value = env[varName];
  if (value === undefined || value === '') {
    throw new InputError(
      `The environment variable ${varName} (named for the ${what}) is not set or empty. Set it first, e.g. read -rs ${varName} && export ${varName}.`,
    );
  }
  return value;
}

/** Artifacts that contain any of the given secret values verbatim (defence against an emitter leak). */
export function artifactsContainingSecrets(artifacts: readonly Artifact[], secrets: Secrets): Artifact[] {
  const values = Object.values(secrets).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  if (values.length === 0) return [];
  return artifacts.filter((a) => values.some((s) => a.content.includes(s)));
}
