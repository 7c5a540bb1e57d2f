import {
  OTHER_PROVINCES,
  type Prng,
  type SyntheticGender,
  hanoiAddress,
  personName,
  prngFrom,
} from '@hub/synthetic-data';
import type { CongDan, DiaChi } from './congdan.wire';

/*
 * Every citizen is computed from the 12-digit ID alone, so all processes agree without storage.
 * The ID's own structure is honoured as on real chip ID cards: digits 1–3 the province of birth
 * registration, digit 4 century and gender (0/1 male/female born 19xx, 2/3 born 20xx), digits
 * 5–6 the year of birth, digits 7–12 a serial number.
 *
 * Which IDs exist (documented in the README; tests pick IDs with `citizenId` from `@hub/testing`):
 * - last digit 9 → no such citizen;
 * - century digit 4–9, or a 20xx birth year after 2025 → no such citizen;
 * - last digit 8 → the database knows only the birth year (NgayThangNam "");
 * - everything else exists, with a date of birth.
 */

export const BIRTH_YEAR_LIMIT = 2025;

const ETHNICITIES: readonly string[] = [
  ...Array<string>(17).fill('01'),
  '02', // Tày
  '03', // Thái
  '04', // Hoa
  '06', // Mường
];
const RELIGIONS: readonly string[] = [...Array<string>(16).fill('00'), '01', '01', '02', '03'];
const BLOOD_GROUPS = ['00', '01', '02', '03', '04'] as const;

export interface IdFacts {
  provincePrefix: string;
  gender: SyntheticGender;
  birthYear: number;
}

/** What the ID itself says, or undefined when no citizen can hold it. */
export function idFacts(personalId: string): IdFacts | undefined {
  if (!/^\d{12}$/.test(personalId)) return undefined;
  const centuryDigit = Number(personalId[3]);
  if (centuryDigit > 3) return undefined;
  const year = (centuryDigit < 2 ? 1900 : 2000) + Number(personalId.slice(4, 6));
  if (year > BIRTH_YEAR_LIMIT) return undefined;
  return {
    provincePrefix: personalId.slice(0, 3),
    gender: centuryDigit % 2 === 0 ? 'male' : 'female',
    birthYear: year,
  };
}

export function citizenExists(personalId: string): boolean {
  return idFacts(personalId) !== undefined && !personalId.endsWith('9');
}

/** The citizen the database holds for `personalId`, or undefined when there is none. */
export function generateCitizen(personalId: string): CongDan | undefined {
  const facts = idFacts(personalId);
  if (facts === undefined || personalId.endsWith('9')) return undefined;
  const prng = prngFrom(`citizen:${personalId}`);
  const name = personName(prng, facts.gender);
  const opposite: SyntheticGender = facts.gender === 'male' ? 'female' : 'male';
  const father = personName(prng, 'male', name.familyName);
  const mother = personName(prng, 'female');
  const age = BIRTH_YEAR_LIMIT - facts.birthYear;
  const marital = age < 20 ? '1' : prng.pick(['1', '2', '2', '2', '3'] as const);
  const spouse = marital === '2' ? personName(prng, opposite).fullName : '';
  const month = prng.int(1, 12);
  const day = prng.int(1, 28);
  const yearOnly = personalId.endsWith('8');
  const permanent = hanoiWire(prng);
  const current = prng.chance(0.8) ? permanent : hanoiWire(prng);
  const birthPlace = provinceWire(prng, facts.provincePrefix);
  const hometown = prng.chance(0.6) ? birthPlace : provinceWire(prng, prng.pick(PREFIXES));
  const householdHead =
    age < 25 ? father.fullName : marital === '2' && prng.chance(0.5) ? spouse : name.fullName;
  return {
    SoDinhDanh: personalId,
    // The 9-digit ID was issued to those old enough before chip cards (2021); younger have none.
    SoCMND: facts.birthYear < 2005 ? prng.digits(9) : '',
    HoVaTen: { Ho: name.familyName, ChuDem: name.middleName, Ten: name.givenName },
    NgayThangNamSinh: {
      Nam: String(facts.birthYear),
      NgayThangNam: yearOnly
        ? ''
        : `${facts.birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`,
    },
    GioiTinh: facts.gender === 'male' ? '1' : '2',
    DanToc: prng.pick(ETHNICITIES),
    TonGiao: prng.pick(RELIGIONS),
    TinhTrangHonNhan: marital,
    NhomMau: prng.pick(BLOOD_GROUPS),
    QuocTich: 'VN',
    NoiDangKyKhaiSinh: birthPlace,
    QueQuan: hometown,
    ThuongTru: permanent,
    NoiOHienTai: current,
    Cha: father.fullName,
    Me: mother.fullName,
    VoChong: spouse,
    ChuHo: householdHead,
  };
}

const PREFIXES: readonly string[] = ['001', ...OTHER_PROVINCES.map((p) => `0${p.code}`)];

function hanoiWire(prng: Prng): DiaChi {
  const address = hanoiAddress(prng);
  return {
    MaTinhThanh: address.provinceCode,
    MaPhuongXa: address.ward.code,
    ChiTiet: address.street,
    QuocGia: 'VN',
  };
}

/** Province of an ID prefix ("001" Hanoi, "031" Hai Phong, ...); unknown prefixes → Hanoi. */
function provinceWire(prng: Prng, prefix: string): DiaChi {
  const province = OTHER_PROVINCES.find((p) => `0${p.code}` === prefix);
  if (province === undefined) return { ...hanoiWire(prng), ChiTiet: '' };
  const ward = prng.pick(province.wards);
  return { MaTinhThanh: province.code, MaPhuongXa: ward.code, ChiTiet: '', QuocGia: 'VN' };
}
