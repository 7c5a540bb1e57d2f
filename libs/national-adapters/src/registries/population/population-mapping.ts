import type {
  CitizenGender,
  CitizenMaritalStatus,
  CitizenRecord,
  HubAddress,
} from '../registry-types';
import type { CongDanWire, DiaChiWire } from './population-wire';

/*
 * CongDan → CitizenRecord, once, at the edge. Coded fields become hub values; codes the hub does
 * not know are kept as they came (never dropped, never guessed).
 */

const GENDERS: Readonly<Record<string, CitizenGender>> = { '1': 'male', '2': 'female' };
const MARITAL: Readonly<Record<string, CitizenMaritalStatus>> = {
  '1': 'single',
  '2': 'married',
  '3': 'divorced_or_widowed',
};
const BLOOD_TYPES: Readonly<Record<string, string>> = {
  '00': 'unknown',
  '01': 'A',
  '02': 'B',
  '03': 'AB',
  '04': 'O',
};
/** The national ethnic-group catalogue (54 groups); the most frequent ones, by code. */
const ETHNICITIES: Readonly<Record<string, string>> = {
  '01': 'Kinh',
  '02': 'Tày',
  '03': 'Thái',
  '04': 'Hoa',
  '05': 'Khơ-me',
  '06': 'Mường',
  '07': 'Nùng',
  '08': 'Hmông',
  '09': 'Dao',
};
const RELIGIONS: Readonly<Record<string, string>> = {
  '00': 'Không',
  '01': 'Phật giáo',
  '02': 'Công giáo',
  '03': 'Tin lành',
  '04': 'Cao đài',
  '05': 'Phật giáo Hòa Hảo',
  '06': 'Hồi giáo',
};

/** The record, or a reason the answer cannot be read (an unreadable answer is transient). */
export function toCitizenRecord(wire: unknown): CitizenRecord | { unreadable: string } {
  if (typeof wire !== 'object' || wire === null) return { unreadable: 'CongDan is missing' };
  const c = wire as Partial<CongDanWire>;
  if (typeof c.SoDinhDanh !== 'string' || !/^\d{12}$/.test(c.SoDinhDanh)) {
    return { unreadable: 'CongDan.SoDinhDanh is not 12 digits' };
  }
  const name = c.HoVaTen ?? {};
  const familyName = text(name.Ho);
  const middleName = text(name.ChuDem);
  const givenName = text(name.Ten);
  if (familyName === '' || givenName === '') return { unreadable: 'CongDan.HoVaTen is incomplete' };
  const birthDate = birthDateOf(c.NgayThangNamSinh);
  if (birthDate === undefined) return { unreadable: 'CongDan.NgayThangNamSinh is not a date' };
  const record: CitizenRecord = {
    personalId: c.SoDinhDanh,
    fullName: [familyName, middleName, givenName].filter((part) => part !== '').join(' '),
    familyName,
    middleName,
    givenName,
    birthDate,
    gender: GENDERS[text(c.GioiTinh)] ?? 'unknown',
    ethnicity: decode(ETHNICITIES, c.DanToc),
    religion: decode(RELIGIONS, c.TonGiao),
    nationality: text(c.QuocTich) || 'VN',
    maritalStatus: MARITAL[text(c.TinhTrangHonNhan)] ?? 'unknown',
    bloodType: BLOOD_TYPES[text(c.NhomMau)] ?? 'unknown',
    birthRegistrationPlace: addressOf(c.NoiDangKyKhaiSinh),
    hometown: addressOf(c.QueQuan),
    permanentAddress: addressOf(c.ThuongTru),
    currentAddress: addressOf(c.NoiOHienTai),
  };
  const optional: [keyof CitizenRecord, string][] = [
    ['oldIdNumber', text(c.SoCMND)],
    ['father', text(c.Cha)],
    ['mother', text(c.Me)],
    ['spouse', text(c.VoChong)],
    ['householdHead', text(c.ChuHo)],
  ];
  for (const [field, value] of optional) {
    if (value !== '') Object.assign(record, { [field]: value });
  }
  return record;
}

/** `NgayThangNam` yyyyMMdd → YYYY-MM-DD; only `Nam` → YYYY. */
function birthDateOf(wire: CongDanWire['NgayThangNamSinh'] | undefined): string | undefined {
  const full = text(wire?.NgayThangNam);
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(full);
  if (match) {
    const [, y, m, d] = match;
    const iso = `${y}-${m}-${d}`;
    const parsed = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso
      ? undefined
      : iso;
  }
  if (full !== '') return undefined;
  const year = text(wire?.Nam);
  return /^\d{4}$/.test(year) ? year : undefined;
}

function addressOf(wire: DiaChiWire | undefined): HubAddress {
  return {
    provinceCode: text(wire?.MaTinhThanh),
    wardCode: text(wire?.MaPhuongXa),
    detail: text(wire?.ChiTiet),
    country: text(wire?.QuocGia) || 'VN',
  };
}

function decode(table: Readonly<Record<string, string>>, code: string | undefined): string {
  const value = text(code);
  return table[value] ?? value;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
