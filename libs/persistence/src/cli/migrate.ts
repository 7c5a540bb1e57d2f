/**
 * One-shot schema migration for deployments (the compose `migrate` service, the Kubernetes
 * migration Job): applies every pending migration, then exits 0. Apps never migrate on start,
 * so a rolling upgrade runs this first and old replicas keep working (migrations only add).
 */
import { loadConfig, sharedVariables } from '@hub/config';
import { HubLogger } from '@hub/observability';
import { runMigrations } from '../data-source';

const logger = HubLogger.for('migrate');

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig({ DATABASE_URL: sharedVariables.DATABASE_URL });
  const started = Date.now();
  await runMigrations(DATABASE_URL);
  logger.event('info', 'migrations applied', { ms: Date.now() - started });
}

main().catch((e: unknown) => {
  logger.event('error', 'migrations failed', { error: e instanceof Error ? e.message : String(e) });
  process.exitCode = 1;
});
