import { Inject, Injectable } from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { foldName } from '@hub/synthetic-data';
import type { Counter } from 'prom-client';
import { CitizenStore } from '../citizens/citizen-store.service';
import type { CongDan } from '../citizens/congdan.wire';
import { issuesOf } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import { CLOCK, type Clock, SLEEP, type Sleep } from '../runtime';
import { type LookupOutcome, RegistryStateService } from '../state/registry-state.service';
import {
  type FieldIssue,
  type LookupAnswer,
  type LookupReply,
  type LookupRequest,
  MESSAGES,
  ResultCode,
  lookupRequestSchema,
  maskPersonalId,
  vnTimestamp,
} from './lookup.wire';

/**
 * One citizen lookup from start to answer: injected faults, validation, licensing of the
 * procedure (004) and of the official (005), then the record. Every lookup is logged with its
 * request id, official, procedure and purpose, and the ID masked.
 */
@Injectable()
export class LookupService {
  private readonly lookups: Counter<'outcome'>;

  constructor(
    @Inject(CitizenStore) private readonly citizens: CitizenStore,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(RegistryStateService) private readonly state: RegistryStateService,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SLEEP) private readonly sleep: Sleep,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.lookups = metrics.counter(
      'hub_mock_population_lookups_total',
      'Lookups answered by the mock population database, by outcome',
      ['outcome'],
    );
  }

  async handle(body: unknown): Promise<LookupReply> {
    const fault = this.faults.decide();
    if (fault.kind === 'fail') {
      this.finish(body, 'faulted');
      return fault.reply;
    }
    if (fault.kind === 'delay') await this.sleep(fault.ms);

    const parsed = lookupRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const issues: FieldIssue[] = issuesOf(parsed.error.issues).map((i) => ({
        TruongDuLieu: i.path,
        MoTa: i.message === 'is not a known field' ? 'trường không được hỗ trợ' : i.message,
      }));
      this.finish(body, 'invalid');
      return this.answer(400, stringField(body, 'MaYeuCau'), ResultCode.Invalid, null, issues);
    }
    const request = parsed.data;
    if (!this.faults.isLicensed(request.MaDVC)) {
      return this.reply(request, 'not-licensed', ResultCode.NotLicensed);
    }
    if (!this.faults.isAuthorised(request.MaCanBo)) {
      return this.reply(request, 'not-authorised', ResultCode.NotAuthorised);
    }
    const citizen = this.citizens.find(request.SoDinhDanh);
    if (citizen === undefined) return this.reply(request, 'not-found', ResultCode.NotFound);
    if (!matches(citizen, request)) return this.reply(request, 'mismatch', ResultCode.Mismatch);
    return this.reply(request, 'found', ResultCode.Found, citizen);
  }

  private reply(
    request: LookupRequest,
    outcome: LookupOutcome,
    code: ResultCode,
    citizen: CongDan | null = null,
  ): LookupReply {
    this.finish(request, outcome);
    return this.answer(200, request.MaYeuCau, code, citizen);
  }

  private answer(
    httpStatus: number,
    requestId: string,
    code: ResultCode,
    citizen: CongDan | null,
    issues?: FieldIssue[],
  ): LookupReply {
    const body: LookupAnswer = {
      MaYeuCau: requestId,
      MaLoi: code,
      MoTaLoi: MESSAGES[code],
      ThoiGianPhanHoi: vnTimestamp(this.clock()),
      CongDan: citizen,
      ...(issues === undefined ? {} : { DanhSachLoi: issues }),
    };
    return { httpStatus, headers: {}, body };
  }

  private finish(body: unknown, outcome: LookupOutcome): void {
    const context = {
      requestId: stringField(body, 'MaYeuCau'),
      officialCode: stringField(body, 'MaCanBo'),
      serviceCode: stringField(body, 'MaDVC'),
      purpose: stringField(body, 'MucDich'),
      maskedPersonalId: maskPersonalId(stringField(body, 'SoDinhDanh')),
      outcome,
    };
    this.state.record({ at: this.clock().toISOString(), ...context });
    this.lookups.inc({ outcome });
    this.logger.event(outcome === 'faulted' ? 'warn' : 'info', 'citizen lookup', context);
  }
}

/** HoVaTen / NgayThangNam / Nam, when given, must agree with the record. */
function matches(citizen: CongDan, request: LookupRequest): boolean {
  const { Ho, ChuDem, Ten } = citizen.HoVaTen;
  if (request.HoVaTen !== undefined && request.HoVaTen !== foldName(`${Ho}${ChuDem}${Ten}`)) {
    return false;
  }
  const birth = citizen.NgayThangNamSinh;
  if (request.NgayThangNam !== undefined && request.NgayThangNam !== birth.NgayThangNam) {
    return false;
  }
  return request.Nam === undefined || request.Nam === birth.Nam;
}

function stringField(body: unknown, field: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.slice(0, 256) : '';
}
