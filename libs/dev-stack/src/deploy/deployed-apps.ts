import { topics } from '@hub/contracts';
import { APP_NAMES } from '../apps';

/**
 * Apps and topics that branches built in parallel add (see the BRIEF); deploy/ ships them
 * already. Once merged they are in APP_NAMES and `topics`, and these lists may be emptied —
 * the one place the deployment checks (deploy-manifests.spec.ts) read besides those two.
 */
export const APPS_FROM_OTHER_BRANCHES = [
  'once-only',
  'webhooks',
  'mock-population',
  'mock-business',
] as const;
export const TOPICS_FROM_OTHER_BRANCHES = [
  'hub.profile-events.v1',
  'city.case-events.inbound.v1',
  'hub.dead-letters.v1',
] as const;

const unique = (list: readonly string[]): string[] => [...new Set(list)];

/** Every app the deployment runs: the hub's own and the mock national systems. */
export const DEPLOYED_APPS: readonly string[] = unique([...APP_NAMES, ...APPS_FROM_OTHER_BRANCHES]);
/** Mocks run in compose and in the k8s demo overlay, never in the production base. */
export const isMockApp = (name: string): boolean => name.startsWith('mock-');
export const DEPLOYED_TOPICS: readonly string[] = unique([
  ...Object.values(topics),
  ...TOPICS_FROM_OTHER_BRANCHES,
]);
