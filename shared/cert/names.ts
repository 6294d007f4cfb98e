// DNS name matching for certificates, per RFC 6125 (and its successor RFC 9525) as the Teams
// Connector guide states: a wildcard is only the whole left-most label and stands for exactly one
// label. `*.example.com` matches `foo.example.com`, not `bar.foo.example.com` nor `example.com`.
// No partial wildcards (`f*.example.com`), no IDN handling: names must be ASCII (A-labels).

/** Lower-cases and drops one trailing dot; returns null for anything that is not an ASCII DNS name. */
export function normalizeDnsName(name: string): string | null {
  let n = name.trim().toLowerCase();
  if (n.endsWith('.')) n = n.slice(0, -1);
  if (n.length === 0 || n.length > 253) return null;
  if (/[^\x21-\x7e]/.test(n)) return null;
  const labels = n.split('.');
  if (labels.some((l) => l.length === 0 || l.length > 63)) return null;
  return n;
}

const LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

/** True for a syntactically valid host name (no wildcard). */
export function isValidHostName(name: string): boolean {
  const n = normalizeDnsName(name);
  return n !== null && n.split('.').every((l) => LABEL.test(l));
}

/**
 * Whether a certificate name (a SAN dNSName or, as fallback, the CN) covers the host name.
 * Wildcards must be the entire left-most label, the rest must be at least two labels (so `*.com`
 * never matches), and the wildcard covers exactly one label.
 */
export function matchesCertName(certName: string, host: string): boolean {
  const pattern = normalizeDnsName(certName);
  const h = normalizeDnsName(host);
  if (pattern === null || h === null) return false;
  if (h.includes('*')) return false;
  if (!pattern.includes('*')) return pattern === h;
  const pLabels = pattern.split('.');
  const hLabels = h.split('.');
  if (pLabels[0] !== '*') return false;
  if (pLabels.slice(1).some((l) => l.includes('*'))) return false;
  if (pLabels.length < 3) return false;
  if (hLabels.length !== pLabels.length) return false;
  if ((hLabels[0] ?? '').length === 0) return false;
  return pLabels.slice(1).join('.') === hLabels.slice(1).join('.');
}

/**
 * The names a certificate answers to: its DNS SANs, or — only when it has none — its CN
 * (the old fallback that RFC 6125 still allows and Windows honours).
 */
export function certificateNames(dnsSans: readonly string[], commonName: string | null): string[] {
  if (dnsSans.length > 0) return [...dnsSans];
  return commonName ? [commonName] : [];
}

export function coversHost(names: readonly string[], host: string): boolean {
  return names.some((n) => matchesCertName(n, host));
}

/**
 * Splits Node's X509Certificate.subjectAltName text ("DNS:a, DNS:b, IP Address:1.2.3.4") into
 * typed entries. Newer Node versions quote entries holding special characters as JSON strings.
 */
export function parseSubjectAltNames(text: string | undefined): { type: string; value: string }[] {
  if (!text) return [];
  const out: { type: string; value: string }[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (i >= text.length) break;
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    i = colon + 1;
    let value: string;
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        value = text.slice(i + 1, j);
      }
      i = j + 1;
    } else {
      const end = text.indexOf(', ', i);
      value = end < 0 ? text.slice(i) : text.slice(i, end);
      i = end < 0 ? text.length : end;
    }
    out.push({ type, value });
  }
  return out;
}

/** The CN of a distinguished name in Node's "CN=x\nO=y" form (the last CN when several). */
export function commonNameOf(dn: string): string | null {
  const cns = dn
    .split('\n')
    .filter((l) => l.startsWith('CN='))
    .map((l) => l.slice(3));
  return cns.length ? cns[cns.length - 1]! : null;
}

/** One-line form of Node's multi-line DN: "CN=x, O=y". */
export function oneLineDn(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}
