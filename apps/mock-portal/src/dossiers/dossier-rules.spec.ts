import { DOSSIER_STATUSES, type DossierStatus } from './dossier.schema';
import { isCreateStatusAllowed, isTransitionAllowed, missingStatusData } from './dossier-rules';
import { feeLine, newDossier, resultDocument } from '../test/dossier.factory';

describe('TrangThaiHoSo transitions', () => {
  const allowed: [DossierStatus, DossierStatus][] = [
    ['1', '2'],
    ['1', '3'],
    ['2', '4'],
    ['4', '5'],
    ['5', '4'],
    ['4', '6'],
    ['6', '4'],
    ['4', '8'],
    ['4', '9'],
    ['9', '10'],
    ['1', '7'],
    ['2', '7'],
    ['4', '7'],
    ['5', '7'],
    ['6', '7'],
  ];

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(isTransitionAllowed(from, to)).toBe(true);
  });

  it('refuses every move that is not listed', () => {
    const listed = new Set(allowed.map(([from, to]) => `${from}>${to}`));
    for (const from of DOSSIER_STATUSES) {
      for (const to of DOSSIER_STATUSES) {
        if (from === to || listed.has(`${from}>${to}`)) continue;
        expect({ from, to, allowed: isTransitionAllowed(from, to) }).toEqual({
          from,
          to,
          allowed: false,
        });
      }
    }
  });

  it('allows keeping the same status (a payment or document update)', () => {
    for (const status of DOSSIER_STATUSES) expect(isTransitionAllowed(status, status)).toBe(true);
  });

  it('refuses withdrawal once processed, and any move out of a final status', () => {
    expect(isTransitionAllowed('9', '7')).toBe(false);
    expect(isTransitionAllowed('10', '7')).toBe(false);
    expect(isTransitionAllowed('3', '2')).toBe(false);
    expect(isTransitionAllowed('8', '4')).toBe(false);
  });

  it('creates dossiers only as registered (1) or accepted (2)', () => {
    expect(DOSSIER_STATUSES.filter(isCreateStatusAllowed)).toEqual(['1', '2']);
  });
});

describe('data a status needs', () => {
  it('needs nothing for 1, 2, 4, 5, 7 and 8', () => {
    for (const status of ['1', '2', '4', '5', '7', '8'] as const) {
      expect(missingStatusData(newDossier({ TrangThaiHoSo: status }))).toBeUndefined();
    }
  });

  it('needs NgayTuChoi for 3', () => {
    expect(missingStatusData(newDossier({ TrangThaiHoSo: '3' }))?.field).toBe('NgayTuChoi');
    expect(
      missingStatusData(newDossier({ TrangThaiHoSo: '3', NgayTuChoi: '20260312100000' })),
    ).toBeUndefined();
  });

  it('needs a non-empty DanhSachLePhi for 6', () => {
    expect(missingStatusData(newDossier({ TrangThaiHoSo: '6' }))?.field).toBe('DanhSachLePhi');
    expect(missingStatusData(newDossier({ TrangThaiHoSo: '6', DanhSachLePhi: [] }))?.field).toBe(
      'DanhSachLePhi',
    );
    expect(
      missingStatusData(newDossier({ TrangThaiHoSo: '6', DanhSachLePhi: [feeLine()] })),
    ).toBeUndefined();
  });

  it('needs NgayKetThucXuLy and a non-empty DanhSachGiayToKetQua for 9', () => {
    expect(missingStatusData(newDossier({ TrangThaiHoSo: '9' }))?.field).toBe('NgayKetThucXuLy');
    expect(
      missingStatusData(newDossier({ TrangThaiHoSo: '9', NgayKetThucXuLy: '20260314160000' }))
        ?.field,
    ).toBe('DanhSachGiayToKetQua');
    expect(
      missingStatusData(
        newDossier({
          TrangThaiHoSo: '9',
          NgayKetThucXuLy: '20260314160000',
          DanhSachGiayToKetQua: [resultDocument()],
        }),
      ),
    ).toBeUndefined();
  });

  it('needs NgayTra for 10, with a reason naming the status', () => {
    expect(missingStatusData(newDossier({ TrangThaiHoSo: '10' }))).toEqual({
      field: 'NgayTra',
      reason: 'bắt buộc khi TrangThaiHoSo là "10"',
    });
  });
});
