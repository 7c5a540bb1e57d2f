/**
 * Started by the integration specs as a separate Node process (via ts-node): it brings up the
 * requested pieces, prints one JSON line describing them, then idles until the spec SIGKILLs
 * it — the one exit path no cleanup code can run on, which only the watchdog covers.
 */
import { spawnApp, startKafka, startPostgres } from '@hub/dev-stack';

async function main(): Promise<void> {
  const [mode, appEntry, logDir] = process.argv.slice(2);
  if (mode === 'infra') {
    const kafka = await startKafka({ env: {} });
    const postgres = await startPostgres({ env: {}, preferEmbedded: true });
    process.stdout.write(`${JSON.stringify({ kafkaPid: kafka.pid, postgresPid: postgres.pid })}\n`);
  } else if (mode === 'app' && appEntry !== undefined && logDir !== undefined) {
    const app = await spawnApp({
      name: 'fake-app',
      portEnv: 'FAKE_APP_PORT',
      port: Number(process.env.FAKE_APP_PORT),
      entry: appEntry,
      logDir,
    });
    process.stdout.write(`${JSON.stringify({ appPid: app.pid })}\n`);
  } else {
    throw new Error(`usage: crash-child infra | app <entry> <logDir>`);
  }
  // Stay alive until killed.
  setInterval(() => undefined, 60_000);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
