import { Inject, Injectable } from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { Counter } from 'prom-client';
import { EnterpriseStore } from '../enterprises/enterprise-store.service';
import { issuesOf } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import { CLOCK, type Clock, SLEEP, type Sleep } from '../runtime';
import { type LookupOutcome, RegistryStateService } from '../state/registry-state.service';
import { ErrorCode, type LookupReply, MESSAGES, lookupQuerySchema } from './lookup.wire';

/**
 * One enterprise lookup from start to answer: injected faults, validation, licensing of the
 * procedure (004) and of the official (005), then the record. Every lookup is logged with its
 * request id, official, procedure and purpose.
 */
@Injectable()
export class LookupService {
  private readonly lookups: Counter<'outcome'>;

  constructor(
    @Inject(EnterpriseStore) private readonly enterprises: EnterpriseStore,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(RegistryStateService) private readonly state: RegistryStateService,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SLEEP) private readonly sleep: Sleep,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.lookups = metrics.counter(
      'hub_mock_business_lookups_total',
      'Lookups answered by the mock business registry, by outcome',
      ['outcome'],
    );
  }

  async handle(query: Record<string, unknown>): Promise<LookupReply> {
    const fault = this.faults.decide();
    if (fault.kind === 'fail') {
      this.finish(query, 'faulted');
      return fault.reply;
    }
    if (fault.kind === 'delay') await this.sleep(fault.ms);

    const parsed = lookupQuerySchema.safeParse(query);
    if (!parsed.success) {
      this.finish(query, 'invalid');
      return {
        httpStatus: 400,
        headers: {},
        body: {
          MaLoi: ErrorCode.Invalid,
          MoTaLoi: MESSAGES[ErrorCode.Invalid],
          DanhSachLoi: issuesOf(parsed.error.issues).map((i) => ({
            TruongDuLieu: i.path,
            MoTa: i.message,
          })),
        },
      };
    }
    const request = parsed.data;
    if (!this.faults.isLicensed(request.maDVC)) {
      this.finish(query, 'not-licensed');
      return refusal(ErrorCode.NotLicensed);
    }
    if (!this.faults.isAuthorised(request.maCanBo)) {
      this.finish(query, 'not-authorised');
      return refusal(ErrorCode.NotAuthorised);
    }
    const enterprise = this.enterprises.find(request.msdn);
    this.finish(query, enterprise === undefined ? 'not-found' : 'found');
    return { httpStatus: 200, headers: {}, body: { GetEntCert: enterprise ? [enterprise] : [] } };
  }

  private finish(query: Record<string, unknown>, outcome: LookupOutcome): void {
    const context = {
      requestId: stringField(query, 'maYeuCau'),
      officialCode: stringField(query, 'maCanBo'),
      serviceCode: stringField(query, 'maDVC'),
      purpose: stringField(query, 'mucDich'),
      enterpriseCode: stringField(query, 'msdn'),
      outcome,
    };
    this.state.record({ at: this.clock().toISOString(), ...context });
    this.lookups.inc({ outcome });
    this.logger.event(outcome === 'faulted' ? 'warn' : 'info', 'enterprise lookup', context);
  }
}

function refusal(code: ErrorCode): LookupReply {
  return { httpStatus: 403, headers: {}, body: { MaLoi: code, MoTaLoi: MESSAGES[code] } };
}

function stringField(query: Record<string, unknown>, field: string): string {
  const value = query[field];
  return typeof value === 'string' ? value.slice(0, 256) : '';
}
