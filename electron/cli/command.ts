// One way to declare a `tcw` command: its options, help, positionals and body. The helper parses the
// arguments itself (Node's parseArgs in lenient mode, then our own checks on its tokens), so every
// argument error is worded by us and says what to do, never Node's generic parser text.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../../shared/model/input-error.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type CommandHandler } from './io.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Values<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>['values'];

export interface CommandSpec<O extends OptionsConfig> {
  /** As typed after "tcw": "validate", "cert pfx". */
  name: string;
  /** Full help text, printed for -h/--help. */
  help: string;
  /** Options besides -h/--help (added here). */
  options: O;
  /** Positional arguments: how many, and what to say when there are too few or too many. */
  positionals?: {
    min?: number;
    max?: number;
    /** Said when fewer than min are given. */
    missing?: string;
    /** Said when more than max are given. */
    tooMany?: (given: string[]) => string;
  };
  /** How this command takes secrets, said to whoever tries to pass one as an argument. */
  secretHint?: string;
  run: (ctx: { values: Values<O>; positionals: string[]; io: CliIo }) => Promise<number>;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

const SECRET_LIKE = /pass(word)?|^pw$|^pwd$|secret|token|^key$/i;

function unknownOption(raw: string, name: string, spec: CommandSpec<OptionsConfig>): UsageError {
  const names = Object.keys(spec.options);
  if (SECRET_LIKE.test(name) && !names.includes(name)) {
    const hint =
      spec.secretHint ??
      (names.some((n) => /password|token/.test(n))
        ? `use ${names
            .filter((n) => /password|token/.test(n))
            .map((n) => `--${n}`)
            .join(' or ')}`
        : `"tcw ${spec.name}" takes no secret`);
    return new UsageError(
      `Unknown option ${raw}. Secrets are never given as arguments (other users can read them in the process list, and the shell keeps them in its history): ${hint}.`,
      spec.name,
    );
  }
  const near = [...names, 'help']
    .map((n) => ({ n, d: n.startsWith(name) || name.startsWith(n) ? 1 : distance(name, n) }))
    .filter((c) => c.d <= (name.length <= 3 ? 1 : 2))
    .sort((x, y) => x.d - y.d)[0];
  return new UsageError(`Unknown option ${raw}.${near ? ` Did you mean --${near.n}?` : ''}`, spec.name);
}

/** Parses and checks the arguments; throws UsageError with our wording. */
export function parseCommandArgs<O extends OptionsConfig>(
  spec: CommandSpec<O>,
  args: string[],
): { help: boolean; values: Values<O>; positionals: string[] } {
  const options = { ...spec.options, help: { type: 'boolean', short: 'h' } } as OptionsConfig;
  const { values, positionals, tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const generic = spec as unknown as CommandSpec<OptionsConfig>;
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const cfg = options[t.name];
    const raw = t.rawName;
    if (!cfg) throw unknownOption(t.inlineValue ? `${raw}=…` : raw, t.name, generic);
    if (cfg.type === 'boolean' && t.inlineValue)
      throw new UsageError(`${raw} is a switch and takes no value (write ${raw} alone).`, spec.name);
    if (cfg.type === 'string') {
      if (t.value === undefined) throw new UsageError(`${raw} needs a value.`, spec.name);
      // "--out --json": the value was most likely forgotten; a value that starts with "-" is given as --out=-x.
      if (!t.inlineValue && t.value.startsWith('-'))
        throw new UsageError(
          `${raw} needs a value, got the option-like "${t.value}". For a value that starts with "-", write ${raw}=${t.value}.`,
          spec.name,
        );
    }
    if (
      cfg.type === 'string' &&
      !cfg.multiple &&
      tokens.filter((o) => o.kind === 'option' && o.name === t.name).length > 1
    ) {
      throw new UsageError(`${raw} is given more than once; give it once.`, spec.name);
    }
  }
  const help = values.help === true;
  delete values.help;
  if (!help) {
    const min = spec.positionals?.min ?? 0;
    const max = spec.positionals?.max ?? 0;
    if (positionals.length < min)
      throw new UsageError(
        spec.positionals?.missing ?? `missing argument(s); see "tcw ${spec.name} --help".`,
        spec.name,
      );
    if (positionals.length > max) {
      throw new UsageError(
        spec.positionals?.tooMany?.(positionals) ??
          (max === 0
            ? `unexpected argument "${positionals[0]}" ("tcw ${spec.name}" takes options only).`
            : `unexpected argument "${positionals[max]}".`),
        spec.name,
      );
    }
  }
  return { help, values: values as Values<O>, positionals };
}

/** A command handler from its declaration: parses, answers --help, then runs. */
export function defineCommand<const O extends OptionsConfig>(spec: CommandSpec<O>): CommandHandler {
  return async (args, io) => {
    const { help, values, positionals } = parseCommandArgs(spec, args);
    if (help) {
      io.stdout(spec.help);
      return EXIT_OK;
    }
    try {
      return await spec.run({ values, positionals, io });
    } catch (e) {
      // The one place an input problem (missing file, bad project, unset variable) becomes exit 2.
      if (e instanceof InputError) {
        io.stderr(`tcw ${spec.name}: ${e.message}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
  };
}

/** A command made of sub-commands ("tcw cert pfx …"): the first argument picks one. */
export function defineGroup(spec: {
  name: string;
  help: string;
  commands: Record<string, CommandHandler>;
  unknown?: (sub: string) => string;
}): CommandHandler {
  return async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(spec.help);
      return sub === undefined ? EXIT_USAGE : EXIT_OK;
    }
    const names = Object.keys(spec.commands);
    const handler = Object.hasOwn(spec.commands, sub) ? spec.commands[sub] : undefined;
    if (!handler) {
      if (spec.unknown) throw new UsageError(spec.unknown(sub), spec.name);
      throw new UsageError(
        `unknown subcommand "${sub}" of "tcw ${spec.name}"; it has ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' and ' : ''}${names.at(-1)}.`,
        spec.name,
      );
    }
    return handler(rest, io);
  };
}
