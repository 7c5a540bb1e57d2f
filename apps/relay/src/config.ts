import { z } from 'zod';
import { env, loadConfig, variable, type ConfigOf } from '@hub/config';

export const relayConfigSpec = {
  RELAY_PORT: variable(env.port(3001), 'HTTP port for /health and /metrics'),
  RELAY_HOST: variable(z.string().default('127.0.0.1'), 'interface to listen on'),
  DATABASE_URL: variable(
    z.string().startsWith('postgres', 'must be a postgres:// URL'),
    'Postgres connection URL',
    {
      sensitive: true,
    },
  ),
  KAFKA_BROKERS: variable(
    env.list().pipe(z.array(z.string()).min(1, 'must list at least one broker')),
    'Kafka bootstrap brokers, host:port,host:port',
  ),
  RELAY_BATCH_SIZE: variable(env.int(500, 1), 'most outbox messages published per lane per round'),
  RELAY_CONCURRENCY: variable(env.int(4, 1), 'lanes published in parallel by this replica'),
  RELAY_POLL_MS: variable(env.int(50, 1), 'pause when the outbox is empty'),
};

export type RelayConfig = ConfigOf<typeof relayConfigSpec>;
export const RELAY_CONFIG = Symbol('RELAY_CONFIG');
export const loadRelayConfig = (): RelayConfig => loadConfig(relayConfigSpec);
