// Type of the object the Electron preload exposes (contextBridge.exposeInMainWorld('tcw', …)).
import type { WizardApi } from '../../shared/api/wizard-api.ts';

declare global {
  interface Window {
    /** Present only inside the Electron app. */
    tcw?: WizardApi;
  }
}

export {};
