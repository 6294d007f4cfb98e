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
}

export interface Evaluation {
  assignments: Assignment[];
  problems: Problem[];
}

class NotEvaluated extends Error {
  constructor(reason: string, readonly line: number) {
    super(reason);
  }
}

const OPENERS = new Set(['(', '@(', '@{', '{', '[']);
const CLOSERS = new Set([')', '}', ']']);
const isPunct = (t: Token | undefined, p: string): boolean => t?.type === 'punct' && t.text === p;
const isEnd = (t: Token | undefined): boolean => !t || t.type === 'newline' || isPunct(t, ';');

export function describeToken(t: Token | undefined): string {
  if (!t) return 'the end of the text';
  switch (t.type) {
    case 'var': return `$${t.name}`;
    case 'string': return 'a string';
    case 'number': return t.text;
    case 'word': return `"${t.text.slice(0, 40)}"`;
    case 'placeholder': return `<${t.text.slice(0, 40)}>`;
    case 'punct': return `"${t.text}"`;
    case 'newline': return 'the end of the line';
    case 'other': return `"${t.text}"`;
  }
}

/** PowerShell's string conversion for the values we support (arrays join with a space). */
export function stringify(v: Value, line: number): string {
  switch (v.kind) {
    case 'string': return v.value;
    case 'bool': return v.value ? 'True' : 'False';
    case 'null': return '';
    case 'number': return v.value;
    case 'array': return v.items.map((x) => stringify(x, line)).join(' ');
    case 'hash': throw new NotEvaluated('a hashtable cannot be used as text', line);
    case 'placeholder': throw new NotEvaluated(`the placeholder <${v.text}> cannot be used as text`, line);
  }
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

  /** Index just past the statement that starts at `from`: the line break at bracket depth 0. */
  const statementEnd = (from: number): number => {
    let depth = 0;
    for (let k = from; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.type === 'punct' && OPENERS.has(t.text)) depth++;
      else if (t.type === 'punct' && CLOSERS.has(t.text)) depth = Math.max(0, depth - 1);
      else if (t.type === 'newline' && depth === 0) return k + 1;
    }
    // Unbalanced brackets: fall back to the physical line so the rest of the text is still read.
    for (let k = from; k < tokens.length; k++) if (tokens[k]!.type === 'newline') return k + 1;
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
        if (!m) throw new NotEvaluated(`it contains "$(${p.inner.trim().slice(0, 30)})", which would run code; only "$($Name)" of a variable set earlier is read`, line);
        out += stringify(lookup(m[1]!, line, 'inserts'), line);
      }
    }
    return out;
  };

  const add = (a: Value, b: Value, line: number): Value => {
    if (a.kind === 'null') return b;
    if (a.kind === 'array') return { kind: 'array', items: [...a.items, ...(b.kind === 'array' ? b.items : [b])] };
    if (a.kind === 'string') return { kind: 'string', value: a.value + stringify(b, line) };
    if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: String(BigInt(a.value) + BigInt(b.value)) };
    if (a.kind === 'hash' && b.kind === 'hash') {
      const keys = new Set(a.entries.map(([k]) => k.toLowerCase()));
      const dup = b.entries.find(([k]) => keys.has(k.toLowerCase()));
      if (dup) throw new NotEvaluated(`both hashtables hold the key "${dup[0]}" (PowerShell stops with an error here)`, line);
      return { kind: 'hash', entries: [...a.entries, ...b.entries] };
    }
    throw new NotEvaluated(`"+" cannot combine ${a.kind === 'placeholder' ? 'a placeholder' : `a ${a.kind}`} with ${b.kind === 'placeholder' ? 'a placeholder' : `a ${b.kind}`} here`, line);
  };

  const flatten = (v: Value): Value[] => (v.kind === 'array' ? v.items : [v]);

  function parseAdd(): Value {
    let left = parseComma();
    while (isPunct(tokens[pos], '+')) {
      const line = tokens[pos]!.line;
      pos++;
      skipNewlines(); // a line ending in "+" continues on the next one
      left = add(left, parseComma(), line);
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
    if (next && next.type !== 'newline' && !(next.type === 'punct' && [',', '+', ';', ')', '}', '='].includes(next.text))) {
      throw new NotEvaluated(`${describeToken(next)} after the value would need PowerShell to run (method call, index, pipeline or operator)`, next.line);
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
        return { kind: 'string', value: t.expandable ? evalString(t.parts, t.line) : (t.parts[0]?.kind === 'text' ? t.parts[0].text : '') };
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
        if (isPunct(tokens[pos], ')')) { pos++; break; }
        items.push(...flatten(parseAdd()));
        if (!isEnd(tokens[pos]) && !isPunct(tokens[pos], ')')) throw new NotEvaluated(`unexpected ${describeToken(tokens[pos])} inside "@( … )"`, tokens[pos]?.line ?? t.line);
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
        if (isPunct(k, '}')) { pos++; break; }
        let key: string;
        if (k.type === 'word' || k.type === 'number') key = k.text;
        else if (k.type === 'string') key = k.expandable ? evalString(k.parts, k.line) : (k.parts[0]?.kind === 'text' ? k.parts[0].text : '');
        else throw new NotEvaluated(`a hashtable key must be a name or a quoted string, not ${describeToken(k)}`, k.line);
        pos++;
        if (!isPunct(tokens[pos], '=')) throw new NotEvaluated(`the hashtable key "${key.slice(0, 40)}" must be followed by "="`, tokens[pos]?.line ?? k.line);
        pos++;
        skipNewlines();
        const value = parseAdd();
        if (entries.some(([e]) => e.toLowerCase() === key.toLowerCase())) {
          throw new NotEvaluated(`the hashtable holds the key "${key.slice(0, 40)}" twice (PowerShell stops with an error here)`, k.line);
        }
        entries.push([key, value]);
        if (!isEnd(tokens[pos]) && !isPunct(tokens[pos], '}')) throw new NotEvaluated(`unexpected ${describeToken(tokens[pos])} inside "@{ … }"; separate entries with ";" or a new line`, tokens[pos]?.line ?? k.line);
      }
      return { kind: 'hash', entries };
    }
    if (t.text === '(') {
      pos++;
      skipNewlines();
      const v = parseAdd();
      skipNewlines();
      if (!isPunct(tokens[pos], ')')) throw new NotEvaluated(`expected ")" but found ${describeToken(tokens[pos])}`, tokens[pos]?.line ?? t.line);
      pos++;
      return v;
    }
    if (t.text === '[') throw new NotEvaluated('it starts with a type conversion ("[…]")', t.line);
    if (t.text === '{') throw new NotEvaluated('it is a script block ("{ … }"), which is code', t.line);
    throw new NotEvaluated(`the value cannot start with ${describeToken(t)}`, t.line);
  }

  while (pos < tokens.length) {
    while (pos < tokens.length && isEnd(tokens[pos])) pos++;
    if (pos >= tokens.length) break;
    const start = pos;
    const first = tokens[pos]!;
    if (first.type === 'var' && isPunct(tokens[pos + 1], '=')) {
      pos += 2;
      skipNewlines();
      try {
        const value = parseAdd();
        if (!isEnd(tokens[pos])) throw new NotEvaluated(`unexpected ${describeToken(tokens[pos])} after the value`, tokens[pos]!.line);
        const name = first.name.replace(/^(global|script|local|private):/i, '');
        if (/^(true|false|null)$/i.test(name) || name.includes(':')) {
          throw new NotEvaluated(`$${first.name} cannot be assigned here`, first.line);
        }
        env.set(name.toLowerCase(), value);
        assignments.push({ name, line: first.line, value });
      } catch (e) {
        if (!(e instanceof NotEvaluated)) throw e;
        const end = statementEnd(start);
        problems.push({ line: first.line, endLine: lastLine(start, end), kind: 'not-evaluated', target: first.name, reason: e.message, excerpt: excerpt(first.line) });
        pos = end;
      }
      continue;
    }
    const end = statementEnd(start);
    const stray = tokens.slice(start, end).find((t) => t.type === 'other' && t.problem);
    problems.push({
      line: first.line,
      endLine: lastLine(start, end),
      kind: 'not-assignment',
      reason: stray && stray.type === 'other' && stray.problem ? stray.problem : 'not a "$Name = value" assignment',
      excerpt: excerpt(first.line),
    });
    pos = end;
  }
  return { assignments, problems };
}
