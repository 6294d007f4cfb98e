// Entry point: the bridge (Electron preload or browser-mode HTTP) and the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getWizardApi, missingAccessKey } from './bridge/wizard-api-client.ts';
import { App } from './App.tsx';

// For `npm run bench ui`: when the start page's code has loaded and starts to render.
performance.mark('tcw:main');
const el = document.getElementById('root');
if (el) {
  createRoot(el).render(
    <StrictMode>
      <App api={getWizardApi()} noAccess={missingAccessKey()} />
    </StrictMode>,
  );
}
