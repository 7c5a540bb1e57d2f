let probe: Promise<boolean> | undefined;

/**
 * Whether a container engine answers, asked once per process. testcontainers 11 rejects with
 * "Could not find a working container runtime strategy" within ~10 ms when none runs (loading the
 * module costs ~0.4 s, hence the lazy import and the cache). Any other failure also means "no
 * engine we can use": the caller falls back and says so.
 */
export async function containerRuntimeAvailable(
  log: (message: string) => void = () => undefined,
): Promise<boolean> {
  probe ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      return true;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!message.includes('Could not find a working container runtime strategy')) {
        log(`container runtime check failed (${message}); not using testcontainers`);
      }
      return false;
    }
  })();
  return probe;
}
