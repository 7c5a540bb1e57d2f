import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeyGuard } from '@hub/auth';
import { ProblemException } from '@hub/observability';
import { MONTH_PATTERN } from '../indicators/indicator-formulas';
import { scorecardCsv, scorecardHtml } from '../indicators/scorecard-render';
import { intParam } from '../query-params';
import { type IndicatorReport, IndicatorReportRepository } from './indicator-report.repository';

const links = (month: string) => ({
  json: `/v1/indicator-reports/${month}`,
  csv: `/v1/indicator-reports/${month}.csv`,
  html: `/v1/indicator-reports/${month}.html`,
});

/**
 * The kept monthly indicator reports (docs/indicators.md, "Monthly report"): listed, and each
 * downloadable as the JSON of `GET /v1/indicators`, as its CSV, or as a printable HTML page.
 */
@Controller('v1/indicator-reports')
@UseGuards(ApiKeyGuard)
export class IndicatorReportsController {
  constructor(
    @Inject(IndicatorReportRepository) private readonly reports: IndicatorReportRepository,
  ) {}

  @Get()
  async list(@Query('limit') limit?: string, @Query('offset') offset?: string) {
    const l = intParam('limit', limit, 24, 240);
    const o = intParam('offset', offset, 0, 100_000);
    const items = await this.reports.list(l, o);
    return { items: items.map((r) => ({ ...r, links: links(r.month) })), limit: l, offset: o };
  }

  /** `2026-11` (JSON), `2026-11.csv` or `2026-11.html`. */
  @Get(':report')
  async get(@Param('report') name: string, @Res() res: Response): Promise<void> {
    const [, month, format = 'json'] = /^([^.]*)(?:\.(csv|html))?$/.exec(name) ?? [];
    if (month === undefined || !MONTH_PATTERN.test(month)) {
      throw new ProblemException(
        400,
        'INVALID_PARAMETER',
        'Invalid parameter',
        'The report is named by its month as YYYY-MM, optionally followed by .csv or .html.',
        [{ path: 'month', message: 'must be a month as YYYY-MM, then optionally .csv or .html' }],
      );
    }
    const report = await this.reports.get(month);
    if (!report) {
      throw new ProblemException(
        404,
        'REPORT_NOT_FOUND',
        'Report not found',
        `No indicator report for ${month} is kept (one is generated for the month before, from OPS_REPORT_DAY on).`,
        [{ path: 'month', message: 'has no report' }],
      );
    }
    this.send(res, report, format);
  }

  private send(res: Response, report: IndicatorReport, format: string): void {
    const name = `indicators-${report.month}`;
    if (format === 'csv') {
      res
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="${name}.csv"`);
      res.send(scorecardCsv(report.scorecard));
    } else if (format === 'html') {
      res.type('text/html; charset=utf-8');
      res.send(scorecardHtml(report.scorecard, report));
    } else {
      res.json({ ...report, links: links(report.month) });
    }
  }
}
