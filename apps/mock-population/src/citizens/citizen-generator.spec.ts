import { HANOI_WARDS } from '@hub/synthetic-data';
import { existingPersonalId, missingPersonalId, yearOnlyPersonalId } from '@hub/testing';
import { congDanSchema } from './congdan.wire';
import { citizenExists, generateCitizen, idFacts } from './citizen-generator';

describe('generateCitizen', () => {
  it('answers the same record for the same ID, every time', () => {
    const id = existingPersonalId(7);
    expect(generateCitizen(id)).toEqual(generateCitizen(id));
    expect(generateCitizen(id)).not.toEqual(generateCitizen(existingPersonalId(8)));
  });

  it('holds no citizen for IDs ending in 9', () => {
    for (let n = 0; n < 50; n++) {
      const id = missingPersonalId(n);
      expect(citizenExists(id)).toBe(false);
      expect(generateCitizen(id)).toBeUndefined();
    }
  });

  it('holds no citizen for a century digit above 3 or a birth year after 2025', () => {
    expect(generateCitizen('001485000011')).toBeUndefined();
    expect(generateCitizen('001230000011')).toBeUndefined(); // born 2030
    expect(generateCitizen('00108500001')).toBeUndefined();
  });

  it('takes gender and birth year from the ID, as chip ID cards do', () => {
    const man = generateCitizen(existingPersonalId(1, { gender: 'male', birthYear: 1972 }));
    const woman = generateCitizen(existingPersonalId(1, { gender: 'female', birthYear: 2004 }));
    expect(man?.GioiTinh).toBe('1');
    expect(man?.NgayThangNamSinh.Nam).toBe('1972');
    expect(man?.NgayThangNamSinh.NgayThangNam).toMatch(/^1972\d{4}$/);
    expect(woman?.GioiTinh).toBe('2');
    expect(woman?.NgayThangNamSinh.Nam).toBe('2004');
    expect(idFacts('001304000011')).toEqual({
      provincePrefix: '001',
      gender: 'female',
      birthYear: 2004,
    });
  });

  it('knows only the birth year for IDs ending in 8', () => {
    const citizen = generateCitizen(yearOnlyPersonalId(3, { birthYear: 1990 }));
    expect(citizen?.NgayThangNamSinh).toEqual({ Nam: '1990', NgayThangNam: '' });
  });

  it('produces records that satisfy the wire schema, with Hanoi residence', () => {
    const wards = new Set(HANOI_WARDS.map((w) => w.code));
    for (let n = 0; n < 200; n++) {
      const citizen = generateCitizen(existingPersonalId(n, { birthYear: 1950 + (n % 70) }));
      expect(citizen).toBeDefined();
      if (citizen === undefined) continue;
      expect(congDanSchema.safeParse(citizen).success).toBe(true);
      expect(citizen.ThuongTru.MaTinhThanh).toBe('01');
      expect(wards.has(citizen.ThuongTru.MaPhuongXa)).toBe(true);
      expect(citizen.HoVaTen.Ho.length).toBeGreaterThan(0);
      expect(citizen.Cha.startsWith(citizen.HoVaTen.Ho)).toBe(true);
      if (citizen.TinhTrangHonNhan !== '2') expect(citizen.VoChong).toBe('');
    }
  });

  it('gives minors no spouse and their father as household head', () => {
    const child = generateCitizen(existingPersonalId(5, { birthYear: 2015 }));
    expect(child?.TinhTrangHonNhan).toBe('1');
    expect(child?.VoChong).toBe('');
    expect(child?.ChuHo).toBe(child?.Cha);
    expect(child?.SoCMND).toBe('');
  });
});
