// The three journeys as the start page offers them.
import type { Journey } from '../../shared/api/wizard-api.ts';

/** The start page's journeys: the three that write scripts, and looking after a running deployment. */
export type JourneyId = Journey | 'look-after';

export const JOURNEYS: { journey: JourneyId; title: string; text: string; action: string }[] = [
  {
    journey: 'first-install',
    title: 'First install',
    text: 'Deploy the first Teams Connector in your Azure subscription: names, certificate, network, scripts, DNS and consent — step by step.',
    action: 'Start first install',
  },
  {
    journey: 'add-region',
    title: 'Add a region',
    text: 'Put another Teams Connector in a new Azure region, reusing the app registration of your first install.',
    action: 'Add a region',
  },
  {
    journey: 'redeploy',
    title: 'Redeploy or upgrade',
    text: 'Move to a new connector version, a new certificate or changed node names, from the scripts you saved.',
    action: 'Redeploy or upgrade',
  },
  {
    journey: 'look-after',
    title: 'Look after a deployment',
    text: 'Check a running Teams Connector against its project, and add nodes, change RDP access or the instance count without a redeploy.',
    action: 'Look after a deployment',
  },
];

export const LABEL: Record<JourneyId, string> = {
  'first-install': 'First install',
  'add-region': 'Add a region',
  redeploy: 'Redeploy or upgrade',
  'look-after': 'Look after a deployment',
};
