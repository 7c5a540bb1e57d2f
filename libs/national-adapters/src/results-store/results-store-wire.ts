import { z } from 'zod';

/*
 * The store of digitised results' wire format for looking results up (docs/national-systems.md,
 * "The portal's store of digitised results"). Field names and the envelope
 * `{errorCode, message, signature, result}` are known from integrators; the path and the meaning
 * of `errorCode` values other than success are inferred, like everything about registration
 * (`results-store-registration-wire.ts`). Only this folder sees these names.
 */

/** Inferred: real integrators configure the whole URL, so no path was seen. */
export const LOOKUP_PATH = '/KetQua/TraCuu';
export const LOOKUP_SERVICE = 'KetQua/TraCuu';

/** Known request. Every field a string; `SoKyHieu` "" asks for any document number. */
export interface ResultLookupRequest {
  SoDinhDanhChuSoHuu: string;
  HoTenNguoiYeuCau: string;
  KenhThucHien: string;
  SoDinhDanhNguoiYeuCau: string;
  MaThuTuc: string;
  DanhSachDanhMucKetQua: { MaKetQua: string; SoKyHieu: string }[];
}

/**
 * `errorCode` values the hub reads. Inferred, as the portal's dossier service answers: "0"
 * success; the rest are refusals whose code the hub passes on without interpreting, except "2"
 * on registration (see the registration wire).
 */
export const STORE_SUCCESS = '0';

/** A scalar as the store sends it: a string, sometimes a number; trimmed. */
const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const optionalText = text.nullish().transform((v) => v ?? '');
const required = text.pipe(z.string().min(1, 'must not be empty'));
/** A list the store may leave out or send as null. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

/** Text the hub only shows (a message, a signature): whatever came, never a reason to fail. */
const shownText = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : ''));

/** The envelope every answer has; `errorCode` decides, never the message text. */
export const storeEnvelope = z.object({
  errorCode: required,
  message: shownText,
  signature: shownText,
  result: z.unknown().optional(),
});

const wireFile = z.object({ TenTep: optionalText, DuongDan: required });

/** One result of `DanhSachGiayToKetQua`: strict where the hub depends on a value. */
export const wireStoredResult = z.object({
  MaKetQua: required,
  TenGiayTo: optionalText,
  SoKyHieu: optionalText,
  CoQuanChuQuan: optionalText,
  DanhSachTepDinhKem: list(wireFile),
});
export type WireStoredResult = z.input<typeof wireStoredResult>;

/** `result` of a successful lookup; a missing or null list means nothing was found. */
export const lookupResult = z
  .object({ DanhSachGiayToKetQua: list(wireStoredResult) })
  .nullish()
  .transform((v) => v ?? { DanhSachGiayToKetQua: [] });
