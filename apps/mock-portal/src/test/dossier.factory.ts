import type { NewDossierFields, ProgressEntry } from '../dossiers/dossier.schema';

/**
 * Test data for the mock portal's specs: valid wire objects (all strings) with unique case
 * codes, so each test states only the fields it is about. A birth registration (1.001193) as the
 * shipped catalog describes it: its form TK-KS, its result KQ-KS.
 */
let sequence = 0;

export function nextCaseCode(agency = '000.00.01.H26', day = '260312'): string {
  sequence += 1;
  return `${agency}-${day}-${String(sequence).padStart(5, '0')}`;
}

export function newDossier(overrides: Partial<NewDossierFields> = {}): NewDossierFields {
  return {
    MaHoSo: nextCaseCode(),
    MaTTHC: '1.001193',
    TenTTHC: 'Thủ tục đăng ký khai sinh',
    MaLinhVuc: 'G09-TP03',
    TenLinhVuc: 'Hộ tịch',
    KenhThucHien: '2',
    ChuHoSo: 'Nguyễn Văn An',
    SoGiayToChuHoSo: '001090012345',
    LoaiDoiTuong: '1',
    Email: 'an.nguyen@example.vn',
    SoDienThoai: '0912345678',
    TrichYeuHoSo: 'Đăng ký khai sinh cho con',
    NgayTiepNhan: '20260312083000',
    NgayHenTra: '20260315170000',
    NgayNopHoSo: '20260312080000',
    TrangThaiHoSo: '2',
    HinhThuc: '0',
    DonViXuLy: 'Sở Tư pháp thành phố Hà Nội',
    HoSoCoThanhPhanSoHoa: '1',
    TaiKhoanDuocXacThucVoiVNeID: '1',
    DuocThanhToanTrucTuyen: '0',
    DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: '001090012345' }],
    TaiLieuNop: [
      {
        TepDinhKemId: 'tep-1',
        TenTepDinhKem: 'to-khai-khai-sinh.pdf',
        MaThanhPhanHoSo: 'TK-KS',
        DuongDanTaiTepTin: 'https://files.example.vn/tep-1',
        DuocSoHoa: '1',
        DuocTaiSuDung: '0',
        DuocLayTuKhoDMQG: '0',
      },
    ],
    ...overrides,
  };
}

export function feeLine(): NonNullable<NewDossierFields['DanhSachLePhi']>[number] {
  return {
    TenPhiLePhi: 'Lệ phí đăng ký khai sinh',
    MaPhiLePhi: 'LP01',
    HinhThucThu: '2',
    Gia: '8000',
    LoaiPhiLePhi: '2',
  };
}

export function resultDocument(): NonNullable<NewDossierFields['DanhSachGiayToKetQua']>[number] {
  return {
    TenGiayTo: 'Giấy khai sinh (bản điện tử)',
    MaThanhPhanHoSo: 'KQ-KS',
    GiayToId: 'kq-1',
    DuongDanTepTinKetQua: 'https://files.example.vn/kq-1',
    MaGiayToKetQua: 'KS-42/2026',
  };
}

export function progressEntry(
  caseCode: string,
  overrides: Partial<ProgressEntry> = {},
): ProgressEntry {
  return {
    MaHoSo: caseCode,
    NguoiXuLy: 'Trần Thị Bình',
    ChucDanh: 'Chuyên viên',
    ThoiDiemXuLy: '20260312093000',
    PhongBanXuLy: 'Phòng Hành chính tư pháp',
    NoiDungXuLy: 'Thẩm định hồ sơ',
    TrangThai: '4',
    NgayBatDau: '20260312083000',
    NgayKetThucTheoQuyDinh: '20260313170000',
    ...overrides,
  };
}
