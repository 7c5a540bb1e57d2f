import { z } from 'zod';

/*
 * One enterprise of the business registry's `GetEntCert` answer (docs/national-systems.md, "The
 * national business registry"). Every value is a string. Dates are dd/MM/yyyy (inferred). The zod
 * schema is the one source: the override endpoint validates a patch against it.
 */

const legalStatus = z.strictObject({
  TinhTrangPhapLy: z.string(),
  MaTinhTrangPhapLy: z.string(),
  NgayHieuLuc: z.string(),
});

const person = z.strictObject({
  HoVaTen: z.string(),
  SoGiayChungThuc: z.string(),
  LoaiGiayChungThuc: z.string(),
  ChucDanh: z.string(),
});

const address = z.strictObject({
  MaTinhThanh: z.string(),
  TenTinhThanh: z.string(),
  MaPhuongXa: z.string(),
  TenPhuongXa: z.string(),
  DiaChi: z.string(),
  SoNha: z.string(),
});

const businessLine = z.strictObject({
  MaNganh: z.string(),
  TenNganh: z.string(),
  LaNganhChinh: z.enum(['0', '1']),
});

const date = z.string().regex(/^(\d{2}\/\d{2}\/\d{4})?$/, 'dd/MM/yyyy');

export const entCertSchema = z.strictObject({
  MaSoDoanhNghiep: z.string().regex(/^\d{10}(-\d{3})?$/),
  MaNoiBo: z.string(),
  SoGCNDKKD: z.string(),
  MaLoaiHinhDN: z.string(),
  LoaiHinhDN: z.string(),
  TenTiengViet: z.string(),
  TenNuocNgoai: z.string(),
  TenVietTat: z.string(),
  NgayDangKyLanDau: date,
  NgayDangKyThayDoi: date,
  SoLanDangKyThayDoi: z.string().regex(/^\d+$/),
  TinhTrangPhapLy: z.array(legalStatus),
  DaiDienPhapLuat: z.array(z.strictObject({ ThongTinCaNhan: z.array(person) })),
  DiaChiTruSo: z.array(z.strictObject({ DiaChi: z.array(address) })),
  NganhNgheKinhDoanh: z.array(businessLine),
});

export type EntCert = z.output<typeof entCertSchema>;

/** PUT /__mock/enterprises/{msdn}: any top-level field but the code; lists are replaced whole. */
export const entCertPatchSchema = entCertSchema.omit({ MaSoDoanhNghiep: true }).partial();
export type EntCertPatch = z.output<typeof entCertPatchSchema>;

export function applyEntCertPatch(record: EntCert, patch: EntCertPatch): EntCert {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return entCertSchema.parse({ ...record, ...defined });
}
