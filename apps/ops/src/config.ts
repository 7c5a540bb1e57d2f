import { z } from 'zod';
import { keyListProblem } from '@hub/auth';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';

export const opsConfigSpec = {
  OPS_PORT: variable(env.port(3003), 'HTTP port of the operations API'),
  OPS_HOST: variable(z.string().default('127.0.0.1'), 'interface to listen on'),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  KAFKA_BROKERS: sharedVariables.KAFKA_BROKERS,
  OPS_DEAD_LETTERS_ENABLED: variable(
    env.bool(true),
    'keep hub.dead-letters.v1 (records the consumers set aside) for the console, in a consumer group of its own',
  ),
  OPS_DEAD_LETTERS_GROUP_ID: variable(
    z.string().default('hub-ops-dead-letters'),
    'consumer group on hub.dead-letters.v1',
  ),
  KAFKA_SESSION_TIMEOUT_MS: variable(env.int(30_000, 1000), 'consumer group session timeout'),
  KAFKA_HEARTBEAT_MS: variable(env.int(3000, 100), 'consumer heartbeat interval'),
  KAFKA_MAX_WAIT_MS: variable(
    env.int(1000, 10),
    'longest a fetch waits for data (a broker answers at once when there is some; this only paces an idle consumer)',
  ),
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
  OPS_REPORT_DAY: variable(
    z.coerce.number().int().min(1).max(15).default(1),
    "day of the month (Hanoi time, 1-15) from which the month before's indicator report is generated",
  ),
  OPS_REPORT_POLL_MS: variable(
    env.int(60_000, 500),
    'how often ops checks whether the monthly indicator report is due',
  ),
  OPS_SYNC_DEADLINE_SECONDS: variable(
    env.int(3600, 1),
    'how old an unsynced event may get before the console (and operators) call it late',
  ),
  OPS_SAMPLE_MS: variable(
    env.int(5000, 1000),
    'how often the sync summary, the breakers and the portal activity are sampled (the charts: 5 s shows a 20-second outage)',
  ),
  OPS_DEPARTMENT_SAMPLE_MS: variable(
    env.int(60_000, 1000),
    "how often each department's sync counts are sampled (the per-department trend)",
  ),
  OPS_SAMPLE_RETENTION_DAYS: variable(
    env.int(30, 1),
    'how long samples are kept (the longest chart range is 30 days)',
  ),
  OPS_ADAPTER_STALE_MS: variable(
    env.int(30_000, 1000),
    'a breaker whose process has not reported for this long is shown as unknown',
  ),
  OPS_CONSOLE_REFRESH_MS: variable(
    env.int(3000, 500),
    'how often the web console polls for fresh numbers',
  ),
  OPS_TRACE_URL: variable(
    z
      .string()
      .refine((s) => /^https?:\/\/\S+$/.test(s) && s.includes('{traceId}'), {
        message: 'must be an http(s) URL with {traceId} in it',
      })
      .optional(),
    'link from a case timeline event to its trace, e.g. http://localhost:16686/trace/{traceId} (Jaeger); unset: trace ids without links',
  ),
  OPS_CONSOLE_DIR: variable(
    z.string().optional(),
    'folder with the web console files (default: apps/ops/console found above the running code)',
  ),
};

export type OpsConfig = ConfigOf<typeof opsConfigSpec>;
export const OPS_CONFIG = Symbol('OPS_CONFIG');
export const loadOpsConfig = (): OpsConfig => loadConfig(opsConfigSpec);
