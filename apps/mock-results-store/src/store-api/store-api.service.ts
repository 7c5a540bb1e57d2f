import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  FaultService,
  type FaultFailure,
  LookupRecorder,
  RecordStore,
  UNKNOWN_FIELD,
  issuesOf,
} from '@hub/mock-kit';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { Counter } from 'prom-client';
import type { z } from 'zod';
import { type HeldResult, HeldResults } from '../results/held-results';
import {
  type HeldResultPatch,
  type LookupRequest,
  StoreCode,
  type StoreReply,
  answer,
  lookupRequestSchema,
  maskId,
  registrationRequestSchema,
} from '../results/result.wire';
import type { StoreLookupOutcome } from '../results-store';

type RegistrationOutcome =
  | 'registered'
  | 'already-registered'
  | 'conflict'
  | 'invalid'
  | 'not-licensed'
  | 'not-authorised'
  | 'faulted';

/**
 * The store's two calls from start to answer: injected faults, validation, the procedure's
 * licence ("4") and, for registration, the caller's ("5"); then the held results. Every call
 * leaves a log line with the owner's ID masked; lookups also enter the kit's trail.
 */
@Injectable()
export class StoreApiService {
  private readonly registrations: Counter<'outcome'>;

  constructor(
    @Inject(RecordStore) private readonly records: RecordStore<HeldResult, HeldResultPatch>,
    @Inject(HeldResults) private readonly held: HeldResults,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(LookupRecorder) private readonly recorder: LookupRecorder,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.registrations = metrics.counter(
      'hub_mock_results_store_registrations_total',
      'Registrations answered by the mock store of digitised results, by outcome',
      ['outcome'],
    );
  }

  async lookup(body: unknown): Promise<StoreReply> {
    const trail = trailView(body);
    const failure = await this.faults.admit();
    if (failure !== undefined) return this.lookedUp(trail, 'faulted', fromFault(failure));
    const parsed = lookupRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      return this.lookedUp(trail, 'invalid', refusal(parsed.error));
    }
    const request = parsed.data;
    if (!this.faults.isLicensed(request.MaThuTuc)) {
      return this.lookedUp(trail, 'not-licensed', answer(StoreCode.NotLicensed));
    }
    const found = this.held
      .idsOf(request.SoDinhDanhChuSoHuu)
      .map((id) => this.records.find(id))
      .filter((held): held is HeldResult => held !== undefined && wanted(request, held));
    return this.lookedUp(
      trail,
      found.length > 0 ? 'found' : 'not-found',
      answer(StoreCode.Success, { DanhSachGiayToKetQua: found.map(toLookupItem) }),
    );
  }

  async register(body: unknown): Promise<StoreReply> {
    const context = registrationContext(body);
    const failure = await this.faults.admit();
    if (failure !== undefined) return this.registered(context, 'faulted', fromFault(failure));
    const parsed = registrationRequestSchema.safeParse(body ?? {});
    if (!parsed.success) return this.registered(context, 'invalid', refusal(parsed.error));
    const request = parsed.data;
    if (!this.faults.isLicensed(request.MaThuTuc)) {
      return this.registered(context, 'not-licensed', answer(StoreCode.NotLicensed));
    }
    if (!this.faults.isAuthorised(request.MaDonVi)) {
      return this.registered(context, 'not-authorised', answer(StoreCode.NotAuthorised));
    }
    const outcome = this.held.register(request, this.clock());
    switch (outcome.kind) {
      case 'registered':
        return this.registered(
          context,
          'registered',
          answer(StoreCode.Success, { MaDangKy: outcome.held.MaDangKy }),
        );
      case 'already-registered':
        return this.registered(
          context,
          'already-registered',
          answer(StoreCode.AlreadyRegistered, { MaDangKy: outcome.held.MaDangKy }),
        );
      case 'conflict':
        return this.registered(
          context,
          'conflict',
          answer(StoreCode.Conflict, null, outcome.reason),
        );
    }
  }

  private lookedUp(trail: object, outcome: StoreLookupOutcome, reply: StoreReply): StoreReply {
    this.recorder.record(trail, outcome);
    return reply;
  }

  private registered(
    context: Record<string, string>,
    outcome: RegistrationOutcome,
    reply: StoreReply,
  ): StoreReply {
    this.registrations.inc({ outcome });
    this.logger.event(outcome === 'faulted' ? 'warn' : 'info', 'result registration', {
      ...context,
      outcome,
      errorCode: reply.body.errorCode,
    });
    return reply;
  }
}

/** The first issues, `Trường <field> không hợp lệ: <reason>` as the portal words a bad field. */
function refusal(error: z.ZodError): StoreReply {
  const issues = issuesOf(error.issues).map(
    (i) =>
      `Trường ${i.path} không hợp lệ: ${i.message === UNKNOWN_FIELD ? 'trường không được hỗ trợ' : i.message}`,
  );
  return answer(StoreCode.Invalid, null, issues.slice(0, 5).join('; '));
}

/** An injected failure in the store's envelope (the kit words it for the registries). */
function fromFault(failure: FaultFailure): StoreReply {
  return {
    httpStatus: failure.httpStatus,
    headers: failure.headers,
    body: {
      errorCode: failure.body.MaLoi,
      message: failure.body.MoTaLoi,
      signature: '',
      result: null,
    },
  };
}

/** Empty `DanhSachDanhMucKetQua`: all of the owner's; `SoKyHieu` "": any number. */
function wanted(request: LookupRequest, held: HeldResult): boolean {
  const list = request.DanhSachDanhMucKetQua;
  if (list.length === 0) return true;
  return list.some(
    (w) => w.MaKetQua === held.MaKetQua && (w.SoKyHieu === '' || w.SoKyHieu === held.SoKyHieu),
  );
}

function toLookupItem(held: HeldResult): Record<string, unknown> {
  return {
    MaKetQua: held.MaKetQua,
    TenGiayTo: held.TenGiayTo,
    SoKyHieu: held.SoKyHieu,
    CoQuanChuQuan: held.CoQuanChuQuan,
    DanhSachTepDinhKem: held.DanhSachTepDinhKem.map((f) => ({
      TenTep: f.TenTep,
      DuongDan: f.DuongDan,
    })),
  };
}

/** What the kit's trail reads of a lookup: both IDs masked before they reach it. */
function trailView(body: unknown): Record<string, string> {
  const field = (name: string): string => stringOf(body, name);
  return {
    SoDinhDanhChuSoHuu: field('SoDinhDanhChuSoHuu'),
    SoDinhDanhNguoiYeuCau: maskId(field('SoDinhDanhNguoiYeuCau')),
    MaThuTuc: field('MaThuTuc'),
  };
}

/** What a registration's log line shows: codes, and the owner masked. */
function registrationContext(body: unknown): Record<string, string> {
  return {
    idempotencyKey: stringOf(body, 'MaYeuCau'),
    callerCode: stringOf(body, 'MaDonVi'),
    maskedOwnerId: maskId(stringOf(body, 'SoDinhDanhChuSoHuu')),
    resultCode: stringOf(body, 'MaKetQua'),
    procedureCode: stringOf(body, 'MaThuTuc'),
    caseCode: stringOf(body, 'MaHoSo'),
  };
}

function stringOf(body: unknown, field: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.slice(0, 128) : '';
}
