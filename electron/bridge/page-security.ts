// Security policy of the browser-mode bridge, kept free of I/O so it can be tested directly.
import { createHash, timingSafeEqual, randomBytes } from 'node:crypto';

/**
 * Content-Security-Policy of every page. MUI styles through emotion, which inserts <style> elements at
 * run time: that needs 'unsafe-inline' for styles (never for scripts). No eval, no inline script, no
 * framing, no plugins, no foreign connections.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** PAGE_CSP that also allows exactly these inline scripts, by their SHA-256 (CSP level 2 hashes). */
export function pageCspWithScripts(inlineScripts: readonly string[]): string {
  if (inlineScripts.length === 0) return PAGE_CSP;
  const hashes = inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return PAGE_CSP.replace("script-src 'self'", `script-src 'self' ${hashes.join(' ')}`);
}

/** The start page's shell script as the build links it (renderer/vite.config.ts, start-shell/). */
const SHELL_SCRIPT_TAG = /<script src="\.\/(assets\/start-shell-[0-9a-f]{8}\.js)"><\/script>/;

/** The built renderer file the start page links as its shell script (relative path), if any. */
export function shellScriptPath(html: string): string | null {
  return SHELL_SCRIPT_TAG.exec(html)?.[1] ?? null;
}

/**
 * Browser mode puts the start page's small shell script inside the page, allowed by its hash: a
 * classic script in <head> holds the parser until it arrives, and over HTTP that request is the
 * slowest step before the start page works. (Electron reads it from disk and keeps the link.)
 * `script` is the file shellScriptPath named; null leaves the page as it is.
 */
export function inlineShellScript(html: string, script: string | null): { html: string; csp: string } {
  const m = SHELL_SCRIPT_TAG.exec(html);
  // A script holding "</script" (or "<!--") would end or change the element early: keep the link.
  if (!m || script === null || /<\/script|<!--/i.test(script)) return { html, csp: PAGE_CSP };
  return { html: html.replace(m[0], () => `<script>${script}</script>`), csp: pageCspWithScripts([script]) };
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from "Authorization: Bearer …" or "X-TCW-Token". */
export function tokenFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  const x = headers['x-tcw-token'];
  return typeof x === 'string' ? x : undefined;
}

/** DNS rebinding: only our own loopback names with our own port are acceptable Host values. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (typeof host !== 'string') return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** CSRF: an Origin header, when sent, must be the origin this page was served from. */
export function originAllowed(origin: string | undefined, host: string): boolean {
  if (origin === undefined) return true;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** application/json, optionally with a charset. */
export function isJsonContentType(value: string | undefined): boolean {
  if (typeof value !== 'string') return false;
  const [type, ...params] = value.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8');
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(ext: string): string {
  return MIME[ext.toLowerCase()] ?? 'application/octet-stream';
}
