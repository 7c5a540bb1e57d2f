import { z } from 'zod';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';
import { registryProfileVariables } from '@hub/registry-profiles';

export const onceOnlyConfigSpec = {
  ONCE_ONLY_PORT: variable(env.port(3004), 'HTTP port for /health and /metrics'),
  ONCE_ONLY_HOST: variable(z.string().default('127.0.0.1'), 'interface to listen on'),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  DB_POOL_SIZE: variable(env.int(10, 2), 'Postgres connections in the pool'),
  KAFKA_BROKERS: sharedVariables.KAFKA_BROKERS,
  KAFKA_GROUP_ID: variable(
    z.string().default('hub-once-only'),
    'consumer group on hub.case-events.v1',
  ),
  KAFKA_SESSION_TIMEOUT_MS: variable(env.int(30_000, 1000), 'consumer group session timeout'),
  KAFKA_HEARTBEAT_MS: variable(env.int(3000, 100), 'consumer heartbeat interval'),
  KAFKA_MAX_WAIT_MS: variable(
    env.int(1000, 10),
    'longest a fetch waits for data (a broker answers at once when there is some; this only paces an idle consumer)',
  ),
  ...registryProfileVariables,
  LOOKUP_CONCURRENCY: variable(env.int(8, 1), 'registry lookups in flight at once'),
  LOOKUP_LEASE_MS: variable(env.int(30_000, 1000), 'how long a claimed lookup is reserved'),
  LOOKUP_POLL_MS: variable(
    env.int(2000, 5),
    'pause when no lookup is due; a committed lookup task wakes the worker at once (LISTEN/NOTIFY), so this is only the safety net for a missed notification and for lookups that fall due by the clock (retries, expired leases)',
  ),
  LOOKUP_BUSY_POLL_MS: variable(
    env.int(200, 5),
    'pause when no lookup is due but work flowed within the last second: the worker polls while work trickles in, because a wake-up per commit would cost every writer',
  ),
  LOOKUP_LINGER_MS: variable(
    env.int(10, 0),
    'pause after a claim that found fewer lookups than it could take, to claim trickling ones together',
  ),
  LOOKUP_RETRY_BASE_MS: variable(env.int(2000, 10), 'first retry delay when a registry is down'),
  LOOKUP_RETRY_MAX_MS: variable(env.int(300_000, 100), 'cap of the retry delay'),
  RESULTS_STORE_CONCURRENCY: variable(env.int(4, 1), 'result registrations in flight at once'),
  RESULT_REGISTRATION_LEASE_MS: variable(
    env.int(30_000, 1000),
    'how long a claimed result registration is reserved',
  ),
  RESULT_REGISTRATION_POLL_MS: variable(
    env.int(2000, 5),
    'pause when no registration is due (new ones wake the worker at once; this is the safety net and the pace of retries falling due)',
  ),
  RESULT_REGISTRATION_RETRY_BASE_MS: variable(
    env.int(2000, 10),
    'first retry delay when the results store is down',
  ),
  RESULT_REGISTRATION_RETRY_MAX_MS: variable(env.int(300_000, 100), 'cap of that retry delay'),
  PROFILE_RETENTION_MS: variable(
    env.int(90 * 24 * 3600_000, 60_000),
    'profiles and finished lookups older than this are purged',
  ),
  BREAKER_HEARTBEAT_MS: variable(
    env.int(5000, 100),
    'how often the registry breaker states are re-reported to Postgres for the ops console',
  ),
  PURGE_INTERVAL_MS: variable(env.int(3600_000, 1000), 'how often the retention purge runs'),
};

export type OnceOnlyConfig = ConfigOf<typeof onceOnlyConfigSpec>;
export const ONCE_ONLY_CONFIG = Symbol('ONCE_ONLY_CONFIG');
export const loadOnceOnlyConfig = (): OnceOnlyConfig => loadConfig(onceOnlyConfigSpec);
