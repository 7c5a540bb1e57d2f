/**
 * `npm start`: the whole hub on this machine — Kafka, Postgres, migrations and every app — with
 * a banner saying where everything is. Ctrl-C (or SIGTERM) stops it all in order and exits 0.
 * Every child runs under a watchdog, so even a SIGKILLed launcher leaves nothing behind.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { exampleCase } from '@hub/contracts';
import { APP_NAMES } from '../apps';
import { DevStackError } from '../dev-stack.error';
import { TestInfraError, describeExit, repoRoot } from '@hub/testing';
import { MOCK_REGISTRY_PATHS, startStack, type Stack } from '../stack';

const SHUTDOWN_DEADLINE_MS = 30_000;

const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function writeExampleEvent(): string {
  const file = join(tmpdir(), 'lienthong-example-event.json');
  const [received] = exampleCase().events;
  writeFileSync(file, `${JSON.stringify(received, null, 2)}\n`);
  return file;
}

function banner(stack: Stack, startedMs: number, exampleFile: string, logDir: string): string {
  const { urls, keys } = stack;
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
  const departmentKeys = Object.entries(keys.departments)
    .map(([dept, key]) => `${dept} ${key}`)
    .join('   ');
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
    '',
    row('Dept. keys', departmentKeys),
    row('Ops key', keys.ops),
    row('Auditor key', keys.auditor),
    row('Admin key', `${keys.admin}   (department keys: ${urls.gateway}/v1/admin/keys)`),
    '',
    '  Post an example event (case.received, written to ' + exampleFile + '):',
    `    curl -H "Authorization: Bearer ${keys.departments.STP ?? 'demo-key-stp'}" -H "content-type: application/cloudevents+json" \\`,
    `      --data @${exampleFile} ${urls.gateway}/v1/events`,
    '  Then follow it:',
    `    curl -H "Authorization: Bearer ${keys.departments.STP ?? 'demo-key-stp'}" ${urls.gateway}/v1/cases/${exampleCase().caseCode}`,
    `    curl -H "Authorization: Bearer ${keys.ops}" ${urls.ops}/v1/sync/summary`,
    '  Prefill a form for that applicant (see docs/once-only.md):',
    `    curl -H "Authorization: Bearer ${keys.departments.STP ?? 'demo-key-stp'}" "${urls.gateway}/v1/prefill?personalId=001203004567&procedureCode=2.000488&purpose=${exampleCase().caseCode}"`,
    '  Issue a department key (shown once; rotate and revoke under /v1/admin/keys/{keyId}):',
    `    curl -H "Authorization: Bearer ${keys.admin}" -H "content-type: application/json" \\`,
    `      --data '{"department":"STP","label":"STP case system"}' ${urls.gateway}/v1/admin/keys`,
    '',
    `  App logs: ${logDir}/ (${APP_NAMES.map((n) => `${n}.log`).join(', ')}, kafka.log, postgres.log)`,
    '  Press Ctrl-C to stop.',
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

  // An app that dies on its own is worth one line rather than a silent gap in the demo.
  for (const app of APP_NAMES.flatMap((name) => stack.apps[name])) {
    const pid = app.pid;
    void app.exited.then((exit) => {
      if (shuttingDown) return;
      const log = relative(process.cwd(), app.logFile);
      say(`! ${app.name} (pid ${pid}) stopped unexpectedly: ${describeExit(exit)}; see ${log}`);
    });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
