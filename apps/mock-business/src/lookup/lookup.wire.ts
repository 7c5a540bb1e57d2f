import { z } from 'zod';
import type { EntCert } from '../enterprises/getentcert.wire';

/*
 * The lookup envelope. docs/national-systems.md, "The national business registry", gives
 * `GET .../DoanhNghiep/chiTietDoanhNghiep?msdn=` and `{GetEntCert: [...]}`. Inferred (see
 * README): the caller's request id, official, procedure and purpose as query parameters; an
 * unknown code as `{GetEntCert: []}`; errors as `{MaLoi, MoTaLoi}` with HTTP 400 (malformed,
 * "002") or 403 (licensing, "004"/"005").
 */

export const LOOKUP_PATH = 'dkkd/api/v1/DoanhNghiep/chiTietDoanhNghiep';

export const ErrorCode = { Invalid: '002', NotLicensed: '004', NotAuthorised: '005' } as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const REQUIRED = 'không được để trống';

export const lookupQuerySchema = z.object({
  msdn: z
    .string(REQUIRED)
    .regex(
      /^\d{10}(-\d{3})?$/,
      'mã số doanh nghiệp gồm 10 chữ số, hoặc 13 chữ số dạng 0101234567-001',
    ),
  maYeuCau: z.string(REQUIRED).trim().min(1, REQUIRED).max(64, 'tối đa 64 ký tự'),
  maCanBo: z.string(REQUIRED).trim().min(1, REQUIRED).max(64, 'tối đa 64 ký tự'),
  maDVC: z.string(REQUIRED).trim().min(1, REQUIRED).max(32, 'tối đa 32 ký tự'),
  mucDich: z.string(REQUIRED).trim().min(1, REQUIRED).max(256, 'tối đa 256 ký tự'),
});

export type LookupQuery = z.output<typeof lookupQuerySchema>;

export interface ErrorAnswer {
  MaLoi: string;
  MoTaLoi: string;
  DanhSachLoi?: { TruongDuLieu: string; MoTa: string }[];
}

export interface LookupReply {
  httpStatus: number;
  headers: Record<string, string>;
  body: { GetEntCert: EntCert[] } | ErrorAnswer;
}

export const MESSAGES: Readonly<Record<ErrorCode, string>> = {
  '002': 'Dữ liệu yêu cầu không hợp lệ',
  '004':
    'Thủ tục hành chính chưa được cấp phép khai thác Hệ thống thông tin quốc gia về đăng ký doanh nghiệp',
  '005':
    'Cán bộ chưa được phân quyền khai thác Hệ thống thông tin quốc gia về đăng ký doanh nghiệp',
};
