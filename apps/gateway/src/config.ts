import { z } from 'zod';
import { keyListProblem, RateLimitPolicy } from '@hub/auth';
import {
  ConfigError,
  env,
  loadConfig,
  sharedVariables,
  variable,
  type ConfigOf,
} from '@hub/config';
import { registryProfileVariables } from '@hub/registry-profiles';
import {
  ConfiguredDepartments,
  departmentsConfigProblems,
} from './department-keys/configured-departments';
import {
  parseBeneficiaries,
  paymentConfigProblems,
  paymentVariables,
} from './payments/payment-config';

const keyList = (name: string) =>
  z
    .string()
    .default('')
    .superRefine((s, ctx) => {
      const problem = keyListProblem(s, name, { allowEmpty: true });
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const gatewayConfigSpec = {
  GATEWAY_PORT: variable(env.port(3000), 'HTTP port of the gateway'),
  GATEWAY_HOST: variable(
    z.string().default('127.0.0.1'),
    'interface to listen on (0.0.0.0 in containers)',
  ),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  DB_POOL_SIZE: variable(env.int(10, 1), 'Postgres connections in the pool'),
  DB_INTAKE_TRANSACTIONS: variable(
    env.int(2, 1),
    'transactions writing accepted events at once; requests arriving meanwhile share the next one (group commit)',
  ),
  HUB_API_KEYS: variable(
    keyList('HUB_API_KEYS'),
    'department keys as DEPT:key,DEPT:key, besides the keys issued through the admin API (may be empty)',
    { sensitive: true },
  ),
  HUB_DEPARTMENTS: variable(
    z
      .string()
      .default('')
      .superRefine((s, ctx) => {
        try {
          ConfiguredDepartments.parse(s);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
        }
      }),
    'the departments and the agency codes each may open case codes under, as DEPT:agency|agency,… (e.g. STP:000.00.01.H26); empty: the departments of HUB_API_KEYS and RATE_LIMIT_DEPARTMENTS, case codes not bound to agencies',
  ),
  HUB_ADMIN_KEYS: variable(
    keyList('HUB_ADMIN_KEYS'),
    'admin keys for /v1/admin as NAME:key,NAME:key (empty: the admin API refuses everyone)',
    { sensitive: true },
  ),
  KEY_CACHE_TTL_MS: variable(
    env.int(5000, 0).pipe(z.number().max(60_000, 'must be at most 60000')),
    'how long a replica trusts a looked-up department key: the bound on revocation latency',
  ),
  KEY_ROTATION_OVERLAP_SECONDS: variable(
    env.int(86_400, 0).pipe(z.number().max(30 * 24 * 3600, 'must be at most 30 days')),
    'how long a rotated key keeps working when the rotate request does not say',
  ),
  RATE_LIMIT_PER_SECOND: variable(
    z.coerce.number().positive('must be greater than 0').default(100),
    'requests per second each key may send, per gateway replica, unless overridden',
  ),
  RATE_LIMIT_BURST: variable(
    env.int(200, 1),
    'requests a key may send at once (bucket size), per gateway replica, unless overridden',
  ),
  RATE_LIMIT_DEPARTMENTS: variable(
    z
      .string()
      .default('')
      .superRefine((s, ctx) => {
        try {
          RateLimitPolicy.parseDepartments(s, 'RATE_LIMIT_DEPARTMENTS');
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
        }
      }),
    'per-department defaults as DEPT:perSecond/burst,… (e.g. STP:20/40)',
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
  ...paymentVariables,
  BREAKER_HEARTBEAT_MS: variable(
    env.int(5000, 100),
    "how often the payment platform's breaker state is re-reported to Postgres for the ops console",
  ),
  KAFKA_BROKERS: sharedVariables.KAFKA_BROKERS,
  INTAKE_CATALOG_CHECK: variable(
    z.enum(['strict', 'warn', 'off']).default('strict'),
    'case.received against the national procedure catalog (once one was loaded): strict refuses an unknown procedure or an agency that does not perform it (422), warn accepts, counts and answers a warning, off does not check',
  ),
  CATALOG_RELOAD_MS: variable(
    env.int(30_000, 100),
    'how often the gateway looks for a newer copy of the procedure catalog (kept by portal-sync)',
  ),
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
  KAFKA_MAX_WAIT_MS: variable(
    env.int(1000, 10),
    'longest a fetch waits for data (a broker answers at once when there is some; this only paces an idle consumer)',
  ),
};

export type GatewayConfig = ConfigOf<typeof gatewayConfigSpec>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export function loadGatewayConfig(
  source: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const config = loadConfig(gatewayConfigSpec, source);
  const problems = [
    ...departmentsConfigProblems(config),
    ...paymentConfigProblems(config),
    ...beneficiaryProblems(config),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** With HUB_DEPARTMENTS set, a collecting account for a department it does not list is a mistake. */
function beneficiaryProblems(config: GatewayConfig): { variable: string; message: string }[] {
  let listed: Map<string, unknown>;
  try {
    listed = ConfiguredDepartments.parse(config.HUB_DEPARTMENTS);
  } catch {
    return []; // HUB_DEPARTMENTS's own check reports it.
  }
  if (listed.size === 0) return [];
  const unknown = [...parseBeneficiaries(config.PAYMENT_BENEFICIARIES).keys()].filter(
    (d) => !listed.has(d),
  );
  return unknown.length > 0
    ? [
        {
          variable: 'PAYMENT_BENEFICIARIES',
          message: `names ${unknown.join(', ')}, not listed in HUB_DEPARTMENTS`,
        },
      ]
    : [];
}

export function rateLimitPolicy(config: GatewayConfig): RateLimitPolicy {
  return new RateLimitPolicy(
    { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST },
    RateLimitPolicy.parseDepartments(config.RATE_LIMIT_DEPARTMENTS, 'RATE_LIMIT_DEPARTMENTS'),
  );
}
