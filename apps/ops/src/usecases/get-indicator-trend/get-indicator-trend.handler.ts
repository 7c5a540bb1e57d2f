import { Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@hub/observability';
import {
  indicatorTrend,
  type IndicatorTrend,
  monthsEnding,
} from '../../indicators/indicator-trend';
import { getIndicatorsCommand } from '../get-indicators/get-indicators.command';
import { GetIndicatorsHandler } from '../get-indicators/get-indicators.handler';

export interface GetIndicatorTrendCommand {
  month: string;
  months: number;
  department?: string;
}

/** month and department as /v1/indicators takes them; months 2–24 (default 6). */
export function getIndicatorTrendCommand(query: {
  month?: unknown;
  months?: unknown;
  department?: unknown;
}): GetIndicatorTrendCommand {
  const { month, department } = getIndicatorsCommand(query);
  let months = 6;
  if (query.months !== undefined && query.months !== '') {
    months = Number(query.months);
    if (
      typeof query.months !== 'string' ||
      !Number.isInteger(months) ||
      months < 2 ||
      months > 24
    ) {
      throw new ProblemException(
        400,
        'INVALID_QUERY',
        'Invalid query parameter',
        'query.months must be a whole number from 2 to 24.',
        [{ path: 'query.months', message: 'must be a whole number from 2 to 24' }],
      );
    }
  }
  return { month, months, ...(department ? { department } : {}) };
}

/**
 * Each indicator over the months ending with `month`: the scorecards of those months, computed
 * as /v1/indicators computes each (one after the other: a month is a few queries, and they are
 * read while the console shows the scorecard).
 */
@Injectable()
export class GetIndicatorTrendHandler {
  constructor(@Inject(GetIndicatorsHandler) private readonly scorecards: GetIndicatorsHandler) {}

  async execute(
    command: GetIndicatorTrendCommand,
    asOf: Date = new Date(),
  ): Promise<IndicatorTrend> {
    const cards = [];
    for (const month of monthsEnding(command.month, command.months)) {
      cards.push(await this.scorecards.execute({ month, department: command.department }, asOf));
    }
    return indicatorTrend(cards, command.department);
  }
}
