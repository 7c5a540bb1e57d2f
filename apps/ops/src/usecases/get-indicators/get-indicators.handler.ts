import { Inject, Injectable } from '@nestjs/common';
import {
  computeScorecard,
  type DepartmentScorecard,
  type IndicatorTargets,
  monthWindow,
} from '../../indicators/indicator-formulas';
import { IndicatorFactsRepository } from '../../indicators/indicator-facts.repository';
import type { GetIndicatorsCommand } from './get-indicators.command';

export const INDICATOR_TARGETS = Symbol('INDICATOR_TARGETS');

export interface Scorecard {
  month: string;
  departments: DepartmentScorecard[];
}

/** The scorecard of one month (cases received in it, Hanoi time), per department. */
@Injectable()
export class GetIndicatorsHandler {
  constructor(
    @Inject(IndicatorFactsRepository) private readonly facts: IndicatorFactsRepository,
    @Inject(INDICATOR_TARGETS) private readonly targets: IndicatorTargets,
  ) {}

  async execute(command: GetIndicatorsCommand, asOf: Date = new Date()): Promise<Scorecard> {
    const window = monthWindow(command.month);
    const cases = await this.facts.casesReceived(window, command.department);
    return {
      month: command.month,
      departments: computeScorecard(cases, this.targets, asOf, {
        window,
        departments: command.department ? [command.department] : [],
      }),
    };
  }
}
