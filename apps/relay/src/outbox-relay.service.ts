import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PollCadence, WakeablePause, WorkSignal, workChannel } from '@hub/durable-work';
import { KafkaConnection } from '@hub/messaging';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import { OutboxRelayRepository } from '@hub/persistence';
import { RELAY_CONFIG, type RelayConfig } from './config';
import { backoffMs } from '@hub/retry';
import { withSpans } from '@hub/tracing';

/**
 * Publishes the transactional outbox to Kafka. Several replicas can run: each lane is drained by
 * whoever holds its advisory lock, so a case's messages keep their commit order while lanes are
 * published in parallel. A message is deleted only after Kafka acknowledged it. The outbox's
 * trigger wakes the loop when messages are committed (WorkSignal); RELAY_POLL_MS is the safety net.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private lastRoundAt = Date.now();
  private readonly published;
  private readonly backlogGauge;
  private readonly oldestGauge;
  private lastBacklogAt = 0;
  private readonly pause = new WakeablePause();
  private readonly cadence: PollCadence;
  private unsubscribe?: () => void;

  constructor(
    @Inject(OutboxRelayRepository) private readonly outbox: OutboxRelayRepository,
    @Inject(KafkaConnection) private readonly kafka: KafkaConnection,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
    @Inject(HealthRegistry) health: HealthRegistry,
    @Inject(WorkSignal) private readonly signal: WorkSignal,
  ) {
    this.cadence = new PollCadence({
      idlePollMs: config.RELAY_POLL_MS,
      busyPollMs: config.RELAY_BUSY_POLL_MS,
    });
    this.published = metrics.counter(
      'hub_relay_published_total',
      'Outbox messages published to Kafka',
      ['topic'] as const,
    );
    this.backlogGauge = metrics.gauge('hub_outbox_backlog', 'Outbox messages not yet published');
    this.oldestGauge = metrics.gauge(
      'hub_outbox_oldest_seconds',
      'Age of the oldest unpublished outbox message',
    );
    health.register('relay-loop', () => {
      const idle = Date.now() - this.lastRoundAt;
      return Promise.resolve({
        ok: this.running && idle < 30_000,
        detail: { secondsSinceRound: Math.round(idle / 1000) },
      });
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.signal.subscribe(workChannel('outbox'), () => this.pause.wake());
    this.running = true;
    this.loop = this.run();
  }

  /** Stops publishing before Kafka and Postgres connections close (they close on application shutdown). */
  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    this.running = false;
    this.pause.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pause.forgetWakeUps();
      try {
        const published = await this.round();
        failures = 0;
        this.lastRoundAt = Date.now();
        if (published === 0) {
          // An idle relay says it waits (the outbox notifies only then) and looks once more.
          const next = await this.cadence.nothingDue(() =>
            this.signal.waiting(workChannel('outbox'), this.config.RELAY_POLL_MS),
          );
          // Only the empty outbox's pause ends on a wake-up; the linger is there to gather.
          if (next !== 'look-again') await this.pause.for(next);
          continue;
        }
        this.cadence.worked();
        const linger = pauseAfterRound(published, this.config);
        if (linger > 0) await sleep(linger);
      } catch (e) {
        failures += 1;
        this.logger.event('warn', 'relay round failed; will retry', {
          error: e instanceof Error ? e.message : String(e),
          failures,
        });
        await sleep(backoffMs(failures + 1, { baseMs: 100, maxMs: 5000 }));
      }
    }
  }

  /**
   * One pass over the lanes that have work, dealt out over RELAY_CONCURRENCY groups that are
   * published in parallel, each group in one transaction; returns how many were published.
   */
  private async round(): Promise<number> {
    await this.updateBacklogMetrics();
    const lanes = await this.outbox.busyLanes();
    const groups = laneGroups(lanes, this.config.RELAY_CONCURRENCY);
    const published = await Promise.all(
      groups.map((group) =>
        this.outbox.drainLanes(group, this.config.RELAY_BATCH_SIZE, async (messages) => {
          // A span per record, a child of the trace its outbox row carries; the record carries on
          // the publish span's context instead (libs/tracing).
          await withSpans(
            (i) => `${messages[i].topic} publish`,
            messages.map((m) => ({
              headers: m.headers,
              attributes: {
                'messaging.system': 'kafka',
                'messaging.destination.name': m.topic,
                'messaging.message.id': m.headers['ce_id'] ?? m.id,
              },
            })),
            'producer',
            (traced) =>
              this.kafka.send(
                messages.map((m, i) => ({ ...m, headers: { ...m.headers, ...traced[i] } })),
              ),
          );
          for (const m of messages) this.published.inc({ topic: m.topic });
        }),
      ),
    );
    return published.reduce((sum, n) => sum + Math.max(n, 0), 0);
  }

  private async updateBacklogMetrics(): Promise<void> {
    if (Date.now() - this.lastBacklogAt < 5000) return;
    this.lastBacklogAt = Date.now();
    const { count, oldestSeconds } = await this.outbox.backlog();
    this.backlogGauge.set(count);
    this.oldestGauge.set(oldestSeconds);
  }
}

/**
 * How long to wait before the next round: the poll interval when the outbox was empty, the linger
 * after a partial batch (messages trickling in would otherwise cost a transaction of five
 * statements each), nothing after a full batch (there is a backlog to catch up on).
 */
export function pauseAfterRound(
  published: number,
  config: Pick<RelayConfig, 'RELAY_POLL_MS' | 'RELAY_LINGER_MS' | 'RELAY_BATCH_SIZE'>,
): number {
  if (published === 0) return config.RELAY_POLL_MS;
  return published < config.RELAY_BATCH_SIZE ? config.RELAY_LINGER_MS : 0;
}

/** Busy lanes dealt out over parallel transactions, one per four lanes at most. */
export function laneGroups(lanes: readonly number[], concurrency: number): number[][] {
  const count = Math.min(concurrency, Math.ceil(lanes.length / 4));
  return Array.from({ length: count }, (_, g) => lanes.filter((_, i) => i % count === g));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
