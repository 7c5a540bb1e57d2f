import { parseRetryAfter } from '../portal/portal-protocol';
import { errorCodeOf } from '../transport/json-http';
import { paymentMessageChecksum } from './payment-checksum';
import { toPaymentTime, fromPaymentTime } from './payment-dates';
import { PaymentPlatformError, PaymentPlatformErrorCode } from './payment-errors';
import type { PaymentStartOutcome, PaymentState, paymentStartRequestSchema } from './payment-types';
import {
  INIT_ANSWER_CODES,
  type InitMessage,
  PAYMENT_PROTOCOL_VERSION,
  PAYMENT_STATES,
  QUERY_ANSWER_CODES,
  type QueryMessage,
  initAnswerSchema,
  initStartedSchema,
  queryAnswerSchema,
} from './payment-wire';
import type { z } from 'zod';

/** The platform cuts nothing itself: a `TenTTHC` over 250 characters fails the INIT. */
export const MAX_PROCEDURE_NAME = 250;

/** Cuts to `max` characters (code points, so a Vietnamese letter is never split), with "…". */
export function truncateText(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

type StartRequest = z.output<typeof paymentStartRequestSchema>;

/** The hub's request → the INIT message, signed. Pure. */
export function toInitMessage(
  request: StartRequest,
  partnerCode: string,
  secret: string,
): InitMessage {
  const { receipt } = request;
  const startedAt = toPaymentTime(request.startedAt);
  if (startedAt === undefined) throw invalid(`startedAt is not an instant: ${request.startedAt}`);
  const unsigned = {
    LoaiBanTin: 'INIT',
    PhienBan: PAYMENT_PROTOCOL_VERSION,
    MaDoiTac: partnerCode,
    MaThamChieu: request.reference,
    SoTien: String(request.amount),
    LoaiHinhThanhToan: 'PAY',
    MaKenhThanhToan: '1',
    MaThietBi: '1',
    NgonNgu: 'vi-VN',
    MaTienTe: 'VND',
    MaNganHang: request.bankCode ?? '',
    ThongTinGiaoDich: request.description,
    ThoiGianGD: startedAt,
    Ip: request.payerIp,
    ThongTinBienLai: {
      MaDichVu: receipt.serviceCode,
      MaDVC: receipt.publicServiceCode,
      TenDVC: truncateText(receipt.publicServiceName, MAX_PROCEDURE_NAME),
      MaTTHC: receipt.procedureCode,
      TenTTHC: truncateText(receipt.procedureName, MAX_PROCEDURE_NAME),
      MaDonVi: receipt.agencyCode,
      TenDonVi: receipt.agencyName,
      MaHoSo: receipt.caseCode,
      TKThuHuong: receipt.beneficiary.accountNumber,
      MaNHThuHuong: receipt.beneficiary.bankCode,
      TenTKThuHuong: receipt.beneficiary.accountName,
      HoTenNguoiNop: receipt.payer.fullName,
      SoCMNDNguoiNop: receipt.payer.idNumber,
      DiaChiNguoiNop: receipt.payer.address,
      NoiDungThanhToan: receipt.purpose,
      PhiLePhi: receipt.fees.map((fee) => ({
        LoaiPhiLePhi: fee.kind,
        MaPhiLePhi: fee.code,
        TenPhiLePhi: fee.name,
        SoTien: String(fee.amount),
      })),
      DSKhoanNop: receipt.items.map((item) => ({
        NoiDung: item.description,
        SoTien: String(item.amount),
      })),
    },
  } as const;
  return { ...unsigned, MaXacThuc: paymentMessageChecksum('INIT', unsigned, secret) };
}

/** A QUERY for `reference`, stamped `at` (the payment's start time when the hub has it). Pure. */
export function toQueryMessage(
  reference: string,
  at: Date | string,
  partnerCode: string,
  secret: string,
): QueryMessage {
  const time = toPaymentTime(at);
  if (time === undefined) throw invalid(`not an instant: ${String(at)}`);
  const unsigned = {
    LoaiBanTin: 'QUERY',
    PhienBan: PAYMENT_PROTOCOL_VERSION,
    MaDoiTac: partnerCode,
    MaThamChieu: reference,
    ThoiGianGD: time,
  } as const;
  return { ...unsigned, MaXacThuc: paymentMessageChecksum('QUERY', unsigned, secret) };
}

/** One HTTP exchange as the readers need it. */
export interface PaymentHttpReply {
  status: number;
  body: unknown;
  /** The `Retry-After` header, if any. */
  retryAfter?: string | undefined;
}

/**
 * What any answer means before its body is read: 429, 408 and 5xx are transient, whatever the
 * message. Undefined for the rest, which the message's reader decides.
 */
export function classifyPaymentHttp(
  reply: PaymentHttpReply,
  now = Date.now(),
): PaymentPlatformError | undefined {
  const { status } = reply;
  if (status !== 429 && status !== 408 && status < 500) return undefined;
  const retryAfterMs = parseRetryAfter(reply.retryAfter, now);
  return new PaymentPlatformError(
    PaymentPlatformErrorCode.Unavailable,
    `payment platform answered HTTP ${status}`,
    { platformCode: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  );
}

/** The INIT answer (429/408/5xx already classified) → started, refused, or unreadable. Pure. */
export function readInitAnswer(
  reply: PaymentHttpReply,
): PaymentStartOutcome | PaymentPlatformError {
  const parsed = initAnswerSchema.safeParse(reply.body);
  if (reply.status < 200 || reply.status >= 300) {
    return {
      kind: 'refused',
      code: `HTTP ${reply.status}`,
      message: (parsed.success ? parsed.data.message : undefined) ?? `HTTP ${reply.status}`,
    };
  }
  if (!parsed.success) return unreadable('INIT answer has no error_code');
  const { error_code: code, message = '' } = parsed.data;
  if (code !== INIT_ANSWER_CODES.started) return { kind: 'refused', code, message };
  let inner: unknown;
  try {
    inner = JSON.parse(message);
  } catch {
    return unreadable('INIT message is not JSON');
  }
  const started = initStartedSchema.safeParse(inner);
  if (!started.success || !URL.canParse(started.data.UrlThanhToan)) {
    return unreadable('INIT message holds no UrlThanhToan');
  }
  return { kind: 'started', paymentUrl: started.data.UrlThanhToan };
}

/** The QUERY answer (429/408/5xx already classified) → the reference's state. Pure. */
export function readQueryAnswer(
  reply: PaymentHttpReply,
  reference: string,
): PaymentState | PaymentPlatformError {
  const parsed = queryAnswerSchema.safeParse(reply.body);
  const code = parsed.success ? parsed.data.MaLoi : undefined;
  if (code === QUERY_ANSWER_CODES.unknownReference) return { kind: 'unknown-reference' };
  if (reply.status < 200 || reply.status >= 300 || (code !== undefined && code !== '00')) {
    return new PaymentPlatformError(
      PaymentPlatformErrorCode.Rejected,
      `payment platform refused the QUERY (${code ?? `HTTP ${reply.status}`}${
        parsed.success && parsed.data.MoTaLoi ? `: ${parsed.data.MoTaLoi}` : ''
      })`,
      { platformCode: code ?? `HTTP ${reply.status}` },
    );
  }
  if (!parsed.success) return unreadable('QUERY answer has no MaLoi');
  const answer = parsed.data;
  if (answer.MaThamChieu !== undefined && answer.MaThamChieu !== reference) {
    return unreadable('QUERY answer is about another reference');
  }
  if (answer.TrangThaiGD === PAYMENT_STATES.paid) {
    const paidAt = fromPaymentTime(answer.ThoiGianGD);
    const amount = /^[1-9]\d{0,14}$/.test(answer.SoTien ?? '') ? Number(answer.SoTien) : NaN;
    if (!answer.MaGiaoDich || paidAt === undefined || Number.isNaN(amount)) {
      return unreadable('QUERY answer says paid without MaGiaoDich, SoTien or ThoiGianGD');
    }
    return {
      kind: 'paid',
      transactionId: answer.MaGiaoDich,
      amount,
      bank: answer.MaNganHang ?? '',
      paidAt,
    };
  }
  if (answer.TrangThaiGD === PAYMENT_STATES.failed) {
    return { kind: 'failed', code: answer.TrangThaiGD };
  }
  // "3" says not final yet; a state the hub does not know is treated the same way, so the
  // caller asks again rather than deciding that a payment failed which may still complete.
  return { kind: 'pending' };
}

const TIMEOUT_ERRORS: ReadonlySet<string> = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/** A failure below HTTP (connection refused/reset, DNS, timeout) → Unavailable. */
export function classifyPaymentTransportError(error: unknown): PaymentPlatformError {
  const code = errorCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  const timedOut = code !== undefined && TIMEOUT_ERRORS.has(code);
  return new PaymentPlatformError(
    PaymentPlatformErrorCode.Unavailable,
    timedOut
      ? `payment platform did not answer in time (${detail})`
      : `payment platform unreachable (${code ?? 'no code'}: ${detail})`,
    { platformCode: timedOut ? 'TIMEOUT' : (code ?? 'NETWORK') },
  );
}

function unreadable(detail: string): PaymentPlatformError {
  return new PaymentPlatformError(
    PaymentPlatformErrorCode.Unavailable,
    `payment platform gave an unreadable answer: ${detail}`,
    { platformCode: 'BAD_RESPONSE' },
  );
}

function invalid(message: string): PaymentPlatformError {
  return new PaymentPlatformError(PaymentPlatformErrorCode.InvalidRequest, message);
}
