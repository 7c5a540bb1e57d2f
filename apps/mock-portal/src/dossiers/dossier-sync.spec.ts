import { catalogFileOf, loadPortalCatalog } from '../catalog/catalog';
import { PortalErrorCode } from '../dvcqg/wire';
import { feeLine, newDossier, progressEntry, resultDocument } from '../test/dossier.factory';
import type { DossierFields } from './dossier.schema';
import { type PortalView, planDossierSync, planProgressUpdate } from './dossier-sync';

/** The shipped catalog, as the mock runs by default. */
const catalog = loadPortalCatalog(catalogFileOf(undefined));

function viewOf(stored: DossierFields[] = [], rejected: string[] = []): PortalView {
  const byCode = new Map(stored.map((d) => [d.MaHoSo, d]));
  return {
    findDossier: (code) => byCode.get(code),
    isKnownProcedure: (code) => catalog.has(code),
    rejectedCaseCodes: new Set(rejected),
  };
}

const create = (...data: unknown[]): Record<string, unknown> => ({ isUpdating: 'False', data });
const update = (...data: unknown[]): Record<string, unknown> => ({ isUpdating: 'True', data });

describe('planDossierSync — validation (error "1")', () => {
  it('plans a valid create as one write', () => {
    const dossier = newDossier();
    const plan = planDossierSync(create(dossier), viewOf());
    expect(plan).toEqual({
      ok: true,
      writes: [{ caseCode: dossier.MaHoSo, dossier, isUpdating: false }],
      caseCodes: [dossier.MaHoSo],
    });
  });

  it('names a badly formatted date', () => {
    const dossier = newDossier({ NgayTiepNhan: '2026-03-12 08:30' });
    const plan = planDossierSync(create(dossier), viewOf());
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.Validation });
    expect(plan.ok || plan.message).toContain(
      'Trường NgayTiepNhan không hợp lệ: phải có dạng yyyyMMddHHmmss',
    );
  });

  it('refuses a date that does not exist', () => {
    const plan = planDossierSync(create(newDossier({ NgayHenTra: '20260231170000' })), viewOf());
    expect(plan.ok || plan.message).toContain('Trường NgayHenTra không hợp lệ');
    expect(plan.ok || plan.message).toContain('ngày giờ có thật');
  });

  it('refuses numbers and booleans where the wire needs strings, naming the field', () => {
    const plan = planDossierSync(
      create({ ...newDossier(), KenhThucHien: 2, HoSoCoThanhPhanSoHoa: true, ChuHoSo: 7 }),
      viewOf(),
    );
    expect(plan.ok).toBe(false);
    const message = plan.ok ? '' : plan.message;
    expect(message).toContain(
      'Trường KenhThucHien không hợp lệ: phải là chuỗi ký tự (string), nhận được number',
    );
    expect(message).toContain(
      'Trường HoSoCoThanhPhanSoHoa không hợp lệ: phải là chuỗi ký tự (string), nhận được boolean',
    );
    expect(message).toContain('Trường ChuHoSo không hợp lệ: phải là chuỗi ký tự (string)');
  });

  it('refuses unknown fields, also inside lists', () => {
    const dossier = {
      ...newDossier(),
      GhiChu: 'x',
      DanhSachLePhi: [{ ...feeLine(), SoLuong: '1' }],
    };
    const message = ((p) => (p.ok ? '' : p.message))(planDossierSync(create(dossier), viewOf()));
    expect(message).toContain('Trường GhiChu không hợp lệ: trường không được hỗ trợ');
    expect(message).toContain('Trường DanhSachLePhi[0].SoLuong không hợp lệ');
  });

  it('names each missing required field on create', () => {
    const { ChuHoSo: _c, NgayHenTra: _n, ...partial } = newDossier();
    const plan = planDossierSync(create(partial), viewOf());
    const message = plan.ok ? '' : plan.message;
    expect(message).toContain('Trường ChuHoSo không hợp lệ: bắt buộc phải có');
    expect(message).toContain('Trường NgayHenTra không hợp lệ: bắt buộc phải có');
  });

  it('checks the case code pattern and the procedure catalog', () => {
    const badCode = planDossierSync(create(newDossier({ MaHoSo: 'HS-42' })), viewOf());
    expect(badCode.ok || badCode.message).toContain('Trường MaHoSo không hợp lệ');
    const unknown = planDossierSync(create(newDossier({ MaTTHC: '9.999999' })), viewOf());
    expect(unknown).toMatchObject({ ok: false, code: PortalErrorCode.Validation });
    expect(unknown.ok || unknown.message).toContain('Trường MaTTHC không hợp lệ');
  });

  it('checks personal identifiers by kind without echoing them', () => {
    const plan = planDossierSync(
      create(newDossier({ DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: '12345' }] })),
      viewOf(),
    );
    const message = plan.ok ? '' : plan.message;
    expect(message).toContain('Trường DinhDanhCHS[0].SoDinhDanh không hợp lệ');
    expect(message).not.toContain('12345');
  });

  it('refuses a non-string isUpdating and an empty or oversized batch', () => {
    const flag = planDossierSync({ isUpdating: false, data: [newDossier()] }, viewOf());
    expect(flag.ok || flag.message).toContain('Trường isUpdating không hợp lệ');
    const empty = planDossierSync(create(), viewOf());
    expect(empty.ok || empty.message).toContain('Trường data không hợp lệ');
    const big = planDossierSync(
      create(...Array.from({ length: 51 }, () => newDossier())),
      viewOf(),
    );
    expect(big).toMatchObject({ ok: false, code: PortalErrorCode.Validation });
  });

  it('validates the whole batch before planning anything', () => {
    const plan = planDossierSync(
      create(newDossier(), newDossier({ LoaiDoiTuong: '9' as never })),
      viewOf(),
    );
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.Validation });
    expect(plan.ok || plan.message).toContain('(data[1]');
  });
});

describe('planDossierSync — business rules', () => {
  it('answers "2 ... đã tồn tại" for a create of an existing dossier', () => {
    const stored = newDossier();
    const plan = planDossierSync(create(newDossier({ MaHoSo: stored.MaHoSo })), viewOf([stored]));
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.AlreadyExists });
    expect(plan.ok || plan.message).toContain('đã tồn tại');
  });

  it('refuses a batch that creates the same dossier twice, all or nothing', () => {
    const dossier = newDossier();
    const plan = planDossierSync(create(dossier, { ...dossier }), viewOf());
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.AlreadyExists });
  });

  it('creates only in status 1 or 2 (error "4")', () => {
    const plan = planDossierSync(create(newDossier({ TrangThaiHoSo: '4' })), viewOf());
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.TransitionNotAllowed });
  });

  it('answers "3" for an update of an unknown dossier', () => {
    const plan = planDossierSync(update({ MaHoSo: newDossier().MaHoSo }), viewOf());
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.NotFound });
  });

  it('merges an update over the stored copy', () => {
    const stored = newDossier();
    const plan = planDossierSync(
      update({ MaHoSo: stored.MaHoSo, TrangThaiHoSo: '4', DuocThanhToanTrucTuyen: '1' }),
      viewOf([stored]),
    );
    expect(plan.ok && plan.writes[0].dossier).toEqual({
      ...stored,
      TrangThaiHoSo: '4',
      DuocThanhToanTrucTuyen: '1',
    });
  });

  it('names from and to when the move is not allowed (error "4")', () => {
    const stored = newDossier({ TrangThaiHoSo: '2' });
    const plan = planDossierSync(
      update({ MaHoSo: stored.MaHoSo, TrangThaiHoSo: '10', NgayTra: '20260315090000' }),
      viewOf([stored]),
    );
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.TransitionNotAllowed });
    expect(plan.ok || plan.message).toContain('từ 2 sang 10');
  });

  it('requires the data of the new status, counting fields stored earlier', () => {
    const stored = newDossier({ TrangThaiHoSo: '4', NgayKetThucXuLy: '20260314160000' });
    const missing = planDossierSync(
      update({ MaHoSo: stored.MaHoSo, TrangThaiHoSo: '9' }),
      viewOf([stored]),
    );
    expect(missing).toMatchObject({ ok: false, code: PortalErrorCode.Validation });
    expect(missing.ok || missing.message).toContain('Trường DanhSachGiayToKetQua không hợp lệ');

    const complete = planDossierSync(
      update({
        MaHoSo: stored.MaHoSo,
        TrangThaiHoSo: '9',
        DanhSachGiayToKetQua: [resultDocument()],
      }),
      viewOf([stored]),
    );
    expect(complete.ok).toBe(true);
  });

  it('answers "5" when the portal rejects one of the dossiers', () => {
    const dossier = newDossier();
    const plan = planDossierSync(create(newDossier(), dossier), viewOf([], [dossier.MaHoSo]));
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.RejectedByPortal });
    expect(plan.ok || plan.message).toBe(
      `Hồ sơ ${dossier.MaHoSo} bị từ chối: thông tin chủ hồ sơ không khớp với CSDL quốc gia`,
    );
  });
});

describe('planProgressUpdate', () => {
  it('groups valid entries by dossier', () => {
    const stored = newDossier();
    const entries = [progressEntry(stored.MaHoSo), progressEntry(stored.MaHoSo)];
    const plan = planProgressUpdate({ data: entries }, viewOf([stored]));
    expect(plan).toEqual({
      ok: true,
      appends: [{ caseCode: stored.MaHoSo, entries }],
      entryCount: 2,
      caseCodes: [stored.MaHoSo],
    });
  });

  it('answers "7" for more than 10 entries', () => {
    const stored = newDossier();
    const entries = Array.from({ length: 11 }, () => progressEntry(stored.MaHoSo));
    const plan = planProgressUpdate({ data: entries }, viewOf([stored]));
    expect(plan).toMatchObject({ ok: false, code: PortalErrorCode.TooManyProgressEntries });
  });

  it('requires the mandatory fields and portal dates', () => {
    const stored = newDossier();
    const { NoiDungXuLy: _n, ...entry } = progressEntry(stored.MaHoSo, {
      ThoiDiemXuLy: '12/03/2026',
    });
    const plan = planProgressUpdate({ data: [entry] }, viewOf([stored]));
    const message = plan.ok ? '' : plan.message;
    expect(message).toContain('Trường NoiDungXuLy không hợp lệ: bắt buộc phải có');
    expect(message).toContain('Trường ThoiDiemXuLy không hợp lệ: phải có dạng yyyyMMddHHmmss');
  });

  it('answers "3" for an unknown dossier and "5" for a rejected one', () => {
    const stored = newDossier();
    const unknown = planProgressUpdate(
      { data: [progressEntry(newDossier().MaHoSo)] },
      viewOf([stored]),
    );
    expect(unknown).toMatchObject({ ok: false, code: PortalErrorCode.NotFound });
    const rejected = planProgressUpdate(
      { data: [progressEntry(stored.MaHoSo)] },
      viewOf([stored], [stored.MaHoSo]),
    );
    expect(rejected).toMatchObject({ ok: false, code: PortalErrorCode.RejectedByPortal });
  });
});
