import { Inject, Injectable } from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { Counter } from 'prom-client';
import {
  MOCK_REGISTRY_OPTIONS,
  type MockRegistryOptions,
  shownSubject,
} from '../mock-registry.options';
import { CLOCK, type Clock } from '../runtime';
import { RegistryStateService } from '../state/registry-state.service';
import type { LookupOutcome } from './lookup-outcome';

type RecorderSettings = Pick<MockRegistryOptions<unknown, unknown>, 'subject' | 'lookups'>;

/**
 * What every lookup leaves behind, whatever its outcome: an entry in the trail, the outcome
 * counter and a log line with request id, official, procedure, purpose and the subject as the
 * registry may show it. Fields are read from the request as sent, valid or not.
 */
@Injectable()
export class LookupRecorder {
  private readonly lookups: Counter<'outcome'>;

  constructor(
    @Inject(RegistryStateService) private readonly state: RegistryStateService,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MOCK_REGISTRY_OPTIONS) private readonly settings: RecorderSettings,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    const { name, help } = settings.lookups.metric;
    this.lookups = metrics.counter(name, help, ['outcome']);
  }

  record(request: unknown, outcome: LookupOutcome): void {
    const { callerFields, event } = this.settings.lookups;
    const context = {
      requestId: stringField(request, callerFields.requestId),
      officialCode: stringField(request, callerFields.officialCode),
      serviceCode: stringField(request, callerFields.serviceCode),
      purpose: stringField(request, callerFields.purpose),
      ...shownSubject(this.settings, stringField(request, this.settings.subject.field)),
      outcome,
    };
    this.state.record({ at: this.clock().toISOString(), ...context });
    this.lookups.inc({ outcome });
    this.logger.event(outcome === 'faulted' ? 'warn' : 'info', event, context);
  }
}

/** A string field of a request body or query, cut to 256 characters; "" when absent. */
export function stringField(request: unknown, field: string): string {
  if (typeof request !== 'object' || request === null) return '';
  const value = (request as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.slice(0, 256) : '';
}
