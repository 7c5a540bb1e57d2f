import type { CitizenRecord, EnterpriseRecord, HubAddress } from '@hub/national-adapters';
import { ageSeconds, isFresh, retryDelayMs } from './freshness';
import {
  compareDeclared,
  flagsOf,
  normaliseText,
  sameDate,
  verifiedFieldsOf,
} from './verified-fields';

const address = (detail: string): HubAddress => ({
  provinceCode: '01',
  wardCode: '00070',
  detail,
  country: 'VN',
});

function citizen(overrides: Partial<CitizenRecord> = {}): CitizenRecord {
  return {
    personalId: '001203004567',
    fullName: 'Nguyễn Văn An',
    familyName: 'Nguyễn',
    middleName: 'Văn',
    givenName: 'An',
    birthDate: '1990-05-17',
    gender: 'male',
    ethnicity: 'Kinh',
    religion: 'Không',
    nationality: 'Việt Nam',
    maritalStatus: 'single',
    bloodType: 'O',
    birthRegistrationPlace: address('Hoàn Kiếm'),
    hometown: address('Hoàn Kiếm'),
    permanentAddress: address('Số 12 phố Hàng Bài'),
    currentAddress: address('Số 3 ngõ 5 Láng Hạ'),
    ...overrides,
  };
}

function enterprise(overrides: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  return {
    enterpriseCode: '0101234567',
    internalCode: '123',
    certificateNumber: '0101234567',
    typeCode: 'TNHH2',
    typeName: 'Công ty TNHH hai thành viên trở lên',
    nameVi: 'Công ty TNHH Sông Hồng',
    firstRegisteredOn: '2015-01-02',
    changeCount: 0,
    legalStatus: { code: '1', name: 'Đang hoạt động' },
    active: true,
    representatives: [{ fullName: 'Trần Thị Bình', idNumber: '001190000001' }],
    headOffice: {
      provinceCode: '01',
      provinceName: 'Hà Nội',
      wardCode: '00070',
      wardName: 'Hoàn Kiếm',
      address: 'Số 1 Tràng Tiền',
    },
    businessLines: [{ code: '6201', name: 'Lập trình máy vi tính', main: true }],
    ...overrides,
  };
}

describe('compareDeclared', () => {
  it('matches names regardless of tone marks, case and spacing, and addresses by their detail', () => {
    const result = compareDeclared(
      {
        fullName: 'nguyen van  AN',
        dateOfBirth: '1990-05-17',
        address: 'Số 12 phố Hàng Bài, phường Hoàn Kiếm, Hà Nội',
      },
      { kind: 'citizen', record: citizen() },
    );
    expect(result).toEqual({
      declared: ['fullName', 'dateOfBirth', 'address'],
      matched: ['fullName', 'dateOfBirth', 'address'],
      mismatched: [],
      unverifiable: [],
    });
  });

  it('records each differing field as a mismatch', () => {
    const result = compareDeclared(
      { fullName: 'Nguyễn Văn Ân Khác', dateOfBirth: '1991-05-17', address: 'Số 99 phố Huế' },
      { kind: 'citizen', record: citizen() },
    );
    expect(result.mismatched).toEqual(['fullName', 'dateOfBirth', 'address']);
    expect(result.matched).toEqual([]);
  });

  it('compares only the year when the registry knows only the year, and skips undeclared fields', () => {
    expect(sameDate('1990-05-17', '1990')).toBe(true);
    expect(sameDate('1991-05-17', '1990')).toBe(false);
    const result = compareDeclared(
      { fullName: 'Nguyễn Văn An' },
      { kind: 'citizen', record: citizen({ birthDate: '1990' }) },
    );
    expect(result.declared).toEqual(['fullName']);
  });

  it('compares an enterprise by any of its names and its head office; date of birth is unverifiable', () => {
    const result = compareDeclared(
      {
        fullName: 'CÔNG TY TNHH SÔNG HỒNG',
        address: 'Số 1 Tràng Tiền, Hoàn Kiếm',
        dateOfBirth: '2000-01-01',
      },
      { kind: 'enterprise', record: enterprise() },
    );
    expect(result.matched).toEqual(['fullName', 'address']);
    expect(result.unverifiable).toEqual(['dateOfBirth']);
  });

  it('normalises đ and diacritics', () => {
    expect(normaliseText('Đặng  Thị-Đào')).toBe('dang thi dao');
  });
});

describe('verified fields and flags', () => {
  it('never returns a third person’s ID number', () => {
    const fields = verifiedFieldsOf({ kind: 'enterprise', record: enterprise() });
    expect(JSON.stringify(fields)).not.toContain('001190000001');
    expect(fields.map((f) => f.name)).toContain('representative');
  });

  it('flags a dissolved or suspended enterprise', () => {
    expect(flagsOf({ kind: 'enterprise', record: enterprise({ active: false }) })).toEqual([
      'enterprise-inactive',
    ]);
    expect(flagsOf({ kind: 'enterprise', record: enterprise() })).toEqual([]);
    expect(flagsOf({ kind: 'citizen', record: citizen() })).toEqual([]);
  });
});

describe('freshness', () => {
  const t0 = new Date('2026-03-12T00:00:00Z');
  it('is fresh strictly inside the window', () => {
    expect(isFresh(t0, new Date(t0.getTime() + 999), 1000)).toBe(true);
    expect(isFresh(t0, new Date(t0.getTime() + 1000), 1000)).toBe(false);
    expect(ageSeconds(t0, new Date(t0.getTime() + 61_500))).toBe(61);
  });

  it('backs off exponentially up to the cap', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(retryDelayMs(30, 1000, 60_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(800);
  });
});
