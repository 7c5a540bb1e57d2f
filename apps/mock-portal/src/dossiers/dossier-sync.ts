import { z } from 'zod';
import { type FieldIssue, ROOT_PATH, toFieldIssues } from '../dvcqg/field-issues';
import { type BusinessErrorCode, PortalErrorCode, fieldMessage } from '../dvcqg/wire';
import {
  type DossierFields,
  type ProgressEntry,
  dossierCreateSchema,
  dossierUpdateSchema,
  progressEntrySchema,
} from './dossier.schema';
import { isCreateStatusAllowed, isTransitionAllowed, missingStatusData } from './dossier-rules';

/**
 * Pure planning of the two write services. A plan is computed against a read-only view of the
 * store and either lists every write to apply or names the one reason the whole call is refused:
 * the portal processes a batch all-or-nothing, so nothing is written until every dossier passes.
 */

export const MAX_DOSSIERS_PER_CALL = 50;
export const MAX_PROGRESS_ENTRIES_PER_CALL = 10;

export interface PortalView {
  findDossier(caseCode: string): Readonly<DossierFields> | undefined;
  isKnownProcedure(procedureCode: string): boolean;
  /** Case codes the fault config says the portal refuses (its national-database check fails). */
  rejectedCaseCodes: ReadonlySet<string>;
}

export interface Refusal {
  ok: false;
  code: BusinessErrorCode;
  message: string;
  caseCodes: string[];
}

export interface DossierWrite {
  caseCode: string;
  /** The dossier as it will be stored: the sent fields merged over the stored copy. */
  dossier: DossierFields;
  isUpdating: boolean;
}

export type DossierSyncPlan = { ok: true; writes: DossierWrite[]; caseCodes: string[] } | Refusal;

export interface ProgressAppend {
  caseCode: string;
  entries: ProgressEntry[];
}

export type ProgressPlan =
  { ok: true; appends: ProgressAppend[]; entryCount: number; caseCodes: string[] } | Refusal;

const syncParamsSchema = z.object({
  isUpdating: z.enum(['False', 'True']),
  data: z
    .array(z.unknown())
    .min(1, 'phải có ít nhất một hồ sơ')
    .max(MAX_DOSSIERS_PER_CALL, `tối đa ${MAX_DOSSIERS_PER_CALL} hồ sơ mỗi lần gọi`),
});

const progressParamsSchema = z.object({
  data: z.array(z.unknown()).min(1, 'phải có ít nhất một quá trình xử lý'),
});

export function planDossierSync(
  params: Record<string, unknown>,
  view: PortalView,
): DossierSyncPlan {
  const caseCodes = caseCodesIn(params['data']);
  const envelope = syncParamsSchema.safeParse(params);
  if (!envelope.success) {
    return validationRefusal(toFieldIssues(envelope.error, params), caseCodes);
  }
  const isUpdating = envelope.data.isUpdating === 'True';
  const schema = isUpdating ? dossierUpdateSchema : dossierCreateSchema;

  const dossiers: DossierFields[] = [];
  const problems: string[] = [];
  envelope.data.data.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    const where = locate(index, item);
    if (!parsed.success) {
      problems.push(...itemIssues(parsed.error, item, index).map((i) => describe(i, where)));
      return;
    }
    if (parsed.data.MaTTHC !== undefined && !view.isKnownProcedure(parsed.data.MaTTHC)) {
      problems.push(
        describe(
          { path: 'MaTTHC', reason: 'không có trong danh mục thủ tục hành chính của Cổng' },
          where,
        ),
      );
      return;
    }
    dossiers.push(parsed.data);
  });
  if (problems.length > 0)
    return refusal(PortalErrorCode.Validation, problems.join('; '), caseCodes);

  const refused = firstRejected(caseCodes, view);
  if (refused) return refused;

  // Later dossiers of the batch see earlier ones, so a batch that creates the same case twice is
  // refused exactly as two separate calls would be.
  const staged = new Map<string, DossierFields>();
  const writes: DossierWrite[] = [];
  for (const [index, sent] of dossiers.entries()) {
    const code = sent.MaHoSo;
    const where = locate(index, sent);
    const stored = staged.get(code) ?? view.findDossier(code);
    let next: DossierFields;
    if (!isUpdating) {
      if (stored) {
        return refusal(
          PortalErrorCode.AlreadyExists,
          `Hồ sơ ${code} đã tồn tại trên Cổng Dịch vụ công quốc gia`,
          caseCodes,
        );
      }
      const status = sent.TrangThaiHoSo ?? '1';
      if (!isCreateStatusAllowed(status)) {
        return refusal(
          PortalErrorCode.TransitionNotAllowed,
          `Không được phép chuyển trạng thái hồ sơ ${code} từ (chưa có) sang ${status}: hồ sơ mới phải có TrangThaiHoSo "1" hoặc "2"`,
          caseCodes,
        );
      }
      next = sent;
    } else {
      if (!stored) {
        return refusal(PortalErrorCode.NotFound, `Không tìm thấy hồ sơ ${code}`, caseCodes);
      }
      const from = stored.TrangThaiHoSo;
      const to = sent.TrangThaiHoSo;
      if (from !== undefined && to !== undefined && !isTransitionAllowed(from, to)) {
        return refusal(
          PortalErrorCode.TransitionNotAllowed,
          `Không được phép chuyển trạng thái hồ sơ ${code} từ ${from} sang ${to}`,
          caseCodes,
        );
      }
      next = { ...stored, ...sent };
    }
    const missing = missingStatusData(next);
    if (missing) {
      return refusal(
        PortalErrorCode.Validation,
        describe({ path: missing.field, reason: missing.reason }, where),
        caseCodes,
      );
    }
    staged.set(code, next);
    writes.push({ caseCode: code, dossier: next, isUpdating });
  }
  return { ok: true, writes, caseCodes };
}

export function planProgressUpdate(
  params: Record<string, unknown>,
  view: PortalView,
): ProgressPlan {
  const caseCodes = caseCodesIn(params['data']);
  const envelope = progressParamsSchema.safeParse(params);
  if (!envelope.success) {
    return validationRefusal(toFieldIssues(envelope.error, params), caseCodes);
  }
  const items = envelope.data.data;
  if (items.length > MAX_PROGRESS_ENTRIES_PER_CALL) {
    return refusal(
      PortalErrorCode.TooManyProgressEntries,
      `Vượt quá số lượng quá trình xử lý cho phép: tối đa ${MAX_PROGRESS_ENTRIES_PER_CALL} mục mỗi lần gọi, nhận được ${items.length}`,
      caseCodes,
    );
  }
  const entries: ProgressEntry[] = [];
  const problems: string[] = [];
  items.forEach((item, index) => {
    const parsed = progressEntrySchema.safeParse(item);
    if (parsed.success) entries.push(parsed.data);
    else {
      const where = locate(index, item);
      problems.push(...itemIssues(parsed.error, item, index).map((i) => describe(i, where)));
    }
  });
  if (problems.length > 0)
    return refusal(PortalErrorCode.Validation, problems.join('; '), caseCodes);

  const refused = firstRejected(caseCodes, view);
  if (refused) return refused;

  const byCase = new Map<string, ProgressEntry[]>();
  for (const entry of entries) {
    if (!view.findDossier(entry.MaHoSo)) {
      return refusal(PortalErrorCode.NotFound, `Không tìm thấy hồ sơ ${entry.MaHoSo}`, caseCodes);
    }
    byCase.set(entry.MaHoSo, [...(byCase.get(entry.MaHoSo) ?? []), entry]);
  }
  const appends = [...byCase.entries()].map(([caseCode, list]) => ({ caseCode, entries: list }));
  return { ok: true, appends, entryCount: entries.length, caseCodes };
}

function firstRejected(caseCodes: readonly string[], view: PortalView): Refusal | undefined {
  const code = caseCodes.find((c) => view.rejectedCaseCodes.has(c));
  if (code === undefined) return undefined;
  return refusal(
    PortalErrorCode.RejectedByPortal,
    `Hồ sơ ${code} bị từ chối: thông tin chủ hồ sơ không khớp với CSDL quốc gia`,
    [...caseCodes],
  );
}

/** Distinct MaHoSo strings in a raw `data` array, for logs and reject checks even when invalid. */
export function caseCodesIn(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  const codes = new Set<string>();
  for (const item of data as unknown[]) {
    const code = isRecord(item) ? item['MaHoSo'] : undefined;
    if (typeof code === 'string') codes.add(code);
  }
  return [...codes];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function locate(index: number, item: unknown): string {
  const code = isRecord(item) ? item['MaHoSo'] : undefined;
  return typeof code === 'string' ? `data[${index}], hồ sơ ${code}` : `data[${index}]`;
}

/** Issues of one `data` item; a wholly wrong item (say a number) is named `data[i]`. */
function itemIssues(error: z.ZodError, item: unknown, index: number): FieldIssue[] {
  return toFieldIssues(error, item).map((issue) =>
    issue.path === ROOT_PATH ? { ...issue, path: `data[${index}]` } : issue,
  );
}

function describe(issue: FieldIssue, where?: string): string {
  const message = fieldMessage(issue.path, issue.reason);
  return where ? `${message} (${where})` : message;
}

function validationRefusal(issues: FieldIssue[], caseCodes: string[]): Refusal {
  return refusal(PortalErrorCode.Validation, issues.map((i) => describe(i)).join('; '), caseCodes);
}

function refusal(code: BusinessErrorCode, message: string, caseCodes: string[]): Refusal {
  return { ok: false, code, message, caseCodes };
}
