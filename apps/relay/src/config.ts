import { z } from 'zod';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';

export const relayConfigSpec = {
  RELAY_PORT: variable(env.port(3001), 'HTTP port for /health and /metrics'),
  RELAY_HOST: variable(z.string().default('127.0.0.1'), 'interface to listen on'),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  KAFKA_BROKERS: sharedVariables.KAFKA_BROKERS,
  RELAY_BATCH_SIZE: variable(env.int(500, 1), 'most outbox messages published in one transaction'),
  RELAY_CONCURRENCY: variable(
    env.int(4, 1),
    'groups of lanes published in parallel by this replica',
  ),
  RELAY_POLL_MS: variable(
    env.int(2000, 1),
    'pause when the outbox is empty; a committed message wakes the relay at once (LISTEN/NOTIFY), so this is only the safety net for a missed notification',
  ),
  RELAY_BUSY_POLL_MS: variable(
    env.int(50, 5),
    'pause when no message is due but work flowed within the last second: the worker polls while work trickles in, because a wake-up per commit would cost every writer',
  ),
  RELAY_LINGER_MS: variable(
    env.int(10, 0),
    'pause after a round that published less than a full batch, to publish trickling messages together',
  ),
};

export type RelayConfig = ConfigOf<typeof relayConfigSpec>;
export const RELAY_CONFIG = Symbol('RELAY_CONFIG');
export const loadRelayConfig = (): RelayConfig => loadConfig(relayConfigSpec);
