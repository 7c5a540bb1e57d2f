import { join } from 'node:path';
import {
  AppProcess,
  AppSupervisor,
  type RestartPolicy,
  type SupervisorNotice,
} from './app-process';
import { APP_NAMES, APP_PORTS, PORT_OFFSET_ENV, plannedPort, type AppName } from './apps';
import { DevStackError, DevStackErrorCode } from './dev-stack.error';
import {
  startKafka,
  type KafkaHandle,
  freePort,
  isPortFree,
  startPostgres,
  type PostgresHandle,
  repoRoot,
} from '@hub/testing';

/** Demo credentials: printed by `npm start`, used by tests. Never valid outside a dev stack. */
export const DEMO_API_KEYS = 'STP:demo-key-stp,SXD:demo-key-sxd,SYT:demo-key-syt';
export const DEMO_OPS_KEYS = 'ops:demo-ops-key';
export const DEMO_AUDITOR_KEYS = 'auditor:demo-auditor-key';
/** Demo keys for personal data at rest (AES-256-GCM, HMAC-SHA256): a dev stack's data is throwaway. */
export const DEMO_PII_KEYS = {
  PII_ENCRYPTION_KEY: 'KNxo2nucFREOwaSizzhKE6MujD58yWufNVyUQQTozlA=',
  PII_HASH_KEY: 'BMsz22w7dO1ZKNdlHWp2WHzFDx7PhOGDSDFh4ymITwU=',
};
export const DEMO_ADMIN_KEYS = 'admin:demo-admin-key';
/**
 * Webhook targets `npm start` may call: any public host, plus this machine (127.0.0.1) so the
 * example subscriber can receive. Production lists its subscribers' hosts only.
 */
export const DEMO_WEBHOOK_ALLOWED_TARGETS = '*,127.0.0.1';

const MOCK_PORTAL = {
  path: '/dvcqg/api',
  username: 'hanoi-hub',
  password: 'demo-secret',
  agencyCode: '000.00.01.H26',
};

/**
 * Base URLs of the registry mocks below their origin: what a `RegistryAdapterOptions.baseUrl`
 * needs after `http://127.0.0.1:<port>` (apps/mock-population, apps/mock-business READMEs).
 */
export const MOCK_REGISTRY_PATHS = {
  population: '/csdlqgdc/api/v1',
  business: '/dkkd/api/v1',
} as const;

/** Base URL of the results store mock below its origin (apps/mock-results-store README). */
export const MOCK_RESULTS_STORE_PATH = '/khoketqua/api/v1';

/**
 * The payment platform mock as a `PaymentPlatformOptions` needs it: the base path below its origin
 * and the demo partner code and shared secret, which the stack hands the mock (apps/mock-payment).
 */
export const MOCK_PAYMENT = {
  path: '/thanhtoan/api/v1',
  partnerCode: 'LIENTHONG-H26',
  secret: 'demo-payment-secret',
} as const;

export interface StackOptions {
  /**
   * 'default': the fixed ports of APP_PORTS (or the app's port variable when set in our env),
   * failing when one is taken. 'ephemeral' (the default): free ports, so suites never collide.
   */
  ports?: 'default' | 'ephemeral';
  /** Which apps to start; all by default. */
  apps?: readonly AppName[];
  /** Per-app variables, applied last. */
  env?: Partial<Record<AppName, Record<string, string>>>;
  /** Extra node options per app, e.g. `--cpu-prof` for the bench's profiles. */
  nodeArgs?: Partial<Record<AppName, readonly string[]>>;
  /** Replicas per app (default 1); extra replicas always get free ports. */
  replicas?: Partial<Record<AppName, number>>;
  /** App (and broker/database) logs; default `<repo>/test-artifacts/logs`. */
  logDir?: string;
  /** LOG_LEVEL for every app; default 'info'. */
  logLevel?: string;
  /** See PostgresOptions.preferEmbedded. */
  preferEmbedded?: boolean;
  /** A fresh database on a DATABASE_URL server; default true unless preferEmbedded. */
  freshDatabase?: boolean;
  /** See KafkaOptions.installMissing. */
  installMissing?: boolean;
  /** Echo app output with a `[name] ` prefix. */
  echoLogs?: boolean;
  readyTimeoutMs?: number;
  /** Progress notes; silent by default. */
  log?: (message: string) => void;
  /** Schema migrations; default `runMigrations` from @hub/persistence. */
  migrate?: (databaseUrl: string) => Promise<void>;
  /** Cancels start-up: whatever already runs is stopped and startStack rejects. */
  signal?: AbortSignal;
  /**
   * 'demo' (the default, for tests): the demo keys, whatever the environment says.
   * 'environment' (`npm start`): each key variable (KEY_VARIABLES) set in our environment is
   * kept; the demo value fills in only the ones not set.
   */
  keys?: 'demo' | 'environment';
  /** Restart an app that dies on its own (see AppSupervisor); off by default. */
  restart?: RestartPolicy;
  /** Where the supervisors report deaths and restarts. */
  onSupervisorNotice?: (notice: SupervisorNotice) => void;
}

/** The key variables the stack sets, with their demo values. */
export const KEY_VARIABLES = {
  HUB_API_KEYS: DEMO_API_KEYS,
  HUB_OPS_KEYS: DEMO_OPS_KEYS,
  HUB_AUDITOR_KEYS: DEMO_AUDITOR_KEYS,
  HUB_ADMIN_KEYS: DEMO_ADMIN_KEYS,
  PII_ENCRYPTION_KEY: DEMO_PII_KEYS.PII_ENCRYPTION_KEY,
  PII_HASH_KEY: DEMO_PII_KEYS.PII_HASH_KEY,
} as const;
export type KeyVariable = keyof typeof KEY_VARIABLES;

export interface StackTimings {
  infraMs: number;
  migrationsMs: number;
  appsMs: number;
}

export interface Stack {
  kafka: KafkaHandle;
  postgres: PostgresHandle;
  /** Every app name is present; apps not started have no processes. */
  apps: Record<AppName, AppProcess[]>;
  /** Base URL of each app's first replica (also for apps not started: where they would be). */
  urls: Record<AppName, string>;
  keys: { departments: Record<string, string>; ops: string; auditor: string; admin: string };
  /** Where each key variable's value came from; never print one from 'environment'. */
  keySources: Record<KeyVariable, 'environment' | 'demo'>;
  /** The gateway's HUB_DEPARTMENTS (department → agency codes), when the stack set one. */
  departments: string | undefined;
  /** One per app replica when StackOptions.restart is set. */
  supervisors: AppSupervisor[];
  logDir: string;
  timings: StackTimings;
  /** Supervisors, apps (SIGTERM, wait), then Kafka and Postgres. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Kafka + Postgres + migrations + the hub's apps, each app ready (GET /health/live) when this
 * resolves. On any failure everything already started is stopped before the error propagates.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => undefined);
  const selected = APP_NAMES.filter((name) => (options.apps ?? APP_NAMES).includes(name));
  const logDir = options.logDir ?? join(repoRoot(), 'test-artifacts', 'logs');
  // Ports first: a taken default port should fail before anything was started.
  const ports = await allocatePorts(options.ports ?? 'ephemeral', selected, options.replicas ?? {});
  const urls = Object.fromEntries(
    APP_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name][0]}`]),
  ) as Record<AppName, string>;

  const preferEmbedded = options.preferEmbedded ?? false;
  const infraStart = Date.now();
  const [kafkaResult, postgresResult] = await Promise.allSettled([
    startKafka({
      installMissing: options.installMissing,
      logFile: join(logDir, 'kafka.log'),
      log,
    }),
    startPostgres({
      preferEmbedded,
      freshDatabase: options.freshDatabase ?? !preferEmbedded,
      logFile: join(logDir, 'postgres.log'),
      log,
    }),
  ]);
  if (kafkaResult.status === 'rejected' || postgresResult.status === 'rejected') {
    // One came up, the other did not: stop the survivor before reporting the failure.
    await Promise.allSettled([
      kafkaResult.status === 'fulfilled' ? kafkaResult.value.stop() : undefined,
      postgresResult.status === 'fulfilled' ? postgresResult.value.stop() : undefined,
    ]);
    throw kafkaResult.status === 'rejected'
      ? (kafkaResult.reason as unknown)
      : (postgresResult as PromiseRejectedResult).reason;
  }
  const kafka = kafkaResult.value;
  const postgres = postgresResult.value;
  const infraMs = Date.now() - infraStart;

  const apps = Object.fromEntries(APP_NAMES.map((name) => [name, []])) as unknown as Record<
    AppName,
    AppProcess[]
  >;
  const { keys, keySources } = resolveKeys(options.keys ?? 'demo', process.env);
  const departments = resolveDepartments(options.keys ?? 'demo', process.env);
  const envOf = (name: AppName): Record<string, string> => ({
    DATABASE_URL: postgres.url,
    KAFKA_BROKERS: kafka.brokers.join(','),
    LOG_LEVEL: options.logLevel ?? 'info',
    ...appSpecificEnv(name, ports, keys),
    ...(name === 'gateway' && departments ? { HUB_DEPARTMENTS: departments } : {}),
    ...options.env?.[name],
  });
  const supervisors: AppSupervisor[] = [];

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const all = APP_NAMES.flatMap((name) => apps[name]);
      // Supervisors first: an app stopped here must not be restarted.
      const supervisorResults = await Promise.allSettled(supervisors.map((s) => s.stop()));
      const appResults = [
        ...supervisorResults,
        ...(await Promise.allSettled(all.map((app) => app.kill('SIGTERM')))),
      ];
      const infraResults = await Promise.allSettled([kafka.stop(), postgres.stop()]);
      const failures = [...appResults, ...infraResults].filter((r) => r.status === 'rejected');
      if (failures.length > 0) {
        throw new AggregateError(
          failures.map((f) => f.reason as unknown),
          'dev stack did not stop cleanly',
        );
      }
    })());

  let migrationsMs = 0;
  let appsMs = 0;
  try {
    options.signal?.throwIfAborted();
    const migrateStart = Date.now();
    const migrate = options.migrate ?? (await import('@hub/persistence')).runMigrations;
    try {
      await migrate(postgres.url);
    } catch (e) {
      throw new DevStackError(
        DevStackErrorCode.MigrationFailed,
        `Migrations failed: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    migrationsMs = Date.now() - migrateStart;
    options.signal?.throwIfAborted();

    const appsStart = Date.now();
    const launch = async (name: AppName): Promise<void> => {
      const replicas = ports[name];
      await settleAll(
        replicas.map(async (port, index) => {
          const app = new AppProcess({
            name,
            port,
            replica: replicas.length > 1 ? index + 1 : undefined,
            env: envOf(name),
            nodeArgs: options.nodeArgs?.[name],
            logDir,
            echoLogs: options.echoLogs,
            readyTimeoutMs: options.readyTimeoutMs,
            signal: options.signal,
          });
          // Registered before start so a failed start is still stopped by stop().
          apps[name].push(app);
          await app.start();
        }),
      );
    };
    const has = (name: AppName): boolean => selected.includes(name);
    // portal-sync and once-only may call the national systems as soon as they run; everything
    // else starts at once.
    const after: Partial<Record<AppName, AppName[]>> = {
      'portal-sync': ['mock-portal'],
      'once-only': ['mock-population', 'mock-business', 'mock-results-store'],
    };
    const dependencies = new Set(Object.values(after).flat());
    await settleAll([
      ...(Object.entries(after) as [AppName, AppName[]][]).map(async ([app, mocks]) => {
        await settleAll(mocks.filter(has).map((mock) => launch(mock)));
        if (has(app)) await launch(app);
      }),
      ...selected
        .filter((name) => !dependencies.has(name) && !(name in after))
        .map((name) => launch(name)),
    ]);
    appsMs = Date.now() - appsStart;
    if (options.restart) {
      const notify = options.onSupervisorNotice ?? (() => undefined);
      for (const app of APP_NAMES.flatMap((name) => apps[name])) {
        const supervisor = new AppSupervisor(app, options.restart, notify);
        supervisors.push(supervisor);
        supervisor.watch();
      }
    }
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }

  return {
    kafka,
    postgres,
    apps,
    urls,
    keys: {
      departments: parseKeyList(envOf('gateway').HUB_API_KEYS ?? ''),
      ops: Object.values(parseKeyList(envOf('ops').HUB_OPS_KEYS ?? ''))[0] ?? '',
      auditor: Object.values(parseKeyList(envOf('gateway').HUB_AUDITOR_KEYS ?? ''))[0] ?? '',
      admin: Object.values(parseKeyList(envOf('gateway').HUB_ADMIN_KEYS ?? ''))[0] ?? '',
    },
    keySources,
    departments,
    supervisors,
    logDir,
    timings: { infraMs, migrationsMs, appsMs },
    stop,
  };
}

/**
 * Like Promise.all, but waits for every start to finish before rejecting: stop() must not run
 * while an app is still being spawned, or that app would escape it.
 */
async function settleAll(work: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * The key variables the apps get: in 'environment' mode a variable set (non-empty) in `env`
 * wins over its demo value, so `HUB_API_KEYS=… npm start` runs with the caller's keys.
 */
export function resolveKeys(
  mode: 'demo' | 'environment',
  env: NodeJS.ProcessEnv,
): { keys: Record<KeyVariable, string>; keySources: Record<KeyVariable, 'environment' | 'demo'> } {
  const keys = { ...KEY_VARIABLES } as Record<KeyVariable, string>;
  const keySources = {} as Record<KeyVariable, 'environment' | 'demo'>;
  for (const name of Object.keys(KEY_VARIABLES) as KeyVariable[]) {
    const given = mode === 'environment' ? env[name]?.trim() : undefined;
    if (given) keys[name] = given;
    keySources[name] = given ? 'environment' : 'demo';
  }
  return { keys, keySources };
}

/**
 * The agencies each demo department may open case codes under (the gateway's HUB_DEPARTMENTS).
 * The demo cases are Sở Tư pháp's (`000.00.01.H26-…`), so STP's key can send them; SXD's cannot.
 */
export const DEMO_DEPARTMENTS = 'STP:000.00.01.H26,SXD:000.00.02.H26,SYT:000.00.03.H26';

/**
 * `npm start`'s HUB_DEPARTMENTS: yours when set; the demo departments' agencies when the demo
 * department keys are in force; otherwise none (the departments of your keys are taken as they
 * are, their case codes not bound to agencies until you set it). Tests' stacks set none.
 */
export function resolveDepartments(
  mode: 'demo' | 'environment',
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (mode !== 'environment') return undefined;
  const given = env['HUB_DEPARTMENTS']?.trim();
  if (given) return given;
  return env['HUB_API_KEYS']?.trim() ? undefined : DEMO_DEPARTMENTS;
}

function appSpecificEnv(
  name: AppName,
  ports: Record<AppName, number[]>,
  keys: Record<KeyVariable, string>,
): Record<string, string> {
  switch (name) {
    case 'gateway':
      return {
        HUB_API_KEYS: keys.HUB_API_KEYS,
        HUB_ADMIN_KEYS: keys.HUB_ADMIN_KEYS,
        HUB_AUDITOR_KEYS: keys.HUB_AUDITOR_KEYS,
        ...registryEnv(ports, keys),
        ...paymentEnv(ports, keys),
      };
    case 'once-only':
      return registryEnv(ports, keys);
    case 'ops':
      return { HUB_OPS_KEYS: keys.HUB_OPS_KEYS };
    case 'webhooks':
      return {
        HUB_ADMIN_KEYS: keys.HUB_ADMIN_KEYS,
        WEBHOOK_ALLOWED_TARGETS: DEMO_WEBHOOK_ALLOWED_TARGETS,
        WEBHOOK_ALLOW_HTTP: 'true',
      };
    case 'portal-sync':
      return {
        PORTAL_URL: `http://127.0.0.1:${ports['mock-portal'][0]}${MOCK_PORTAL.path}`,
        PORTAL_USERNAME: MOCK_PORTAL.username,
        PORTAL_PASSWORD: MOCK_PORTAL.password,
        PORTAL_AGENCY_CODE: MOCK_PORTAL.agencyCode,
      };
    case 'relay':
    case 'mock-portal':
    case 'mock-population':
    case 'mock-business':
    case 'mock-results-store':
      return {};
    case 'mock-payment':
      return {
        MOCK_PAYMENT_PARTNER: MOCK_PAYMENT.partnerCode,
        MOCK_PAYMENT_SECRET: MOCK_PAYMENT.secret,
        // The platform calls the hub back on the gateway's own port.
        MOCK_PAYMENT_CONFIRM_URL: `http://127.0.0.1:${ports.gateway[0]}${PAYMENT_CONFIRM_PATH}`,
      };
  }
}

/** Where the gateway takes the payment platform's CONFIRM (apps/gateway, payments). */
export const PAYMENT_CONFIRM_PATH = '/v1/national/payment-platform/confirm';

/**
 * The gateway's side of the payment platform mock: its URL, the shared partner code and secret,
 * and a demo collecting account for every department that has a key (a department's account
 * must be one of HUB_DEPARTMENTS when that is set, and the keys' departments are).
 */
function paymentEnv(
  ports: Record<AppName, number[]>,
  keys: Record<KeyVariable, string>,
): Record<string, string> {
  const departments = Object.keys(parseKeyList(keys.HUB_API_KEYS));
  return {
    PAYMENT_PLATFORM_URL: `http://127.0.0.1:${ports['mock-payment'][0]}${MOCK_PAYMENT.path}`,
    PAYMENT_PARTNER_CODE: MOCK_PAYMENT.partnerCode,
    PAYMENT_SECRET: MOCK_PAYMENT.secret,
    PAYMENT_BENEFICIARIES: departments
      .map((d, i) => `${d}:3711.0.10551${String(i).padStart(2, '0')}|KBNN|Tài khoản thu phí ${d}`)
      .join(','),
  };
}

/**
 * What the apps that read verified profiles (gateway, once-only) share: keys, the registry URLs and
 * the store of digitised results.
 */
function registryEnv(
  ports: Record<AppName, number[]>,
  keys: Record<KeyVariable, string>,
): Record<string, string> {
  return {
    PII_ENCRYPTION_KEY: keys.PII_ENCRYPTION_KEY,
    PII_HASH_KEY: keys.PII_HASH_KEY,
    POPULATION_URL: `http://127.0.0.1:${ports['mock-population'][0]}${MOCK_REGISTRY_PATHS.population}`,
    BUSINESS_URL: `http://127.0.0.1:${ports['mock-business'][0]}${MOCK_REGISTRY_PATHS.business}`,
    RESULTS_STORE_URL: `http://127.0.0.1:${ports['mock-results-store'][0]}${MOCK_RESULTS_STORE_PATH}`,
  };
}

/** `A:x,B:y` → { A: 'x', B: 'y' } (the format of HUB_API_KEYS and HUB_OPS_KEYS). */
export function parseKeyList(value: string): Record<string, string> {
  const entries = value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.includes(':'))
    .map((pair) => {
      const at = pair.indexOf(':');
      return [pair.slice(0, at), pair.slice(at + 1)] as const;
    });
  return Object.fromEntries(entries);
}

async function allocatePorts(
  mode: 'default' | 'ephemeral',
  selected: readonly AppName[],
  replicas: Partial<Record<AppName, number>>,
): Promise<Record<AppName, number[]>> {
  const taken = new Set<number>();
  const fresh = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const ports = {} as Record<AppName, number[]>;
  if (mode === 'default') {
    for (const name of APP_NAMES) {
      const { env } = APP_PORTS[name];
      const { port, decidedBy } = plannedPort(name, process.env);
      if (selected.includes(name) && !(await isPortFree(port))) {
        const offset = Number(process.env[PORT_OFFSET_ENV] ?? 0) || 0;
        const remedy =
          decidedBy === env
            ? `choose another with ${env}, e.g. ${env}=${port + 100} npm start`
            : `shift every port with ${PORT_OFFSET_ENV}, e.g. ${PORT_OFFSET_ENV}=${offset + 100} npm start (or this one alone with ${env})`;
        throw new DevStackError(
          DevStackErrorCode.PortInUse,
          `Port ${port} (${name}) is already in use. Stop whatever listens there, or ${remedy}.`,
        );
      }
      taken.add(port);
      ports[name] = [port];
    }
  } else {
    for (const name of APP_NAMES) ports[name] = [await fresh()];
  }
  for (const name of selected) {
    const count = Math.max(1, replicas[name] ?? 1);
    while (ports[name].length < count) ports[name].push(await fresh());
  }
  return ports;
}
