import { createHash } from 'node:crypto';
import { z } from 'zod';

/*
 * The store's wire (docs/national-systems.md, "The portal's store of digitised results"). Known:
 * the lookup request and answer fields and the envelope `{errorCode, message, signature, result}`.
 * Inferred (see README): the paths, the registration call whole, and the `errorCode` values.
 */

export const API_PREFIX = 'khoketqua/api/v1';
export const LOOKUP_PATH = `${API_PREFIX}/KetQua/TraCuu`;
export const REGISTRATION_PATH = `${API_PREFIX}/KetQua/DangKy`;

export const StoreCode = {
  Success: '0',
  Invalid: '1',
  AlreadyRegistered: '2',
  Conflict: '3',
  NotLicensed: '4',
  NotAuthorised: '5',
} as const;
export type StoreCode = (typeof StoreCode)[keyof typeof StoreCode];

export const MESSAGES: Readonly<Record<StoreCode, string>> = {
  '0': 'Thành công',
  '1': 'Dữ liệu không hợp lệ',
  '2': 'Kết quả đã tồn tại trong kho',
  '3': 'Kết quả xung đột với dữ liệu đã có trong kho',
  '4': 'Thủ tục chưa được cấp quyền khai thác kho dữ liệu',
  '5': 'Đơn vị chưa được cấp quyền đăng ký kết quả',
};

export interface StoreAnswer {
  errorCode: string;
  message: string;
  signature: string;
  result: unknown;
}

export interface StoreReply {
  httpStatus: number;
  headers: Record<string, string>;
  body: StoreAnswer;
}

/**
 * The real store signs its answers; the mock puts a SHA-256 of the result there (base64) so the
 * field has the shape of a signature. The hub does not verify it.
 */
export function answer(
  code: StoreCode,
  result: unknown = null,
  message = MESSAGES[code],
): StoreReply {
  const signature = createHash('sha256')
    .update(JSON.stringify(result ?? null))
    .digest('base64');
  return { httpStatus: 200, headers: {}, body: { errorCode: code, message, signature, result } };
}

const REQUIRED = 'không được để trống';
const text = (max: number) =>
  z.string(REQUIRED).trim().min(1, REQUIRED).max(max, `tối đa ${max} ký tự`);

const PERSONAL_ID = /^\d{12}$/;
const ENTERPRISE_CODE = /^\d{10}(-\d{3})?$/;
const PORTAL_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** `yyyyMMddHHmmss` naming a real moment (no 31 February, no hour 24). */
function isPortalDate(value: string): boolean {
  const m = PORTAL_DATE.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
  const parsed = new Date(iso);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === iso.slice(0, 19);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const fileSchema = z.strictObject({
  TenTep: text(255),
  DuongDan: z.string(REQUIRED).max(2_000).refine(isHttpUrl, 'phải là đường dẫn http(s)'),
  MaBamSHA256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'gồm 64 chữ số hệ mười sáu (chữ thường)')
    .optional(),
});

const registrationFields = z.strictObject({
  MaYeuCau: text(128),
  MaDonVi: text(64),
  SoDinhDanhChuSoHuu: z.string(REQUIRED),
  LoaiChuSoHuu: z.enum(['1', '2'], 'phải là "1" (công dân) hoặc "2" (doanh nghiệp)'),
  TenChuSoHuu: text(255),
  MaKetQua: text(64),
  TenGiayTo: text(500),
  SoKyHieu: text(100),
  CoQuanChuQuan: text(64),
  TenCoQuanChuQuan: text(255),
  NgayCap: z.string(REQUIRED).refine(isPortalDate, 'định dạng yyyyMMddHHmmss'),
  MaThuTuc: text(64),
  MaHoSo: z
    .string(REQUIRED)
    .regex(/^[0-9A-Za-z.]+-\d{6}-\d{5}$/, 'dạng <mã đơn vị>-<yyMMdd>-<5 chữ số>'),
  DanhSachTepDinhKem: z
    .array(fileSchema, REQUIRED)
    .min(1, 'cần ít nhất một tệp')
    .max(20, 'tối đa 20 tệp'),
});

/** A citizen owner has a 12-digit ID, an enterprise a 10-digit code (13 for a unit). */
function ownerMatchesKind(
  value: { SoDinhDanhChuSoHuu: string; LoaiChuSoHuu: '1' | '2' },
  ctx: z.RefinementCtx,
): void {
  const fits =
    value.LoaiChuSoHuu === '1'
      ? PERSONAL_ID.test(value.SoDinhDanhChuSoHuu)
      : ENTERPRISE_CODE.test(value.SoDinhDanhChuSoHuu);
  if (!fits) {
    ctx.addIssue({
      code: 'custom',
      path: ['SoDinhDanhChuSoHuu'],
      message:
        value.LoaiChuSoHuu === '1'
          ? 'phải gồm đúng 12 chữ số'
          : 'phải là mã số doanh nghiệp (10 chữ số, hoặc 13 cho đơn vị phụ thuộc)',
    });
  }
}

/** Inferred: the registration call (see README). */
export const registrationRequestSchema = registrationFields.superRefine(ownerMatchesKind);
export type RegistrationRequest = z.output<typeof registrationRequestSchema>;

/** `POST /__mock/results`: a result put in the store by someone other than the hub. */
export const seedRequestSchema = registrationFields
  .partial({ MaYeuCau: true, MaDonVi: true, MaThuTuc: true, MaHoSo: true })
  .superRefine(ownerMatchesKind);
export type SeedRequest = z.output<typeof seedRequestSchema>;

/** Known: the lookup request. An empty `DanhSachDanhMucKetQua` asks for all of the owner's. */
export const lookupRequestSchema = z.strictObject({
  SoDinhDanhChuSoHuu: z
    .string(REQUIRED)
    .regex(
      /^(\d{12}|\d{10}(-\d{3})?)$/,
      'phải là số định danh cá nhân (12 chữ số) hoặc mã số doanh nghiệp',
    ),
  HoTenNguoiYeuCau: text(255),
  KenhThucHien: z.enum(['1', '2', '3'], 'phải là "1", "2" hoặc "3"'),
  SoDinhDanhNguoiYeuCau: text(64),
  MaThuTuc: text(64),
  DanhSachDanhMucKetQua: z
    .array(
      z.strictObject({
        MaKetQua: text(64),
        SoKyHieu: z.string().trim().max(100, 'tối đa 100 ký tự').default(''),
      }),
      REQUIRED,
    )
    .max(50, 'tối đa 50 kết quả'),
});
export type LookupRequest = z.output<typeof lookupRequestSchema>;

/** `PUT /__mock/results/{MaDangKy}`: what a test may alter behind the hub's back. */
export const heldResultPatchSchema = z.strictObject({
  TenGiayTo: text(500).optional(),
  DanhSachTepDinhKem: z.array(fileSchema).max(20).optional(),
});
export type HeldResultPatch = z.output<typeof heldResultPatchSchema>;

/** What the mock's logs and trail keep of an owner's or requester's ID: `001*******11`. */
export function maskId(id: string): string {
  if (id.length <= 5) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 5)}${id.slice(-2)}`;
}
