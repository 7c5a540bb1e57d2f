import { topicCatalog } from '@hub/contracts';
import { APP_NAMES } from '../apps';

/**
 * What deploy/ must run and create: every app of the dev stack (the hub's own and the mock
 * national systems) and every topic of the contracts. The deployment checks
 * (deploy-manifests.spec.ts) read these, so adding an app or a topic fails them until deploy/
 * follows.
 */
export const DEPLOYED_APPS: readonly string[] = [...APP_NAMES];
/** Mocks run in compose and in the k8s demo overlay, never in the production base. */
export const isMockApp = (name: string): boolean => name.startsWith('mock-');
export const DEPLOYED_TOPICS: readonly string[] = topicCatalog.map((t) => t.name);
/** Partitions per topic as the published contracts (AsyncAPI) announce them. */
export const TOPIC_PARTITIONS: ReadonlyMap<string, number> = new Map(
  topicCatalog.map((t) => [t.name, t.partitions]),
);
