import { Controller, Get, Header, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '@hub/auth';
import { scorecardCsv } from './indicators/scorecard-render';
import type { IndicatorTrend } from './indicators/indicator-trend';
import {
  GetIndicatorTrendHandler,
  getIndicatorTrendCommand,
} from './usecases/get-indicator-trend/get-indicator-trend.handler';
import { getIndicatorsCommand } from './usecases/get-indicators/get-indicators.command';
import {
  GetIndicatorsHandler,
  type Scorecard,
} from './usecases/get-indicators/get-indicators.handler';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class IndicatorsController {
  constructor(
    @Inject(GetIndicatorsHandler) private readonly indicators: GetIndicatorsHandler,
    @Inject(GetIndicatorTrendHandler) private readonly trends: GetIndicatorTrendHandler,
  ) {}

  @Get('indicators/trend')
  trend(
    @Query('month') month?: string,
    @Query('months') months?: string,
    @Query('department') department?: string,
  ): Promise<IndicatorTrend> {
    return this.trends.execute(getIndicatorTrendCommand({ month, months, department }));
  }

  @Get('indicators')
  get(
    @Query('month') month?: string,
    @Query('department') department?: string,
  ): Promise<Scorecard> {
    return this.indicators.execute(getIndicatorsCommand({ month, department }));
  }

  @Get('indicators.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async csv(
    @Query('month') month?: string,
    @Query('department') department?: string,
  ): Promise<string> {
    const command = getIndicatorsCommand({ month, department });
    const scorecard = await this.indicators.execute(command);
    return scorecardCsv(scorecard);
  }
}
