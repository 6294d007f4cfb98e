// Safe PowerShell literals. Every value that comes from the user (or from a project file) reaches an
// emitted script only through these helpers, as a single-quoted (verbatim) string: PowerShell never
// expands variables, sub-expressions or escape characters inside one.
//
// PowerShell's tokenizer treats U+2018, U+2019, U+201A and U+201B exactly like the ASCII apostrophe
// (they open, close and escape single-quoted strings), so all five are doubled. A single-quoted
// literal may span lines, so newlines cannot break out of it either; whether a field may contain one
// is decided by the rules, not here.

/** Characters PowerShell accepts as a single quote. */
export const PS_SINGLE_QUOTES = ["'", '\u2018', '\u2019', '\u201A', '\u201B'] as const;

const quoteChars = /['\u2018\u2019\u201A\u201B]/g;

/**
 * A single-quoted PowerShell string literal whose value is exactly `value`. A NUL character is
 * refused (thrown): many tools end a text at NUL, so the file would not read back as written. The
 * rules and generateArtifacts refuse control characters long before this point.
 */
export function psQuote(value: string): string {
  if (value.includes('\u0000')) throw new Error('a NUL character cannot be written into a PowerShell script');
  return `'${value.replace(quoteChars, (q) => q + q)}'`;
}

/** `@('a', 'b')`; `@()` when empty. */
export function psArray(values: readonly string[]): string {
  return `@(${values.map(psQuote).join(', ')})`;
}

/** `@{ 'k' = 'v'; 'k2' = 'v2' }` with keys quoted too; `@{}` when empty. Insertion order is kept. */
export function psHashtable(entries: Readonly<Record<string, string>>): string {
  const parts = Object.entries(entries).map(([k, v]) => `${psQuote(k)} = ${psQuote(v)}`);
  return parts.length === 0 ? '@{}' : `@{ ${parts.join('; ')} }`;
}

export function psBool(value: boolean): string {
  return value ? '$true' : '$false';
}

/** Names of PowerShell variables we assign; only our own fixed identifiers ever go through this. */
export function psAssign(name: string, expression: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a plain PowerShell variable name: ${name}`);
  return `$${name} = ${expression}`;
}
