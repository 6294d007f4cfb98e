// The start page's static shell comes to life with this function, before any of the app's code has
// loaded: the build (the start-shell plugin in renderer/vite.config.ts) writes it, as source, into a
// small classic script that runs in the page's <head>. So it must stand alone: no imports, no names
// from outside its body.
//
// It loads the app's code, picks the theme variant to show (the stored choice, else the system's),
// works the theme switch, and remembers the first press on a start-page control, which the app
// replays when it takes over (intent.ts). Where the app would not open on the plain start page (a
// journey to resume, or a browser tab without the session's access key), it shows nothing and the
// app renders as before.
import type { ShellHandover } from './intent.ts';

/** Storage keys and attribute names the shell shares with the app (filled in by the build). */
export interface ShellKeys {
  /** Id of the <template> holding the app's module script and preloads (the build moves them there). */
  appTemplate: string;
  theme: string;
  journey: string;
  token: string;
  /** On <html>: which variant shows ("light" or "dark"); absent: none does. */
  modeAttr: string;
  /** On <html>: a press is waiting for the app. */
  busyAttr: string;
  intentAttr: string;
}

export function startShell(keys: ShellKeys, win: Window & typeof globalThis): void {
  const doc = win.document;
  const html = doc.documentElement;
  const storage = (kind: 'localStorage' | 'sessionStorage'): Storage | null => {
    try {
      return win[kind];
    } catch {
      return null;
    }
  };
  // The app's code loads once the shell has been painted (at once when there is no shell): fetched
  // and compiled alongside the page, it held the start page back by ~130 ms on a 2-core machine.
  let shown = false;
  const loadApp = () => {
    const t = doc.getElementById(keys.appTemplate);
    if (!(t instanceof win.HTMLTemplateElement)) return;
    for (const src of Array.from(t.content.children)) {
      // A new element, not a clone: a script the parser made (in a template) may not run again.
      const el = doc.createElement(src.localName);
      for (const a of Array.from(src.attributes)) el.setAttribute(a.name, a.value);
      doc.head.appendChild(el);
    }
    t.remove();
  };
  // No frames are drawn for a hidden page (a background tab, Electron's window before it is shown on
  // its first paint): there the code loads at once, or the window would wait for it; and in case the
  // page is hidden before its first frame, a timer loads it anyway.
  const afterPaint = () => {
    if (doc.visibilityState !== 'visible') return loadApp();
    win.requestAnimationFrame(() => win.setTimeout(loadApp, 0));
    win.setTimeout(loadApp, 500);
  };
  const whenParsed = () => (shown ? afterPaint() : loadApp());
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', whenParsed, { once: true });
  else whenParsed();

  const local = storage('localStorage');
  const desktop = Boolean((win as unknown as { tcw?: unknown }).tcw);
  const hasKey =
    desktop || /(?:^#|&)token=/.test(win.location.hash) || Boolean(storage('sessionStorage')?.getItem(keys.token));
  if (!hasKey || local?.getItem(keys.journey) != null) return;

  const saved = local?.getItem(keys.theme);
  let mode =
    saved === 'light' || saved === 'dark'
      ? saved
      : win.matchMedia('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
  html.setAttribute(keys.modeAttr, mode);
  shown = true;

  let intent: string | null = null;
  let released = false;
  // The start-page control that last took the focus (null once the focus went elsewhere).
  let lastFocus: Element | null = null;
  const controlOf = (t: EventTarget | null): Element | null =>
    t instanceof win.Element ? t.closest(`[${keys.intentAttr}]`) : null;
  const onFocus = (e: FocusEvent) => {
    lastFocus = controlOf(e.target);
  };
  const onClick = (e: MouseEvent) => {
    const el = controlOf(e.target);
    if (!el) return;
    const what = el.getAttribute(keys.intentAttr);
    if (what === 'theme') {
      mode = mode === 'dark' ? 'light' : 'dark';
      html.setAttribute(keys.modeAttr, mode);
      try {
        local?.setItem(keys.theme, mode);
      } catch {
        /* storage full or disabled: the switch still applies to this page */
      }
      // The same switch in the variant now showing keeps the focus.
      const twin = doc.querySelectorAll<HTMLElement>(`[${keys.intentAttr}="theme"]`);
      for (const t of twin) if (t !== el) t.focus();
      return;
    }
    if (intent !== null) return; // the first press wins, as it would in the app
    intent = what;
    el.setAttribute('aria-busy', 'true');
    html.setAttribute(keys.busyAttr, '');
  };
  doc.addEventListener('click', onClick);
  doc.addEventListener('focusin', onFocus);

  // Listens until the app's first render has replaced the shell: a press while React renders counts.
  const handover: ShellHandover = {
    release() {
      if (released) return { intent: null, focused: null };
      released = true;
      doc.removeEventListener('click', onClick);
      doc.removeEventListener('focusin', onFocus);
      html.removeAttribute(keys.modeAttr);
      html.removeAttribute(keys.busyAttr);
      // The focused control went with the shell's markup: name it so the app can focus its own.
      const focused = lastFocus && !lastFocus.isConnected ? lastFocus.getAttribute(keys.intentAttr) : null;
      return { intent, focused };
    },
  };
  (win as unknown as { tcwStartShell?: ShellHandover }).tcwStartShell = handover;
}
