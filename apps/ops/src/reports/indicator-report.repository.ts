import { Inject, Injectable } from '@nestjs/common';
import { queryRows, withAdvisoryLock } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { MonthScorecard } from '../indicators/indicator-formulas';

const REPORT_LOCK = 7_264_505;

export interface IndicatorReportSummary {
  month: string;
  generatedAt: Date;
  trigger: 'schedule';
  generatedBy: string;
}

export interface IndicatorReport extends IndicatorReportSummary {
  scorecard: MonthScorecard;
}

const SUMMARY = `month, generated_at AS "generatedAt", trigger, generated_by AS "generatedBy"`;

/** Ops' `indicator_reports`: one kept report per month, written once. */
@Injectable()
export class IndicatorReportRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Runs `work` holding the report lock; undefined when another replica holds it. */
  runExclusive<T>(work: () => Promise<T>): Promise<T | undefined> {
    return withAdvisoryLock(this.ds, REPORT_LOCK, work);
  }

  async exists(month: string): Promise<boolean> {
    const rows = await queryRows(this.ds, `SELECT 1 FROM indicator_reports WHERE month = $1`, [
      month,
    ]);
    return rows.length > 0;
  }

  /** Stores the month's report unless one is there already (a report is never overwritten). */
  async insert(report: IndicatorReport): Promise<boolean> {
    const rows = await queryRows(
      this.ds,
      `INSERT INTO indicator_reports (month, generated_at, trigger, generated_by, scorecard)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (month) DO NOTHING RETURNING month`,
      [report.month, report.generatedAt, report.trigger, report.generatedBy, report.scorecard],
    );
    return rows.length > 0;
  }

  async list(limit: number, offset: number): Promise<IndicatorReportSummary[]> {
    return queryRows<IndicatorReportSummary>(
      this.ds,
      `SELECT ${SUMMARY} FROM indicator_reports ORDER BY month DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
  }

  async get(month: string): Promise<IndicatorReport | undefined> {
    const [row] = await queryRows<IndicatorReport>(
      this.ds,
      `SELECT ${SUMMARY}, scorecard FROM indicator_reports WHERE month = $1`,
      [month],
    );
    return row;
  }
}
