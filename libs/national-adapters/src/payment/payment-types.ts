import { z } from 'zod';

/*
 * The payment platform in the hub's terms: English names, amounts as whole VND numbers, times as
 * RFC 3339. The Vietnamese wire names stay in payment-wire.ts; payment-mapping.ts maps between.
 */

const required = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const vnd = z
  .number()
  .int('must be whole đồng')
  .positive('must be positive')
  .max(999_999_999_999_999);
const rfc3339 = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'must be RFC 3339')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real instant');

export const paymentStartRequestSchema = z.object({
  /** `MaThamChieu`: the hub's reference for this payment; the platform keys everything on it. */
  reference: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,50}$/, 'must be 1–50 letters, digits, ".", "_" or "-"'),
  /** `SoTien`: the total, whole VND. */
  amount: vnd,
  /** `ThoiGianGD`: when the hub starts the payment. */
  startedAt: rfc3339,
  /** `ThongTinGiaoDich`: what the payer sees, e.g. `THANH TOAN HO SO <case code>`. */
  description: required(500),
  /** `Ip`: the payer's address as the one-stop system saw it. */
  payerIp: required(64),
  /** `MaNganHang`: a bank chosen in advance; omit to let the payer choose on the platform. */
  bankCode: z.string().trim().max(20).optional(),
  receipt: z.object({
    /** `MaDichVu`: the platform's service code for the collection. */
    serviceCode: required(50),
    /** `MaDVC`, `TenDVC`: the public service (a procedure's online service). */
    publicServiceCode: required(50),
    publicServiceName: required(10_000),
    /** `MaTTHC`, `TenTTHC`: the procedure; the name is cut to 250 characters. */
    procedureCode: required(50),
    procedureName: required(10_000),
    /** `MaDonVi`, `TenDonVi`: the collecting agency. */
    agencyCode: required(50),
    agencyName: required(250),
    /** `MaHoSo`: the dossier (case) the fees belong to. */
    caseCode: required(50),
    /** `TKThuHuong`, `MaNHThuHuong`, `TenTKThuHuong`: the account the money goes to. */
    beneficiary: z.object({
      accountNumber: required(50),
      bankCode: required(20),
      accountName: required(250),
    }),
    /** `HoTenNguoiNop`, `SoCMNDNguoiNop`, `DiaChiNguoiNop`: who pays. */
    payer: z.object({
      fullName: required(250),
      idNumber: required(20),
      address: z.string().trim().max(500).default(''),
    }),
    /** `NoiDungThanhToan`. */
    purpose: required(500),
    /** `PhiLePhi`: the fees and charges, each with its code and kind. */
    fees: z
      .array(
        z.object({
          kind: required(10),
          code: required(50),
          name: required(250),
          amount: vnd,
        }),
      )
      .min(1),
    /** `DSKhoanNop`: the lines of the receipt. */
    items: z.array(z.object({ description: required(250), amount: vnd })).min(1),
  }),
});

/** What the hub asks the platform to collect. */
export type PaymentStartRequest = z.input<typeof paymentStartRequestSchema>;

/** The answer to `init`: a page to send the payer to, or the platform's refusal. */
export type PaymentStartOutcome =
  | { kind: 'started'; paymentUrl: string }
  /** `code` is the platform's `error_code` ("1", "2", …) or `HTTP <status>` for a 4xx. */
  | { kind: 'refused'; code: string; message: string };

/** Where a reference stands on the platform, as `query` reports it. */
export type PaymentState =
  | {
      kind: 'paid';
      /** `MaGiaoDich`: the platform's transaction id. */
      transactionId: string;
      /** Whole VND. */
      amount: number;
      /** `MaNganHang`: the bank that paid; '' when the platform does not say. */
      bank: string;
      /** RFC 3339, `+07:00`. */
      paidAt: string;
    }
  /** Not final yet (`TrangThaiGD` "3", or a state the hub does not know): ask again later. */
  | { kind: 'pending' }
  /** `code`: the platform's `TrangThaiGD` ("4"). */
  | { kind: 'failed'; code: string }
  | { kind: 'unknown-reference' };
