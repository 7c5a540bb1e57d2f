import { z } from 'zod';
import type { CongDan } from '../citizens/congdan.wire';

/*
 * The lookup envelope. docs/national-systems.md, "The national population database", names the
 * fields (SoDinhDanh, MaCanBo, MaDVC, MaYeuCau, HoVaTen, NgayThangNam, Nam) and the errors
 * "004"/"005"; the path, `MucDich`, `MaLoi`/`MoTaLoi` and the other codes are inferred (see
 * README), following the data-sharing platform's habit of a 3-digit result code in an HTTP 200
 * answer.
 */

export const LOOKUP_PATH = 'csdlqgdc/api/v1/CongDan/TraCuu';

export const ResultCode = {
  Found: '000',
  NotFound: '001',
  Invalid: '002',
  Mismatch: '003',
  NotLicensed: '004',
  NotAuthorised: '005',
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

const REQUIRED = 'không được để trống';

export const lookupRequestSchema = z.strictObject({
  MaYeuCau: z.string(REQUIRED).trim().min(1, REQUIRED).max(64, 'tối đa 64 ký tự'),
  MaCanBo: z.string(REQUIRED).trim().min(1, REQUIRED).max(64, 'tối đa 64 ký tự'),
  MaDVC: z.string(REQUIRED).trim().min(1, REQUIRED).max(32, 'tối đa 32 ký tự'),
  // Law 91/2025/QH15: personal data is processed only for a stated purpose.
  MucDich: z.string(REQUIRED).trim().min(1, REQUIRED).max(256, 'tối đa 256 ký tự'),
  SoDinhDanh: z.string(REQUIRED).regex(/^\d{12}$/, 'phải gồm đúng 12 chữ số'),
  HoVaTen: z
    .string()
    .regex(/^[A-Z]{1,100}$/, 'chữ in hoa không dấu, không có khoảng trắng')
    .optional(),
  NgayThangNam: z
    .string()
    .regex(/^\d{8}$/, 'định dạng yyyyMMdd')
    .optional(),
  Nam: z
    .string()
    .regex(/^\d{4}$/, 'định dạng yyyy')
    .optional(),
});

export type LookupRequest = z.output<typeof lookupRequestSchema>;

export interface FieldIssue {
  TruongDuLieu: string;
  MoTa: string;
}

export interface LookupAnswer {
  MaYeuCau: string;
  MaLoi: string;
  MoTaLoi: string;
  /** yyyyMMddHHmmss, Asia/Ho_Chi_Minh. */
  ThoiGianPhanHoi: string;
  CongDan: CongDan | null;
  DanhSachLoi?: FieldIssue[];
}

export interface LookupReply {
  httpStatus: number;
  headers: Record<string, string>;
  body: LookupAnswer | { MaLoi: string; MoTaLoi: string };
}

export const MESSAGES: Readonly<Record<ResultCode, string>> = {
  '000': 'Tra cứu thành công',
  '001': 'Không tìm thấy thông tin công dân',
  '002': 'Dữ liệu yêu cầu không hợp lệ',
  '003': 'Thông tin họ tên hoặc ngày sinh không khớp với số định danh',
  '004': 'Thủ tục hành chính chưa được cấp phép khai thác CSDLQG về dân cư',
  '005': 'Cán bộ chưa được phân quyền khai thác CSDLQG về dân cư',
};

/** yyyyMMddHHmmss in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function vnTimestamp(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  return local.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Keeps the ID out of logs: "001203004567" → "001*******67". */
export function maskPersonalId(id: string): string {
  if (id.length < 6) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 5)}${id.slice(-2)}`;
}
