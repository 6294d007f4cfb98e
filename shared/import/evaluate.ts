// Evaluates the safe subset of PowerShell found in variables scripts: `$Name = <value>` statements
// whose value is built only from literals, `$true/$false/$null`, arrays, hashtables, `+`, and
// variables assigned earlier in the same text. Nothing is ever executed: a command, method call,
// pipeline, type cast or `$( … )` with code in it makes the statement "not evaluated" and it is
// reported with its line number instead.
import { tokenize, type StringPart, type Token } from './lexer.ts';

export type Value =
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'number'; value: string }
  | { kind: 'array'; items: Value[] }
  | { kind: 'hash'; entries: [string, Value][] }
  /** A documentation placeholder such as `<replace with $true or $false>`. */
  | { kind: 'placeholder'; text: string };

export interface Assignment {
  /** Variable name as written (without `$`). */
  name: string;
  line: number;
  value: Value;
  /** Position of the statement in the text (assignments and problems share one sequence). */
  order: number;
}

export interface Problem {
  line: number;
  endLine: number;
  /** not-evaluated: an assignment whose value is not safe to evaluate; not-assignment: any other statement. */
  kind: 'not-evaluated' | 'not-assignment';
  /** Variable the statement assigns, when it is an assignment. */
  target?: string;
  reason: string;
  /** Start of the statement, cut before the first quote so no quoted value (perhaps a secret) leaks. */
  excerpt: string;
  /** Position of the statement in the text (assignments and problems share one sequence). */
  order: number;
}

export interface Evaluation {
  assignments: Assignment[];
  problems: Problem[];
}

/**
 * Why a value was not read. Not an Error: a hostile text can produce one per line, and capturing a
 * stack trace for each would dominate the import time.
 */
class NotEvaluated {
  constructor(
    readonly message: string,
    readonly line: number,
  ) {}
}

const OPENERS = new Set(['(', '@(', '@{', '{', '[']);
/** PowerShell's automatic variables (about_Automatic_Variables): set by PowerShell, never by the script. */
const AUTOMATIC = new Set([
  '$',
  '?',
  '^',
  '_',
  'args',
  'input',
  'this',
  'error',
  'host',
  'home',
  'pwd',
  'pid',
  'psscriptroot',
  'pscommandpath',
  'myinvocation',
  'psitem',
  'lastexitcode',
  'matches',
  'psboundparameters',
  'pshome',
  'psversiontable',
  'executioncontext',
  'profile',
  'shellid',
  'stacktrace',
  'sender',
  'event',
  'eventargs',
  'foreach',
  'switch',
  'ofs',
  'iscoreclr',
  'islinux',
  'ismacos',
  'iswindows',
  'pscmdlet',
  'psculture',
  'psuiculture',
  'psdebugcontext',
  'nestedpromptlevel',
]);
const CLOSERS = new Set([')', '}', ']']);
const isPunct = (t: Token | undefined, p: string): boolean => t?.type === 'punct' && t.text === p;
const isEnd = (t: Token | undefined): boolean => !t || t.type === 'newline' || isPunct(t, ';');

export function describeToken(t: Token | undefined): string {
  if (!t) return 'the end of the text';
  switch (t.type) {
    case 'var':
      return `$${t.name}`;
    case 'string':
      return 'a string';
    case 'number':
      return t.text;
    case 'word':
      return `"${t.text.slice(0, 40)}"`;
    case 'placeholder':
      return `<${t.text.slice(0, 40)}>`;
    case 'punct':
      return `"${t.text}"`;
    case 'newline':
      return 'the end of the line';
    case 'other':
      return `"${t.text}"`;
  }
}

/** PowerShell's string conversion for the values we support (arrays join with a space). */
export function stringify(v: Value, line: number): string {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'null':
      return '';
    case 'number':
      return v.value;
    case 'array':
      return v.items.map((x) => stringify(x, line)).join(' ');
    case 'hash':
      throw new NotEvaluated('a hashtable cannot be used as text', line);
    case 'placeholder':
      throw new NotEvaluated(`the placeholder <${v.text}> cannot be used as text`, line);
  }
}

/** A type constraint such as [string]$x = …: the conversions a variables script needs, nothing else. */
function convert(type: string, v: Value, line: number): Value {
  switch (type) {
    case 'string':
      return { kind: 'string', value: stringify(v, line) };
    case 'string[]':
      return {
        kind: 'array',
        items: (v.kind === 'array' ? v.items : v.kind === 'null' ? [] : [v]).map((x) => ({
          kind: 'string',
          value: stringify(x, line),
        })),
      };
    case 'array':
    case 'object[]':
      return v.kind === 'array' ? v : { kind: 'array', items: v.kind === 'null' ? [] : [v] };
    case 'bool':
    case 'boolean':
      if (v.kind === 'bool') return v;
      break;
    case 'int':
    case 'int32':
    case 'int64':
    case 'long':
      if (v.kind === 'number') return v;
      if (v.kind === 'string' && /^\s*\d{1,18}\s*$/.test(v.value))
        return { kind: 'number', value: String(Number(v.value)) };
      break;
    case 'hashtable':
      if (v.kind === 'hash') return v;
      break;
    case 'object':
      return v;
  }
  throw new NotEvaluated(`the type conversion [${type.slice(0, 30)}] of this value is not read`, line);
}

export function evaluateScript(text: string): Evaluation {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const tokens = tokenize(text);
  const env = new Map<string, Value>();
  const assignments: Assignment[] = [];
  const problems: Problem[] = [];
  let pos = 0;

  const excerpt = (line: number): string => {
    const raw = (lines[line - 1] ?? '').trim();
    const cut = raw.search(/['"\u2018-\u201E]/);
    const head = (cut >= 0 ? raw.slice(0, cut) + '…' : raw).trim();
    return head.length > 60 ? head.slice(0, 59) + '…' : head;
  };

  // Brackets matched once over the whole text, so finding where a statement ends never rescans the rest
  // of the text (unbalanced brackets made that quadratic). An opener inside a statement pairs with the
  // same closer here as in a scan from the statement's start.
  const match = new Int32Array(tokens.length).fill(-1);
  const nextNewline = new Int32Array(tokens.length + 1).fill(tokens.length);
  {
    const stack: number[] = [];
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.type === 'punct' && OPENERS.has(t.text)) stack.push(k);
      else if (t.type === 'punct' && CLOSERS.has(t.text) && stack.length > 0) match[stack.pop()!] = k;
    }
    for (let k = tokens.length - 1; k >= 0; k--)
      nextNewline[k] = tokens[k]!.type === 'newline' ? k : nextNewline[k + 1]!;
  }

  /** Index just past the statement that starts at `from`: the line break at bracket depth 0. */
  const statementEnd = (from: number): number => {
    for (let k = from; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.type === 'punct' && OPENERS.has(t.text)) {
        const m = match[k]!;
        // Never closed: fall back to the physical line so the rest of the text is still read.
        if (m < 0) return Math.min(nextNewline[from]! + 1, tokens.length);
        k = m;
      } else if (t.type === 'newline') return k + 1;
    }
    return tokens.length;
  };

  const lastLine = (from: number, to: number): number => {
    let l = tokens[from]?.line ?? 1;
    for (let k = from; k < to; k++) if (tokens[k]!.type !== 'newline') l = tokens[k]!.line;
    return l;
  };

  const skipNewlines = () => {
    while (tokens[pos]?.type === 'newline') pos++;
  };

  const lookup = (name: string, line: number, how: string): Value => {
    const lower = name.toLowerCase();
    if (lower === 'true') return { kind: 'bool', value: true };
    if (lower === 'false') return { kind: 'bool', value: false };
    if (lower === 'null') return { kind: 'null' };
    if (AUTOMATIC.has(lower))
      throw new NotEvaluated(
        `it ${how} the automatic variable $${name}, whose value only exists while PowerShell runs`,
        line,
      );
    const v = env.get(lower);
    if (!v) throw new NotEvaluated(`it ${how} $${name}, which is not set earlier in the script`, line);
    return v;
  };

  const evalString = (parts: StringPart[], line: number): string => {
    let out = '';
    for (const p of parts) {
      if (p.kind === 'text') out += p.text;
      else if (p.kind === 'var') out += stringify(lookup(p.name, line, 'inserts'), line);
      else {
        const m = /^\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(p.inner);
        if (!m)
          throw new NotEvaluated(
            `it contains "$(${p.inner.trim().slice(0, 30)})", which would run code; only "$($Name)" of a variable set earlier is read`,
            line,
          );
        out += stringify(lookup(m[1]!, line, 'inserts'), line);
      }
    }
    return out;
  };

  const add = (a: Value, b: Value, line: number): Value => {
    if (a.kind === 'null') return b;
    if (a.kind === 'array') return { kind: 'array', items: [...a.items, ...(b.kind === 'array' ? b.items : [b])] };
    if (a.kind === 'string') return { kind: 'string', value: a.value + stringify(b, line) };
    if (a.kind === 'number' && b.kind === 'number')
      return { kind: 'number', value: String(BigInt(a.value) + BigInt(b.value)) };
    if (a.kind === 'hash' && b.kind === 'hash') {
      const keys = new Set(a.entries.map(([k]) => k.toLowerCase()));
      const dup = b.entries.find(([k]) => keys.has(k.toLowerCase()));
      if (dup)
        throw new NotEvaluated(`both hashtables hold the key "${dup[0]}" (PowerShell stops with an error here)`, line);
      return { kind: 'hash', entries: [...a.entries, ...b.entries] };
    }
    throw new NotEvaluated(
      `"+" cannot combine ${a.kind === 'placeholder' ? 'a placeholder' : `a ${a.kind}`} with ${b.kind === 'placeholder' ? 'a placeholder' : `a ${b.kind}`} here`,
      line,
    );
  };

  const flatten = (v: Value): Value[] => (v.kind === 'array' ? v.items : [v]);

  function parseAdd(): Value {
    let left = parseComma();
    // Arrays and hashtables grown by a long chain of "+" are extended in place (a copy made once), so
    // hostile input cannot make the chain quadratic.
    let ownItems: Value[] | null = null;
    let ownKeys: Set<string> | null = null;
    while (isPunct(tokens[pos], '+')) {
      const line = tokens[pos]!.line;
      pos++;
      skipNewlines(); // a line ending in "+" continues on the next one
      const right = parseComma();
      if (left.kind === 'array') {
        if (!ownItems) {
          ownItems = left.items.slice();
          left = { kind: 'array', items: ownItems };
        }
        if (right.kind === 'array') for (const x of right.items) ownItems.push(x);
        else ownItems.push(right);
      } else if (left.kind === 'hash' && right.kind === 'hash') {
        if (!ownKeys) {
          ownKeys = new Set(left.entries.map(([k]) => k.toLowerCase()));
          left = { kind: 'hash', entries: left.entries.slice() };
        }
        for (const [k, v] of right.entries) {
          if (ownKeys.has(k.toLowerCase()))
            throw new NotEvaluated(
              `both hashtables hold the key "${k.slice(0, 40)}" (PowerShell stops with an error here)`,
              line,
            );
          ownKeys.add(k.toLowerCase());
          left.entries.push([k, v]);
        }
      } else {
        left = add(left, right, line);
      }
    }
    return left;
  }

  function parseComma(): Value {
    const first = parsePrimary();
    if (!isPunct(tokens[pos], ',')) return first;
    const items = [first];
    while (isPunct(tokens[pos], ',')) {
      pos++;
      skipNewlines();
      items.push(parsePrimary());
    }
    return { kind: 'array', items };
  }

  function parsePrimary(): Value {
    const t = tokens[pos];
    if (!t) throw new NotEvaluated('the value is missing', tokens[tokens.length - 1]?.line ?? 1);
    const v = parseAtom(t);
    // Anything glued to a value (".Method()", "[0]", "| Cmdlet", "-join") is code we do not run.
    const next = tokens[pos];
    if (
      next &&
      next.type !== 'newline' &&
      !(next.type === 'punct' && [',', '+', ';', ')', '}', '='].includes(next.text))
    ) {
      throw new NotEvaluated(
        `${describeToken(next)} after the value would need PowerShell to run (method call, index, pipeline or operator)`,
        next.line,
      );
    }
    return v;
  }

  let depth = 0;
  function parseAtom(t: Token): Value {
    if (t.type === 'punct' && OPENERS.has(t.text)) {
      // Real scripts nest two or three levels; a limit keeps hostile input from exhausting the stack.
      if (depth >= 64) throw new NotEvaluated('the value is nested too deeply', t.line);
      depth++;
      try {
        return parseAtomInner(t);
      } finally {
        depth--;
      }
    }
    return parseAtomInner(t);
  }

  function parseAtomInner(t: Token): Value {
    switch (t.type) {
      case 'string':
        pos++;
        return {
          kind: 'string',
          value: t.expandable ? evalString(t.parts, t.line) : t.parts[0]?.kind === 'text' ? t.parts[0].text : '',
        };
      case 'number':
        pos++;
        return { kind: 'number', value: t.text };
      case 'var':
        pos++;
        return lookup(t.name, t.line, 'uses');
      case 'placeholder':
        pos++;
        return { kind: 'placeholder', text: t.text };
      case 'word':
        throw new NotEvaluated(`it runs the command "${t.text.slice(0, 40)}"`, t.line);
      case 'newline':
        throw new NotEvaluated('the value is missing', t.line);
      case 'other':
        throw new NotEvaluated(t.problem ?? `${describeToken(t)} is not part of a value the wizard can read`, t.line);
      case 'punct':
        break;
    }
    if (t.text === '@(') {
      pos++;
      const items: Value[] = [];
      for (;;) {
        while (isEnd(tokens[pos]) && pos < tokens.length) pos++;
        if (pos >= tokens.length) throw new NotEvaluated('"@(" is never closed with ")"', t.line);
        if (isPunct(tokens[pos], ')')) {
          pos++;
          break;
        }
        for (const x of flatten(parseAdd())) items.push(x);
        if (!isEnd(tokens[pos]) && !isPunct(tokens[pos], ')'))
          throw new NotEvaluated(
            `unexpected ${describeToken(tokens[pos])} inside "@( … )"`,
            tokens[pos]?.line ?? t.line,
          );
      }
      return { kind: 'array', items };
    }
    if (t.text === '@{') {
      pos++;
      const entries: [string, Value][] = [];
      for (;;) {
        while (isEnd(tokens[pos]) && pos < tokens.length) pos++;
        const k = tokens[pos];
        if (!k) throw new NotEvaluated('"@{" is never closed with "}"', t.line);
        if (isPunct(k, '}')) {
          pos++;
          break;
        }
        let key: string;
        if (k.type === 'word' || k.type === 'number') key = k.text;
        else if (k.type === 'string')
          key = k.expandable ? evalString(k.parts, k.line) : k.parts[0]?.kind === 'text' ? k.parts[0].text : '';
        else
          throw new NotEvaluated(`a hashtable key must be a name or a quoted string, not ${describeToken(k)}`, k.line);
        pos++;
        if (!isPunct(tokens[pos], '='))
          throw new NotEvaluated(
            `the hashtable key "${key.slice(0, 40)}" must be followed by "="`,
            tokens[pos]?.line ?? k.line,
          );
        pos++;
        skipNewlines();
        const value = parseAdd();
        if (entries.some(([e]) => e.toLowerCase() === key.toLowerCase())) {
          throw new NotEvaluated(
            `the hashtable holds the key "${key.slice(0, 40)}" twice (PowerShell stops with an error here)`,
            k.line,
          );
        }
        entries.push([key, value]);
        if (!isEnd(tokens[pos]) && !isPunct(tokens[pos], '}'))
          throw new NotEvaluated(
            `unexpected ${describeToken(tokens[pos])} inside "@{ … }"; separate entries with ";" or a new line`,
            tokens[pos]?.line ?? k.line,
          );
      }
      return { kind: 'hash', entries };
    }
    if (t.text === '(') {
      pos++;
      skipNewlines();
      const v = parseAdd();
      skipNewlines();
      if (!isPunct(tokens[pos], ')'))
        throw new NotEvaluated(`expected ")" but found ${describeToken(tokens[pos])}`, tokens[pos]?.line ?? t.line);
      pos++;
      return v;
    }
    if (t.text === '[') throw new NotEvaluated('it starts with a type conversion ("[…]")', t.line);
    if (t.text === '{') throw new NotEvaluated('it is a script block ("{ … }"), which is code', t.line);
    throw new NotEvaluated(`the value cannot start with ${describeToken(t)}`, t.line);
  }

  let order = 0;
  while (pos < tokens.length) {
    while (pos < tokens.length && isEnd(tokens[pos])) pos++;
    if (pos >= tokens.length) break;
    const start = pos;
    order++;
    // An optional type constraint: [string]$x = …, [string[]]$x = …
    let typeName: string | null = null;
    let at = pos;
    if (isPunct(tokens[pos], '[')) {
      let depth = 0;
      let k = pos;
      const parts: string[] = [];
      for (; k < tokens.length && k < pos + 12; k++) {
        const t = tokens[k]!;
        if (isPunct(t, '[')) depth++;
        else if (isPunct(t, ']')) depth--;
        else if (t.type !== 'word') break;
        parts.push(t.type === 'word' || t.type === 'punct' ? t.text : '');
        if (depth === 0) break;
      }
      if (depth === 0 && k < tokens.length && tokens[k + 1]?.type === 'var' && isPunct(tokens[k + 2], '=')) {
        typeName = parts.slice(1, -1).join('').toLowerCase();
        at = k + 1;
      }
    }
    const first = tokens[at]!;
    if (first.type === 'var' && isPunct(tokens[at + 1], '=')) {
      pos = at + 2;
      skipNewlines();
      const name = first.name.replace(/^(global|script|local|private):/i, '');
      try {
        let value = parseAdd();
        if (!isEnd(tokens[pos]))
          throw new NotEvaluated(`unexpected ${describeToken(tokens[pos])} after the value`, tokens[pos]!.line);
        if (/^(true|false|null)$/i.test(name) || name.includes(':') || AUTOMATIC.has(name.toLowerCase())) {
          throw new NotEvaluated(`$${first.name} cannot be assigned here`, first.line);
        }
        if (typeName !== null) value = convert(typeName, value, first.line);
        env.set(name.toLowerCase(), value);
        assignments.push({ name, line: first.line, value, order });
      } catch (e) {
        if (!(e instanceof NotEvaluated)) throw e;
        // PowerShell would give the variable a value we cannot know: later uses must not see the old one.
        env.delete(name.toLowerCase());
        const end = statementEnd(start);
        problems.push({
          line: first.line,
          endLine: lastLine(start, end),
          kind: 'not-evaluated',
          target: first.name,
          reason: e.message,
          excerpt: excerpt(first.line),
          order,
        });
        pos = end;
      }
      continue;
    }
    const end = statementEnd(start);
    let stray: Token | undefined;
    for (let k = start; k < end && !stray; k++) {
      const t = tokens[k]!;
      if (t.type === 'other' && t.problem) stray = t;
    }
    problems.push({
      line: first.line,
      endLine: lastLine(start, end),
      kind: 'not-assignment',
      reason: stray && stray.type === 'other' && stray.problem ? stray.problem : 'not a "$Name = value" assignment',
      excerpt: excerpt(first.line),
      order,
    });
    pos = end;
  }
  return { assignments, problems };
}
