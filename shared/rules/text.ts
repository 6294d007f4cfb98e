// Small string helpers for rule messages and host names.

/**
 * A user value as it appears in a message: quoted, control characters made visible, long values cut.
 * Messages end up in terminals and logs, so a hostile value must not break lines or inject escapes.
 */
export function show(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  const visible = cut.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `'${visible}'`;
}

/** Distinct offending characters, shown for a message: ('C', '-'). */
export function listChars(chars: Iterable<string>, max = 8): string {
  const seen = [...new Set(chars)];
  const shown = seen.slice(0, max).map((c) => (c === ' ' ? 'space' : show(c)));
  return `(${shown.join(', ')}${seen.length > max ? ', …' : ''})`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export type HostNameProblem = string | null;

/**
 * Why `name` is not a valid DNS host name (RFC 1123 letters, digits, hyphens; at least two labels),
 * or null when it is. Wildcards are reported by the caller, which knows whether they are allowed.
 */
export function hostNameProblem(name: string): HostNameProblem {
  if (name.length === 0) return 'it is empty';
  if (/\s/.test(name)) return 'it contains spaces';
  if (name.includes('*')) return 'it contains a wildcard (*)';
  if (/^\d+(\.\d+){3}$/.test(name)) return 'it is an IP address, not a name';
  if (name.endsWith('.')) return 'it ends with a dot; leave the trailing dot out';
  if (name.length > 253) return `it is ${name.length} characters long (a DNS name has at most 253)`;
  const labels = name.split('.');
  if (labels.length < 2) return 'it is a single label; give the fully qualified name, e.g. host.example.com';
  const bad = [...name].filter((c) => !/[A-Za-z0-9.-]/.test(c));
  if (bad.length > 0)
    return `it has characters a host name cannot contain ${listChars(bad)}; use letters, digits, hyphens and dots (internationalized names in their xn-- form)`;
  for (const label of labels) {
    if (label.length === 0) return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `the label ${show(label, 20)} is longer than 63 characters`;
    if (label.startsWith('-') || label.endsWith('-')) return `the label ${show(label)} starts or ends with a hyphen`;
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return 'its last label is all digits';
  return null;
}
