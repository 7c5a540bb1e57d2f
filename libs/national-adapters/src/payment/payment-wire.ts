import { z } from 'zod';
import { fromPaymentTime } from './payment-dates';

/*
 * The national payment platform's messages, by their wire names (docs/national-systems.md, "The
 * national payment platform"). Every value is a string on the wire, amounts included. Field names,
 * `PhienBan` "1.0.6", the INIT constants, the `{error_code, message}` envelope of the INIT answer
 * and the QUERY states are known; paths, refusal codes and the hub's answer checksum are inferred.
 */

export const PAYMENT_PROTOCOL_VERSION = '1.0.6';

export const PaymentMessageType = {
  Init: 'INIT',
  Query: 'QUERY',
  GetBill: 'GET_BILL',
  Confirm: 'CONFIRM',
} as const;

/**
 * The values each message's `MaXacThuc` covers, in order (the secret comes last, see
 * `paymentChecksum`). INIT, QUERY and CONFIRM are the orders a public one-stop client uses;
 * CONFIRM_ANSWER (the hub's reply to a CONFIRM) is inferred: the three values it echoes.
 */
export const PAYMENT_CHECKSUM_FIELDS = {
  INIT: [
    'LoaiBanTin',
    'PhienBan',
    'MaDoiTac',
    'MaThamChieu',
    'SoTien',
    'LoaiHinhThanhToan',
    'MaKenhThanhToan',
    'MaThietBi',
    'NgonNgu',
    'MaTienTe',
    'MaNganHang',
    'ThongTinGiaoDich',
    'ThoiGianGD',
    'Ip',
  ],
  QUERY: ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'],
  CONFIRM: [
    'LoaiBanTin',
    'MaLoi',
    'MaDoiTac',
    'MaThamChieu',
    'SoTien',
    'MaTienTe',
    'MaGiaoDich',
    'MaNganHang',
    'ThoiGianGD',
    'ThongTinGiaoDich',
  ],
  CONFIRM_ANSWER: ['MaLoi', 'MaDoiTac', 'ThoiGianGD'],
} as const;

export type PaymentChecksumKind = keyof typeof PAYMENT_CHECKSUM_FIELDS;

/** A message as far as its checksum reads it: the covered fields, each a string. */
export type PaymentChecksummedMessage<T extends PaymentChecksumKind> = Readonly<
  Record<(typeof PAYMENT_CHECKSUM_FIELDS)[T][number], string>
>;

/** Paths below the platform's base URL (inferred; a real deployment gives one URL per message). */
export const PAYMENT_PATHS = { init: 'init', query: 'query' } as const;

/** `error_code` of the INIT answer: "0" is known, the refusals are the mock's (inferred). */
export const INIT_ANSWER_CODES = {
  started: '0',
  invalidField: '1',
  badChecksum: '2',
  referenceReused: '3',
  refused: '4',
} as const;

/** `MaLoi` of the QUERY answer: "00" is known, the others inferred. */
export const QUERY_ANSWER_CODES = {
  found: '00',
  badChecksum: '01',
  invalid: '02',
  unknownReference: '03',
} as const;

/** `TrangThaiGD` of a found payment (known: 1 paid, 3 not final yet, 4 failed). */
export const PAYMENT_STATES = { paid: '1', pending: '3', failed: '4' } as const;

/** `MaLoi` of the platform's CONFIRM ("00" success, known) and of the hub's answer (inferred). */
export const CONFIRM_CODES = {
  success: '00',
  badChecksum: '01',
  malformed: '02',
  unknownReference: '03',
  amountMismatch: '04',
  tryLater: '99',
} as const;

const text = (max: number) =>
  z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`);
/** Text the platform allows empty (bank code before the payer chose one, say). */
const optionalText = (max: number) => z.string().max(max, `at most ${max} characters`);
/** Whole đồng, no sign, no separators: VND has no minor unit. */
const amount = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number of đồng, digits only');
const paymentTime = z
  .string()
  .refine((value) => fromPaymentTime(value) !== undefined, 'must be yyyyMMddHHmmss (Hanoi time)');
const checksum = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

export const feeWireSchema = z.object({
  LoaiPhiLePhi: text(10),
  MaPhiLePhi: text(50),
  TenPhiLePhi: text(250),
  SoTien: amount,
});

export const itemWireSchema = z.object({ NoiDung: text(250), SoTien: amount });

export const receiptWireSchema = z.object({
  MaDichVu: text(50),
  MaDVC: text(50),
  TenDVC: text(250),
  MaTTHC: text(50),
  TenTTHC: text(250),
  MaDonVi: text(50),
  TenDonVi: text(250),
  MaHoSo: text(50),
  TKThuHuong: text(50),
  MaNHThuHuong: text(20),
  TenTKThuHuong: text(250),
  HoTenNguoiNop: text(250),
  SoCMNDNguoiNop: text(20),
  DiaChiNguoiNop: optionalText(500),
  NoiDungThanhToan: text(500),
  PhiLePhi: z.array(feeWireSchema).min(1, 'must list at least one fee'),
  DSKhoanNop: z.array(itemWireSchema).min(1, 'must list at least one item'),
});

export const initMessageSchema = z.object({
  LoaiBanTin: z.literal('INIT'),
  PhienBan: text(10),
  MaDoiTac: text(50),
  MaThamChieu: text(50),
  SoTien: amount,
  LoaiHinhThanhToan: z.literal('PAY'),
  MaKenhThanhToan: text(5),
  MaThietBi: text(5),
  NgonNgu: text(10),
  MaTienTe: z.literal('VND'),
  MaNganHang: optionalText(20),
  ThongTinGiaoDich: text(500),
  ThoiGianGD: paymentTime,
  Ip: text(64),
  ThongTinBienLai: receiptWireSchema,
  MaXacThuc: checksum,
});

export const queryMessageSchema = z.object({
  LoaiBanTin: z.literal('QUERY'),
  PhienBan: text(10),
  MaDoiTac: text(50),
  MaThamChieu: text(50),
  ThoiGianGD: paymentTime,
  MaXacThuc: checksum,
});

/** CONFIRM as the platform sends it; the keys are in `PAYMENT_CHECKSUM_FIELDS.CONFIRM` order. */
export const confirmMessageSchema = z.object({
  LoaiBanTin: z.literal('CONFIRM'),
  MaLoi: text(10),
  MaDoiTac: text(50),
  MaThamChieu: text(50),
  SoTien: amount,
  MaTienTe: z.literal('VND'),
  MaGiaoDich: text(50),
  MaNganHang: optionalText(20),
  ThoiGianGD: paymentTime,
  ThongTinGiaoDich: optionalText(500),
  MaXacThuc: checksum,
});

/** The hub's answer to a CONFIRM: `MaLoi`, `MaDoiTac`, `ThoiGianGD` echoed, its own checksum. */
export const confirmAnswerSchema = z.object({
  MaLoi: z.string(),
  MoTaLoi: z.string().optional(),
  MaDoiTac: z.string(),
  ThoiGianGD: z.string(),
  MaXacThuc: z.string(),
});

/** The answer to every INIT: the portal's envelope. `message` is JSON text on success. */
export const initAnswerSchema = z.object({
  error_code: z.union([z.string(), z.number()]).transform(String),
  message: z.string().optional(),
});

/** What the INIT answer's `message` holds on success. */
export const initStartedSchema = z.object({ UrlThanhToan: z.string().min(1) });

/** The answer to a QUERY: CONFIRM's fields plus `TrangThaiGD` once the reference is found. */
export const queryAnswerSchema = z.object({
  MaLoi: z.union([z.string(), z.number()]).transform(String),
  MoTaLoi: z.string().optional(),
  MaThamChieu: z.string().optional(),
  TrangThaiGD: z.string().optional(),
  SoTien: z.string().optional(),
  MaTienTe: z.string().optional(),
  MaGiaoDich: z.string().optional(),
  MaNganHang: z.string().optional(),
  ThoiGianGD: z.string().optional(),
});

export type PaymentFeeWire = z.output<typeof feeWireSchema>;
export type PaymentItemWire = z.output<typeof itemWireSchema>;
export type PaymentReceiptWire = z.output<typeof receiptWireSchema>;
export type InitMessage = z.output<typeof initMessageSchema>;
export type QueryMessage = z.output<typeof queryMessageSchema>;
export type ConfirmMessage = z.output<typeof confirmMessageSchema>;
export type ConfirmAnswer = z.output<typeof confirmAnswerSchema>;
export type QueryAnswer = z.input<typeof queryAnswerSchema>;
