/**
 * Started by app-process.integration-spec.ts as a separate Node process (via ts-node): it spawns
 * the given app entry, prints one JSON line with the app's pid, then idles until the spec
 * SIGKILLs it — the one exit path no cleanup code can run on, which only the watchdog covers.
 */
import { spawnApp } from '@hub/dev-stack';

async function main(): Promise<void> {
  const [appEntry, logDir] = process.argv.slice(2);
  if (appEntry === undefined || logDir === undefined) {
    throw new Error('usage: crash-app <entry> <logDir>');
  }
  const app = await spawnApp({
    name: 'fake-app',
    portEnv: 'FAKE_APP_PORT',
    port: Number(process.env.FAKE_APP_PORT),
    entry: appEntry,
    logDir,
  });
  process.stdout.write(`${JSON.stringify({ appPid: app.pid })}\n`);
  // Stay alive until killed.
  setInterval(() => undefined, 60_000);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
