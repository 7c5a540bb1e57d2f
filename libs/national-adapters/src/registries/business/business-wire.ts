/*
 * The business registry's wire format (docs/national-systems.md, "The national business
 * registry"). Field names are the registry's; the query parameters besides `msdn`, the date format
 * dd/MM/yyyy and the error body are inferred, see apps/mock-business/README.md. Only this folder
 * sees these names.
 */

export const BUSINESS_LOOKUP_PATH = '/DoanhNghiep/chiTietDoanhNghiep';
export const BUSINESS_LOOKUP_SERVICE = 'DoanhNghiep/chiTietDoanhNghiep';

export interface BusinessLookupQuery {
  msdn: string;
  maYeuCau: string;
  maCanBo: string;
  maDVC: string;
  mucDich: string;
  /** Index signature: the transport takes the query as a plain record. */
  [param: string]: string;
}

export interface EntCertWire {
  MaSoDoanhNghiep: string;
  MaNoiBo?: string;
  SoGCNDKKD?: string;
  MaLoaiHinhDN?: string;
  LoaiHinhDN?: string;
  TenTiengViet: string;
  TenNuocNgoai?: string;
  TenVietTat?: string;
  NgayDangKyLanDau?: string;
  NgayDangKyThayDoi?: string;
  SoLanDangKyThayDoi?: string;
  TinhTrangPhapLy?: {
    TinhTrangPhapLy?: string;
    MaTinhTrangPhapLy?: string;
    NgayHieuLuc?: string;
  }[];
  DaiDienPhapLuat?: { ThongTinCaNhan?: { HoVaTen?: string; SoGiayChungThuc?: string }[] }[];
  DiaChiTruSo?: {
    DiaChi?: {
      MaTinhThanh?: string;
      TenTinhThanh?: string;
      MaPhuongXa?: string;
      TenPhuongXa?: string;
      DiaChi?: string;
      SoNha?: string;
    }[];
  }[];
  NganhNgheKinhDoanh?: { MaNganh?: string; TenNganh?: string; LaNganhChinh?: string | boolean }[];
}

/** "Đang hoạt động": the only legal status in which an enterprise operates. */
export const ACTIVE_LEGAL_STATUS = '01';
