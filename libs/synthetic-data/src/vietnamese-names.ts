import type { Prng } from './prng';

export type SyntheticGender = 'male' | 'female';

export interface PersonName {
  familyName: string;
  middleName: string;
  givenName: string;
  fullName: string;
}

/** Weighted roughly as in the population: Nguyễn alone is ~38% of Vietnamese. */
const FAMILY_NAMES: readonly string[] = [
  ...Array<string>(12).fill('Nguyễn'),
  ...Array<string>(4).fill('Trần'),
  ...Array<string>(3).fill('Lê'),
  ...Array<string>(2).fill('Phạm'),
  ...Array<string>(2).fill('Hoàng'),
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Phan',
  'Trịnh',
  'Đinh',
  'Lương',
  'Tạ',
  'Đào',
  'Cao',
];

const MIDDLE_NAMES: Readonly<Record<SyntheticGender, readonly string[]>> = {
  male: ['Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thành', 'Xuân', 'Tiến', 'Mạnh', 'Công'],
  female: ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Hồng', 'Phương', 'Minh', 'Thùy', 'Bảo'],
};

const GIVEN_NAMES: Readonly<Record<SyntheticGender, readonly string[]>> = {
  male: [
    'An',
    'Anh',
    'Bình',
    'Cường',
    'Dũng',
    'Đạt',
    'Đức',
    'Giang',
    'Hải',
    'Hiếu',
    'Hoàng',
    'Hùng',
    'Huy',
    'Khánh',
    'Khoa',
    'Kiên',
    'Long',
    'Minh',
    'Nam',
    'Nghĩa',
    'Phong',
    'Phúc',
    'Quân',
    'Quang',
    'Sơn',
    'Thắng',
    'Thành',
    'Trung',
    'Tuấn',
    'Tùng',
    'Việt',
    'Vinh',
  ],
  female: [
    'An',
    'Anh',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hằng',
    'Hiền',
    'Hoa',
    'Hương',
    'Huyền',
    'Lan',
    'Linh',
    'Loan',
    'Mai',
    'My',
    'Nga',
    'Ngân',
    'Nhung',
    'Oanh',
    'Phương',
    'Quỳnh',
    'Thảo',
    'Thu',
    'Thủy',
    'Trang',
    'Uyên',
    'Vân',
    'Yến',
  ],
};

export function personName(prng: Prng, gender: SyntheticGender, familyName?: string): PersonName {
  const family = familyName ?? prng.pick(FAMILY_NAMES);
  const middle = prng.pick(MIDDLE_NAMES[gender]);
  const given = prng.pick(GIVEN_NAMES[gender]);
  return {
    familyName: family,
    middleName: middle,
    givenName: given,
    fullName: `${family} ${middle} ${given}`,
  };
}

/**
 * The form the population database compares names in (`HoVaTen` of a lookup): upper case,
 * without diacritics or spaces — "Nguyễn Văn Đạt" → "NGUYENVANDAT".
 */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
}
