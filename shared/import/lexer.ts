// A small tokenizer for the subset of PowerShell that administrators keep in the Teams Connector
// variables scripts. It never evaluates anything: it only cuts text into tokens (with line numbers)
// for the evaluator in evaluate.ts, and turns anything it does not know into an `other` token so the
// evaluator can report the line instead of guessing.

/** PowerShell accepts these as single quotes (U+2018–U+201B) and double quotes (U+201C–U+201E). */
export const SINGLE_QUOTES = "'\u2018\u2019\u201A\u201B";
export const DOUBLE_QUOTES = '"\u201C\u201D\u201E';

export type StringPart =
  | { kind: 'text'; text: string }
  /** `$Name` or `${Name}` inside a double-quoted string. */
  | { kind: 'var'; name: string }
  /** `$( … )` inside a double-quoted string; `inner` is the raw text between the parentheses. */
  | { kind: 'subexpr'; inner: string };

export type Token =
  | { type: 'var'; name: string; line: number }
  | { type: 'string'; parts: StringPart[]; expandable: boolean; line: number; raw: string }
  | { type: 'number'; text: string; line: number }
  | { type: 'word'; text: string; line: number }
  /** `<replace with $true or $false>` and similar documentation placeholders. */
  | { type: 'placeholder'; text: string; line: number }
  | { type: 'punct'; text: '=' | '+' | ',' | ';' | '(' | ')' | '@(' | '@{' | '{' | '}' | '[' | ']'; line: number }
  | { type: 'newline'; line: number }
  /** Anything else (operators, pipes, dots, unterminated strings…): the evaluator refuses it. */
  | { type: 'other'; text: string; line: number; problem?: string };

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00A0';
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_\-.:\\/?*!%&^~]/.test(c);

/** Backtick escapes in double-quoted strings (about_Special_Characters). */
const BACKTICK: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * indexOf for a scan that only moves forward: a search that found nothing (or something far ahead)
 * is remembered, so hostile text ("${" or "`u{" a million times without a "}") stays linear.
 */
function forwardFinder(src: string, needle: string): (from: number) => number {
  let lastFrom = Infinity;
  let lastHit = -1;
  return (from: number) => {
    if (from >= lastFrom && (lastHit < 0 || from <= lastHit)) return lastHit;
    lastFrom = from;
    lastHit = src.indexOf(needle, from);
    return lastHit;
  };
}

/** Index of the next line break at or after `from` (src.length if none); forward-only like forwardFinder. */
function lineEndFinder(src: string): (from: number) => number {
  const lf = forwardFinder(src, '\n');
  const cr = forwardFinder(src, '\r');
  return (from: number) => {
    const a = lf(from);
    const b = cr(from);
    if (a < 0 && b < 0) return src.length;
    if (a < 0) return b;
    if (b < 0) return a;
    return Math.min(a, b);
  };
}

export function tokenize(input: string): Token[] {
  const src = input.replace(/^\uFEFF/, '');
  const nextBrace = forwardFinder(src, '}');
  const lineEnd = lineEndFinder(src);
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const peek = (o = 0) => src[i + o];

  const newlineAt = (k: number): number => {
    // length of the line break at k (CRLF, LF or a lone CR), 0 if none
    if (src[k] === '\r') return src[k + 1] === '\n' ? 2 : 1;
    if (src[k] === '\n') return 1;
    return 0;
  };

  while (i < src.length) {
    const c = src[i]!;
    const startLine = line;

    if (isSpace(c)) {
      i++;
      continue;
    }

    const nl = newlineAt(i);
    if (nl) {
      tokens.push({ type: 'newline', line });
      i += nl;
      line++;
      continue;
    }

    // Line continuation: a backtick right before the line break.
    if (c === '`') {
      let k = i + 1;
      while (isSpace(src[k])) k++;
      const n = newlineAt(k);
      if (n) {
        i = k + n;
        line++;
        continue;
      }
      tokens.push({ type: 'other', text: '`', line });
      i++;
      continue;
    }

    // Block comment <# … #>
    if (c === '<' && peek(1) === '#') {
      const end = src.indexOf('#>', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      line += countLines(src.slice(i, stop));
      if (end < 0)
        tokens.push({
          type: 'other',
          text: '<#',
          line: startLine,
          problem: 'a block comment "<#" is never closed with "#>"',
        });
      i = stop;
      continue;
    }

    // Line comment
    if (c === '#') {
      while (i < src.length && !newlineAt(i)) i++;
      continue;
    }

    // Documentation placeholder such as <replace with $true or $false>
    if (c === '<') {
      const m = /^<([^<>\r\n]{1,200})>/.exec(src.slice(i, i + 210));
      if (m) {
        tokens.push({ type: 'placeholder', text: m[1]!.trim(), line });
        i += m[0].length;
        continue;
      }
      tokens.push({ type: 'other', text: '<', line });
      i++;
      continue;
    }

    if (c === '$') {
      // ${name with anything}
      if (peek(1) === '{') {
        const end = nextBrace(i + 2);
        if (end > 0 && end < lineEnd(i + 2)) {
          tokens.push({ type: 'var', name: src.slice(i + 2, end), line });
          i = end + 1;
          continue;
        }
      }
      let k = i + 1;
      // optional scope or drive qualifier: $global:Name, $env:Name
      const scope = /^[A-Za-z]+:(?=[A-Za-z_])/.exec(src.slice(k, k + 40));
      if (scope) k += scope[0].length;
      const startName = k;
      while (isNameChar(src[k])) k++;
      if (k > startName) {
        tokens.push({ type: 'var', name: src.slice(i + 1, k), line });
        i = k;
        continue;
      }
      if (src[i + 1] === '$' || src[i + 1] === '?' || src[i + 1] === '^') {
        // $$, $? and $^: automatic variables, known only while PowerShell runs.
        tokens.push({ type: 'var', name: src[i + 1]!, line });
        i += 2;
        continue;
      }
      tokens.push(
        src[i + 1] === '('
          ? { type: 'other', text: '$(', line, problem: 'it contains a "$( … )" sub-expression, which would run code' }
          : { type: 'other', text: '$' + (src[i + 1] ?? ''), line },
      );
      i += src[i + 1] && !newlineAt(i + 1) ? 2 : 1;
      continue;
    }

    // Here-strings: @' … '@ (verbatim) and @" … "@ (expandable); the opening mark ends its line and
    // the closing mark starts one.
    if (c === '@' && (SINGLE_QUOTES.includes(peek(1) ?? '\0') || DOUBLE_QUOTES.includes(peek(1) ?? '\0'))) {
      const single = SINGLE_QUOTES.includes(peek(1)!);
      let k = i + 2;
      while (isSpace(src[k])) k++;
      const nl = newlineAt(k);
      if (nl) {
        const bodyStart = k + nl;
        const close = findHereStringEnd(src, bodyStart, single ? SINGLE_QUOTES : DOUBLE_QUOTES);
        if (close) {
          const body = src.slice(bodyStart, close.bodyEnd);
          tokens.push(
            single
              ? {
                  type: 'string',
                  parts: [{ kind: 'text', text: body }],
                  expandable: false,
                  line,
                  raw: src.slice(i, close.end),
                }
              : {
                  type: 'string',
                  parts: scanExpandable(body, 0, body.length, false).parts,
                  expandable: true,
                  line,
                  raw: src.slice(i, close.end),
                },
          );
          line += countLines(src.slice(i, close.end));
          i = close.end;
          continue;
        }
        tokens.push({
          type: 'other',
          text: '@' + peek(1),
          line,
          problem: 'a here-string is never closed (its closing mark must start a line)',
        });
        line += countLines(src.slice(i));
        i = src.length;
        continue;
      }
    }

    if (c === '@' && (peek(1) === '(' || peek(1) === '{')) {
      tokens.push({ type: 'punct', text: peek(1) === '(' ? '@(' : '@{', line });
      i += 2;
      continue;
    }

    if (SINGLE_QUOTES.includes(c)) {
      const r = scanSingle(src, i);
      tokens.push(
        r.closed
          ? {
              type: 'string',
              parts: [{ kind: 'text', text: r.value }],
              expandable: false,
              line,
              raw: src.slice(i, r.end),
            }
          : { type: 'other', text: c, line, problem: 'a single-quoted string is never closed' },
      );
      line += r.lines;
      i = r.end;
      continue;
    }

    if (DOUBLE_QUOTES.includes(c)) {
      const r = scanDouble(src, i, nextBrace);
      tokens.push(
        r.closed
          ? { type: 'string', parts: r.parts, expandable: true, line, raw: src.slice(i, r.end) }
          : { type: 'other', text: c, line, problem: 'a double-quoted string is never closed' },
      );
      line += r.lines;
      i = r.end;
      continue;
    }

    if ('=+,;(){}[]'.includes(c)) {
      // `==`, `+=`, `++` and friends are not assignments we understand
      const next = peek(1);
      if ((c === '=' || c === '+') && (next === '=' || next === '+')) {
        tokens.push({ type: 'other', text: c + next, line });
        i += 2;
        continue;
      }
      tokens.push({ type: 'punct', text: c as '=', line });
      i++;
      continue;
    }

    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(?![A-Za-z_.])/.exec(src.slice(i, i + 40));
      if (m) {
        tokens.push({ type: 'number', text: m[0], line });
        i += m[0].length;
        continue;
      }
    }

    if (isWordChar(c)) {
      let k = i;
      while (isWordChar(src[k])) k++;
      tokens.push({ type: 'word', text: src.slice(i, k), line });
      i = k;
      continue;
    }

    tokens.push({ type: 'other', text: c, line });
    i++;
  }
  tokens.push({ type: 'newline', line });
  return tokens;
}

function countLines(s: string): number {
  return (s.match(/\r\n|\r|\n/g) ?? []).length;
}

function scanSingle(src: string, start: number): { value: string; end: number; closed: boolean; lines: number } {
  let value = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (SINGLE_QUOTES.includes(c)) {
      // Two quote characters in a row stand for one (PowerShell treats the four kinds alike).
      if (src[i + 1] !== undefined && SINGLE_QUOTES.includes(src[i + 1]!)) {
        value += src[i + 1];
        i += 2;
        continue;
      }
      return { value, end: i + 1, closed: true, lines: countLines(src.slice(start, i)) };
    }
    value += c;
    i++;
  }
  return { value, end: src.length, closed: false, lines: countLines(src.slice(start)) };
}

/** The end of a here-string body: a line break followed by the closing quote and "@". */
function findHereStringEnd(src: string, from: number, quotes: string): { bodyEnd: number; end: number } | null {
  // The body may be empty: the closing mark right at the start of the next line.
  if (quotes.includes(src[from] ?? '\0') && src[from + 1] === '@') return { bodyEnd: from, end: from + 2 };
  const re = /\r\n|\r|\n/g;
  re.lastIndex = from;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const k = m.index + m[0].length;
    if (quotes.includes(src[k] ?? '\0') && src[k + 1] === '@') return { bodyEnd: m.index, end: k + 2 };
  }
  return null;
}

function scanDouble(
  src: string,
  start: number,
  nextBrace: (from: number) => number,
): { parts: StringPart[]; end: number; closed: boolean; lines: number } {
  return scanExpandable(src, start + 1, src.length, true, start, nextBrace);
}

/**
 * The parts of expandable text from `from` to `to`: a double-quoted string (stopAtQuote, which ends at
 * its closing quote) or the body of an @" … "@ here-string (quotes are plain text there).
 */
function scanExpandable(
  src: string,
  from: number,
  to: number,
  stopAtQuote: boolean,
  start = from,
  nextBrace = forwardFinder(src, '}'),
): { parts: StringPart[]; end: number; closed: boolean; lines: number } {
  const parts: StringPart[] = [];
  let text = '';
  const flush = () => {
    if (text) {
      parts.push({ kind: 'text', text });
      text = '';
    }
  };
  let i = from;
  while (i < to) {
    const c = src[i]!;
    if (c === '`') {
      const n = src[i + 1];
      if (n === undefined) {
        i++;
        break;
      }
      if (n === 'u' && src[i + 2] === '{') {
        const end = nextBrace(i + 3);
        const hex = end > 0 && end - i - 3 <= 6 ? src.slice(i + 3, end) : '';
        const code = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (code <= 0x10ffff) {
          text += String.fromCodePoint(code);
          i = end + 1;
          continue;
        }
      }
      text += BACKTICK[n] ?? n;
      i += 2;
      continue;
    }
    if (stopAtQuote && DOUBLE_QUOTES.includes(c)) {
      if (src[i + 1] !== undefined && DOUBLE_QUOTES.includes(src[i + 1]!)) {
        text += src[i + 1];
        i += 2;
        continue;
      }
      flush();
      return { parts, end: i + 1, closed: true, lines: countLines(src.slice(start, i)) };
    }
    if (c === '$') {
      const n = src[i + 1];
      if (n === '(') {
        // $( … ): find the matching parenthesis; strings inside may hold parentheses.
        const end = matchParen(src, i + 1);
        if (end < 0) {
          i = src.length;
          break;
        }
        flush();
        parts.push({ kind: 'subexpr', inner: src.slice(i + 2, end) });
        i = end + 1;
        continue;
      }
      if (n === '{') {
        const end = nextBrace(i + 2);
        if (end > 0 && end < to) {
          flush();
          parts.push({ kind: 'var', name: src.slice(i + 2, end) });
          i = end + 1;
          continue;
        }
      }
      if (n === '$' || n === '?' || n === '^') {
        // $$, $? and $^ expand to what PowerShell last ran: unknown here.
        flush();
        parts.push({ kind: 'var', name: n });
        i += 2;
        continue;
      }
      let k = i + 1;
      const scope = /^[A-Za-z]+:(?=[A-Za-z_])/.exec(src.slice(k, k + 40));
      if (scope) k += scope[0].length;
      const nameStart = k;
      while (k < to && isNameChar(src[k])) k++;
      if (k > nameStart) {
        flush();
        parts.push({ kind: 'var', name: src.slice(i + 1, k) });
        i = k;
        continue;
      }
      text += '$';
      i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return { parts, end: to, closed: !stopAtQuote, lines: countLines(src.slice(start, to)) };
}

/** Index of the ')' matching the '(' at `open`, skipping quoted text; -1 if none. */
function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '`') {
      i++;
      continue;
    }
    if (SINGLE_QUOTES.includes(c) || DOUBLE_QUOTES.includes(c)) {
      // skip a nested string (its own escapes are irrelevant for finding the end)
      const quotes = SINGLE_QUOTES.includes(c) ? SINGLE_QUOTES : DOUBLE_QUOTES;
      let k = i + 1;
      while (k < src.length && !quotes.includes(src[k]!)) k++;
      i = k;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
