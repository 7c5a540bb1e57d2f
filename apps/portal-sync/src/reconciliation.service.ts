import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { LockedRunLoop } from '@hub/persistence';
import { ReconciliationRepository } from './store';
import { type Reconciliation } from '@hub/read-models';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from './config';
import {
  ReconcilePortalHandler,
  ReconciliationAborted,
} from './usecases/reconcile-portal/reconcile-portal.handler';

/**
 * Runs reconciliations here, in the process that owns the portal adapter: the scheduled ones
 * (RECONCILE_INTERVAL_MS) and those operators request through ops (rows in Postgres). Every tick
 * tries the advisory lock, so across replicas one runs at a time and none twice.
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: LockedRunLoop<Reconciliation>;
  private readonly runsTotal;
  private readonly dossiers;
  private readonly lastRun;
  private readonly lastStillFailing;

  constructor(
    @Inject(ReconciliationRepository) private readonly runs: ReconciliationRepository,
    @Inject(ReconcilePortalHandler) private readonly reconcile: ReconcilePortalHandler,
    @Inject(PORTAL_SYNC_CONFIG) config: PortalSyncConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.runsTotal = metrics.counter(
      'hub_reconciliation_runs_total',
      'Reconciliation runs finished, by trigger and outcome (done, failed)',
      ['trigger', 'outcome'] as const,
    );
    this.dossiers = metrics.counter(
      'hub_reconciliation_dossiers_total',
      'Dossiers read back by reconciliation, by result (matching, repaired, still-failing, skipped)',
      ['result'] as const,
    );
    this.lastRun = metrics.gauge(
      'hub_reconciliation_last_run_timestamp_seconds',
      'When the last reconciliation run finished (Unix time)',
    );
    this.lastStillFailing = metrics.gauge(
      'hub_reconciliation_still_failing',
      'Dossiers the last reconciliation run could not repair',
    );
    this.loop = new LockedRunLoop<Reconciliation>({
      everyMs: config.RECONCILE_POLL_MS,
      exclusive: (work) => this.runs.runExclusive(work),
      prepare: () => this.runs.prepare(config.RECONCILE_INTERVAL_MS, config.RECONCILE_WINDOW_MS),
      prepared: ({ resumed, scheduled }) => {
        if (resumed > 0) {
          this.logger.event('warn', 'reconciliation runs of a stopped replica resumed', {
            resumed,
          });
        }
        if (scheduled) this.logger.event('info', 'scheduled reconciliation requested');
      },
      claimNext: () => this.runs.claimNext(this.worker),
      run: (run) => this.runOne(run),
      failed: (error) =>
        this.logger.event('warn', 'reconciliation tick failed; will try again', { error }),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  private async runOne(run: Reconciliation): Promise<void> {
    const context = {
      reconciliationId: run.id,
      trigger: run.trigger,
      windowFrom: run.windowFrom.toISOString(),
      windowTo: run.windowTo.toISOString(),
    };
    this.logger.event('info', 'reconciliation started', context);
    try {
      const report = await this.reconcile.execute(run, () => this.loop.stopping);
      await this.runs.finish(run.id, report);
      this.runsTotal.inc({ trigger: run.trigger, outcome: 'done' });
      for (const d of report.details) this.dossiers.inc({ result: d.result });
      this.lastRun.set(Date.now() / 1000);
      this.lastStillFailing.set(report.stillFailing);
      this.logger.event(report.stillFailing > 0 ? 'warn' : 'info', 'reconciliation finished', {
        ...context,
        checked: report.checked,
        matching: report.matching,
        repaired: report.repaired,
        stillFailing: report.stillFailing,
        skipped: report.skipped,
      });
    } catch (e) {
      // A shutdown leaves the run `running`: the next lock holder resumes it from the start.
      if (e instanceof ReconciliationAborted) return;
      const error = e instanceof Error ? e.message : String(e);
      await this.runs.fail(run.id, error).catch(() => undefined);
      this.runsTotal.inc({ trigger: run.trigger, outcome: 'failed' });
      this.logger.event('error', 'reconciliation failed', { ...context, error });
    }
  }
}
