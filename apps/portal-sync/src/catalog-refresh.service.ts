import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PortalAdapter } from '@hub/national-adapters';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { LockedRunLoop } from '@hub/persistence';
import type { CatalogRefresh } from '@hub/read-models';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from './config';
import { CatalogRepository } from './store';

/**
 * Keeps the hub's copy of the national procedure catalog: on a schedule
 * (CATALOG_REFRESH_INTERVAL_MS, retried every CATALOG_RETRY_MS while the portal fails) and when
 * an operator asks through ops. Runs here, where the portal adapter and its breaker are; the
 * advisory lock makes one replica at a time do it. A failed read changes nothing but the
 * refresh's own record: the last good copy stays in use.
 */
@Injectable()
export class CatalogRefreshService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: LockedRunLoop<CatalogRefresh>;
  private readonly refreshes;
  private readonly procedures;
  private readonly lastSuccess;

  constructor(
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(PortalAdapter) private readonly portal: PortalAdapter,
    @Inject(PORTAL_SYNC_CONFIG) config: PortalSyncConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.refreshes = metrics.counter(
      'hub_catalog_refreshes_total',
      'Procedure catalog refreshes finished, by trigger and outcome (done, failed)',
      ['trigger', 'outcome'] as const,
    );
    this.procedures = metrics.gauge(
      'hub_catalog_procedures',
      'Procedures in the stored catalog after the last successful refresh',
    );
    this.lastSuccess = metrics.gauge(
      'hub_catalog_last_success_timestamp_seconds',
      'When the procedure catalog was last refreshed successfully (Unix time)',
    );
    this.loop = new LockedRunLoop<CatalogRefresh>({
      everyMs: config.CATALOG_POLL_MS,
      exclusive: (work) => this.catalog.runExclusive(work),
      prepare: () =>
        this.catalog.prepare(config.CATALOG_REFRESH_INTERVAL_MS, config.CATALOG_RETRY_MS),
      prepared: ({ resumed }) => {
        if (resumed > 0) {
          this.logger.event('warn', 'catalog refreshes of a stopped replica resumed', { resumed });
        }
      },
      claimNext: () => this.catalog.claimNext(this.worker),
      run: (refresh) => this.runOne(refresh),
      failed: (error) =>
        this.logger.event('warn', 'catalog refresh tick failed; will try again', { error }),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start({ now: true });
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  private async runOne(refresh: CatalogRefresh): Promise<void> {
    const context = { refreshId: refresh.id, trigger: refresh.trigger };
    const read = await this.portal.readCatalog();
    try {
      if (read.kind !== 'read') {
        throw new Error(
          `portal ${read.kind}: ${read.code}${'message' in read ? ` ${read.message}` : ''}`,
        );
      }
      const changes = await this.catalog.apply(refresh.id, read);
      this.refreshes.inc({ trigger: refresh.trigger, outcome: 'done' });
      this.procedures.set(changes.procedures);
      this.lastSuccess.set(Date.now() / 1000);
      this.logger.event(changes.skipped.length > 0 ? 'warn' : 'info', 'catalog refreshed', {
        ...context,
        listed: changes.listed,
        procedures: changes.procedures,
        added: changes.added,
        changed: changes.changed,
        removed: changes.removed,
        agencies: changes.agencies,
        skipped: changes.skipped.length,
      });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await this.catalog.fail(refresh.id, error).catch(() => undefined);
      this.refreshes.inc({ trigger: refresh.trigger, outcome: 'failed' });
      this.logger.event('warn', 'catalog refresh failed; the last good copy stays in use', {
        ...context,
        error,
      });
    }
  }
}
