import { type Prng, hanoiAddress, personName, prngFrom } from '@hub/synthetic-data';
import type { EntCert } from './getentcert.wire';

/*
 * Every enterprise is computed from its code alone, so all processes agree without storage.
 * Codes are 10 digits (13 with a dependent unit's suffix, `0101234567-001`). The rule, on the
 * 10-digit base code (documented in the README; tests pick codes with `enterpriseCode` from `@hub/testing`):
 * - last digit 9 → no such enterprise (nor any of its units);
 * - last digit 8 → dissolved ("04" Đã giải thể);
 * - last digit 7 → suspended ("02" Tạm ngừng kinh doanh);
 * - last digit 6 → being dissolved ("03" Đang làm thủ tục giải thể);
 * - 0–5 → operating ("01" Đang hoạt động).
 * A unit `-001` … `-005` exists when its parent does and shares its status; `-000` and `-006`
 * upwards do not exist.
 */

export const LEGAL_STATUSES = {
  active: { code: '01', name: 'Đang hoạt động' },
  suspended: { code: '02', name: 'Tạm ngừng kinh doanh' },
  dissolving: { code: '03', name: 'Đang làm thủ tục giải thể' },
  dissolved: { code: '04', name: 'Đã giải thể' },
} as const;
export type LegalStatusKey = keyof typeof LEGAL_STATUSES;

export const MAX_UNIT_SUFFIX = 5;

const TYPES = [
  {
    code: '01',
    name: 'Công ty trách nhiệm hữu hạn một thành viên',
    prefix: 'CÔNG TY TNHH',
    en: 'COMPANY LIMITED',
    short: 'CO., LTD',
  },
  {
    code: '02',
    name: 'Công ty trách nhiệm hữu hạn hai thành viên trở lên',
    prefix: 'CÔNG TY TNHH',
    en: 'COMPANY LIMITED',
    short: 'CO., LTD',
  },
  {
    code: '03',
    name: 'Công ty cổ phần',
    prefix: 'CÔNG TY CỔ PHẦN',
    en: 'JOINT STOCK COMPANY',
    short: 'JSC',
  },
  {
    code: '04',
    name: 'Doanh nghiệp tư nhân',
    prefix: 'DOANH NGHIỆP TƯ NHÂN',
    en: 'PRIVATE ENTERPRISE',
    short: 'PE',
  },
] as const;
const UNIT_TYPE = { code: '10', name: 'Chi nhánh' };

/** VSIC 2018 level-4 codes with their official names. */
const LINES = [
  { code: '4100', name: 'Xây dựng nhà các loại', en: 'CONSTRUCTION' },
  { code: '4659', name: 'Bán buôn máy móc, thiết bị và phụ tùng máy khác', en: 'EQUIPMENT' },
  {
    code: '4711',
    name: 'Bán lẻ lương thực, thực phẩm, đồ uống, thuốc lá, thuốc lào chiếm tỷ trọng lớn trong các cửa hàng kinh doanh tổng hợp',
    en: 'TRADING',
  },
  { code: '4933', name: 'Vận tải hàng hóa bằng đường bộ', en: 'LOGISTICS' },
  { code: '5610', name: 'Nhà hàng và các dịch vụ ăn uống phục vụ lưu động', en: 'FOOD SERVICES' },
  { code: '6201', name: 'Lập trình máy vi tính', en: 'TECHNOLOGY' },
  {
    code: '6202',
    name: 'Tư vấn máy vi tính và quản trị hệ thống máy vi tính',
    en: 'IT CONSULTING',
  },
  { code: '7020', name: 'Hoạt động tư vấn quản lý', en: 'CONSULTING' },
  { code: '7110', name: 'Hoạt động kiến trúc và tư vấn kỹ thuật có liên quan', en: 'ARCHITECTURE' },
  { code: '8559', name: 'Giáo dục khác chưa được phân vào đâu', en: 'EDUCATION' },
  { code: '1071', name: 'Sản xuất các loại bánh từ bột', en: 'BAKERY' },
  {
    code: '4771',
    name: 'Bán lẻ hàng may mặc, giày dép, hàng da và giả da trong các cửa hàng chuyên doanh',
    en: 'FASHION',
  },
] as const;
const LINE_WORDS: Readonly<Record<string, string>> = {
  '4100': 'XÂY DỰNG',
  '4659': 'THIẾT BỊ CÔNG NGHIỆP',
  '4711': 'THƯƠNG MẠI VÀ DỊCH VỤ',
  '4933': 'VẬN TẢI VÀ LOGISTICS',
  '5610': 'DỊCH VỤ ẨM THỰC',
  '6201': 'CÔNG NGHỆ PHẦN MỀM',
  '6202': 'GIẢI PHÁP CÔNG NGHỆ',
  '7020': 'TƯ VẤN QUẢN LÝ',
  '7110': 'KIẾN TRÚC VÀ TƯ VẤN KỸ THUẬT',
  '8559': 'GIÁO DỤC VÀ ĐÀO TẠO',
  '1071': 'THỰC PHẨM',
  '4771': 'THỜI TRANG',
};
const BRANDS = [
  { vi: 'HÀ THÀNH', en: 'HA THANH' },
  { vi: 'THĂNG LONG', en: 'THANG LONG' },
  { vi: 'AN PHÁT', en: 'AN PHAT' },
  { vi: 'MINH KHANG', en: 'MINH KHANG' },
  { vi: 'HỒNG HÀ', en: 'HONG HA' },
  { vi: 'ĐÔNG Á', en: 'DONG A' },
  { vi: 'PHÚC LỘC', en: 'PHUC LOC' },
  { vi: 'TÂN VIỆT', en: 'TAN VIET' },
  { vi: 'HOÀNG GIA', en: 'HOANG GIA' },
  { vi: 'SAO MAI', en: 'SAO MAI' },
  { vi: 'BẢO NGỌC', en: 'BAO NGOC' },
  { vi: 'TRƯỜNG AN', en: 'TRUONG AN' },
] as const;
const ROLES = ['Giám đốc', 'Tổng giám đốc', 'Chủ tịch Hội đồng thành viên', 'Chủ doanh nghiệp'];

const CODE = /^(\d{10})(?:-(\d{3}))?$/;

export function isEnterpriseCode(code: string): boolean {
  return CODE.test(code);
}

/** The legal status a code gets by the rule above, or undefined when it does not exist. */
export function legalStatusOf(enterpriseCode: string): LegalStatusKey | undefined {
  const match = CODE.exec(enterpriseCode);
  if (!match) return undefined;
  const base = match[1];
  const suffix = match[2];
  if (base.endsWith('9')) return undefined;
  if (suffix !== undefined && (Number(suffix) < 1 || Number(suffix) > MAX_UNIT_SUFFIX)) {
    return undefined;
  }
  switch (base[9]) {
    case '8':
      return 'dissolved';
    case '7':
      return 'suspended';
    case '6':
      return 'dissolving';
    default:
      return 'active';
  }
}

/** The registry's record for `enterpriseCode`, or undefined when there is none. */
export function generateEnterprise(enterpriseCode: string): EntCert | undefined {
  const statusKey = legalStatusOf(enterpriseCode);
  if (statusKey === undefined) return undefined;
  const [base, suffix] = enterpriseCode.split('-') as [string, string | undefined];
  // The parent's facts come from the base code, so a unit carries its parent's name and type.
  const prng = prngFrom(`enterprise:${base}`);
  const type = prng.pick(TYPES);
  const brand = prng.pick(BRANDS);
  const main = prng.pick(LINES);
  const others = [prng.pick(LINES), prng.pick(LINES)].filter((l) => l.code !== main.code);
  const lines = [
    main,
    ...others.filter((l, i) => others.findIndex((o) => o.code === l.code) === i),
  ];
  const firstYear = prng.int(2005, 2023);
  const first = date(prng, firstYear);
  const changes = prng.int(0, 8);
  const lastChanged = changes === 0 ? '' : date(prng, prng.int(firstYear + 1, 2025));
  const parentName = `${type.prefix} ${LINE_WORDS[main.code] ?? ''} ${brand.vi}`.replace(
    /\s+/g,
    ' ',
  );
  const parentForeign = `${brand.en} ${main.en} ${type.en}`;
  const representative = representativeOf(prng);
  const unitPrng = suffix === undefined ? prng : prngFrom(`enterprise:${enterpriseCode}`);
  const office = hanoiAddress(unitPrng);
  const status = LEGAL_STATUSES[statusKey];
  const statusSince =
    statusKey === 'active' ? first : date(prng, prng.int(Math.max(firstYear + 1, 2020), 2025));
  const isUnit = suffix !== undefined;
  return {
    MaSoDoanhNghiep: enterpriseCode,
    MaNoiBo: String(prng.int(100_000, 9_999_999)),
    SoGCNDKKD: enterpriseCode,
    MaLoaiHinhDN: isUnit ? UNIT_TYPE.code : type.code,
    LoaiHinhDN: isUnit ? UNIT_TYPE.name : type.name,
    TenTiengViet: isUnit ? `CHI NHÁNH SỐ ${Number(suffix)} - ${parentName}` : parentName,
    TenNuocNgoai: isUnit ? `BRANCH NO. ${Number(suffix)} - ${parentForeign}` : parentForeign,
    TenVietTat: isUnit ? '' : `${brand.en} ${type.short}`,
    NgayDangKyLanDau: first,
    NgayDangKyThayDoi: lastChanged,
    SoLanDangKyThayDoi: String(changes),
    TinhTrangPhapLy: [
      { TinhTrangPhapLy: status.name, MaTinhTrangPhapLy: status.code, NgayHieuLuc: statusSince },
    ],
    DaiDienPhapLuat: [{ ThongTinCaNhan: [representative] }],
    DiaChiTruSo: [
      {
        DiaChi: [
          {
            MaTinhThanh: office.provinceCode,
            TenTinhThanh: office.provinceName,
            MaPhuongXa: office.ward.code,
            TenPhuongXa: office.ward.name,
            DiaChi: office.full,
            SoNha: office.houseNumber,
          },
        ],
      },
    ],
    NganhNgheKinhDoanh: lines.map((line) => ({
      MaNganh: line.code,
      TenNganh: line.name,
      LaNganhChinh: line.code === main.code ? '1' : '0',
    })),
  };
}

function representativeOf(
  prng: Prng,
): EntCert['DaiDienPhapLuat'][number]['ThongTinCaNhan'][number] {
  const gender = prng.chance(0.7) ? 'male' : 'female';
  const name = personName(prng, gender);
  const century = gender === 'male' ? '0' : '1';
  // A chip-card ID of a Hanoi-born person of the 1960s–90s; its last digit avoids 9, so the
  // population mock knows the representative too.
  const id = `001${century}${prng.int(60, 99)}${prng.digits(5)}${prng.int(0, 8)}`;
  return {
    HoVaTen: name.fullName,
    SoGiayChungThuc: id,
    LoaiGiayChungThuc: 'Thẻ căn cước',
    ChucDanh: prng.pick(ROLES),
  };
}

function date(prng: Prng, year: number): string {
  const month = String(prng.int(1, 12)).padStart(2, '0');
  const day = String(prng.int(1, 28)).padStart(2, '0');
  return `${day}/${month}/${year}`;
}
