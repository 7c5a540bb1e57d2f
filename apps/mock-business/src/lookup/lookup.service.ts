import { Inject, Injectable } from '@nestjs/common';
import { FaultService, LookupRecorder, RecordStore, issuesOf } from '@hub/mock-kit';
import type { BusinessLookupOutcome } from '../business-registry';
import type { EntCert, EntCertPatch } from '../enterprises/getentcert.wire';
import { ErrorCode, type LookupReply, MESSAGES, lookupQuerySchema } from './lookup.wire';

/**
 * One enterprise lookup from start to answer: injected faults, validation, licensing of the
 * procedure (004) and of the official (005), then the record. Every lookup is recorded (trail,
 * counter, log line) with its request id, official, procedure and purpose.
 */
@Injectable()
export class LookupService {
  constructor(
    @Inject(RecordStore) private readonly enterprises: RecordStore<EntCert, EntCertPatch>,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(LookupRecorder) private readonly recorder: LookupRecorder,
  ) {}

  async handle(query: Record<string, unknown>): Promise<LookupReply> {
    const failure = await this.faults.admit();
    if (failure !== undefined) {
      this.finish(query, 'faulted');
      return failure;
    }

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

  private finish(query: Record<string, unknown>, outcome: BusinessLookupOutcome): void {
    this.recorder.record(query, outcome);
  }
}

function refusal(code: ErrorCode): LookupReply {
  return { httpStatus: 403, headers: {}, body: { MaLoi: code, MoTaLoi: MESSAGES[code] } };
}
