/**
 * Started by the integration specs as a separate Node process (via ts-node): it brings up Kafka
 * and Postgres, prints one JSON line naming their pids, then idles until the spec SIGKILLs it —
 * the one exit path no cleanup code can run on, which only the watchdog covers.
 */
import { startKafka, startPostgres } from '@hub/testing';

async function main(): Promise<void> {
  const kafka = await startKafka({ env: {} });
  const postgres = await startPostgres({ env: {}, preferEmbedded: true });
  process.stdout.write(`${JSON.stringify({ kafkaPid: kafka.pid, postgresPid: postgres.pid })}\n`);
  // Stay alive until killed.
  setInterval(() => undefined, 60_000);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
