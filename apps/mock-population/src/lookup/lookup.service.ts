import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  FaultService,
  type LookupOutcome,
  LookupRecorder,
  RecordStore,
  UNKNOWN_FIELD,
  issuesOf,
  stringField,
} from '@hub/mock-kit';
import { foldName } from '@hub/synthetic-data';
import type { CongDan, CongDanPatch } from '../citizens/congdan.wire';
import {
  type FieldIssue,
  type LookupAnswer,
  type LookupReply,
  type LookupRequest,
  MESSAGES,
  ResultCode,
  lookupRequestSchema,
  vnTimestamp,
} from './lookup.wire';

/**
 * One citizen lookup from start to answer: injected faults, validation, licensing of the
 * procedure (004) and of the official (005), then the record. Every lookup is recorded (trail,
 * counter, log line) with its request id, official, procedure and purpose, and the ID masked.
 */
@Injectable()
export class LookupService {
  constructor(
    @Inject(RecordStore) private readonly citizens: RecordStore<CongDan, CongDanPatch>,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(LookupRecorder) private readonly recorder: LookupRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(body: unknown): Promise<LookupReply> {
    const failure = await this.faults.admit();
    if (failure !== undefined) {
      this.recorder.record(body, 'faulted');
      return failure;
    }

    const parsed = lookupRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const issues: FieldIssue[] = issuesOf(parsed.error.issues).map((i) => ({
        TruongDuLieu: i.path,
        MoTa: i.message === UNKNOWN_FIELD ? 'trường không được hỗ trợ' : i.message,
      }));
      this.recorder.record(body, 'invalid');
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
    this.recorder.record(request, outcome);
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
