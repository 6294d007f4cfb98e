// Entry point: the bridge (Electron preload or browser-mode HTTP) and the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getWizardApi, missingAccessKey } from './bridge/wizard-api-client.ts';
import { App } from './App.tsx';
import './start-shell/intent.ts'; // window.tcwStartShell

// For `npm run bench ui`: when the start page's code has loaded and starts to render.
performance.mark('tcw:main');
const el = document.getElementById('root');
if (el) {
  // The static start page (start-shell/) works until the app replaces it in its first render; the
  // app then carries on with what the admin pressed there. None: no access key, a journey to resume.
  const shell = window.tcwStartShell ?? null;
  createRoot(el).render(
    <StrictMode>
      <App api={getWizardApi()} noAccess={missingAccessKey()} shell={shell} />
    </StrictMode>,
  );
}
