import type { CaseStatus } from '@hub/contracts';

/*
 * The national public-service portal's (DVCQG) wire vocabulary. Vietnamese names live here and
 * in the mapping beside it, nowhere else in the hub (docs/national-systems.md, "The national
 * public-service portal (DVCQG): dossier sync"). Every value is a string on the wire, dates
 * included (`yyyyMMddHHmmss`, Hanoi time).
 */

/** The service names the portal dispatches on (`service` in every call body). */
export const PortalService = {
  SyncDossier: 'DongBoHoSoMC',
  UpdateProgress: 'CapNhatTienDoHoSoMC',
  LookupDossier: 'TraCuuHoSo',
  /** The catalog (docs/national-systems.md, "The portal's catalogs"). */
  ListProcedures: 'LayDanhSachTTHC',
  Procedure: 'LayThuTuc',
  Agencies: 'LayDanhMucCoQuan',
} as const;
export type PortalServiceName = (typeof PortalService)[keyof typeof PortalService];

/** `TrangThaiHoSo`: the portal numbers the ten statuses 1..10 in the contracts' order. */
export const portalStatusCodes: Readonly<Record<CaseStatus, string>> = {
  registered: '1',
  accepted: '2',
  refused: '3',
  processing: '4',
  supplement_requested: '5',
  payment_requested: '6',
  withdrawn: '7',
  stopped: '8',
  processed: '9',
  result_returned: '10',
};

/** `DinhDanhCHS[]`: "1" is the 12-digit personal ID (the old 9-digit ID would be "2"). */
export interface PortalIdentity {
  LoaiDinhDanh: string;
  SoDinhDanh: string;
}

/** `TaiLieuNop[]`: a document the applicant submitted. */
export interface PortalSubmittedDocument {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin: string;
  DuocSoHoa: string;
  DuocTaiSuDung: string;
  DuocLayTuKhoDMQG: string;
  MaKetQuaThayThe: string;
}

/** `DanhSachLePhi[]`: `HinhThucThu` "1" at the counter, "2" paid online. */
export interface PortalFee {
  TenPhiLePhi: string;
  MaPhiLePhi: string;
  HinhThucThu: string;
  Gia: string;
  LoaiPhiLePhi: string;
}

/** `DanhSachHoSoBoSung[]`: one request for additional documents. */
export interface PortalSupplementRequest {
  NoiDungBoSung: string;
  NgayYeuCau: string;
}

/** `DanhSachGiayToKetQua[]`: a result document issued for the dossier. */
export interface PortalResultDocument {
  TenGiayTo: string;
  MaThanhPhanHoSo: string;
  GiayToId: string;
  DuongDanTepTinKetQua: string;
  MaGiayToKetQua: string;
}

/** The dossier (`hồ sơ`) as `DongBoHoSoMC` sends it and `TraCuuHoSo` returns it. */
export interface PortalDossier {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  KenhThucHien: string;
  ChuHoSo: string;
  SoGiayToChuHoSo: string;
  LoaiDoiTuong: string;
  MaDoiTuong: string;
  Email?: string;
  SoDienThoai?: string;
  TrichYeuHoSo: string;
  NgayTiepNhan: string;
  NgayNopHoSo: string;
  NgayHenTra: string;
  NgayTra?: string;
  NgayKetThucXuLy?: string;
  NgayTuChoi?: string;
  TrangThaiHoSo: string;
  HinhThuc: string;
  DonViXuLy: string;
  HoSoCoThanhPhanSoHoa: string;
  TaiKhoanDuocXacThucVoiVNeID: string;
  DuocThanhToanTrucTuyen: string;
  DinhDanhCHS?: PortalIdentity[];
  TaiLieuNop: PortalSubmittedDocument[];
  DanhSachLePhi: PortalFee[];
  DanhSachHoSoBoSung?: PortalSupplementRequest[];
  DanhSachGiayToKetQua?: PortalResultDocument[];
}

/** A progress entry (`QuaTrinhXuLy`) as `CapNhatTienDoHoSoMC` takes it. */
export interface PortalProgressEntry {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: string;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}
