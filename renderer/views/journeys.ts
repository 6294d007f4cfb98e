// The three journeys as the start page offers them.
import type { Journey } from '../../shared/api/wizard-api.ts';

export const JOURNEYS: { journey: Journey; title: string; text: string; action: string }[] = [
  { journey: 'first-install', title: 'First install', text: 'Deploy the first Teams Connector in your Azure subscription: names, certificate, network, scripts, DNS and consent — step by step.', action: 'Start first install' },
  { journey: 'add-region', title: 'Add a region', text: 'Put another Teams Connector in a new Azure region, reusing the app registration of your first install.', action: 'Add a region' },
  { journey: 'redeploy', title: 'Redeploy or upgrade', text: 'Move to a new connector version, a new certificate or changed node names, from the scripts you saved.', action: 'Redeploy or upgrade' },
];

export const LABEL: Record<Journey, string> = { 'first-install': 'First install', 'add-region': 'Add a region', redeploy: 'Redeploy or upgrade' };
