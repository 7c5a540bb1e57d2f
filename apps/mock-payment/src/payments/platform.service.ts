import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@hub/mock-kit';
import {
  INIT_ANSWER_CODES,
  PAYMENT_STATES,
  QUERY_ANSWER_CODES,
  checksumMatches,
  initMessageSchema,
  paymentMessageChecksum,
  queryMessageSchema,
} from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import type { z } from 'zod';
import { PaymentFaultService } from '../faults/payment-faults';
import { MOCK_PAYMENT_CONFIG, type MockPaymentConfig } from '../mock-payment.config';
import { PAYMENT_SLEEP, type Sleep } from '../runtime';
import { PaymentBook } from './payment-book';

/** One answer of the platform: status, headers, body. */
export interface PlatformReply {
  httpStatus: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export const PAY_PAGE_PATH = 'thanhtoan/pay';

/**
 * INIT and QUERY as the platform answers them: injected faults first, then the message's fields,
 * the partner, the checksum (MaXacThuc, with the secret shared with the hub), then the payment.
 */
@Injectable()
export class PlatformService {
  constructor(
    @Inject(PaymentBook) private readonly book: PaymentBook,
    @Inject(PaymentFaultService) private readonly faults: PaymentFaultService,
    @Inject(MOCK_PAYMENT_CONFIG) private readonly config: MockPaymentConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PAYMENT_SLEEP) private readonly sleep: Sleep,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  /** `origin` is where the INIT was sent, for the payment page's URL. */
  async init(body: unknown, origin: string): Promise<PlatformReply> {
    const injected = await this.admit();
    if (injected !== undefined) return injected;
    const parsed = initMessageSchema.safeParse(body);
    if (!parsed.success) {
      return this.initRefusal(INIT_ANSWER_CODES.invalidField, fieldMessage(parsed.error));
    }
    const message = parsed.data;
    if (message.MaDoiTac !== this.config.MOCK_PAYMENT_PARTNER) {
      return this.initRefusal(
        INIT_ANSWER_CODES.invalidField,
        'Trường MaDoiTac không hợp lệ: đối tác chưa được đăng ký',
      );
    }
    if (!this.signed(message.MaXacThuc, paymentMessageChecksum('INIT', message, this.secret))) {
      return this.initRefusal(INIT_ANSWER_CODES.badChecksum, 'Mã xác thực không hợp lệ');
    }
    if (this.faults.refusesInit(message.MaThamChieu)) {
      return this.initRefusal(INIT_ANSWER_CODES.refused, 'Giao dịch bị từ chối');
    }
    const held = this.book.find(message.MaThamChieu);
    if (held !== undefined && held.init.MaXacThuc !== message.MaXacThuc) {
      return this.initRefusal(
        INIT_ANSWER_CODES.referenceReused,
        'Mã tham chiếu đã được sử dụng cho giao dịch khác',
      );
    }
    if (held === undefined) {
      this.book.hold({
        reference: message.MaThamChieu,
        init: message,
        state: 'pending',
        startedAt: this.clock().toISOString(),
        confirmsSent: 0,
      });
    }
    this.logger.event('info', 'payment started', {
      reference: message.MaThamChieu,
      amount: message.SoTien,
      again: held !== undefined,
    });
    const page = `${this.config.MOCK_PAYMENT_PUBLIC_URL ?? origin}`.replace(/\/+$/, '');
    return {
      httpStatus: 200,
      headers: {},
      body: {
        error_code: INIT_ANSWER_CODES.started,
        message: JSON.stringify({
          UrlThanhToan: `${page}/${PAY_PAGE_PATH}/${encodeURIComponent(message.MaThamChieu)}`,
        }),
      },
    };
  }

  async query(body: unknown): Promise<PlatformReply> {
    const injected = await this.admit();
    if (injected !== undefined) return injected;
    const parsed = queryMessageSchema.safeParse(body);
    if (!parsed.success) return queryAnswer(QUERY_ANSWER_CODES.invalid, fieldMessage(parsed.error));
    const message = parsed.data;
    if (message.MaDoiTac !== this.config.MOCK_PAYMENT_PARTNER) {
      return queryAnswer(QUERY_ANSWER_CODES.invalid, 'Trường MaDoiTac không hợp lệ');
    }
    if (!this.signed(message.MaXacThuc, paymentMessageChecksum('QUERY', message, this.secret))) {
      return queryAnswer(QUERY_ANSWER_CODES.badChecksum, 'Mã xác thực không hợp lệ');
    }
    const held = this.book.find(message.MaThamChieu);
    if (held === undefined) {
      return queryAnswer(QUERY_ANSWER_CODES.unknownReference, 'Không tìm thấy giao dịch');
    }
    const state =
      held.state === 'paid'
        ? PAYMENT_STATES.paid
        : held.state === 'failed'
          ? PAYMENT_STATES.failed
          : PAYMENT_STATES.pending;
    return queryAnswer(QUERY_ANSWER_CODES.found, '', {
      LoaiBanTin: 'QUERY',
      MaDoiTac: held.init.MaDoiTac,
      MaThamChieu: held.reference,
      TrangThaiGD: state,
      SoTien: held.paid?.amount ?? held.init.SoTien,
      MaTienTe: 'VND',
      MaGiaoDich: held.paid?.transactionId ?? '',
      MaNganHang: held.paid?.bank ?? held.init.MaNganHang,
      ThoiGianGD: held.paid?.time ?? held.init.ThoiGianGD,
      ThongTinGiaoDich: held.init.ThongTinGiaoDich,
    });
  }

  private get secret(): string {
    return this.config.MOCK_PAYMENT_SECRET;
  }

  private signed(received: string, expected: string): boolean {
    return checksumMatches(received, expected);
  }

  private async admit(): Promise<PlatformReply | undefined> {
    const decision = this.faults.decide();
    if (decision.kind === 'fail') {
      this.logger.event('warn', 'payment call faulted', { status: decision.reply.httpStatus });
      return decision.reply;
    }
    if (decision.kind === 'delay') await this.sleep(decision.ms);
    return undefined;
  }

  private initRefusal(code: string, message: string): PlatformReply {
    this.logger.event('info', 'payment refused', { code });
    // Refusals come back as HTTP 200, as the portal's do: clients read error_code.
    return { httpStatus: 200, headers: {}, body: { error_code: code, message } };
  }
}

function queryAnswer(
  code: string,
  text: string,
  fields: Record<string, string> = {},
): PlatformReply {
  return { httpStatus: 200, headers: {}, body: { MaLoi: code, MoTaLoi: text, ...fields } };
}

/** The first bad field in the portal's wording: `Trường <field> không hợp lệ: <reason>`. */
function fieldMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? '(body)' : issue.path.join('.');
  return `Trường ${field} không hợp lệ: ${issue?.message ?? 'invalid'}`;
}
