// Security policy of the Electron shell, free of any `electron` import so it is unit tested directly.
import { join, normalize, sep, extname } from 'node:path';
import { PAGE_CSP, SECURITY_HEADERS, mimeType } from '../bridge/page-security.ts';
import { isAllowedExternalUrl } from '../../shared/api/external-links.ts';

/** The renderer is served from app://tcw/ (a standard, secure custom scheme), never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tcw';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const SHELL_CSP = PAGE_CSP;
export const SHELL_HEADERS = SECURITY_HEADERS;

export { isAllowedExternalUrl };

/** True for a URL of our own app origin (the only pages allowed to load and to call IPC). */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const u = new URL(raw);
    return (
      u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST && u.username === '' && u.password === ''
    );
  } catch {
    return false;
  }
}

/** The parts of an IPC event the sender check needs (Electron's IpcMainInvokeEvent has them). */
export interface SenderInfo {
  senderFrame?: { url: string; parent?: unknown } | null;
}

/**
 * IPC is accepted only from the top frame of our own app origin. Anything else (a frame that
 * navigated elsewhere, a sub-frame, a destroyed frame) is dropped.
 */
export function isTrustedSender(event: SenderInfo): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isAppUrl(frame.url);
}

/** Navigation inside the window: only our own pages. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Maps an app:// request to a file under the renderer folder. Null for anything outside it
 * (encoded "..", backslashes, NUL) or for a foreign host.
 */
export function resolveAppAsset(rendererDir: string, requestUrl: string): { file: string; contentType: string } | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host.toLowerCase() !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((s) => s === '..')) return null;
  const rel = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  const root = normalize(rendererDir);
  const file = normalize(join(root, rel));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return { file, contentType: mimeType(extname(file)) };
}

/** Dialog filters per kind of file the wizard opens. */
export function fileFilters(kind: string): { name: string; extensions: string[] }[] {
  switch (kind) {
    case 'pfx':
      return [
        { name: 'PKCS#12 certificate (PFX)', extensions: ['pfx', 'p12'] },
        { name: 'All files', extensions: ['*'] },
      ];
    case 'pem':
      return [
        { name: 'PEM certificate', extensions: ['pem', 'crt', 'cer', 'key'] },
        { name: 'All files', extensions: ['*'] },
      ];
    case 'script':
      return [
        { name: 'PowerShell script', extensions: ['ps1'] },
        { name: 'Text', extensions: ['txt'] },
        { name: 'All files', extensions: ['*'] },
      ];
    case 'project':
      return [
        { name: 'Wizard project', extensions: ['json'] },
        { name: 'All files', extensions: ['*'] },
      ];
    default:
      return [{ name: 'All files', extensions: ['*'] }];
  }
}

/** Every permission request (camera, notifications, clipboard-read, …) is refused. */
export function permissionDecision(_permission: string): boolean {
  return false;
}
