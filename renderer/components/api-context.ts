// The bridge and its mode for every view (its own module so the start page does not pull in the forms).
import { createContext, useContext } from 'react';
import type { WizardApi } from '../../shared/api/wizard-api.ts';

export interface ApiInfo {
  api: WizardApi;
  mode: 'electron' | 'browser';
}
export const ApiContext = createContext<ApiInfo | null>(null);
export function useApi(): ApiInfo {
  const v = useContext(ApiContext);
  if (!v) throw new Error('The wizard API is not available (ApiContext missing).');
  return v;
}
