import type { DataSource } from 'typeorm';

export type BreakerState = 'closed' | 'half-open' | 'open';

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

  /** Upserts the state; `changed_at` moves only when the state differs from the stored one. */
  async report(
    adapter: string,
    instance: string,
    service: string,
    state: BreakerState,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO national_adapter_states (adapter, instance, service, state, changed_at, heartbeat_at)
       VALUES ($1, $2, $3, $4, now(), now())
       ON CONFLICT (adapter, instance) DO UPDATE
         SET state = EXCLUDED.state, service = EXCLUDED.service, heartbeat_at = now(),
             changed_at = CASE WHEN national_adapter_states.state = EXCLUDED.state
                               THEN national_adapter_states.changed_at ELSE now() END`,
      [adapter, instance, service, state],
    );
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
