import { z } from 'zod';

/**
 * A config variable: its zod schema plus what an operator needs to know about it.
 * `sensitive` values are never echoed back in errors or start-up logs.
 */
export interface ConfigVariable<T extends z.ZodType = z.ZodType> {
  schema: T;
  description: string;
  sensitive?: boolean;
}

export type ConfigSpec = Record<string, ConfigVariable>;

export type ConfigOf<S extends ConfigSpec> = { [K in keyof S]: z.output<S[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function variable<T extends z.ZodType>(
  schema: T,
  description: string,
  options: { sensitive?: boolean } = {},
): ConfigVariable<T> {
  return { schema, description, sensitive: options.sensitive ?? false };
}

/**
 * Reads every variable of the spec from `env` and reports all bad ones at once, so an operator
 * fixes a deployment in one go rather than one restart per mistake.
 */
export function loadConfig<S extends ConfigSpec>(
  spec: S,
  env: Record<string, string | undefined> = process.env,
): ConfigOf<S> {
  const problems: { variable: string; message: string }[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(spec)) {
    const raw = env[name];
    const result = def.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) {
      out[name] = result.data;
    } else {
      const reason =
        raw === undefined || raw === ''
          ? 'is required'
          : result.error.issues.map((i) => i.message).join('; ');
      problems.push({
        variable: name,
        message: `${reason} (${def.description})${def.sensitive || raw === undefined ? '' : ` — got "${raw}"`}`,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/** Common variable shapes. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  url: () => z.url(),
  list: () =>
    z.string().transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p.length > 0),
    ),
};

/** Variables every app that touches Postgres or Kafka reads the same way. */
export const sharedVariables = {
  DATABASE_URL: variable(
    z.string().startsWith('postgres', 'must be a postgres:// URL'),
    'Postgres connection URL',
    { sensitive: true },
  ),
  KAFKA_BROKERS: variable(
    env.list().pipe(z.array(z.string()).min(1, 'must list at least one broker')),
    'Kafka bootstrap brokers, host:port,host:port',
  ),
};
