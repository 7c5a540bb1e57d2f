import { z } from 'zod';

/*
 * The population database's citizen record (`CongDan`) as it travels (docs/national-systems.md,
 * "The national population database").
 * Every value is a string, as on the national platforms. The zod schema is the one source: the
 * override endpoint validates a patch against it, field by field.
 */

const address = z.strictObject({
  MaTinhThanh: z.string(),
  MaPhuongXa: z.string(),
  ChiTiet: z.string(),
  QuocGia: z.string(),
});

export const congDanSchema = z.strictObject({
  SoDinhDanh: z.string().regex(/^\d{12}$/),
  SoCMND: z.string(),
  HoVaTen: z.strictObject({ Ho: z.string(), ChuDem: z.string(), Ten: z.string() }),
  NgayThangNamSinh: z.strictObject({
    Nam: z.string().regex(/^\d{4}$/),
    /** yyyyMMdd, or "" when only the year is known. */
    NgayThangNam: z.string().regex(/^(\d{8})?$/),
  }),
  /** "1" male, "2" female (inferred), "0" unknown. */
  GioiTinh: z.enum(['0', '1', '2']),
  DanToc: z.string(),
  TonGiao: z.string(),
  /** "1" single, "2" married, "3" divorced or widowed. */
  TinhTrangHonNhan: z.enum(['0', '1', '2', '3']),
  /** "00" unknown, "01" A, "02" B, "03" AB, "04" O. */
  NhomMau: z.enum(['00', '01', '02', '03', '04']),
  QuocTich: z.string(),
  NoiDangKyKhaiSinh: address,
  QueQuan: address,
  ThuongTru: address,
  NoiOHienTai: address,
  Cha: z.string(),
  Me: z.string(),
  VoChong: z.string(),
  ChuHo: z.string(),
});

export type CongDan = z.output<typeof congDanSchema>;
export type DiaChi = z.output<typeof address>;

/**
 * A patch of a record (PUT /__mock/citizens/{id}): any field but the ID; nested objects merge
 * one level deep, so `{"HoVaTen": {"Ten": "Bình"}}` changes the given name only.
 */
export const congDanPatchSchema = z.strictObject({
  SoCMND: z.string().optional(),
  HoVaTen: congDanSchema.shape.HoVaTen.partial().optional(),
  NgayThangNamSinh: congDanSchema.shape.NgayThangNamSinh.partial().optional(),
  GioiTinh: congDanSchema.shape.GioiTinh.optional(),
  DanToc: z.string().optional(),
  TonGiao: z.string().optional(),
  TinhTrangHonNhan: congDanSchema.shape.TinhTrangHonNhan.optional(),
  NhomMau: congDanSchema.shape.NhomMau.optional(),
  QuocTich: z.string().optional(),
  NoiDangKyKhaiSinh: address.partial().optional(),
  QueQuan: address.partial().optional(),
  ThuongTru: address.partial().optional(),
  NoiOHienTai: address.partial().optional(),
  Cha: z.string().optional(),
  Me: z.string().optional(),
  VoChong: z.string().optional(),
  ChuHo: z.string().optional(),
});

export type CongDanPatch = z.output<typeof congDanPatchSchema>;

/** Applies a patch; nested objects merge one level deep. Pure. */
export function applyCongDanPatch(record: CongDan, patch: CongDanPatch): CongDan {
  const merged: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] =
      typeof value === 'object' && typeof current === 'object' && current !== null
        ? { ...current, ...value }
        : value;
  }
  return congDanSchema.parse(merged);
}
