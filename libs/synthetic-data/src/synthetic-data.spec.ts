import {
  HANOI_WARDS,
  foldName,
  hanoiAddress,
  personName,
  prngFrom,
  seedOf,
} from '@hub/synthetic-data';

describe('prngFrom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const a = prngFrom('citizen:001085000001');
    const b = prngFrom('citizen:001085000001');
    const c = prngFrom('citizen:001085000011');
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps int, digits and pick within their bounds', () => {
    const prng = prngFrom(42);
    for (let i = 0; i < 2_000; i++) {
      const n = prng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      expect(Number.isInteger(n)).toBe(true);
    }
    expect(prng.digits(9)).toMatch(/^\d{9}$/);
    expect(['a', 'b']).toContain(prng.pick(['a', 'b']));
    expect(() => prng.pick([])).toThrow('empty');
  });

  it('reaches both ends of an int range', () => {
    const prng = prngFrom('range');
    const seen = new Set(Array.from({ length: 500 }, () => prng.int(0, 3)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('hashes strings to unsigned 32-bit seeds', () => {
    expect(seedOf('')).toBe(0x811c9dc5);
    expect(seedOf('a')).not.toBe(seedOf('b'));
    expect(seedOf('xyz')).toBeGreaterThanOrEqual(0);
  });
});

describe('names and addresses', () => {
  it('builds Vietnamese names with diacritics in family, middle, given order', () => {
    const prng = prngFrom('names');
    const names = Array.from({ length: 200 }, () => personName(prng, 'female'));
    for (const name of names) {
      expect(name.fullName).toBe(`${name.familyName} ${name.middleName} ${name.givenName}`);
    }
    expect(names.some((n) => /[ăâđêôơưáàảãạếềểễệ]/i.test(n.fullName))).toBe(true);
    expect(personName(prng, 'male', 'Trần').familyName).toBe('Trần');
  });

  it('folds names the way the population database compares them', () => {
    expect(foldName('Nguyễn Văn Đạt')).toBe('NGUYENVANDAT');
    expect(foldName('Đặng Thị Thùy Dương')).toBe('DANGTHITHUYDUONG');
  });

  it('places addresses in Hanoi wards (province 01, no district level)', () => {
    const prng = prngFrom('addresses');
    for (let i = 0; i < 100; i++) {
      const address = hanoiAddress(prng);
      expect(address.provinceCode).toBe('01');
      expect(HANOI_WARDS).toContainEqual(address.ward);
      expect(address.full).toContain(address.ward.name);
      expect(address.full).not.toMatch(/Quận|Huyện/);
    }
  });

  it('has unique ward codes of five digits', () => {
    const codes = HANOI_WARDS.map((w) => w.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^\d{5}$/);
  });
});
