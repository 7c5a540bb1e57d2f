import { Controller, Get, Header, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '@hub/auth';
import { scorecardCsv } from './indicators/scorecard-render';
import { getIndicatorsCommand } from './usecases/get-indicators/get-indicators.command';
import {
  GetIndicatorsHandler,
  type Scorecard,
} from './usecases/get-indicators/get-indicators.handler';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class IndicatorsController {
  constructor(@Inject(GetIndicatorsHandler) private readonly indicators: GetIndicatorsHandler) {}

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
