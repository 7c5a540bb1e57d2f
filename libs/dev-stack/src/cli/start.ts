/**
 * `npm start`: the whole hub on this machine — Kafka, Postgres, migrations and every app — with
 * a banner saying where everything is. An app that dies is restarted (with backoff, said in the
 * console). Ctrl-C (or SIGTERM) stops it all in order and exits 0. Every child runs under a
 * watchdog, so even a SIGKILLed launcher leaves nothing behind.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEFAULT_RESTART_POLICY, type SupervisorNotice } from '../app-process';
import { APP_NAMES } from '../apps';
import { DevStackError } from '../dev-stack.error';
import { TestInfraError, describeExit, repoRoot } from '@hub/testing';
import {
  MOCK_PAYMENT,
  MOCK_REGISTRY_PATHS,
  MOCK_RESULTS_STORE_PATH,
  startStack,
  type KeyVariable,
  type Stack,
} from '../stack';
import { EXAMPLE_APPLICANT_ID, exampleDemoCase, exampleReceivedEvent } from './example';

const SHUTDOWN_DEADLINE_MS = 30_000;

const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function writeExampleEvent(): string {
  const file = join(tmpdir(), 'lienthong-example-event.json');
  writeFileSync(file, `${JSON.stringify(exampleReceivedEvent(), null, 2)}\n`);
  return file;
}

/** Key names (the part before each `:`), never the keys: `STP, SXD`. */
const keyNames = (value: string): string =>
  value
    .split(',')
    .map((pair) => pair.split(':')[0]?.trim() ?? '')
    .filter(Boolean)
    .join(', ');

/**
 * The keys section and what to put in the curl commands. A key the user gave in the environment
 * is never printed: the banner says where it came from and the commands show a placeholder.
 */
function keyLines(stack: Stack): { lines: string[]; dept: string; ops: string; admin: string } {
  const { keys, keySources } = stack;
  const fromEnv = (name: KeyVariable): boolean => keySources[name] === 'environment';
  const yours = (name: KeyVariable): string =>
    `from your environment (${name}${name.endsWith('_KEYS') ? `: ${keyNames(process.env[name] ?? '')}` : ''})`;
  const row = (label: string, value: string): string => `  ${label.padEnd(14)} ${value}`;
  const lines = [
    row(
      'Dept. keys',
      fromEnv('HUB_API_KEYS')
        ? yours('HUB_API_KEYS')
        : Object.entries(keys.departments)
            .map(([dept, key]) => `${dept} ${key}`)
            .join('   '),
    ),
    row('Ops key', fromEnv('HUB_OPS_KEYS') ? yours('HUB_OPS_KEYS') : keys.ops),
    row('Auditor key', fromEnv('HUB_AUDITOR_KEYS') ? yours('HUB_AUDITOR_KEYS') : keys.auditor),
    row(
      'Admin key',
      `${fromEnv('HUB_ADMIN_KEYS') ? yours('HUB_ADMIN_KEYS') : keys.admin}   (department keys: ${stack.urls.gateway}/v1/admin/keys)`,
    ),
  ];
  lines.push(
    row(
      'Case codes',
      stack.departments
        ? stack.departments.replace(/:/g, ' under ').replace(/,/g, '   ').replace(/\|/g, ' or ')
        : 'any agency prefix (set HUB_DEPARTMENTS=DEPT:agency|agency,… to bind them)',
    ),
  );
  const piiFromEnv = (['PII_ENCRYPTION_KEY', 'PII_HASH_KEY'] as const).filter(fromEnv);
  lines.push(
    row(
      'PII keys',
      piiFromEnv.length > 0
        ? `${piiFromEnv.join(', ')} from your environment${piiFromEnv.length < 2 ? '; the other is the demo key' : ''}`
        : 'demo keys (personal data at rest is throwaway here)',
    ),
  );
  return {
    lines,
    dept: fromEnv('HUB_API_KEYS') ? '<your STP key>' : (keys.departments.STP ?? '<an STP key>'),
    ops: fromEnv('HUB_OPS_KEYS') ? '<your ops key>' : keys.ops,
    admin: fromEnv('HUB_ADMIN_KEYS') ? '<your admin key>' : keys.admin,
  };
}

/** `export …` for a second terminal: the broker always, the database unless it is the user's own. */
function exportLine(stack: Stack): string {
  const kafka = `KAFKA_BROKERS=${stack.kafka.brokers.join(',')}`;
  return stack.postgres.kind === 'external'
    ? `    export ${kafka}   # DATABASE_URL: the one in your environment`
    : `    export ${kafka} DATABASE_URL='${stack.postgres.url}'`;
}

function banner(stack: Stack, startedMs: number, exampleFile: string, logDir: string): string {
  const { urls } = stack;
  const kafkaNote: Record<Stack['kafka']['kind'], string> = {
    external: 'from KAFKA_BROKERS',
    testcontainers: 'testcontainers',
    'kcat-mock': "librdkafka's in-memory mock broker via kcat; data is gone when you stop",
  };
  const postgresNote: Record<Stack['postgres']['kind'], string> = {
    external: 'from DATABASE_URL',
    testcontainers: 'testcontainers',
    local: 'local server',
    embedded: 'embedded, throwaway; data is gone when you stop',
  };
  const keys = keyLines(stack);
  const example = exampleDemoCase();
  const row = (label: string, value: string): string => `  ${label.padEnd(14)} ${value}`;
  return [
    '',
    `Lienthong Hub is running (ready in ${seconds(startedMs)})`,
    '',
    row('Ops console', `${urls.ops}/   (open in a browser; paste the ops key below)`),
    row('Gateway', `${urls.gateway}/v1/events`),
    row('Ops API', `${urls.ops}/v1/sync/summary   ${urls.ops}/v1/dead-letters   (ops key)`),
    row(
      'Mock portal',
      `${urls['mock-portal']}/dvcqg/api   (inspect: ${urls['mock-portal']}/__mock/dossiers)`,
    ),
    row(
      'Population DB',
      `${urls['mock-population']}${MOCK_REGISTRY_PATHS.population}/CongDan/TraCuu   (inspect: ${urls['mock-population']}/__mock/lookups)`,
    ),
    row(
      'Business reg.',
      `${urls['mock-business']}${MOCK_REGISTRY_PATHS.business}/DoanhNghiep/chiTietDoanhNghiep?msdn=   (inspect: ${urls['mock-business']}/__mock/lookups)`,
    ),
    row(
      'Results store',
      `${urls['mock-results-store']}${MOCK_RESULTS_STORE_PATH}/KetQua/TraCuu   (inspect: ${urls['mock-results-store']}/__mock/results)`,
    ),
    row(
      'Payment platform',
      `${urls['mock-payment']}${MOCK_PAYMENT.path}/init   (inspect: ${urls['mock-payment']}/__mock/payments)`,
    ),
    row('Webhooks', `${urls.webhooks}/v1/subscriptions   (admin key; see docs/integrators.md)`),
    row('Kafka intake', 'produce to city.case-events.inbound.v1 with header hub-key-id'),
    row('Relay', `${urls.relay}/health/ready   ${urls.relay}/metrics`),
    row('Portal sync', `${urls['portal-sync']}/health/ready   ${urls['portal-sync']}/metrics`),
    row(
      'Once-only',
      `${urls.gateway}/v1/prefill   ${urls.gateway}/v1/access-log (auditor key)   ${urls.ops}/v1/kpis/reuse`,
    ),
    row('Metrics', `every app serves /metrics and /health/ready, e.g. ${urls.gateway}/metrics`),
    '',
    row('Kafka', `${stack.kafka.brokers.join(',')}   (${kafkaNote[stack.kafka.kind]})`),
    row(
      'Postgres',
      `${stack.postgres.url.replace(/:[^:@/]+@/, ':***@')}   (${postgresNote[stack.postgres.kind]})`,
    ),
    '  Use them from another terminal (tests, scripts, kcat):',
    exportLine(stack),
    '',
    ...keys.lines,
    '',
    '  Post an example event (case.received, written to ' + exampleFile + '):',
    `    curl -H "Authorization: Bearer ${keys.dept}" -H "content-type: application/cloudevents+json" \\`,
    `      --data @${exampleFile} ${urls.gateway}/v1/events`,
    '  Then follow it:',
    `    curl -H "Authorization: Bearer ${keys.dept}" ${urls.gateway}/v1/cases/${example.caseCode}`,
    `    curl -H "Authorization: Bearer ${keys.ops}" ${urls.ops}/v1/sync/summary`,
    '  Prefill a form for that applicant (see docs/once-only.md):',
    `    curl -H "Authorization: Bearer ${keys.dept}" "${urls.gateway}/v1/prefill?personalId=${EXAMPLE_APPLICANT_ID}&procedureCode=2.000488&purpose=${example.caseCode}"`,
    '  Issue a department key (shown once; rotate and revoke under /v1/admin/keys/{keyId}):',
    `    curl -H "Authorization: Bearer ${keys.admin}" -H "content-type: application/json" \\`,
    `      --data '{"department":"STP","label":"STP case system"}' ${urls.gateway}/v1/admin/keys`,
    '',
    `  App logs: ${logDir}/ (${APP_NAMES.map((n) => `${n}.log`).join(', ')}, kafka.log, postgres.log)`,
    '  An app that dies is restarted (backoff from 0.5 s to 30 s). Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const root = repoRoot();
  const logDir = join(root, '.data', 'logs');
  const shownLogDir = relative(process.cwd(), logDir) || '.';
  // Keeps the event loop alive: the children are unref'ed on purpose (see WatchedProcess).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const abort = new AbortController();
  let shuttingDown = false;

  say('Starting Lienthong Hub: Kafka, Postgres, migrations, then the apps…');
  const startedAt = Date.now();
  const startup: Promise<Stack | undefined> = startStack({
    ports: 'default',
    preferEmbedded: true,
    installMissing: true,
    echoLogs: false,
    logDir,
    log: (message) => say(`  ${message}`),
    signal: abort.signal,
    keys: 'environment',
    restart: DEFAULT_RESTART_POLICY,
    onSupervisorNotice: (notice) => {
      if (!shuttingDown) say(describeNotice(notice, shownLogDir));
    },
  }).catch((e: unknown) => {
    // A Ctrl-C during start-up rejects too; startStack has already stopped what it started.
    if (!abort.signal.aborted) {
      const reason =
        e instanceof DevStackError || e instanceof TestInfraError
          ? e.message
          : e instanceof Error
            ? (e.stack ?? e.message)
            : String(e);
      say(`\nCould not start the hub:\n${reason}`);
      say(`(logs are in ${shownLogDir}/)`);
      process.exitCode = 1;
    }
    return undefined;
  });

  const shutdown = async (reason: string): Promise<void> => {
    // npm forwards the terminal's SIGINT, so one Ctrl-C usually arrives twice.
    if (shuttingDown) return;
    shuttingDown = true;
    say(`\n${reason}: stopping the hub…`);
    abort.abort();
    const deadline = setTimeout(() => {
      say(
        `Not stopped after ${seconds(SHUTDOWN_DEADLINE_MS)}; exiting, the watchdogs finish the job.`,
      );
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    let code = 0;
    try {
      await (await startup)?.stop();
      say('Stopped; nothing left running.');
    } catch (e) {
      say(`Stopped with errors: ${e instanceof Error ? e.message : String(e)}`);
      code = 1;
    }
    clearTimeout(deadline);
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }

  const stack = await startup;
  if (!stack) {
    if (!shuttingDown) clearInterval(keepAlive);
    return;
  }
  if (shuttingDown) return;
  const t = stack.timings;
  say(
    `  Kafka + Postgres ${seconds(t.infraMs)}, migrations ${seconds(t.migrationsMs)}, apps ${seconds(t.appsMs)}`,
  );
  say(banner(stack, Date.now() - startedAt, writeExampleEvent(), shownLogDir));
}

/** One console line per supervisor notice: which app, how it ended, what happens next. */
function describeNotice(notice: SupervisorNotice, logDir: string): string {
  const log = `${logDir}/${notice.app}.log`;
  switch (notice.kind) {
    case 'died':
      return `! ${notice.app} (pid ${notice.pid}) died: ${describeExit(notice.exit)}; restart ${notice.restart} in ${notice.restartInMs} ms${
        notice.quickDeaths > 1 ? ` (${notice.quickDeaths} quick deaths in a row)` : ''
      }; see ${log}`;
    case 'restarted':
      return `✓ ${notice.app} restarted (pid ${notice.pid}; restart ${notice.restart})`;
    case 'restart-failed':
      return `! ${notice.app}: restart ${notice.restart} failed: ${notice.reason}`;
    case 'gave-up':
      return `! ${notice.app} died ${notice.quickDeaths} times in a row right after starting (last: ${describeExit(notice.exit)}); not restarting it again. See ${log}. The rest of the hub keeps running; Ctrl-C stops everything.`;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
