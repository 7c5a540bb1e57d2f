export interface HealthCheckResult {
  ok: boolean;
  detail?: Record<string, unknown>;
}

export type HealthCheck = () => Promise<HealthCheckResult>;

/**
 * Readiness is the conjunction of named checks (Postgres, Kafka, consumption progress...).
 * Liveness is only "the event loop answers": restarting a pod because Postgres is down would
 * not help and would lose in-memory retries.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async readiness(
    timeoutMs = 2000,
  ): Promise<{ ok: boolean; checks: Record<string, HealthCheckResult> }> {
    const entries = await Promise.all(
      [...this.checks.entries()].map(async ([name, check]) => {
        const result = await withTimeout(check(), timeoutMs).catch(
          (e: unknown): HealthCheckResult => ({
            ok: false,
            detail: { error: e instanceof Error ? e.message : String(e) },
          }),
        );
        return [name, result] as const;
      }),
    );
    return { ok: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
