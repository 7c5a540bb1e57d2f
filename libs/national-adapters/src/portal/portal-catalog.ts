import { z } from 'zod';

/*
 * The portal's procedure catalog (docs/national-systems.md, "The portal's catalogs"): the wire
 * shape of `LayDanhSachTTHC`, `LayThuTuc` and `LayDanhMucCoQuan` (upper-case keys, every scalar a
 * string), and the same in hub terms. The inner fields of `THANHPHANHOSO` and `MUCDO` were not
 * seen on the real portal; the hub's choice is documented there. Parsing is lenient where real
 * catalogs are untidy (a number where a string is expected, a list left out) and strict where the
 * hub depends on a value (a procedure's code and name, a result's code).
 */

/** A scalar as the portal sends it: a string, sometimes a number; trimmed. */
const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const optionalText = text.optional().transform((v) => v ?? '');
const code = text.pipe(z.string().min(1, 'must not be empty').max(64, 'is longer than 64'));
/** A list the portal may leave out or send as null. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

const wireField = z.object({ MALINHVUC: optionalText, TENLINHVUC: optionalText });
const wireFee = z.object({ SOTIEN: optionalText, DONVI: optionalText, MOTA: optionalText });
const wireTime = z.object({
  THOIGIANGIAIQUYET: optionalText,
  DONVITINH: optionalText,
  PHILEPHI: list(wireFee),
});
const wireChannel = z.object({ KENH: optionalText, THOIGIAN: list(wireTime) });
const wireDocument = z.object({
  MATHANHPHAN: optionalText,
  TENTHANHPHAN: optionalText,
  BATBUOC: optionalText,
  SOLUONG: optionalText,
  MAKETQUATHAYTHE: optionalText,
});
const wireResult = z.object({ MAKETQUA: code, TENKETQUA: optionalText });
const wireLegalBasis = z.object({ SOVANBAN: optionalText, TENVANBAN: optionalText });
const wireProcedureAgency = z.object({ MADONVI: code, TENDONVI: optionalText });

/** One procedure as `LayThuTuc` answers it (`result: [procedure]`). */
export const wireProcedure = z.object({
  MATTHC: code,
  TENTTHC: text.pipe(z.string().min(1, 'must not be empty')),
  MUCDO: optionalText,
  LINHVUCTHUCHIEN: list(wireField),
  CACHTHUCTHUCHIEN: list(wireChannel),
  THANHPHANHOSO: list(wireDocument),
  KETQUATHUCHIEN: list(wireResult),
  CANCUPHAPLY: list(wireLegalBasis),
  COQUANTHUCHIEN: list(wireProcedureAgency),
});
export type WireProcedure = z.input<typeof wireProcedure>;

/** One entry of `LayDanhSachTTHC`: only its code is needed (the details come from LayThuTuc). */
export const wireProcedureSummary = z.object({ MATTHC: code }).loose();

/** One agency of `LayDanhMucCoQuan`. */
export const wireAgency = z.object({
  MADONVI: code,
  TENDONVI: text.pipe(z.string().min(1, 'must not be empty')),
  CAPDONVI: optionalText,
});

/** `KENH`: how an applicant can submit. */
export const channelOfCode: Readonly<Record<string, CatalogChannel>> = {
  '1': 'in_person',
  '2': 'online',
  '3': 'post',
};
export type CatalogChannel = 'in_person' | 'online' | 'post';

/** A procedure in hub terms, as the catalog stores and serves it. */
export interface CatalogProcedure {
  code: string;
  name: string;
  /** `MUCDO` "4": the whole procedure can be done online (toàn trình). */
  fullyOnline: boolean;
  /** `MUCDO` as sent ("2", "3", "4"); empty when the portal sent none. */
  onlineLevel: string;
  fields: { code: string; name: string }[];
  channels: {
    channel: CatalogChannel | 'unknown';
    /** `KENH` as sent. */
    code: string;
    timeLimits: {
      amount: number | null;
      unit: string;
      fees: { amount: number | null; unit: string; description: string }[];
    }[];
  }[];
  /** `THANHPHANHOSO`: what the applicant submits; `replacedByResult` is a result code or null. */
  documents: {
    code: string;
    name: string;
    required: boolean;
    count: number | null;
    replacedByResult: string | null;
  }[];
  /** `KETQUATHUCHIEN`: the results the procedure issues. */
  results: { code: string; name: string }[];
  legalBases: { number: string; title: string }[];
  /** `COQUANTHUCHIEN`: the agencies that perform it. */
  agencies: { code: string; name: string }[];
}

export interface CatalogAgency {
  code: string;
  name: string;
  /** `CAPDONVI` as sent: "1" central, "2" city department, "3" district (legacy), "4" commune. */
  level: string;
}

/** A whole number from a wire string, or null when it is not one. */
function count(raw: string): number | null {
  if (!/^\d{1,12}$/.test(raw)) return null;
  return Number(raw);
}

/** An amount of money or time: digits, optionally with thousands separators ("8.000", "8,000"). */
function amount(raw: string): number | null {
  const digits = raw.replace(/[.,\s]/g, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : null;
}

export function toCatalogProcedure(wire: z.output<typeof wireProcedure>): CatalogProcedure {
  return {
    code: wire.MATTHC,
    name: wire.TENTTHC,
    fullyOnline: wire.MUCDO === '4',
    onlineLevel: wire.MUCDO,
    fields: wire.LINHVUCTHUCHIEN.map((f) => ({ code: f.MALINHVUC, name: f.TENLINHVUC })),
    channels: wire.CACHTHUCTHUCHIEN.map((c) => ({
      channel: channelOfCode[c.KENH] ?? 'unknown',
      code: c.KENH,
      timeLimits: c.THOIGIAN.map((t) => ({
        amount: amount(t.THOIGIANGIAIQUYET),
        unit: t.DONVITINH,
        fees: t.PHILEPHI.map((f) => ({
          amount: amount(f.SOTIEN),
          unit: f.DONVI,
          description: f.MOTA,
        })),
      })),
    })),
    documents: wire.THANHPHANHOSO.map((d) => ({
      code: d.MATHANHPHAN,
      name: d.TENTHANHPHAN,
      required: d.BATBUOC === '1',
      count: count(d.SOLUONG),
      replacedByResult: d.MAKETQUATHAYTHE === '' ? null : d.MAKETQUATHAYTHE,
    })),
    results: wire.KETQUATHUCHIEN.map((r) => ({ code: r.MAKETQUA, name: r.TENKETQUA })),
    legalBases: wire.CANCUPHAPLY.map((l) => ({ number: l.SOVANBAN, title: l.TENVANBAN })),
    agencies: wire.COQUANTHUCHIEN.map((a) => ({ code: a.MADONVI, name: a.TENDONVI })),
  };
}

export function toCatalogAgency(wire: z.output<typeof wireAgency>): CatalogAgency {
  return { code: wire.MADONVI, name: wire.TENDONVI, level: wire.CAPDONVI };
}

/** A zod failure as one line naming where and why (for logs and the refresh record). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
