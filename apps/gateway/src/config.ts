import { z } from 'zod';
import { keyListProblem } from '@hub/auth';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';

export const gatewayConfigSpec = {
  GATEWAY_PORT: variable(env.port(3000), 'HTTP port of the gateway'),
  GATEWAY_HOST: variable(
    z.string().default('127.0.0.1'),
    'interface to listen on (0.0.0.0 in containers)',
  ),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  DB_POOL_SIZE: variable(env.int(10, 1), 'Postgres connections in the pool'),
  HUB_API_KEYS: variable(
    z.string().superRefine((s, ctx) => {
      const problem = keyListProblem(s, 'HUB_API_KEYS');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    'department keys as DEPT:key,DEPT:key',
    {
      sensitive: true,
    },
  ),
  MAX_BATCH_EVENTS: variable(env.int(500, 1), 'most events accepted in one batch'),
  KAFKA_BROKERS: sharedVariables.KAFKA_BROKERS,
  INBOUND_ENABLED: variable(
    env.bool(true),
    'consume city.case-events.inbound.v1 (departments producing to Kafka)',
  ),
  INBOUND_GROUP_ID: variable(
    z.string().default('hub-gateway-inbound'),
    'consumer group on city.case-events.inbound.v1',
  ),
  KAFKA_SESSION_TIMEOUT_MS: variable(env.int(30_000, 1000), 'consumer group session timeout'),
  KAFKA_HEARTBEAT_MS: variable(env.int(3000, 100), 'consumer heartbeat interval'),
  KAFKA_MAX_WAIT_MS: variable(env.int(500, 10), 'longest a fetch waits for data'),
};

export type GatewayConfig = ConfigOf<typeof gatewayConfigSpec>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const loadGatewayConfig = (): GatewayConfig => loadConfig(gatewayConfigSpec);
