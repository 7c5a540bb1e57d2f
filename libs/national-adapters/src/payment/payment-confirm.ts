import { checksumMatches, paymentMessageChecksum } from './payment-checksum';
import { fromPaymentTime } from './payment-dates';
import {
  CONFIRM_CODES,
  type ConfirmAnswer,
  type ConfirmMessage,
  PAYMENT_CHECKSUM_FIELDS,
  confirmAnswerSchema,
  confirmMessageSchema,
} from './payment-wire';

/** A CONFIRM whose fields and checksum were checked, in hub terms, with the message as sent. */
export interface ParsedConfirm {
  /** `MaThamChieu`. */
  reference: string;
  /** `MaLoi` as sent; "00" is a successful payment. */
  resultCode: string;
  succeeded: boolean;
  /** `MaDoiTac`. */
  partnerCode: string;
  /** Whole VND. */
  amount: number;
  currency: 'VND';
  /** `MaGiaoDich`: the platform's transaction id. */
  transactionId: string;
  /** `MaNganHang`; '' when the platform does not say. */
  bank: string;
  /** `ThoiGianGD` as RFC 3339 (`+07:00`). */
  paidAt: string;
  /** `ThongTinGiaoDich`. */
  description: string;
  /** The message exactly as the platform sent it (its known fields), for the answer and records. */
  message: ConfirmMessage;
}

export type ConfirmVerification =
  | { ok: true; confirm: ParsedConfirm }
  /** `field` is the wire name of the first bad field, or `MaXacThuc` when the checksum differs. */
  | { ok: false; field: string; reason: string };

export interface VerifyConfirmOptions {
  /** When given, a CONFIRM for another partner (`MaDoiTac`) is refused. */
  partnerCode?: string;
}

/** The fields in the order they are checked: the checksum's order, then the checksum itself. */
const CHECK_ORDER: readonly string[] = [...PAYMENT_CHECKSUM_FIELDS.CONFIRM, 'MaXacThuc'];

/**
 * Checks a CONFIRM as received (any JSON value): every field well formed, then `MaXacThuc`
 * compared in constant time with the checksum the shared secret gives. Never throws.
 */
export function verifyConfirm(
  body: unknown,
  secret: string,
  options: VerifyConfirmOptions = {},
): ConfirmVerification {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: '(body)', reason: 'must be a JSON object' };
  }
  const parsed = confirmMessageSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      field: String(issue.path[0] ?? '(body)'),
      reason: issue.message,
    }));
    const first =
      CHECK_ORDER.map((field) => issues.find((issue) => issue.field === field)).find(
        (issue) => issue !== undefined,
      ) ?? issues[0];
    return { ok: false, field: first?.field ?? '(body)', reason: first?.reason ?? 'invalid' };
  }
  const message = parsed.data;
  if (options.partnerCode !== undefined && message.MaDoiTac !== options.partnerCode) {
    return { ok: false, field: 'MaDoiTac', reason: 'is not the hub’s partner code' };
  }
  const expected = paymentMessageChecksum('CONFIRM', message, secret);
  if (!checksumMatches(message.MaXacThuc, expected)) {
    return { ok: false, field: 'MaXacThuc', reason: 'does not match the message and the secret' };
  }
  return {
    ok: true,
    confirm: {
      reference: message.MaThamChieu,
      resultCode: message.MaLoi,
      succeeded: message.MaLoi === CONFIRM_CODES.success,
      partnerCode: message.MaDoiTac,
      amount: Number(message.SoTien),
      currency: message.MaTienTe,
      transactionId: message.MaGiaoDich,
      bank: message.MaNganHang,
      // The schema accepted it as a payment time, so it converts.
      paidAt: fromPaymentTime(message.ThoiGianGD) ?? message.ThoiGianGD,
      description: message.ThongTinGiaoDich,
      message,
    },
  };
}

/** Why the hub refuses a CONFIRM; each has its own `MaLoi` (inferred, CONFIRM_CODES). */
export type ConfirmRefusalReason =
  'bad-checksum' | 'malformed' | 'unknown-reference' | 'amount-mismatch' | 'try-later';

const REFUSALS: Readonly<Record<ConfirmRefusalReason, { code: string; text: string }>> = {
  'bad-checksum': { code: CONFIRM_CODES.badChecksum, text: 'Mã xác thực không chính xác' },
  malformed: { code: CONFIRM_CODES.malformed, text: 'Dữ liệu không hợp lệ' },
  'unknown-reference': {
    code: CONFIRM_CODES.unknownReference,
    text: 'Không tìm thấy giao dịch theo mã tham chiếu',
  },
  'amount-mismatch': { code: CONFIRM_CODES.amountMismatch, text: 'Số tiền không khớp' },
  'try-later': { code: CONFIRM_CODES.tryLater, text: 'Hệ thống đang bận, vui lòng gửi lại sau' },
};

/** The `MaLoi` the hub answers for each refusal. */
export function confirmRefusalCode(reason: ConfirmRefusalReason): string {
  return REFUSALS[reason].code;
}

/** The hub's answer to a verified CONFIRM: `MaLoi`, `MaDoiTac`, `ThoiGianGD` echoed, signed. */
export function confirmAnswer(confirm: ParsedConfirm, secret: string): ConfirmAnswer {
  return signedAnswer(
    confirm.message.MaLoi,
    '',
    confirm.message.MaDoiTac,
    confirm.message.ThoiGianGD,
    secret,
  );
}

/**
 * The hub's refusal of a CONFIRM (as received, possibly malformed): a non-"00" `MaLoi`, with
 * `MaDoiTac` and `ThoiGianGD` echoed when the body had them as strings, signed.
 */
export function confirmRefusal(
  body: unknown,
  reason: ConfirmRefusalReason,
  secret: string,
): ConfirmAnswer {
  const { code, text } = REFUSALS[reason];
  return signedAnswer(code, text, stringAt(body, 'MaDoiTac'), stringAt(body, 'ThoiGianGD'), secret);
}

export type ConfirmAnswerReading =
  | { ok: true; accepted: boolean; code: string; answer: ConfirmAnswer }
  | { ok: false; reason: string };

/** How the platform (the mock) reads the hub's answer: well formed, signed, accepted or not. */
export function readConfirmAnswer(body: unknown, secret: string): ConfirmAnswerReading {
  const parsed = confirmAnswerSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, reason: 'not an answer: MaLoi, MaDoiTac, ThoiGianGD, MaXacThuc' };
  const answer = parsed.data;
  if (
    !checksumMatches(answer.MaXacThuc, paymentMessageChecksum('CONFIRM_ANSWER', answer, secret))
  ) {
    return { ok: false, reason: 'MaXacThuc does not match' };
  }
  return { ok: true, accepted: answer.MaLoi === CONFIRM_CODES.success, code: answer.MaLoi, answer };
}

function signedAnswer(
  code: string,
  text: string,
  partnerCode: string,
  time: string,
  secret: string,
): ConfirmAnswer {
  const unsigned = { MaLoi: code, MaDoiTac: partnerCode, ThoiGianGD: time };
  return {
    MaLoi: code,
    MoTaLoi: text,
    MaDoiTac: partnerCode,
    ThoiGianGD: time,
    MaXacThuc: paymentMessageChecksum('CONFIRM_ANSWER', unsigned, secret),
  };
}

function stringAt(body: unknown, field: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.slice(0, 50) : '';
}
