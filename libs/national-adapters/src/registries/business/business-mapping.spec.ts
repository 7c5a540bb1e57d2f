import { entCert } from '../test/registry-wire';
import { isoDate, toEnterpriseRecord } from './business-mapping';

describe('toEnterpriseRecord', () => {
  it('maps a GetEntCert item to the hub record', () => {
    expect(toEnterpriseRecord(entCert())).toEqual({
      enterpriseCode: '0100000011',
      internalCode: '1290363',
      certificateNumber: '0100000011',
      typeCode: '03',
      typeName: 'Công ty cổ phần',
      nameVi: 'CÔNG TY CỔ PHẦN CÔNG NGHỆ PHẦN MỀM THĂNG LONG',
      nameForeign: 'THANG LONG TECHNOLOGY JOINT STOCK COMPANY',
      nameShort: 'THANG LONG JSC',
      firstRegisteredOn: '2019-06-12',
      lastChangedOn: '2024-02-03',
      changeCount: 3,
      legalStatus: { code: '01', name: 'Đang hoạt động' },
      active: true,
      representatives: [{ fullName: 'Phạm Đức Anh', idNumber: '001075001231' }],
      headOffice: {
        provinceCode: '01',
        provinceName: 'Thành phố Hà Nội',
        wardCode: '00175',
        wardName: 'Phường Cầu Giấy',
        address: 'Số 8, phố Trần Duy Hưng, Phường Cầu Giấy, Thành phố Hà Nội',
        houseNumber: '8',
      },
      businessLines: [
        { code: '6201', name: 'Lập trình máy vi tính', main: true },
        { code: '7020', name: 'Hoạt động tư vấn quản lý', main: false },
      ],
    });
  });

  it.each([
    ['02', 'Tạm ngừng kinh doanh'],
    ['03', 'Đang làm thủ tục giải thể'],
    ['04', 'Đã giải thể'],
  ])('marks status %s (%s) as not active, taking the last status listed', (code, name) => {
    const record = toEnterpriseRecord(
      entCert({
        TinhTrangPhapLy: [
          { TinhTrangPhapLy: 'Đang hoạt động', MaTinhTrangPhapLy: '01', NgayHieuLuc: '12/06/2019' },
          { TinhTrangPhapLy: name, MaTinhTrangPhapLy: code, NgayHieuLuc: '01/03/2025' },
        ],
      }),
    );
    expect(record).toMatchObject({ legalStatus: { code, name }, active: false });
  });

  it('leaves optional names and the change date out when empty; accepts a dependent unit code', () => {
    const record = toEnterpriseRecord(
      entCert({
        MaSoDoanhNghiep: '0100000011-002',
        TenNuocNgoai: '',
        TenVietTat: '',
        NgayDangKyThayDoi: '',
        SoLanDangKyThayDoi: '0',
      }),
    );
    expect(record).toMatchObject({ enterpriseCode: '0100000011-002', changeCount: 0 });
    expect(record).not.toHaveProperty('nameForeign');
    expect(record).not.toHaveProperty('nameShort');
    expect(record).not.toHaveProperty('lastChangedOn');
  });

  it.each([
    ['a bad code', entCert({ MaSoDoanhNghiep: '01000' })],
    ['no name', entCert({ TenTiengViet: '' })],
    ['a bad first date', entCert({ NgayDangKyLanDau: '31/02/2019' })],
    ['no legal status', entCert({ TinhTrangPhapLy: [] })],
  ])('calls an item with %s unreadable', (_why, wire) => {
    expect(toEnterpriseRecord(wire)).toHaveProperty('unreadable');
  });
});

describe('isoDate', () => {
  it('reads dd/MM/yyyy and yyyy-MM-dd, keeps "" and refuses the rest', () => {
    expect(isoDate('04/07/1985')).toBe('1985-07-04');
    expect(isoDate('1985-07-04')).toBe('1985-07-04');
    expect(isoDate('')).toBe('');
    expect(isoDate('7/4/1985')).toBeUndefined();
    expect(isoDate('30/02/2020')).toBeUndefined();
  });
});
