// Minimal Markdown escaping for values the user typed, so they render as text, never as markup.
export function md(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/([\\`*_{}[\]()#+!|<>~-])/g, '\\$1');
}

/** A value shown as code: inline code spans cannot escape backticks, so those are replaced. */
export function mdCode(text: string): string {
  const clean = text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '¦');
  return `\`${clean}\``;
}

export function mdTable(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}
