import { z } from 'zod';
import { keyListProblem } from '@hub/auth';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';
import { TargetPolicy } from './delivery/target-policy';

export const webhooksConfigSpec = {
  WEBHOOKS_PORT: variable(env.port(3005), 'HTTP port of the webhook subscriptions API'),
  WEBHOOKS_HOST: variable(z.string().default('127.0.0.1'), 'interface to listen on'),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  DB_POOL_SIZE: variable(env.int(10, 2), 'Postgres connections in the pool'),
  KAFKA_BROKERS: sharedVariables.KAFKA_BROKERS,
  KAFKA_GROUP_ID: variable(
    z.string().default('hub-webhooks'),
    'consumer group on hub.case-events.v1',
  ),
  KAFKA_SESSION_TIMEOUT_MS: variable(env.int(30_000, 1000), 'consumer group session timeout'),
  KAFKA_HEARTBEAT_MS: variable(env.int(3000, 100), 'consumer heartbeat interval'),
  KAFKA_MAX_WAIT_MS: variable(
    env.int(1000, 10),
    'longest a fetch waits for data (a broker answers at once when there is some; this only paces an idle consumer)',
  ),
  HUB_ADMIN_KEYS: variable(
    z.string().superRefine((s, ctx) => {
      const problem = keyListProblem(s, 'HUB_ADMIN_KEYS');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    'admin keys as NAME:key,NAME:key',
    { sensitive: true },
  ),
  WEBHOOK_ALLOWED_TARGETS: variable(
    z
      .string()
      .default('*')
      .superRefine((s, ctx) => {
        const problem = TargetPolicy.problemWith(s);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    'allowed target hosts: host, *.domain, * (any public host), or an IP/CIDR that may be private',
  ),
  WEBHOOK_ALLOW_HTTP: variable(env.bool(false), 'allow http:// targets (development only)'),
  WEBHOOK_TIMEOUT_MS: variable(env.int(10_000, 100), 'per-delivery HTTP timeout'),
  WEBHOOK_CONCURRENCY: variable(env.int(16, 1), 'deliveries in flight at once (one per case)'),
  WEBHOOK_LEASE_MS: variable(env.int(30_000, 1000), 'how long a claimed delivery is reserved'),
  WEBHOOK_POLL_MS: variable(
    env.int(2000, 5),
    'pause when no delivery is due; a committed delivery wakes the worker at once (LISTEN/NOTIFY), so this is only the safety net for a missed notification and for deliveries that fall due by the clock (retries, expired leases)',
  ),
  WEBHOOK_BUSY_POLL_MS: variable(
    env.int(100, 5),
    'pause when no delivery is due but work flowed within the last second: the worker polls while work trickles in, because a wake-up per commit would cost every writer',
  ),
  WEBHOOK_RETRY_BASE_MS: variable(env.int(1000, 10), 'first retry delay after a failed delivery'),
  WEBHOOK_RETRY_MAX_MS: variable(env.int(300_000, 100), 'cap of the exponential retry delay'),
  WEBHOOK_PAUSE_AFTER_MS: variable(
    env.int(24 * 3600_000, 1000),
    'a subscription failing without a success for this long is paused',
  ),
};

export type WebhooksConfig = ConfigOf<typeof webhooksConfigSpec>;
export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');
export const loadWebhooksConfig = (): WebhooksConfig => loadConfig(webhooksConfigSpec);
