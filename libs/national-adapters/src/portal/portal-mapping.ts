import type { Applicant, CaseEvent, CaseEventOf, CaseStatus } from '@hub/contracts';
import { toPortalDate } from './portal-dates';
import { PortalAdapterException, PortalErrorCode } from './portal-errors';
import {
  type PortalDossier,
  type PortalFee,
  type PortalProgressEntry,
  type PortalResultDocument,
  portalStatusCodes,
} from './portal-wire';

/*
 * Pure mapping from hub case events to the portal's dossier. The portal keeps one record per
 * dossier and every DongBoHoSoMC call replaces it whole, so each event is sent as the fold of the
 * case's history up to and including it — never as a delta.
 */

/** Who handled a step when the department system did not say (progress entries need a name). */
export const SYSTEM_OFFICIAL = 'Hệ thống một cửa';

const channelCodes = { in_person: '1', online: '2', postal: '3' } as const;
const applicantKindCodes = {
  citizen: '1',
  enterprise: '2',
  agency: '3',
  organisation: '4',
} as const;

const FEE_AT_COUNTER = '1';
const FEE_PAID_ONLINE = '2';
const yesNo = (flag: boolean): string => (flag ? '1' : '0');

/**
 * The dossier after the whole history: `events` are one case's, in its order. The department's
 * events are sequence 1..n; an event the hub originated follows its anchor (`sequence`, then
 * `hubsequence` 1, 2, ...).
 */
export function buildDossier(events: readonly CaseEvent[]): PortalDossier {
  const [first, ...rest] = events;
  if (first?.type !== 'case.received' || first.sequence !== 1 || first.hubsequence !== undefined) {
    throw invalidHistory('a case history must start with its case.received event (sequence 1)');
  }
  let dossier = openDossier(first);
  let at = { sequence: 1, hub: 0 };
  rest.forEach((event) => {
    const hub = event.hubsequence ?? 0;
    const expected =
      hub > 0 ? { sequence: at.sequence, hub: at.hub + 1 } : { sequence: at.sequence + 1, hub: 0 };
    if (event.sequence !== expected.sequence || hub !== expected.hub) {
      const name = (p: { sequence: number; hub: number }) =>
        p.hub > 0 ? `${p.sequence}.${p.hub}` : String(p.sequence);
      throw invalidHistory(
        `expected sequence ${name(expected)} of ${first.subject}, got ${name({ sequence: event.sequence, hub })} (${event.id})`,
      );
    }
    at = expected;
    if (event.subject !== first.subject) {
      throw invalidHistory(`event ${event.id} belongs to ${event.subject}, not ${first.subject}`);
    }
    dossier = applyCaseEvent(dossier, event);
  });
  return dossier;
}

/** One fold step: the dossier after `event`, given the dossier before it. Never mutates. */
export function applyCaseEvent(dossier: PortalDossier, event: CaseEvent): PortalDossier {
  switch (event.type) {
    case 'case.received':
      throw invalidHistory(`a case is received once; ${event.id} receives it again`);
    case 'case.status-changed':
      return applyStatusChange(dossier, event);
    case 'case.result-issued':
      return applyResult(dossier, event);
    case 'payment.completed':
      return applyPayment(dossier, event);
  }
}

/** The `QuaTrinhXuLy` entry for `event`, given the dossier as it stands after the event. */
export function buildProgressEntry(
  event: CaseEvent,
  dossierAfter: PortalDossier,
): PortalProgressEntry {
  const handledBy = event.type === 'case.status-changed' ? event.data.handledBy : undefined;
  const at = toPortalDate(momentOf(event));
  return {
    MaHoSo: dossierAfter.MaHoSo,
    NguoiXuLy: handledBy?.official ?? SYSTEM_OFFICIAL,
    ChucDanh: handledBy?.title ?? '',
    ThoiDiemXuLy: at,
    PhongBanXuLy: handledBy?.unit ?? dossierAfter.DonViXuLy,
    NoiDungXuLy: describe(event),
    TrangThai: dossierAfter.TrangThaiHoSo,
    NgayBatDau: at,
    NgayKetThucTheoQuyDinh: dossierAfter.NgayHenTra,
  };
}

function openDossier(event: CaseEventOf<'case.received'>): PortalDossier {
  const d = event.data;
  const applicantId = idOf(d.applicant);
  const receivedAt = toPortalDate(d.receivedAt);
  return {
    MaHoSo: d.caseCode,
    MaTTHC: d.procedureCode,
    TenTTHC: d.procedureName,
    KenhThucHien: channelCodes[d.channel],
    ChuHoSo: d.applicant.fullName,
    SoGiayToChuHoSo: applicantId,
    LoaiDoiTuong: applicantKindCodes[d.applicant.kind],
    MaDoiTuong: applicantId,
    ...(d.applicant.email !== undefined ? { Email: d.applicant.email } : {}),
    ...(d.applicant.phone !== undefined ? { SoDienThoai: d.applicant.phone } : {}),
    TrichYeuHoSo: d.summary ?? d.procedureName,
    NgayTiepNhan: receivedAt,
    NgayNopHoSo: receivedAt,
    NgayHenTra: toPortalDate(d.dueAt),
    TrangThaiHoSo: portalStatusCodes[d.initialStatus],
    HinhThuc: '0',
    DonViXuLy: d.agencyName,
    HoSoCoThanhPhanSoHoa: yesNo(d.documents.some((doc) => doc.digitised)),
    // Online intake goes through the portal's VNeID sign-in; the other channels do not.
    TaiKhoanDuocXacThucVoiVNeID: yesNo(d.channel === 'online'),
    DuocThanhToanTrucTuyen: '0',
    ...(d.applicant.kind === 'citizen' && d.applicant.personalId !== undefined
      ? { DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: d.applicant.personalId }] }
      : {}),
    TaiLieuNop: d.documents.map((doc) => ({
      TepDinhKemId: doc.code,
      TenTepDinhKem: doc.name,
      MaThanhPhanHoSo: doc.code,
      DuongDanTaiTepTin: doc.fileRef ?? '',
      DuocSoHoa: yesNo(doc.digitised),
      DuocTaiSuDung: yesNo(doc.reusedFrom !== undefined),
      DuocLayTuKhoDMQG: yesNo(doc.reusedFrom !== undefined),
      MaKetQuaThayThe: doc.reusedFrom ?? '',
    })),
    DanhSachLePhi: d.fees.map((fee) => ({
      TenPhiLePhi: fee.name,
      MaPhiLePhi: fee.code,
      HinhThucThu: FEE_AT_COUNTER,
      Gia: String(fee.amount),
      LoaiPhiLePhi: '1',
    })),
  };
}

function applyStatusChange(
  dossier: PortalDossier,
  event: CaseEventOf<'case.status-changed'>,
): PortalDossier {
  const d = event.data;
  const at = toPortalDate(d.changedAt);
  const next: PortalDossier = { ...dossier, TrangThaiHoSo: portalStatusCodes[d.status] };
  if (d.newDueAt !== undefined) next.NgayHenTra = toPortalDate(d.newDueAt);
  // The portal refuses these statuses without their date (docs/national-systems.md, "Status
  // codes and transitions").
  if (d.status === 'refused') next.NgayTuChoi = at;
  if (d.status === 'processed') next.NgayKetThucXuLy = at;
  if (d.status === 'result_returned') next.NgayTra = at;
  if (d.status === 'supplement_requested') {
    next.DanhSachHoSoBoSung = [
      ...(dossier.DanhSachHoSoBoSung ?? []),
      { NoiDungBoSung: d.note ?? '', NgayYeuCau: at },
    ];
  }
  // payment_requested keeps DanhSachLePhi as it is: a case without fees then fails the portal's
  // check, which is the right answer (the department asked for money it never declared).
  return next;
}

function applyResult(
  dossier: PortalDossier,
  event: CaseEventOf<'case.result-issued'>,
): PortalDossier {
  const d = event.data;
  const issued: PortalResultDocument[] = d.documents.map((doc) => ({
    TenGiayTo: doc.name,
    MaThanhPhanHoSo: doc.code,
    GiayToId: doc.documentNo,
    DuongDanTepTinKetQua: doc.url,
    MaGiayToKetQua: doc.documentNo,
  }));
  // A re-issued document (same number) replaces the earlier entry; others are kept.
  const reissued = new Set(issued.map((doc) => doc.GiayToId));
  const kept = (dossier.DanhSachGiayToKetQua ?? []).filter((doc) => !reissued.has(doc.GiayToId));
  return {
    ...dossier,
    TrangThaiHoSo: portalStatusCodes.processed,
    NgayKetThucXuLy: toPortalDate(d.issuedAt),
    DanhSachGiayToKetQua: [...kept, ...issued],
    HinhThuc: d.delivery === 'post' ? '1' : '0',
  };
}

function applyPayment(
  dossier: PortalDossier,
  event: CaseEventOf<'payment.completed'>,
): PortalDossier {
  const d = event.data;
  const online = isOnlinePayment(d.method);
  const paid = new Map(d.fees.map((fee) => [fee.code, fee.amount]));
  const fees: PortalFee[] = dossier.DanhSachLePhi.map((fee) =>
    paid.has(fee.MaPhiLePhi) && online ? { ...fee, HinhThucThu: FEE_PAID_ONLINE } : fee,
  );
  // A fee paid that intake never declared (e.g. charged after payment_requested) still has to
  // reach the portal; the event carries no name for it, so its code stands in.
  const declared = new Set(dossier.DanhSachLePhi.map((fee) => fee.MaPhiLePhi));
  for (const [code, amount] of paid) {
    if (declared.has(code)) continue;
    fees.push({
      TenPhiLePhi: code,
      MaPhiLePhi: code,
      HinhThucThu: online ? FEE_PAID_ONLINE : FEE_AT_COUNTER,
      Gia: String(amount),
      LoaiPhiLePhi: '1',
    });
  }
  return {
    ...dossier,
    // Once paid online the dossier counts as paid online, even if a later fee is paid in cash.
    DuocThanhToanTrucTuyen: online ? '1' : dossier.DuocThanhToanTrucTuyen,
    DanhSachLePhi: fees,
  };
}

function isOnlinePayment(method: CaseEventOf<'payment.completed'>['data']['method']): boolean {
  return method !== 'cash';
}

function idOf(applicant: Applicant): string {
  const id =
    applicant.kind === 'enterprise'
      ? (applicant.enterpriseCode ?? applicant.personalId)
      : (applicant.personalId ?? applicant.enterpriseCode);
  return id ?? '';
}

/** When the step happened, as the department system recorded it. */
function momentOf(event: CaseEvent): string {
  switch (event.type) {
    case 'case.received':
      return event.data.receivedAt;
    case 'case.status-changed':
      return event.data.changedAt;
    case 'case.result-issued':
      return event.data.issuedAt;
    case 'payment.completed':
      return event.data.paidAt;
  }
}

const statusDescriptions: Readonly<Record<CaseStatus, string>> = {
  registered: 'Đăng ký hồ sơ',
  accepted: 'Tiếp nhận hồ sơ',
  refused: 'Từ chối tiếp nhận hồ sơ',
  processing: 'Chuyển xử lý hồ sơ',
  supplement_requested: 'Yêu cầu bổ sung hồ sơ',
  payment_requested: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  withdrawn: 'Rút hồ sơ theo yêu cầu của người nộp',
  stopped: 'Dừng xử lý hồ sơ',
  processed: 'Hoàn thành xử lý hồ sơ',
  result_returned: 'Trả kết quả',
};

/** `NoiDungXuLy`: the department's note, else a Vietnamese description of the step. */
function describe(event: CaseEvent): string {
  switch (event.type) {
    case 'case.received':
      return event.data.initialStatus === 'registered' ? 'Đăng ký hồ sơ' : 'Tiếp nhận hồ sơ';
    case 'case.status-changed':
      return event.data.note ?? statusDescriptions[event.data.status];
    case 'case.result-issued':
      return event.data.electronic ? 'Cấp kết quả điện tử' : 'Cấp kết quả';
    case 'payment.completed':
      return isOnlinePayment(event.data.method)
        ? 'Thanh toán lệ phí trực tuyến'
        : 'Thanh toán lệ phí tại bộ phận một cửa';
  }
}

function invalidHistory(message: string): PortalAdapterException {
  return new PortalAdapterException(PortalErrorCode.INVALID_HISTORY, message);
}
