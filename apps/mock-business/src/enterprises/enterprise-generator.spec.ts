import { HANOI_WARDS } from '@hub/synthetic-data';
import { enterpriseCode, missingUnitCode, unitCode } from '@hub/testing';
import { entCertSchema } from './getentcert.wire';
import { LEGAL_STATUSES, generateEnterprise, legalStatusOf } from './enterprise-generator';

describe('generateEnterprise', () => {
  it('answers the same record for the same code, every time', () => {
    const code = enterpriseCode('active', 12);
    expect(generateEnterprise(code)).toEqual(generateEnterprise(code));
    expect(generateEnterprise(code)?.TenTiengViet).not.toBe(
      generateEnterprise(enterpriseCode('active', 13))?.TenTiengViet,
    );
  });

  it.each([
    ['active', LEGAL_STATUSES.active],
    ['suspended', LEGAL_STATUSES.suspended],
    ['dissolving', LEGAL_STATUSES.dissolving],
    ['dissolved', LEGAL_STATUSES.dissolved],
  ] as const)('gives a %s enterprise its legal status', (fate, status) => {
    const record = generateEnterprise(enterpriseCode(fate, 3));
    expect(record?.TinhTrangPhapLy).toEqual([
      expect.objectContaining({ MaTinhTrangPhapLy: status.code, TinhTrangPhapLy: status.name }),
    ]);
  });

  it('holds nothing for base codes ending in 9, nor for their units', () => {
    const missing = enterpriseCode('missing', 4);
    expect(generateEnterprise(missing)).toBeUndefined();
    expect(generateEnterprise(unitCode(missing, 1))).toBeUndefined();
    expect(legalStatusOf(missing)).toBeUndefined();
  });

  it('knows dependent units 001–005 of an existing parent, with its status', () => {
    const parent = enterpriseCode('dissolved', 5);
    const unit = generateEnterprise(unitCode(parent, 2));
    expect(unit?.MaSoDoanhNghiep).toBe(`${parent}-002`);
    expect(unit?.LoaiHinhDN).toBe('Chi nhánh');
    expect(unit?.TenTiengViet).toContain(generateEnterprise(parent)?.TenTiengViet);
    expect(unit?.TinhTrangPhapLy[0]?.MaTinhTrangPhapLy).toBe('04');
    expect(generateEnterprise(missingUnitCode(parent))).toBeUndefined();
    expect(generateEnterprise(`${parent}-000`)).toBeUndefined();
  });

  it('produces records that satisfy the wire schema, headquartered in Hanoi wards', () => {
    const wards = new Map(HANOI_WARDS.map((w) => [w.code, w.name]));
    for (let n = 0; n < 100; n++) {
      const record = generateEnterprise(enterpriseCode('active', n));
      expect(record).toBeDefined();
      if (record === undefined) continue;
      expect(entCertSchema.safeParse(record).success).toBe(true);
      const office = record.DiaChiTruSo[0]?.DiaChi[0];
      expect(office?.MaTinhThanh).toBe('01');
      expect(wards.get(office?.MaPhuongXa ?? '')).toBe(office?.TenPhuongXa);
      expect(record.NganhNgheKinhDoanh.filter((l) => l.LaNganhChinh === '1')).toHaveLength(1);
      const representative = record.DaiDienPhapLuat[0]?.ThongTinCaNhan[0];
      expect(representative?.SoGiayChungThuc).toMatch(/^001[01]\d{7}[0-8]$/);
    }
  });

  it('refuses malformed codes', () => {
    expect(generateEnterprise('010123456')).toBeUndefined();
    expect(generateEnterprise('0101234567-01')).toBeUndefined();
  });
});
