import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HealthRegistry, HubLogger } from '@hub/observability';
import { WEBHOOKS_CONFIG, type WebhooksConfig } from '../config';
import { DeliveryRepository } from '../subscriptions/delivery.repository';
import { DeliverWebhookHandler } from '../usecases/deliver-webhook/deliver-webhook.handler';

/**
 * Keeps up to WEBHOOK_CONCURRENCY deliveries in flight, each for a different (subscription, case):
 * the claim query hands out only the oldest pending event of a case. Leases make replicas safe.
 */
@Injectable()
export class DeliveryDispatcherService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private lastRoundAt = Date.now();
  private wake?: () => void;

  constructor(
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(DeliverWebhookHandler) private readonly deliver: DeliverWebhookHandler,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(HealthRegistry) health: HealthRegistry,
  ) {
    health.register('delivery-dispatcher', () => {
      const idle = Date.now() - this.lastRoundAt;
      return Promise.resolve({
        ok: this.running && idle < 30_000,
        detail: { inFlight: this.inFlight.size, secondsSinceRound: Math.round(idle / 1000) },
      });
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.deliveries.releaseLeases(this.worker).catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.lastRoundAt = Date.now();
      const free = this.config.WEBHOOK_CONCURRENCY - this.inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const due = await this.deliveries.claimDue(
            free,
            this.worker,
            this.config.WEBHOOK_LEASE_MS,
          );
          claimed = due.length;
          for (const delivery of due) {
            const work: Promise<void> = this.deliver
              .execute(delivery, this.worker)
              .then(() => undefined)
              .catch((e: unknown) => {
                this.logger.event('error', 'webhook delivery crashed; lease will expire', {
                  eventId: delivery.eventId,
                  caseCode: delivery.caseCode,
                  deliveryId: delivery.id,
                  error: e instanceof Error ? e.message : String(e),
                });
              })
              .finally(() => {
                this.inFlight.delete(work);
                this.wake?.();
              });
            this.inFlight.add(work);
          }
        } catch (e) {
          this.logger.event('error', 'could not claim deliveries', {
            error: e instanceof Error ? e.message : String(e),
          });
        }
      }
      // Nothing claimed (or no room): wait for a finished delivery or the poll interval.
      if (claimed === 0 || this.inFlight.size >= this.config.WEBHOOK_CONCURRENCY) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.WEBHOOK_POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
