import { congDan } from '../test/registry-wire';
import { toCitizenRecord } from './population-mapping';

describe('toCitizenRecord', () => {
  it('maps CongDan to the hub record, decoding coded fields', () => {
    expect(toCitizenRecord(congDan())).toEqual({
      personalId: '001085000011',
      oldIdNumber: '012345678',
      fullName: 'Nguyễn Thị Hương',
      familyName: 'Nguyễn',
      middleName: 'Thị',
      givenName: 'Hương',
      birthDate: '1985-07-04',
      gender: 'female',
      ethnicity: 'Kinh',
      religion: 'Không',
      nationality: 'VN',
      maritalStatus: 'married',
      bloodType: 'O',
      birthRegistrationPlace: { provinceCode: '01', wardCode: '00070', detail: '', country: 'VN' },
      hometown: { provinceCode: '37', wardCode: '14359', detail: '', country: 'VN' },
      permanentAddress: {
        provinceCode: '01',
        wardCode: '00229',
        detail: 'Số 12, ngõ 34, phố Thái Hà',
        country: 'VN',
      },
      currentAddress: {
        provinceCode: '01',
        wardCode: '00229',
        detail: 'Số 12, ngõ 34, phố Thái Hà',
        country: 'VN',
      },
      father: 'Nguyễn Văn Hải',
      mother: 'Trần Thị Lan',
      spouse: 'Lê Minh Quân',
      householdHead: 'Lê Minh Quân',
    });
  });

  it('gives a year-only birth date as YYYY and leaves absent relatives out', () => {
    const record = toCitizenRecord(
      congDan({
        NgayThangNamSinh: { Nam: '1966', NgayThangNam: '' },
        VoChong: '',
        SoCMND: '',
        HoVaTen: { Ho: 'Lý', ChuDem: '', Ten: 'Hoa' },
      }),
    );
    expect(record).toMatchObject({ birthDate: '1966', fullName: 'Lý Hoa', middleName: '' });
    expect(record).not.toHaveProperty('spouse');
    expect(record).not.toHaveProperty('oldIdNumber');
  });

  it('maps unknown or missing codes to "unknown", and keeps unknown catalogue codes as sent', () => {
    const record = toCitizenRecord(
      congDan({ GioiTinh: '0', TinhTrangHonNhan: '0', NhomMau: '00', DanToc: '42', TonGiao: '' }),
    );
    expect(record).toMatchObject({
      gender: 'unknown',
      maritalStatus: 'unknown',
      bloodType: 'unknown',
      ethnicity: '42',
      religion: '',
    });
  });

  it.each([
    ['no record', null],
    ['a short ID', congDan({ SoDinhDanh: '00108500001' })],
    ['no given name', congDan({ HoVaTen: { Ho: 'Nguyễn', ChuDem: 'Văn' } })],
    [
      'an impossible date',
      congDan({ NgayThangNamSinh: { Nam: '1985', NgayThangNam: '19850231' } }),
    ],
    ['no date at all', congDan({ NgayThangNamSinh: {} })],
  ])('calls an answer with %s unreadable', (_why, wire) => {
    expect(toCitizenRecord(wire)).toHaveProperty('unreadable');
  });
});
