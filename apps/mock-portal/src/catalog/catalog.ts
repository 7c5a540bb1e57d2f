import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { formatPath } from '../dvcqg/field-issues';
import { deepFreeze } from '../frozen';

/**
 * The procedure catalog the mock answers LayDanhSachTTHC / LayThuTuc / LayDanhMucCoQuan with,
 * and checks a dossier's MaTTHC against. It is data, read once at start from a JSON file whose
 * procedures are in `LayThuTuc`'s shape (upper-case keys, every scalar a string; see
 * docs/national-systems.md, "The portal's catalogs"):
 *
 *   { "procedures": [ <LayThuTuc procedure>, … ], "agencies": [ <LayDanhMucCoQuan agency>, … ] }
 *
 * The shipped file is apps/mock-portal/config/catalog.json; `MOCK_PORTAL_CATALOG_FILE` names
 * another. A file that does not hold together (a malformed field, a code listed twice, an agency
 * or a result that is named but not defined, one code given two names) stops the mock at start
 * with every problem's JSON path, rather than answering the hub something the real portal never
 * would.
 */

/** Where the shipped catalog sits below the repository, and below `dist/` (the build copies it). */
export const SHIPPED_CATALOG = join('apps', 'mock-portal', 'config', 'catalog.json');

const filled = z.string().min(1, 'must not be empty');
const wholeNumber = z.string().regex(/^\d+$/, 'must be a whole number in digits, e.g. "8000"');
const positiveNumber = z.string().regex(/^[1-9]\d*$/, 'must be a number from 1 up, e.g. "1"');
const duration = z.string().regex(/^\d+(\.\d+)?$/, 'must be a number in digits, e.g. "3" or "0.5"');
/** At least one entry: a procedure without it could not be served or performed. */
const nonEmpty = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1, 'must have at least one entry');

const fee = z.strictObject({ SOTIEN: wholeNumber, DONVI: filled, MOTA: z.string() });
const timeLimit = z.strictObject({
  THOIGIANGIAIQUYET: duration,
  DONVITINH: filled,
  /** Empty (or a SOTIEN of "0") when the procedure is free on this channel. */
  PHILEPHI: z.array(fee),
});
const channel = z.strictObject({
  /** "1" in person (trực tiếp), "2" online (trực tuyến), "3" by post (bưu chính). */
  KENH: z.enum(['1', '2', '3']),
  THOIGIAN: nonEmpty(timeLimit),
});
const field = z.strictObject({ MALINHVUC: filled, TENLINHVUC: filled });
const document = z.strictObject({
  MATHANHPHAN: filled,
  TENTHANHPHAN: filled,
  BATBUOC: z.enum(['0', '1']),
  SOLUONG: positiveNumber,
  /** The result code (a MAKETQUA some procedure issues) that can stand in for it; "" for none. */
  MAKETQUATHAYTHE: z.string(),
});
const result = z.strictObject({ MAKETQUA: filled, TENKETQUA: filled });
const legalBasis = z.strictObject({ SOVANBAN: filled, TENVANBAN: filled });
const procedureAgency = z.strictObject({ MADONVI: filled, TENDONVI: filled });

/** One procedure, exactly as `LayThuTuc` answers it (`result: [procedure]`). */
export const catalogProcedureSchema = z.strictObject({
  MATTHC: z.string().regex(/^\d{1,2}\.\d{6}$/, 'must be a procedure code like 1.001193'),
  TENTTHC: filled,
  /** "4" fully online (toàn trình), "3" partly online, "2" information only. */
  MUCDO: z.enum(['2', '3', '4']),
  LINHVUCTHUCHIEN: nonEmpty(field),
  CACHTHUCTHUCHIEN: nonEmpty(channel),
  THANHPHANHOSO: z.array(document),
  KETQUATHUCHIEN: nonEmpty(result),
  CANCUPHAPLY: z.array(legalBasis),
  COQUANTHUCHIEN: nonEmpty(procedureAgency),
});

/** One agency, exactly as `LayDanhMucCoQuan` answers it. */
export const catalogAgencySchema = z.strictObject({
  MADONVI: filled,
  TENDONVI: filled,
  /** "1" ministry or central, "2" city department, "3" district (before 2025), "4" commune or ward. */
  CAPDONVI: z.enum(['1', '2', '3', '4']),
});

export const catalogFileSchema = z.strictObject({
  $comment: z.string().optional(),
  procedures: nonEmpty(catalogProcedureSchema),
  agencies: nonEmpty(catalogAgencySchema),
});

export type CatalogProcedure = Readonly<z.output<typeof catalogProcedureSchema>>;
export type CatalogAgency = Readonly<z.output<typeof catalogAgencySchema>>;
export type CatalogFile = z.output<typeof catalogFileSchema>;

/** One entry of `LayDanhSachTTHC`. */
export type ProcedureSummary = Pick<
  CatalogProcedure,
  'MATTHC' | 'TENTTHC' | 'MUCDO' | 'LINHVUCTHUCHIEN' | 'COQUANTHUCHIEN'
>;

export class PortalCatalogError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid portal catalog in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PortalCatalogError';
  }
}

/** The catalog as the services answer it: frozen, so answers can hand it out without copying. */
export class PortalCatalog {
  readonly procedures: readonly CatalogProcedure[];
  readonly agencies: readonly CatalogAgency[];
  /** `LayDanhSachTTHC`'s answer: each procedure's summary, in file order. */
  readonly summaries: readonly ProcedureSummary[];
  private readonly byCode: ReadonlyMap<string, CatalogProcedure>;

  constructor(
    /** The file it was read from, for logs. */
    readonly file: string,
    content: Pick<CatalogFile, 'procedures' | 'agencies'>,
  ) {
    this.procedures = deepFreeze(content.procedures);
    this.agencies = deepFreeze(content.agencies);
    this.summaries = deepFreeze(
      this.procedures.map(({ MATTHC, TENTTHC, MUCDO, LINHVUCTHUCHIEN, COQUANTHUCHIEN }) => ({
        MATTHC,
        TENTTHC,
        MUCDO,
        LINHVUCTHUCHIEN,
        COQUANTHUCHIEN,
      })),
    );
    this.byCode = new Map(this.procedures.map((p) => [p.MATTHC, p]));
  }

  find(code: string): CatalogProcedure | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }
}

/** Parses a catalog file's text; every problem is named at once. */
export function parsePortalCatalog(text: string, file: string): PortalCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PortalCatalogError(file, [`(root): is not JSON: ${messageOf(e)}`]);
  }
  const parsed = catalogFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PortalCatalogError(file, describeIssues(parsed.error, raw));
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new PortalCatalogError(file, problems);
  return new PortalCatalog(file, parsed.data);
}

/** Reads and checks the catalog file (a relative path is taken from the working directory). */
export function loadPortalCatalog(path: string): PortalCatalog {
  const file = isAbsolute(path) ? path : resolve(process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PortalCatalogError(file, [`(root): cannot be read: ${messageOf(e)}`]);
  }
  return parsePortalCatalog(text, file);
}

/**
 * The file to read: the configured one, or the shipped catalog found above the running code
 * (`dist/apps/mock-portal/config/catalog.json` when running the build, else the repository's
 * own), whatever the working directory.
 */
export function catalogFileOf(configured: string | undefined, start: string = __dirname): string {
  if (configured !== undefined) return configured;
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, SHIPPED_CATALOG);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new PortalCatalogError(SHIPPED_CATALOG, [
        `(root): not found above ${start}; set MOCK_PORTAL_CATALOG_FILE to the catalog file`,
      ]);
    }
  }
}

/**
 * What a valid shape cannot say: codes are unique, every agency and replacement result a
 * procedure names is defined in the file, and a code has one name wherever it appears.
 */
function crossCheck(catalog: CatalogFile): string[] {
  const problems: string[] = [];
  const agencyNames = new Map<string, string>();
  catalog.agencies.forEach((agency, i) => {
    if (agencyNames.has(agency.MADONVI)) {
      problems.push(`agencies[${i}].MADONVI: "${agency.MADONVI}" is listed more than once`);
    } else agencyNames.set(agency.MADONVI, agency.TENDONVI);
  });

  const firstOfCode = new Map<string, number>();
  const issued = new Map<string, { name: string; at: string }>();
  const fieldNames = new Map<string, { name: string; at: string }>();
  const oneName = (
    seen: Map<string, { name: string; at: string }>,
    code: string,
    name: string,
    at: string,
  ): void => {
    const first = seen.get(code);
    if (!first) seen.set(code, { name, at });
    else if (first.name !== name) {
      problems.push(`${at}: "${name}" is not the name ${first.at} gives ${code} ("${first.name}")`);
    }
  };

  catalog.procedures.forEach((procedure, i) => {
    const at = `procedures[${i}]`;
    const earlier = firstOfCode.get(procedure.MATTHC);
    if (earlier !== undefined) {
      problems.push(
        `${at}.MATTHC: "${procedure.MATTHC}" is listed more than once (also procedures[${earlier}])`,
      );
    } else firstOfCode.set(procedure.MATTHC, i);

    procedure.LINHVUCTHUCHIEN.forEach((f, k) =>
      oneName(fieldNames, f.MALINHVUC, f.TENLINHVUC, `${at}.LINHVUCTHUCHIEN[${k}].TENLINHVUC`),
    );
    procedure.KETQUATHUCHIEN.forEach((r, k) =>
      oneName(issued, r.MAKETQUA, r.TENKETQUA, `${at}.KETQUATHUCHIEN[${k}].TENKETQUA`),
    );
    repeated(procedure.CACHTHUCTHUCHIEN.map((c) => c.KENH)).forEach((k) =>
      problems.push(`${at}.CACHTHUCTHUCHIEN[${k}].KENH: the channel is listed more than once`),
    );
    repeated(procedure.THANHPHANHOSO.map((d) => d.MATHANHPHAN)).forEach((k) =>
      problems.push(`${at}.THANHPHANHOSO[${k}].MATHANHPHAN: the document is listed more than once`),
    );
    procedure.COQUANTHUCHIEN.forEach((agency, k) => {
      const name = agencyNames.get(agency.MADONVI);
      if (name === undefined) {
        problems.push(
          `${at}.COQUANTHUCHIEN[${k}].MADONVI: "${agency.MADONVI}" is not one of the agencies`,
        );
      } else if (name !== agency.TENDONVI) {
        problems.push(
          `${at}.COQUANTHUCHIEN[${k}].TENDONVI: "${agency.TENDONVI}" is not the name agencies gives ${agency.MADONVI} ("${name}")`,
        );
      }
    });
  });

  // Checked once every procedure's results are known: a document may name a later one's.
  catalog.procedures.forEach((procedure, i) =>
    procedure.THANHPHANHOSO.forEach((d, k) => {
      if (d.MAKETQUATHAYTHE !== '' && !issued.has(d.MAKETQUATHAYTHE)) {
        problems.push(
          `procedures[${i}].THANHPHANHOSO[${k}].MAKETQUATHAYTHE: "${d.MAKETQUATHAYTHE}" is not a result any procedure issues (KETQUATHUCHIEN[].MAKETQUA)`,
        );
      }
    }),
  );
  return problems;
}

/** Indexes of the values that already appeared earlier in the list. */
function repeated(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}

function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${jsonPath([...issue.path, key])}: is not a catalog field`);
    }
    const path = jsonPath(issue.path);
    const value = valueAt(input, issue.path);
    if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
      return [`${path}: is required`];
    }
    if (issue.code === 'invalid_type') {
      return [`${path}: must be ${article(issue.expected)}, not ${kindOf(value)}`];
    }
    if (issue.code === 'invalid_value') {
      // Every value on the portal's wire is a string: "4" and 4 are different answers.
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return [`${path}: must be one of ${allowed} (a string), not ${JSON.stringify(value)}`];
    }
    return [`${path}: ${issue.message}`];
  });
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : formatPath(path);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
}

function article(expected: string): string {
  return expected === 'array' || expected === 'object' ? `an ${expected}` : `a ${expected}`;
}

/** An error's message; fs errors come from another realm under jest, so no `instanceof Error`. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
