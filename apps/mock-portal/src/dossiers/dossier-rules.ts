import type { DossierFields, DossierStatus } from './dossier.schema';

/**
 * TrangThaiHoSo moves the portal accepts (docs/national-systems.md, "Status codes and
 * transitions"; inferred from real clients):
 * 1→2|3, 2→4, 4→5→4, 4→6→4, 4→8, 4→9→10, and withdrawal (7) from any status before 9.
 * 3 (refused), 7 (withdrawn), 8 (stopped) and 10 (returned) are final.
 */
const ALLOWED_MOVES: Record<DossierStatus, readonly DossierStatus[]> = {
  '1': ['2', '3', '7'],
  '2': ['4', '7'],
  '3': [],
  '4': ['5', '6', '8', '9', '7'],
  '5': ['4', '7'],
  '6': ['4', '7'],
  '7': [],
  '8': [],
  '9': ['10'],
  '10': [],
};

/** A new dossier enters the portal as registered (1) or already accepted (2), never later. */
export const CREATE_STATUSES: readonly DossierStatus[] = ['1', '2'];

export function isCreateStatusAllowed(status: DossierStatus): boolean {
  return CREATE_STATUSES.includes(status);
}

/** Keeping the status is always allowed: payment or document updates do not move the dossier. */
export function isTransitionAllowed(from: DossierStatus, to: DossierStatus): boolean {
  return from === to || ALLOWED_MOVES[from].includes(to);
}

export function allowedNextStatuses(from: DossierStatus): readonly DossierStatus[] {
  return ALLOWED_MOVES[from];
}

/** A field a status needs and the dossier lacks, with the reason the portal gives. */
export interface MissingStatusData {
  field: keyof DossierFields;
  reason: string;
}

/**
 * Checks the data a status carries, on the dossier as it will be stored (after the merge), so an
 * update may rely on fields sent earlier. The portal refuses e.g. "refused" without the refusal
 * date, or "processed" without the result documents the citizen will receive.
 */
export function missingStatusData(dossier: DossierFields): MissingStatusData | undefined {
  const status = dossier.TrangThaiHoSo;
  if (status === undefined) return undefined;
  const needsDate = (field: keyof DossierFields): MissingStatusData | undefined =>
    dossier[field] === undefined
      ? { field, reason: `bắt buộc khi TrangThaiHoSo là "${status}"` }
      : undefined;
  const needsList = (
    field: 'DanhSachLePhi' | 'DanhSachGiayToKetQua',
    what: string,
  ): MissingStatusData | undefined =>
    (dossier[field]?.length ?? 0) === 0
      ? { field, reason: `phải có ít nhất một ${what} khi TrangThaiHoSo là "${status}"` }
      : undefined;
  switch (status) {
    case '3':
      return needsDate('NgayTuChoi');
    case '6':
      return needsList('DanhSachLePhi', 'khoản phí, lệ phí');
    case '9':
      return needsDate('NgayKetThucXuLy') ?? needsList('DanhSachGiayToKetQua', 'giấy tờ kết quả');
    case '10':
      return needsDate('NgayTra');
    case '1':
    case '2':
    case '4':
    case '5':
    case '7':
    case '8':
      return undefined;
  }
}
