import { z } from 'zod';
import { env, loadConfig, variable, type ConfigOf } from '@hub/config';

export const subscriberConfigSpec = {
  SUBSCRIBER_MODE: variable(
    z.enum(['webhook', 'kafka']),
    'webhook: receive signed deliveries over HTTP; kafka: join a consumer group on hub.case-events.v1',
  ),
  SUBSCRIBER_PORT: variable(env.port(4100), 'webhook mode: port to listen on'),
  SUBSCRIBER_HOST: variable(z.string().default('127.0.0.1'), 'webhook mode: interface'),
  WEBHOOK_SECRET: variable(z.string().optional(), 'webhook mode: the subscription secret', {
    sensitive: true,
  }),
  WEBHOOK_TOLERANCE_SECONDS: variable(
    // The standardwebhooks library never accepts more than 5 minutes; this can only narrow it.
    z.coerce.number().int().min(1).max(300).default(300),
    'webhook mode: oldest accepted webhook-timestamp, seconds either side of now (at most 300)',
  ),
  KAFKA_BROKERS: variable(
    env.list().optional(),
    'kafka mode: bootstrap brokers, host:port,host:port',
  ),
  SUBSCRIBER_GROUP_ID: variable(
    z.string().default('example-subscriber'),
    'kafka mode: consumer group (one group = each event once; another group = its own copy)',
  ),
};

export type SubscriberConfig = ConfigOf<typeof subscriberConfigSpec>;
export const loadSubscriberConfig = (): SubscriberConfig => loadConfig(subscriberConfigSpec);
