// PowerShell parsing helpers for tests, on the tree-sitter-powershell grammar.
//
// tree-sitter-powershell does not know that PowerShell also treats U+2018-U+201B as single quotes, so
// on top of the tree we re-read every verbatim literal with PowerShell's own rule (any of the five
// quote characters ends the string unless doubled). A literal whose source text does not decode
// that way would end early in real PowerShell: assertSafeLiterals() catches it.
import assert from 'node:assert/strict';
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell';

type SyntaxNode = Parser.SyntaxNode;

let parser: Parser | null = null;
function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(PowerShell as unknown as Parser.Language);
  }
  return parser;
}

export function parsePowerShell(source: string): Parser.Tree {
  // tree-sitter's default input chunking breaks on very long strings; a callback avoids the limit.
  return getParser().parse((index: number) => source.slice(index, index + 4096));
}

function* walk(node: SyntaxNode): Generator<SyntaxNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

/** ERROR and MISSING nodes with their position, for readable failures. */
export function syntaxProblems(source: string): string[] {
  const tree = parsePowerShell(source);
  const out: string[] = [];
  for (const n of walk(tree.rootNode)) {
    if (n.type === 'ERROR' || n.isMissing) {
      out.push(
        `${n.isMissing ? 'MISSING ' + n.type : 'ERROR'} at line ${n.startPosition.row + 1}, column ${n.startPosition.column + 1}: ${JSON.stringify(n.text.slice(0, 80))}`,
      );
    }
  }
  return out;
}

export function assertParses(source: string, label = 'script'): void {
  const problems = syntaxProblems(source);
  assert.deepEqual(problems, [], `${label} does not parse as PowerShell:\n${problems.join('\n')}`);
}

const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * Reads a single-quoted literal the way PowerShell's tokenizer does. Returns the value and how many
 * characters of `text` the literal really spans.
 */
export function readVerbatim(text: string): { value: string; length: number } {
  if (!QUOTES.has(text[0] ?? '')) throw new Error('not a single-quoted literal');
  let value = '';
  let i = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (QUOTES.has(c)) {
      if (QUOTES.has(text[i + 1] ?? '')) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      return { value, length: i + 1 };
    }
    value += c;
    i += 1;
  }
  return { value, length: -1 };
}

export interface Literal {
  start: number;
  end: number;
  value: string;
}

/** Every single-quoted literal of the script (byte offsets are JS string offsets). */
export function verbatimLiterals(source: string): Literal[] {
  const tree = parsePowerShell(source);
  const out: Literal[] = [];
  for (const n of walk(tree.rootNode)) {
    if (n.type === 'verbatim_string_characters') {
      const { value, length } = readVerbatim(n.text);
      out.push({ start: n.startIndex, end: n.startIndex + (length < 0 ? n.text.length : length), value });
      if (length !== n.text.length) {
        throw new Error(
          `literal at offset ${n.startIndex} ends early in PowerShell (a quote character is not doubled): ${JSON.stringify(n.text.slice(0, 80))}`,
        );
      }
    }
  }
  return out;
}

/** Every verbatim literal reads back in full under PowerShell's rules (no literal ends early). */
export function assertSafeLiterals(source: string, label = 'script'): Literal[] {
  try {
    return verbatimLiterals(source);
  } catch (e) {
    assert.fail(`${label}: ${(e as Error).message}`);
  }
}

/**
 * The shape of the script: node types in document order, without the text of literals and comments.
 * Two scripts that differ only in the content of their string literals have the same shape.
 */
export function shape(source: string): string[] {
  const tree = parsePowerShell(source);
  const out: string[] = [];
  const visit = (n: SyntaxNode) => {
    out.push(n.isMissing ? `MISSING:${n.type}` : n.type);
    if (n.type === 'string_literal' && n.firstChild?.type === 'verbatim_string_characters') return;
    if (n.type === 'comment') return;
    for (const c of n.children) visit(c);
  };
  visit(tree.rootNode);
  return out;
}

/** Source text with every verbatim literal and every comment blanked out: what PowerShell executes as code. */
export function codeOutsideLiterals(source: string): string {
  const tree = parsePowerShell(source);
  const spans: [number, number][] = [];
  for (const n of walk(tree.rootNode)) {
    if (n.type === 'verbatim_string_characters' || n.type === 'comment') spans.push([n.startIndex, n.endIndex]);
  }
  let out = '';
  let pos = 0;
  for (const [s, e] of spans.sort((a, b) => a[0] - b[0])) {
    if (s < pos) continue;
    out += source.slice(pos, s) + ' '.repeat(e - s);
    pos = e;
  }
  return out + source.slice(pos);
}

/** Source text of the comments only. */
export function comments(source: string): string[] {
  const tree = parsePowerShell(source);
  return [...walk(tree.rootNode)].filter((n) => n.type === 'comment').map((n) => n.text);
}

/** Does `value` appear inside the decoded content of at least one single-quoted literal? */
export function literalContaining(source: string, value: string): Literal | undefined {
  return verbatimLiterals(source).find((l) => l.value.includes(value));
}
