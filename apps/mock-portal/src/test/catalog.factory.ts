import type { CatalogFile } from '../catalog/catalog';

/**
 * A small, valid catalog file for the mock portal's specs. Its codes (procedures 7.9xxxxx,
 * agencies 000.79.NN.H26, results KQ-TEST…) appear nowhere else in the repository, so an answer
 * holding them can only have come from this file. A fresh copy each call: specs spoil it freely.
 */
export type TestCatalog = Pick<CatalogFile, 'procedures' | 'agencies'>;
export type TestProcedure = TestCatalog['procedures'][number];
export type TestDocument = TestProcedure['THANHPHANHOSO'][number];

export const TEST_AGENCY = '000.79.01.H26';

export function testCatalog(): TestCatalog {
  return {
    procedures: [
      {
        MATTHC: '7.900001',
        TENTTHC: 'Thủ tục thử nghiệm cấp giấy xác nhận',
        MUCDO: '4',
        LINHVUCTHUCHIEN: [{ MALINHVUC: 'T-LV-01', TENLINHVUC: 'Lĩnh vực thử nghiệm' }],
        CACHTHUCTHUCHIEN: [
          {
            KENH: '2',
            THOIGIAN: [
              {
                THOIGIANGIAIQUYET: '2',
                DONVITINH: 'Ngày làm việc',
                PHILEPHI: [{ SOTIEN: '12000', DONVI: 'Đồng', MOTA: 'Lệ phí thử nghiệm' }],
              },
            ],
          },
        ],
        THANHPHANHOSO: [
          {
            MATHANHPHAN: 'T-TP-01',
            TENTHANHPHAN: 'Tờ khai thử nghiệm',
            BATBUOC: '1',
            SOLUONG: '1',
            MAKETQUATHAYTHE: '',
          },
        ],
        KETQUATHUCHIEN: [{ MAKETQUA: 'KQ-TESTGXN', TENKETQUA: 'Giấy xác nhận thử nghiệm' }],
        CANCUPHAPLY: [{ SOVANBAN: '01/2099/TN', TENVANBAN: 'Văn bản thử nghiệm' }],
        COQUANTHUCHIEN: [{ MADONVI: TEST_AGENCY, TENDONVI: 'Cơ quan thử nghiệm số 1' }],
      },
      {
        MATTHC: '7.900002',
        TENTTHC: 'Thủ tục thử nghiệm dùng lại giấy xác nhận',
        MUCDO: '2',
        LINHVUCTHUCHIEN: [{ MALINHVUC: 'T-LV-01', TENLINHVUC: 'Lĩnh vực thử nghiệm' }],
        CACHTHUCTHUCHIEN: [
          {
            KENH: '1',
            THOIGIAN: [{ THOIGIANGIAIQUYET: '0.5', DONVITINH: 'Ngày làm việc', PHILEPHI: [] }],
          },
        ],
        THANHPHANHOSO: [
          {
            MATHANHPHAN: 'T-TP-02',
            TENTHANHPHAN: 'Giấy xác nhận thử nghiệm',
            BATBUOC: '1',
            SOLUONG: '1',
            MAKETQUATHAYTHE: 'KQ-TESTGXN',
          },
        ],
        KETQUATHUCHIEN: [{ MAKETQUA: 'KQ-TESTQD', TENKETQUA: 'Quyết định thử nghiệm' }],
        CANCUPHAPLY: [],
        COQUANTHUCHIEN: [{ MADONVI: '000.79.02.H26', TENDONVI: 'Ủy ban nhân dân xã Thử Nghiệm' }],
      },
    ],
    agencies: [
      { MADONVI: TEST_AGENCY, TENDONVI: 'Cơ quan thử nghiệm số 1', CAPDONVI: '2' },
      { MADONVI: '000.79.02.H26', TENDONVI: 'Ủy ban nhân dân xã Thử Nghiệm', CAPDONVI: '4' },
    ],
  };
}
