import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import { ClaimLoop, WorkSignal, workChannel } from '@hub/durable-work';
import { WEBHOOKS_CONFIG, type WebhooksConfig } from '../config';
import { type ClaimedDelivery, DeliveryRepository } from '../subscriptions/delivery.repository';
import { DeliverWebhookHandler } from '../usecases/deliver-webhook/deliver-webhook.handler';

/**
 * Keeps up to WEBHOOK_CONCURRENCY deliveries in flight (ClaimLoop), each for a different
 * (subscription, case): the claim query hands out only the oldest pending event of a case.
 * Leases make replicas safe.
 */
@Injectable()
export class DeliveryDispatcherService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: ClaimLoop<ClaimedDelivery>;
  private unsubscribe?: () => void;

  constructor(
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(DeliverWebhookHandler) private readonly deliver: DeliverWebhookHandler,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(HubLogger) logger: HubLogger,
    @Inject(HealthRegistry) health: HealthRegistry,
    @Inject(WorkSignal) private readonly signal: WorkSignal,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.loop = new ClaimLoop<ClaimedDelivery>({
      pollMs: config.WEBHOOK_POLL_MS,
      busyPollMs: config.WEBHOOK_BUSY_POLL_MS,
      beforePause: () =>
        this.signal.waiting(workChannel('webhook_deliveries'), config.WEBHOOK_POLL_MS),
      capacity: () => this.config.WEBHOOK_CONCURRENCY,
      claim: (limit) => this.deliveries.claimDue(limit, this.worker, this.config.WEBHOOK_LEASE_MS),
      handle: (delivery) => this.deliver.execute(delivery, this.worker),
      logger,
      names: { item: 'webhook delivery', round: 'webhook delivery' },
      metrics: { registry: metrics, queue: 'webhook_deliveries' },
      describe: (delivery) => ({
        eventId: delivery.eventId,
        caseCode: delivery.caseCode,
        deliveryId: delivery.id,
      }),
    });
    health.register('delivery-dispatcher', () => {
      const idle = Date.now() - this.loop.lastRoundAt;
      return Promise.resolve({
        ok: this.loop.isRunning && idle < 30_000,
        detail: { inFlight: this.loop.inFlightCount, secondsSinceRound: Math.round(idle / 1000) },
      });
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.signal.subscribe(workChannel('webhook_deliveries'), () =>
      this.loop.wake(),
    );
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.loop.stop();
    await this.deliveries.releaseLeases(this.worker).catch(() => undefined);
  }
}
