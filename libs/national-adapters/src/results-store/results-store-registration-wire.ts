import { z } from 'zod';

/*
 * INFERRED, all of it: how a one-stop system registers an issued result in the store of
 * digitised results was not seen publicly. The call is modelled on the lookup (same casing, same
 * envelope `{errorCode, message, signature, result}`) and carries what a lookup gives back, plus
 * what the store needs to keep it: the owner, the issuing agency, the issue date, the procedure
 * and dossier it was issued on, and the files. Everything about registration is in this file so
 * that it can be corrected in one place once the real call is known
 * (docs/national-systems.md, "The portal's store of digitised results").
 */

export const REGISTRATION_PATH = '/KetQua/DangKy';
export const REGISTRATION_SERVICE = 'KetQua/DangKy';

/** `LoaiChuSoHuu`: the portal's `LoaiDoiTuong` codes for the owner. */
export const OWNER_KINDS = { citizen: '1', enterprise: '2' } as const;

export interface ResultRegistrationRequest {
  /** The caller's idempotency key: a repeat is answered "2" with the first registration's id. */
  MaYeuCau: string;
  /** The calling one-stop system's agency code (as the portal's `madonvi`). */
  MaDonVi: string;
  SoDinhDanhChuSoHuu: string;
  LoaiChuSoHuu: (typeof OWNER_KINDS)[keyof typeof OWNER_KINDS];
  TenChuSoHuu: string;
  MaKetQua: string;
  TenGiayTo: string;
  SoKyHieu: string;
  /** The issuing agency's code: what a lookup answers as `CoQuanChuQuan`. */
  CoQuanChuQuan: string;
  TenCoQuanChuQuan: string;
  /** `yyyyMMddHHmmss`, Hanoi wall-clock time, as the portal's dates. */
  NgayCap: string;
  MaThuTuc: string;
  MaHoSo: string;
  DanhSachTepDinhKem: { TenTep: string; DuongDan: string; MaBamSHA256?: string }[];
}

/**
 * `errorCode` of a registration: "0" registered; "2" already registered (a repeated `MaYeuCau`,
 * or the same agency, result code and number for the same owner), with the first registration's
 * id; anything else is a refusal (`1` a field is invalid, `3` the key or the document number
 * is already held for a different result, `4` the procedure may not use the store, `5` the
 * caller may not register).
 */
export const REGISTRATION_CODES = {
  registered: '0',
  alreadyRegistered: '2',
} as const;

/** `result` of "0" and "2": the registration's id in the store. */
export const registrationResult = z.object({
  MaDangKy: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1, 'must not be empty')),
});
