import { z } from 'zod';
import { keyListProblem } from '@hub/auth';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';
import { registryProfileVariables } from '@hub/registry-profiles';

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
  HUB_AUDITOR_KEYS: variable(
    z.string().superRefine((s, ctx) => {
      const problem = keyListProblem(s, 'HUB_AUDITOR_KEYS');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    'auditor keys (personal-data access log) as NAME:key,NAME:key',
    { sensitive: true },
  ),
  ...registryProfileVariables,
};

export type GatewayConfig = ConfigOf<typeof gatewayConfigSpec>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const loadGatewayConfig = (): GatewayConfig => loadConfig(gatewayConfigSpec);
