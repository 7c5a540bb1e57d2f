import { z } from 'zod';
import { isPortalDateTimeShape, isRealPortalDateTime, isRealShortDate } from './portal-date';

/**
 * Dossier (hồ sơ) and progress entry (QuaTrinhXuLy) as DVCQG receives them from a provincial
 * one-stop system. Objects are strict: the real portal refuses fields it does not know, and a
 * silently dropped field is exactly the bug a mock should surface early.
 */

/** `<agency code>-<yyMMdd>-<5 digits>`, e.g. `000.00.01.H26-260312-00042`. */
export const CASE_CODE_PATTERN = /^[0-9A-Z]{1,6}(?:\.[0-9A-Z]{1,6}){1,5}-(\d{6})-\d{5}$/;

export const DOSSIER_STATUSES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

const caseCode = z
  .string()
  .regex(CASE_CODE_PATTERN, {
    error: 'phải có dạng <mã cơ quan>-<yyMMdd>-<5 chữ số>, ví dụ 000.00.01.H26-260312-00042',
    abort: true,
  })
  .refine((code) => isRealShortDate(CASE_CODE_PATTERN.exec(code)?.[1] ?? ''), {
    message: 'phần yyMMdd không phải là ngày có thật',
  });

const portalDateTime = z
  .string()
  .refine(isPortalDateTimeShape, { message: 'phải có dạng yyyyMMddHHmmss', abort: true })
  .refine(isRealPortalDateTime, {
    message: 'phải có dạng yyyyMMddHHmmss và là ngày giờ có thật',
  });

const requiredText = z.string().min(1, 'không được để trống');
const text = z.string();
const flag = z.enum(['0', '1']);
/** VND amounts are strings on the wire like everything else, but must still read as a number. */
const amount = z
  .string()
  .regex(/^\d+(?:\.\d+)?$/, 'phải là số tiền dạng chuỗi chữ số, ví dụ "50000"');

const personalIdentifier = z
  .strictObject({ LoaiDinhDanh: z.enum(['1', '2']), SoDinhDanh: text })
  .check((ctx) => {
    const { LoaiDinhDanh: kind, SoDinhDanh: id } = ctx.value;
    // "1" is the 12-digit personal ID (CCCD/định danh cá nhân), "2" the old 9-digit CMND.
    const digits = kind === '1' ? 12 : 9;
    if (!new RegExp(`^\\d{${digits}}$`).test(id)) {
      ctx.issues.push({
        code: 'custom',
        input: id,
        path: ['SoDinhDanh'],
        message: `phải gồm đúng ${digits} chữ số khi LoaiDinhDanh là "${kind}"`,
      });
    }
  });

const submittedDocument = z.strictObject({
  TepDinhKemId: text.optional(),
  TenTepDinhKem: text.optional(),
  MaThanhPhanHoSo: text.optional(),
  DuongDanTaiTepTin: text.optional(),
  DuocSoHoa: text.optional(),
  DuocTaiSuDung: text.optional(),
  DuocLayTuKhoDMQG: text.optional(),
  MaKetQuaThayThe: text.optional(),
});

const fee = z.strictObject({
  TenPhiLePhi: requiredText,
  MaPhiLePhi: text.optional(),
  HinhThucThu: text.optional(),
  Gia: amount,
  LoaiPhiLePhi: text.optional(),
});

const resultDocument = z.strictObject({
  TenGiayTo: text.optional(),
  MaThanhPhanHoSo: text.optional(),
  GiayToId: text.optional(),
  DuongDanTepTinKetQua: text.optional(),
  MaGiayToKetQua: text.optional(),
});

/** The shape of a supplement request is not published; the portal only needs string values. */
const supplementRequest = z.record(z.string(), text);

const dossierShape = {
  MaHoSo: caseCode,
  MaTTHC: requiredText,
  TenTTHC: requiredText,
  MaLinhVuc: text,
  TenLinhVuc: text,
  KenhThucHien: z.enum(['1', '2', '3']),
  ChuHoSo: requiredText,
  SoGiayToChuHoSo: text,
  LoaiDoiTuong: z.enum(['1', '2', '3', '4']),
  MaDoiTuong: text,
  Email: text,
  SoDienThoai: text,
  TrichYeuHoSo: text,
  NgayTiepNhan: portalDateTime,
  NgayHenTra: portalDateTime,
  NgayTra: portalDateTime,
  NgayKetThucXuLy: portalDateTime,
  NgayNopHoSo: portalDateTime,
  NgayTuChoi: portalDateTime,
  TrangThaiHoSo: z.enum(DOSSIER_STATUSES),
  HinhThuc: z.enum(['0', '1']),
  DonViXuLy: requiredText,
  HoSoCoThanhPhanSoHoa: flag,
  TaiKhoanDuocXacThucVoiVNeID: flag,
  DuocThanhToanTrucTuyen: flag,
  DinhDanhCHS: z.array(personalIdentifier),
  TaiLieuNop: z.array(submittedDocument),
  DanhSachLePhi: z.array(fee),
  DanhSachHoSoBoSung: z.array(supplementRequest),
  DanhSachGiayToKetQua: z.array(resultDocument),
};

/** An update sends MaHoSo and whichever fields changed; they are merged over the stored copy. */
export const dossierUpdateSchema = z
  .strictObject(dossierShape)
  .partial()
  .required({ MaHoSo: true });

export const dossierCreateSchema = dossierUpdateSchema.required({
  MaTTHC: true,
  TenTTHC: true,
  KenhThucHien: true,
  ChuHoSo: true,
  LoaiDoiTuong: true,
  NgayTiepNhan: true,
  NgayHenTra: true,
  TrangThaiHoSo: true,
  DonViXuLy: true,
});

/** Every field the portal keeps for a dossier; only MaHoSo is guaranteed on an update. */
export type DossierFields = z.output<typeof dossierUpdateSchema>;
export type NewDossierFields = z.output<typeof dossierCreateSchema>;

export const progressEntrySchema = z.strictObject({
  MaHoSo: caseCode,
  NguoiXuLy: text.optional(),
  ChucDanh: text.optional(),
  ThoiDiemXuLy: portalDateTime,
  PhongBanXuLy: text.optional(),
  NoiDungXuLy: requiredText,
  TrangThai: requiredText,
  NgayBatDau: portalDateTime.optional(),
  NgayKetThucTheoQuyDinh: portalDateTime.optional(),
});
export type ProgressEntry = z.output<typeof progressEntrySchema>;

type AlterableField = Exclude<keyof typeof dossierShape, 'MaHoSo'>;
const alterableFields = Object.keys(dossierShape).filter(
  (k): k is AlterableField => k !== 'MaHoSo',
) as [AlterableField, ...AlterableField[]];

/** `POST /__mock/dossiers/:maHoSo/alter`: fields to overwrite and fields to drop (test faults). */
export const dossierAlterSchema = z
  .strictObject({
    set: z.strictObject(dossierShape).omit({ MaHoSo: true }).partial().default({}),
    remove: z.array(z.enum(alterableFields)).default([]),
  })
  .refine((a) => Object.keys(a.set).length > 0 || a.remove.length > 0, {
    message: 'must set or remove at least one field',
  });
export type DossierAlteration = z.output<typeof dossierAlterSchema>;
