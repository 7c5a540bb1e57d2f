import { z } from 'zod';
import { keyListProblem } from '@hub/auth';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';

export const opsConfigSpec = {
  OPS_PORT: variable(env.port(3003), 'HTTP port of the operations API'),
  OPS_HOST: variable(z.string().default('127.0.0.1'), 'interface to listen on'),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  HUB_OPS_KEYS: variable(
    z.string().superRefine((s, ctx) => {
      const problem = keyListProblem(s, 'HUB_OPS_KEYS');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    'operator keys as NAME:key,NAME:key',
    {
      sensitive: true,
    },
  ),
  OPS_METRICS_REFRESH_MS: variable(
    env.int(5000, 500),
    'how often sync gauges are recomputed from Postgres',
  ),
  OPS_INDICATOR_TARGETS_FILE: variable(
    z.string().min(1).default('apps/ops/config/indicator-targets.json'),
    'JSON file with the indicator targets (relative paths from the working directory)',
  ),
};

export type OpsConfig = ConfigOf<typeof opsConfigSpec>;
export const OPS_CONFIG = Symbol('OPS_CONFIG');
export const loadOpsConfig = (): OpsConfig => loadConfig(opsConfigSpec);
