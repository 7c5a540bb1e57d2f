import type { DataSource } from 'typeorm';

export type BreakerState = 'closed' | 'half-open' | 'open';

/**
 * A process's calls to one adapter since it started (the national adapters' `callStats()`):
 * `failures` got no answer; `sent` and `sentSeconds` are the calls that went out and their time.
 */
export interface NationalCallCounts {
  calls: number;
  failures: number;
  sent: number;
  sentSeconds: number;
}

export interface NationalAdapterInstanceState {
  adapter: string;
  /** The process (host, pid, random suffix) whose breaker this is: each replica has its own. */
  instance: string;
  service: string;
  state: BreakerState;
  changedAt: Date;
  heartbeatAt: Date;
  /** Seconds since the process last reported, by the database clock. */
  heartbeatAgeSeconds: number;
}

/**
 * Circuit breakers live inside the processes that call national systems (portal-sync, later
 * once-only). Each process writes its breaker's state here on every change and as a heartbeat,
 * so the ops console can show them without calling into those processes.
 */
export class NationalAdapterStateRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Upserts the state; `changed_at` moves only when the state differs from the stored one. The
   * call counts, when given, replace the stored ones (they are the process's totals).
   */
  async report(
    adapter: string,
    instance: string,
    service: string,
    state: BreakerState,
    counts?: NationalCallCounts,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO national_adapter_states
              (adapter, instance, service, state, changed_at, heartbeat_at, calls, failures, sent, sent_seconds)
       VALUES ($1, $2, $3, $4, now(), now(), COALESCE($5::bigint, 0), COALESCE($6::bigint, 0), COALESCE($7::bigint, 0),
               COALESCE($8::float8, 0))
       ON CONFLICT (adapter, instance) DO UPDATE
         SET state = EXCLUDED.state, service = EXCLUDED.service, heartbeat_at = now(),
             changed_at = CASE WHEN national_adapter_states.state = EXCLUDED.state
                               THEN national_adapter_states.changed_at ELSE now() END,
             calls = COALESCE($5::bigint, national_adapter_states.calls),
             failures = COALESCE($6::bigint, national_adapter_states.failures),
             sent = COALESCE($7::bigint, national_adapter_states.sent),
             sent_seconds = COALESCE($8::float8, national_adapter_states.sent_seconds)`,
      [
        adapter,
        instance,
        service,
        state,
        counts?.calls ?? null,
        counts?.failures ?? null,
        counts?.sent ?? null,
        counts?.sentSeconds ?? null,
      ],
    );
  }

  /** Every process's call counts, as last reported (ops samples them into deltas). */
  async callCounts(): Promise<(NationalCallCounts & { adapter: string; instance: string })[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT adapter, instance, calls::float8 AS calls, failures::float8 AS failures,
              sent::float8 AS sent, sent_seconds
         FROM national_adapter_states ORDER BY adapter, instance`,
    );
    return rows.map((r) => ({
      adapter: r['adapter'] as string,
      instance: r['instance'] as string,
      calls: r['calls'] as number,
      failures: r['failures'] as number,
      sent: r['sent'] as number,
      sentSeconds: r['sent_seconds'] as number,
    }));
  }

  /** A process that stops gracefully removes its rows: its breaker no longer exists. */
  async forget(instance: string): Promise<void> {
    await this.ds.query(`DELETE FROM national_adapter_states WHERE instance = $1`, [instance]);
  }

  /** Every reported breaker; rows silent for longer than `dropAfterSeconds` are deleted first. */
  async list(dropAfterSeconds = 86_400): Promise<NationalAdapterInstanceState[]> {
    await this.ds.query(
      `DELETE FROM national_adapter_states WHERE heartbeat_at < now() - ($1::int * interval '1 second')`,
      [dropAfterSeconds],
    );
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT adapter, instance, service, state, changed_at, heartbeat_at,
              EXTRACT(EPOCH FROM now() - heartbeat_at)::float AS age
         FROM national_adapter_states ORDER BY adapter, instance`,
    );
    return rows.map((r) => ({
      adapter: r['adapter'] as string,
      instance: r['instance'] as string,
      service: r['service'] as string,
      state: r['state'] as BreakerState,
      changedAt: r['changed_at'] as Date,
      heartbeatAt: r['heartbeat_at'] as Date,
      heartbeatAgeSeconds: r['age'] as number,
    }));
  }
}
