import { dossierAlterSchema } from '../dossiers/dossier.schema';
import { newDossier, progressEntry } from '../test/dossier.factory';
import { PortalStateService } from './portal-state.service';

describe('PortalStateService', () => {
  const at = new Date('2026-03-12T01:30:00.000Z');

  it('loses a dossier on demand (reconciliation fault)', () => {
    const state = new PortalStateService();
    const dossier = newDossier();
    state.applyDossierWrites([{ caseCode: dossier.MaHoSo, dossier, isUpdating: false }], 'k-1', at);
    expect(state.lose(dossier.MaHoSo)).toBe(true);
    expect(state.findDossier(dossier.MaHoSo)).toBeUndefined();
    expect(state.lose(dossier.MaHoSo)).toBe(false);
  });

  it('alters a dossier on demand and records it in the history (reconciliation fault)', () => {
    const state = new PortalStateService();
    const dossier = newDossier();
    state.applyDossierWrites([{ caseCode: dossier.MaHoSo, dossier, isUpdating: false }], 'k-1', at);
    const change = dossierAlterSchema.parse({
      set: { TrangThaiHoSo: '4' },
      remove: ['NgayHenTra'],
    });
    const altered = state.alter(dossier.MaHoSo, change, at);
    expect(altered).toMatchObject({ TrangThaiHoSo: '4', MaTTHC: dossier.MaTTHC });
    expect(altered?.NgayHenTra).toBeUndefined();
    expect(altered?.history.map((h) => h.idempotencyKey)).toEqual(['k-1', '__mock/alter']);
    expect(state.alter('000.00.01.H26-260312-99998', change, at)).toBeUndefined();
    expect(dossierAlterSchema.safeParse({ set: { TrangThaiHoSo: '11' } }).success).toBe(false);
    expect(dossierAlterSchema.safeParse({}).success).toBe(false);
    expect(dossierAlterSchema.safeParse({ remove: ['MaHoSo'] }).success).toBe(false);
  });

  it('applies writes with a history entry each and counts them', () => {
    const state = new PortalStateService();
    const dossier = newDossier();
    state.applyDossierWrites([{ caseCode: dossier.MaHoSo, dossier, isUpdating: false }], 'k-1', at);
    expect(state.findDossier(dossier.MaHoSo)).toEqual(dossier);
    expect(state.snapshot(dossier.MaHoSo)?.history).toEqual([
      { TrangThaiHoSo: '2', at: at.toISOString(), idempotencyKey: 'k-1', isUpdating: false },
    ]);
    expect(state.stats()).toMatchObject({ dossiers: 1, applied: 1 });
  });

  it('replays the remembered answer for a known key and records the duplicate', () => {
    const state = new PortalStateService();
    const dossier = newDossier();
    state.applyDossierWrites([{ caseCode: dossier.MaHoSo, dossier, isUpdating: false }], 'k-1', at);
    const body = { error_code: '0', message: 'Đồng bộ thành công 1 hồ sơ' };
    state.remember('k-1', { service: 'DongBoHoSoMC', body, caseCodes: [dossier.MaHoSo] });

    expect(state.replay('k-2', 'DongBoHoSoMC', at)).toBeUndefined();
    expect(state.replay('k-1', 'DongBoHoSoMC', at)?.body).toEqual(body);
    expect(state.stats()).toMatchObject({ applied: 1, duplicates: 1 });
    expect(state.snapshot(dossier.MaHoSo)?.duplicates).toEqual([
      { service: 'DongBoHoSoMC', idempotencyKey: 'k-1', at: at.toISOString() },
    ]);
    expect(state.snapshot(dossier.MaHoSo)?.history).toHaveLength(1);
  });

  it('replays a remembered refusal as well, for a dossier that does not exist', () => {
    const state = new PortalStateService();
    const body = { error_code: '1', message: 'Trường ChuHoSo không hợp lệ: bắt buộc phải có' };
    state.remember('k-9', {
      service: 'DongBoHoSoMC',
      body,
      caseCodes: ['000.00.01.H26-260312-99999'],
    });
    expect(state.replay('k-9', 'DongBoHoSoMC', at)?.body).toEqual(body);
    expect(state.stats()).toMatchObject({ duplicates: 1, dossiers: 0 });
  });

  it('freezes what it keeps, so callers cannot edit the store', () => {
    const state = new PortalStateService();
    const dossier = newDossier();
    state.applyDossierWrites([{ caseCode: dossier.MaHoSo, dossier, isUpdating: false }], null, at);
    const entry = progressEntry(dossier.MaHoSo);
    state.appendProgress([{ caseCode: dossier.MaHoSo, entries: [entry] }]);
    state.remember('k-1', {
      service: 'DongBoHoSoMC',
      body: { error_code: '0', message: 'ok' },
      caseCodes: [dossier.MaHoSo],
    });

    const stored = state.findDossier(dossier.MaHoSo);
    expect(() => Object.assign(dossier, { ChuHoSo: 'changed' })).toThrow(TypeError);
    expect(() => stored?.TaiLieuNop?.push({ TenTepDinhKem: 'extra.pdf' })).toThrow(TypeError);
    expect(() => Object.assign(entry, { NoiDungXuLy: 'changed' })).toThrow(TypeError);
    expect(Object.isFrozen(state.replay('k-1', 'DongBoHoSoMC', at)?.body)).toBe(true);
    expect(state.snapshot(dossier.MaHoSo)).toMatchObject({
      ChuHoSo: 'Nguyễn Văn An',
      TaiLieuNop: [{ TepDinhKemId: 'tep-1' }],
      progress: [{ NoiDungXuLy: 'Thẩm định hồ sơ' }],
    });
  });

  it('forgets everything on reset', () => {
    const state = new PortalStateService();
    const dossier = newDossier();
    state.applyDossierWrites([{ caseCode: dossier.MaHoSo, dossier, isUpdating: false }], 'k', at);
    state.remember('k', {
      service: 'DongBoHoSoMC',
      body: { error_code: '0', message: 'ok' },
      caseCodes: [],
    });
    state.countCall();
    state.countRejected();
    state.reset();
    expect(state.stats()).toEqual({
      dossiers: 0,
      applied: 0,
      duplicates: 0,
      rejected: 0,
      calls: 0,
    });
    expect(state.replay('k', 'DongBoHoSoMC', at)).toBeUndefined();
  });
});
