import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { LockedRunLoop } from '@hub/persistence';
import { OPS_CONFIG, type OpsConfig } from '../config';
import { GetIndicatorsHandler } from '../usecases/get-indicators/get-indicators.handler';
import { hanoiWallClock } from '../indicators/hanoi-time';
import { IndicatorFactsRepository } from '../indicators/indicator-facts.repository';
import { IndicatorReportRepository } from './indicator-report.repository';

/** The clock the report schedule reads (a test sets its own). */
export const OPS_CLOCK = Symbol('OPS_CLOCK');
export type Clock = () => Date;

/**
 * The month whose report is due at `now`: the month before, in Hanoi time, once Hanoi's day of
 * the month is `reportDay` or later; undefined before that day.
 */
export function dueReportMonth(now: Date, reportDay: number): string | undefined {
  const hanoi = hanoiWallClock(now);
  if (hanoi.getUTCDate() < reportDay) return undefined;
  const previous = new Date(Date.UTC(hanoi.getUTCFullYear(), hanoi.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}

/** The plans want the report before the 15th: from this Hanoi day it is made even without a catalog. */
const LAST_REPORT_DAY = 15;

/** Hanoi's day of the month at `now`. */
const hanoiDay = (now: Date): number => hanoiWallClock(now).getUTCDate();

/**
 * Generates the monthly indicator report (docs/indicators.md, "Monthly report") for the month
 * before, on OPS_REPORT_DAY of each month (Hanoi time; the plans want it before the 15th), without
 * anyone asking: every OPS_REPORT_POLL_MS one replica (advisory lock) checks whether the due
 * month's report is stored, and if not computes the city's scorecard — the same handler as
 * `GET /v1/indicators` — and keeps it. A report is written once; a month missed while ops was down
 * is written when it comes back, as long as it is still the due month. It waits for a procedure
 * catalog (portal-sync loads one at start): without one the procedure indicators have nothing to
 * count. From the 15th it is written anyway, its `catalogRefreshedAt` null.
 */
@Injectable()
export class IndicatorReportService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker = `${hostname()}-${process.pid}`;
  private readonly loop: LockedRunLoop<string>;
  private readonly generated;
  private waitingLogged?: string;

  constructor(
    @Inject(IndicatorReportRepository) private readonly reports: IndicatorReportRepository,
    @Inject(GetIndicatorsHandler) private readonly indicators: GetIndicatorsHandler,
    @Inject(IndicatorFactsRepository) private readonly facts: IndicatorFactsRepository,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
    @Inject(OPS_CLOCK) private readonly clock: Clock,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.generated = metrics.gauge(
      'hub_indicator_report_last_generated_timestamp_seconds',
      'When the last monthly indicator report was generated (Unix time)',
    );
    this.loop = new LockedRunLoop<string>({
      everyMs: config.OPS_REPORT_POLL_MS,
      exclusive: (work) => this.reports.runExclusive(work),
      prepare: () => Promise.resolve({ resumed: 0, scheduled: false }),
      claimNext: () => this.dueMonthWithoutReport(),
      run: (month) => this.generate(month),
      failed: (error) =>
        this.logger.event('warn', 'monthly indicator report tick failed; will try again', {
          error,
        }),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start({ now: true });
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  private async dueMonthWithoutReport(): Promise<string | undefined> {
    const now = this.clock();
    const month = dueReportMonth(now, this.config.OPS_REPORT_DAY);
    if (month === undefined || (await this.reports.exists(month))) return undefined;
    if (hanoiDay(now) < LAST_REPORT_DAY && (await this.facts.catalogRefreshedAt()) === null) {
      if (this.waitingLogged !== month) {
        this.waitingLogged = month;
        this.logger.event('warn', 'monthly indicator report waits for a procedure catalog', {
          month,
        });
      }
      return undefined;
    }
    return month;
  }

  private async generate(month: string): Promise<void> {
    const at = this.clock();
    const scorecard = await this.indicators.execute({ month }, at);
    const stored = await this.reports.insert({
      month,
      generatedAt: at,
      trigger: 'schedule',
      generatedBy: this.worker,
      scorecard,
    });
    if (stored) {
      this.generated.set(at.getTime() / 1000);
      this.logger.event('info', 'monthly indicator report generated', {
        month,
        departments: scorecard.departments.length,
        procedures: scorecard.procedures.length,
      });
    }
  }
}
