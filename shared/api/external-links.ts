// Documentation hosts the app may open in the system browser (Electron shell.openExternal and the
// browser-mode client alike). Anything else is refused: a compromised page must not launch URLs.
export const DOCUMENTATION_HOSTS: readonly string[] = [
  'docs.pexip.com',
  'learn.microsoft.com',
  'docs.microsoft.com',
  'portal.azure.com',
];

/** True for an https URL on an allow-listed host, without credentials or an explicit odd port. */
export function isAllowedExternalUrl(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.port !== '' && url.port !== '443') return false;
  return DOCUMENTATION_HOSTS.includes(url.hostname.toLowerCase());
}
