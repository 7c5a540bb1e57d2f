import type { EntCertWire } from '../business/business-wire';
import type { CongDanWire } from '../population/population-wire';

/**
 * Wire records as the registries send them, for the adapter's specs; each test overrides only
 * the fields it is about.
 */
export function congDan(overrides: Partial<CongDanWire> = {}): CongDanWire {
  return {
    SoDinhDanh: '001085000011',
    SoCMND: '012345678',
    HoVaTen: { Ho: 'Nguyễn', ChuDem: 'Thị', Ten: 'Hương' },
    NgayThangNamSinh: { Nam: '1985', NgayThangNam: '19850704' },
    GioiTinh: '2',
    DanToc: '01',
    TonGiao: '00',
    TinhTrangHonNhan: '2',
    NhomMau: '04',
    QuocTich: 'VN',
    NoiDangKyKhaiSinh: { MaTinhThanh: '01', MaPhuongXa: '00070', ChiTiet: '', QuocGia: 'VN' },
    QueQuan: { MaTinhThanh: '37', MaPhuongXa: '14359', ChiTiet: '', QuocGia: 'VN' },
    ThuongTru: {
      MaTinhThanh: '01',
      MaPhuongXa: '00229',
      ChiTiet: 'Số 12, ngõ 34, phố Thái Hà',
      QuocGia: 'VN',
    },
    NoiOHienTai: {
      MaTinhThanh: '01',
      MaPhuongXa: '00229',
      ChiTiet: 'Số 12, ngõ 34, phố Thái Hà',
      QuocGia: 'VN',
    },
    Cha: 'Nguyễn Văn Hải',
    Me: 'Trần Thị Lan',
    VoChong: 'Lê Minh Quân',
    ChuHo: 'Lê Minh Quân',
    ...overrides,
  };
}

export function entCert(overrides: Partial<EntCertWire> = {}): EntCertWire {
  return {
    MaSoDoanhNghiep: '0100000011',
    MaNoiBo: '1290363',
    SoGCNDKKD: '0100000011',
    MaLoaiHinhDN: '03',
    LoaiHinhDN: 'Công ty cổ phần',
    TenTiengViet: 'CÔNG TY CỔ PHẦN CÔNG NGHỆ PHẦN MỀM THĂNG LONG',
    TenNuocNgoai: 'THANG LONG TECHNOLOGY JOINT STOCK COMPANY',
    TenVietTat: 'THANG LONG JSC',
    NgayDangKyLanDau: '12/06/2019',
    NgayDangKyThayDoi: '03/02/2024',
    SoLanDangKyThayDoi: '3',
    TinhTrangPhapLy: [
      { TinhTrangPhapLy: 'Đang hoạt động', MaTinhTrangPhapLy: '01', NgayHieuLuc: '12/06/2019' },
    ],
    DaiDienPhapLuat: [
      { ThongTinCaNhan: [{ HoVaTen: 'Phạm Đức Anh', SoGiayChungThuc: '001075001231' }] },
    ],
    DiaChiTruSo: [
      {
        DiaChi: [
          {
            MaTinhThanh: '01',
            TenTinhThanh: 'Thành phố Hà Nội',
            MaPhuongXa: '00175',
            TenPhuongXa: 'Phường Cầu Giấy',
            DiaChi: 'Số 8, phố Trần Duy Hưng, Phường Cầu Giấy, Thành phố Hà Nội',
            SoNha: '8',
          },
        ],
      },
    ],
    NganhNgheKinhDoanh: [
      { MaNganh: '6201', TenNganh: 'Lập trình máy vi tính', LaNganhChinh: '1' },
      { MaNganh: '7020', TenNganh: 'Hoạt động tư vấn quản lý', LaNganhChinh: '0' },
    ],
    ...overrides,
  };
}
