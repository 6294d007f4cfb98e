// The one entry from a transport into the app service: the Electron IPC handler and the browser-mode
// HTTP bridge both call dispatch(service, method, args). It refuses unknown methods, parses the
// arguments with the method's zod schema (shared/api/schemas.ts) and only then calls the service, so
// no service method ever sees an unchecked value.
import type { z } from 'zod';
import { METHOD_ARGS, opIdSchema, type MethodArgs } from '../../../shared/api/schemas.ts';
import { isWizardApiMethod, type WizardApi, type WizardApiMethod } from '../../../shared/api/wizard-api.ts';
import { InputError } from '../../../shared/model/input-error.ts';
import { ApiError } from './api-errors.ts';
import type { WizardApiImpl } from './wizard-service.ts';

/** At most this many arguments (the widest method takes three). */
export const MAX_ARGS = 4;

// Compile-time: the WizardApi signatures take exactly what the schemas accept, in both directions.
type Params<M extends WizardApiMethod> = Parameters<NonNullable<WizardApi[M]>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SignaturesMatch = { [M in WizardApiMethod]: Same<Params<M>, MethodArgs<M>> }[WizardApiMethod];
// `boolean` (some method differs) does not extend `true`: then this line fails to compile.
const signaturesMatch: SignaturesMatch extends true ? true : never = true;
void signaturesMatch;

/** Methods whose last required argument is an operation id. */
const TAKES_OP_ID: ReadonlySet<string> = new Set(
  Object.entries(METHOD_ARGS)
    .filter(([, t]) => t.def.items.at(-1) === opIdSchema)
    .map(([m]) => m),
);

/** Methods whose first argument is a whole project. */
const PROJECT_ARG: ReadonlySet<string> = new Set(['validate', 'exportProject', 'saveProject']);

/** Readable "where: what" lines for the caller, without echoing the (possibly secret) values. */
export function describeIssues(method: string, error: z.ZodError): string {
  let projectInvalid = false;
  const lines = error.issues.slice(0, 6).map((i) => {
    const path = i.path.map(String);
    let where: string;
    if (path.length === 0) {
      // Tuple length: say how many are needed (the operation id is the usual forgotten one).
      if (i.code === 'too_small' && 'minimum' in i)
        return `${method} needs ${String(i.minimum)} argument(s)${TAKES_OP_ID.has(method) ? ', the last one being the operation id' : ''}`;
      if (i.code === 'too_big' && 'maximum' in i) return `${method} takes at most ${String(i.maximum)} argument(s)`;
      where = 'arguments';
    } else if ((PROJECT_ARG.has(method) && path[0] === '0') || path[1] === 'project') {
      projectInvalid = true;
      const inner = path.slice(path[1] === 'project' ? 2 : 1).join('.');
      where = `project${inner ? ` → ${inner}` : ''}`;
    } else where = `argument ${path[0]}${path.length > 1 ? ` → ${path.slice(1).join('.')}` : ''}`;
    return `${where}: ${i.message}`;
  });
  const more = error.issues.length > 6 ? ` (and ${error.issues.length - 6} more)` : '';
  const what = projectInvalid ? ' (the project is not a valid tcw-project/1)' : '';
  return `The request to ${method} is malformed${what}: ${lines.join('; ')}${more}.`;
}

export async function dispatch(service: WizardApiImpl, method: string, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !isWizardApiMethod(method)) {
    throw new ApiError(`There is no API method "${String(method).slice(0, 60)}".`, 400);
  }
  if (!Array.isArray(args) || args.length > MAX_ARGS)
    throw new ApiError(`The arguments of ${method} must be a list of at most ${MAX_ARGS} values.`, 400);
  // Trailing undefined/null arguments are "not given" (JSON has no undefined; IPC keeps it).
  let given = args;
  while (given.length > 0 && (given[given.length - 1] === undefined || given[given.length - 1] === null))
    given = given.slice(0, -1);
  const parsed = METHOD_ARGS[method].safeParse(given);
  if (!parsed.success) throw new ApiError(describeIssues(method, parsed.error), 400);
  const fn = service[method] as (...a: unknown[]) => Promise<unknown>;
  try {
    return await fn.apply(service, parsed.data as unknown[]);
  } catch (e) {
    // The one place the app maps an input problem (shared/model/input-error.ts) to "fix this" (400).
    if (e instanceof InputError) throw new ApiError(e.message, 400);
    throw e;
  }
}
