import type { Prng } from './prng';

/** Hanoi's province code in the national administrative catalogue. */
export const HANOI_PROVINCE_CODE = '01';
export const HANOI_PROVINCE_NAME = 'Thành phố Hà Nội';

export interface Ward {
  code: string;
  name: string;
}

/**
 * Wards of Hanoi after the 2025 reorganisation (no district level any more). Names are real;
 * the 5-digit codes follow the catalogue's form but are not an authoritative copy of it.
 */
export const HANOI_WARDS: readonly Ward[] = [
  { code: '00004', name: 'Phường Ba Đình' },
  { code: '00008', name: 'Phường Ngọc Hà' },
  { code: '00025', name: 'Phường Giảng Võ' },
  { code: '00070', name: 'Phường Hoàn Kiếm' },
  { code: '00082', name: 'Phường Cửa Nam' },
  { code: '00091', name: 'Phường Phú Thượng' },
  { code: '00103', name: 'Phường Hồng Hà' },
  { code: '00106', name: 'Phường Tây Hồ' },
  { code: '00127', name: 'Phường Bồ Đề' },
  { code: '00136', name: 'Phường Việt Hưng' },
  { code: '00145', name: 'Phường Phúc Lợi' },
  { code: '00160', name: 'Phường Long Biên' },
  { code: '00167', name: 'Phường Nghĩa Đô' },
  { code: '00175', name: 'Phường Cầu Giấy' },
  { code: '00190', name: 'Phường Yên Hòa' },
  { code: '00200', name: 'Phường Ô Chợ Dừa' },
  { code: '00208', name: 'Phường Văn Miếu - Quốc Tử Giám' },
  { code: '00217', name: 'Phường Láng' },
  { code: '00226', name: 'Phường Kim Liên' },
  { code: '00229', name: 'Phường Đống Đa' },
  { code: '00256', name: 'Phường Hai Bà Trưng' },
  { code: '00283', name: 'Phường Vĩnh Tuy' },
  { code: '00292', name: 'Phường Bạch Mai' },
  { code: '00301', name: 'Phường Vĩnh Hưng' },
  { code: '00316', name: 'Phường Định Công' },
  { code: '00328', name: 'Phường Tương Mai' },
  { code: '00331', name: 'Phường Lĩnh Nam' },
  { code: '00337', name: 'Phường Hoàng Mai' },
  { code: '00340', name: 'Phường Hoàng Liệt' },
  { code: '00364', name: 'Phường Yên Sở' },
  { code: '00367', name: 'Phường Phương Liệt' },
  { code: '00373', name: 'Phường Khương Đình' },
  { code: '00376', name: 'Phường Thanh Xuân' },
  { code: '00598', name: 'Phường Đông Ngạc' },
  { code: '00602', name: 'Phường Thượng Cát' },
  { code: '00611', name: 'Phường Xuân Đỉnh' },
  { code: '00619', name: 'Phường Từ Liêm' },
  { code: '00622', name: 'Phường Tây Tựu' },
  { code: '00634', name: 'Phường Xuân Phương' },
  { code: '00637', name: 'Phường Tây Mỗ' },
  { code: '00643', name: 'Phường Đại Mỗ' },
  { code: '09556', name: 'Phường Hà Đông' },
  { code: '09562', name: 'Phường Dương Nội' },
  { code: '09577', name: 'Phường Yên Nghĩa' },
  { code: '09886', name: 'Phường Kiến Hưng' },
  { code: '10015', name: 'Xã Sóc Sơn' },
  { code: '08980', name: 'Xã Đông Anh' },
  { code: '09022', name: 'Xã Gia Lâm' },
  { code: '10243', name: 'Xã Thanh Trì' },
  { code: '10375', name: 'Phường Sơn Tây' },
];

const STREETS: readonly string[] = [
  'phố Hàng Bài',
  'phố Tràng Tiền',
  'phố Huế',
  'phố Bà Triệu',
  'phố Lò Đúc',
  'phố Kim Mã',
  'đường Láng',
  'phố Láng Hạ',
  'đường Giải Phóng',
  'phố Xã Đàn',
  'phố Tôn Đức Thắng',
  'đường Nguyễn Trãi',
  'phố Chùa Bộc',
  'phố Thái Hà',
  'đường Cầu Giấy',
  'phố Trần Duy Hưng',
  'đường Phạm Văn Đồng',
  'phố Hoàng Quốc Việt',
  'đường Lạc Long Quân',
  'phố Thụy Khuê',
  'đường Nguyễn Văn Cừ',
  'phố Ngọc Lâm',
  'đường Tam Trinh',
  'phố Minh Khai',
  'đường Lê Văn Lương',
  'phố Quang Trung',
  'đường Tố Hữu',
  'phố Trần Phú',
  'đường Hồ Tùng Mậu',
  'phố Đội Cấn',
];

export interface SyntheticAddress {
  provinceCode: string;
  provinceName: string;
  ward: Ward;
  houseNumber: string;
  /** House number, lane and street, without ward and province. */
  street: string;
  /** Street address, ward and province, as written on documents. */
  full: string;
}

/** A Hanoi street address: "Số 12, ngõ 34, phố Thái Hà, Phường Đống Đa, Thành phố Hà Nội". */
export function hanoiAddress(prng: Prng): SyntheticAddress {
  const ward = prng.pick(HANOI_WARDS);
  const houseNumber = String(prng.int(1, 199));
  const lane = prng.chance(0.5) ? `, ngõ ${prng.int(2, 250)}` : '';
  const street = `Số ${houseNumber}${lane}, ${prng.pick(STREETS)}`;
  return {
    provinceCode: HANOI_PROVINCE_CODE,
    provinceName: HANOI_PROVINCE_NAME,
    ward,
    houseNumber,
    street,
    full: `${street}, ${ward.name}, ${HANOI_PROVINCE_NAME}`,
  };
}

/** Other provinces a Hanoi resident comes from (hometown), with a few wards each. */
export const OTHER_PROVINCES: readonly { code: string; name: string; wards: readonly Ward[] }[] = [
  {
    code: '31',
    name: 'Thành phố Hải Phòng',
    wards: [
      { code: '11311', name: 'Phường Hồng Bàng' },
      { code: '11335', name: 'Phường Lê Chân' },
    ],
  },
  {
    code: '37',
    name: 'Tỉnh Ninh Bình',
    wards: [
      { code: '14359', name: 'Phường Hoa Lư' },
      { code: '13675', name: 'Phường Nam Định' },
    ],
  },
  {
    code: '38',
    name: 'Tỉnh Thanh Hóa',
    wards: [
      { code: '14797', name: 'Phường Hạc Thành' },
      { code: '15481', name: 'Xã Hậu Lộc' },
    ],
  },
  {
    code: '40',
    name: 'Tỉnh Nghệ An',
    wards: [
      { code: '16681', name: 'Phường Trường Vinh' },
      { code: '17932', name: 'Xã Nam Đàn' },
    ],
  },
  {
    code: '33',
    name: 'Tỉnh Hưng Yên',
    wards: [
      { code: '12103', name: 'Phường Phố Hiến' },
      { code: '12817', name: 'Phường Thái Bình' },
    ],
  },
];
