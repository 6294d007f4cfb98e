// The renderer's only way to the Node side: window.tcw in Electron (exposed by the preload through
// contextBridge), else the loopback HTTP bridge of browser mode (`tcw ui`).
import type { WizardApi } from '../../shared/api/wizard-api.ts';
import { createHttpClient } from './http-client.ts';
import './window.ts';

export { BridgeError, createHttpClient } from './http-client.ts';
export type { WizardApi } from '../../shared/api/wizard-api.ts';

/** Where this tab keeps the session's access key (sessionStorage), for reloads. */
export const TOKEN_KEY = 'tcw.bridge.token';
let cached: WizardApi | null = null;

/**
 * Reads the session token from "#token=…" (the fragment never reaches a server or a log), keeps it
 * for reloads of this tab in sessionStorage, and removes it from the address bar.
 */
export function takeTokenFromLocation(
  loc: Pick<Location, 'hash' | 'pathname' | 'search'> = window.location,
): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // storage disabled: the token lives for this page only
    }
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(window.history.state, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getWizardApi(): WizardApi {
  if (cached) return cached;
  if (typeof window !== 'undefined' && window.tcw) {
    cached = window.tcw;
  } else {
    cached = createHttpClient({ baseUrl: window.location.origin, token: takeTokenFromLocation() });
  }
  return cached;
}

/** Browser mode opened without the session's access key (a bare address, a bookmark, a new tab). */
export function missingAccessKey(): boolean {
  if (typeof window === 'undefined' || window.tcw) return false;
  getWizardApi();
  try {
    return (
      !new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') &&
      !window.sessionStorage.getItem(TOKEN_KEY)
    );
  } catch {
    return true;
  }
}

/** True when running inside the Electron app (native dialogs, PDF printing, keychain). */
export function isDesktopApp(): boolean {
  return typeof window !== 'undefined' && Boolean(window.tcw);
}
