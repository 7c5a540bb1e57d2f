/**
 * Seed catalogs the mock answers LayDanhSachTTHC / LayThuTuc / LayDanhMucCoQuan with. Codes
 * follow the national procedure database's `<level>.<6 digits>` form and Hanoi's agency codes
 * (`000.00.NN.H26`); they are realistic demo data, not a copy of the official catalog.
 */
export interface Procedure {
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  CoQuanThucHien: string;
}

export interface Agency {
  MaCoQuan: string;
  TenCoQuan: string;
}

const CIVIL_STATUS = { MaLinhVuc: 'G09-TP03', TenLinhVuc: 'Hộ tịch' } as const;
const COMMUNE = 'Ủy ban nhân dân cấp xã';

export const PROCEDURES: readonly Procedure[] = [
  {
    MaTTHC: '1.001193',
    TenTTHC: 'Thủ tục đăng ký khai sinh',
    ...CIVIL_STATUS,
    CoQuanThucHien: COMMUNE,
  },
  {
    MaTTHC: '1.000894',
    TenTTHC: 'Thủ tục đăng ký kết hôn',
    ...CIVIL_STATUS,
    CoQuanThucHien: COMMUNE,
  },
  {
    MaTTHC: '1.000656',
    TenTTHC: 'Thủ tục đăng ký khai tử',
    ...CIVIL_STATUS,
    CoQuanThucHien: COMMUNE,
  },
  {
    MaTTHC: '1.005092',
    TenTTHC: 'Thủ tục cấp bản sao trích lục hộ tịch',
    ...CIVIL_STATUS,
    CoQuanThucHien: 'Sở Tư pháp thành phố Hà Nội',
  },
  {
    MaTTHC: '1.000122',
    TenTTHC:
      'Thủ tục cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
    MaLinhVuc: 'G09-TP07',
    TenLinhVuc: 'Lý lịch tư pháp',
    CoQuanThucHien: 'Sở Tư pháp thành phố Hà Nội',
  },
  {
    MaTTHC: '2.000815',
    TenTTHC:
      'Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp',
    MaLinhVuc: 'G09-TP05',
    TenLinhVuc: 'Chứng thực',
    CoQuanThucHien: COMMUNE,
  },
  {
    MaTTHC: '1.001612',
    TenTTHC: 'Đăng ký thành lập doanh nghiệp tư nhân',
    MaLinhVuc: 'G15-KH01',
    TenLinhVuc: 'Thành lập và hoạt động doanh nghiệp',
    CoQuanThucHien: 'Sở Tài chính thành phố Hà Nội',
  },
  {
    MaTTHC: '1.001757',
    TenTTHC: 'Đăng ký thành lập hộ kinh doanh',
    MaLinhVuc: 'G15-KH02',
    TenLinhVuc: 'Thành lập và hoạt động hộ kinh doanh',
    CoQuanThucHien: COMMUNE,
  },
  {
    MaTTHC: '1.004415',
    TenTTHC: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
    MaLinhVuc: 'G13-XD04',
    TenLinhVuc: 'Hoạt động xây dựng',
    CoQuanThucHien: COMMUNE,
  },
  {
    MaTTHC: '2.002154',
    TenTTHC: 'Cấp giấy phép môi trường',
    MaLinhVuc: 'G20-MT01',
    TenLinhVuc: 'Môi trường',
    CoQuanThucHien: 'Sở Nông nghiệp và Môi trường thành phố Hà Nội',
  },
];

export const AGENCIES: readonly Agency[] = [
  { MaCoQuan: '000.00.01.H26', TenCoQuan: 'Sở Tư pháp thành phố Hà Nội' },
  { MaCoQuan: '000.00.02.H26', TenCoQuan: 'Sở Tài chính thành phố Hà Nội' },
  { MaCoQuan: '000.00.03.H26', TenCoQuan: 'Sở Nông nghiệp và Môi trường thành phố Hà Nội' },
  { MaCoQuan: '000.00.04.H26', TenCoQuan: 'Sở Xây dựng thành phố Hà Nội' },
  { MaCoQuan: '000.00.05.H26', TenCoQuan: 'Văn phòng Ủy ban nhân dân thành phố Hà Nội' },
];

const PROCEDURES_BY_CODE = new Map(PROCEDURES.map((p) => [p.MaTTHC, p]));

export function findProcedure(code: string): Procedure | undefined {
  return PROCEDURES_BY_CODE.get(code);
}

export function isKnownProcedure(code: string): boolean {
  return PROCEDURES_BY_CODE.has(code);
}
