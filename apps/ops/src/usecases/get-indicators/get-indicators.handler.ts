import { Inject, Injectable, Optional } from '@nestjs/common';
import { MetricsRegistry } from '@hub/observability';
import type { IndicatorTargets } from '../../indicators/indicator-definitions';
import {
  computeScorecard,
  type MonthScorecard,
  monthWindow,
} from '../../indicators/indicator-formulas';
import { IndicatorFactsRepository } from '../../indicators/indicator-facts.repository';
import type { GetIndicatorsCommand } from './get-indicators.command';

export const INDICATOR_TARGETS = Symbol('INDICATOR_TARGETS');

export type Scorecard = MonthScorecard;

/** The scorecard of one month (cases received in it, Hanoi time): per department, per procedure, in total. */
@Injectable()
export class GetIndicatorsHandler {
  private readonly unreadable;

  constructor(
    @Inject(IndicatorFactsRepository) private readonly facts: IndicatorFactsRepository,
    @Inject(INDICATOR_TARGETS) private readonly targets: IndicatorTargets,
    @Optional() @Inject(MetricsRegistry) metrics?: MetricsRegistry,
  ) {
    this.unreadable = metrics?.gauge(
      'hub_indicator_unreadable_cases',
      'Received cases left out of every scorecard because their stored receivedAt cannot be read',
      ['department'] as const,
    );
  }

  async execute(command: GetIndicatorsCommand, asOf: Date = new Date()): Promise<Scorecard> {
    const window = monthWindow(command.month);
    const [cases, unreadable, catalog] = await Promise.all([
      this.facts.casesReceived(window, command.department),
      this.facts.unreadableReceivedCount(command.department),
      this.facts.catalog(),
    ]);
    // Rows accepted before the storable rule (issue 16): counted and shown, never a 500.
    this.unreadable?.set({ department: command.department ?? 'all' }, unreadable);
    return computeScorecard(cases, this.targets, asOf, {
      month: command.month,
      catalog: catalog.procedures,
      catalogRefreshedAt: catalog.refreshedAt,
      departments: command.department ? [command.department] : [],
      department: command.department,
    });
  }
}
