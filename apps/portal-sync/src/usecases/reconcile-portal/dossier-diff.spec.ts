import { exampleCase, parseCaseEvent, type CaseEvent } from '@hub/contracts';
import { buildDossier } from '@hub/national-adapters';
import type { CaseSyncJob } from '../../store';
import { caseSyncView, compareDossiers, jobsFingerprint } from './dossier-diff';

const events = (): CaseEvent[] =>
  exampleCase({ number: 77 }).events.map((e) => {
    const parsed = parseCaseEvent(e);
    if (!parsed.ok) throw new Error('bad example');
    return parsed.value;
  });

const job = (sequence: number, over: Partial<CaseSyncJob> = {}): CaseSyncJob => ({
  eventId: `e-${sequence}`,
  sequence,
  hubSequence: 0,
  state: 'synced',
  event: {},
  leased: false,
  dossierWritten: false,
  lastErrorCode: null,
  lastErrorMessage: null,
  ...over,
});

describe('compareDossiers', () => {
  const hub = buildDossier(events());

  it('finds nothing when the portal holds what the hub sent', () => {
    expect(compareDossiers(hub, structuredClone(hub))).toEqual([]);
  });

  it('names a different status, a missing date and a changed fee list', () => {
    const portal = structuredClone(hub);
    portal.TrangThaiHoSo = '9';
    delete portal.NgayTra;
    portal.DanhSachLePhi = portal.DanhSachLePhi.map((f) => ({ ...f, HinhThucThu: '1' }));
    portal.TrichYeuHoSo = 'normalised by the portal';
    expect(compareDossiers(hub, portal)).toEqual([
      { field: 'TrangThaiHoSo', hub: '10', portal: '9' },
      { field: 'NgayTra', hub: hub.NgayTra, portal: null },
      { field: 'DanhSachLePhi', hub: 'LP-KS:2:8000', portal: 'LP-KS:1:8000' },
    ]);
  });

  it('names a lost result document', () => {
    const portal = { ...structuredClone(hub), DanhSachGiayToKetQua: [] };
    expect(compareDossiers(hub, portal)).toEqual([
      { field: 'DanhSachGiayToKetQua', hub: 'KS-260312-77/2026', portal: null },
    ]);
  });
});

describe('caseSyncView', () => {
  it('compares against the synced prefix', () => {
    expect(
      caseSyncView([job(1), job(2), job(3, { state: 'dead' }), job(4, { state: 'pending' })]),
    ).toEqual({
      kind: 'comparable',
      syncedUpTo: 2,
    });
  });

  it('skips a case with nothing synced, a job in flight, or a write not yet recorded', () => {
    expect(caseSyncView([job(1, { state: 'pending' })]).kind).toBe('skip');
    expect(caseSyncView([job(1), job(2, { state: 'pending', leased: true })]).kind).toBe('skip');
    expect(caseSyncView([job(1), job(2, { state: 'retrying', dossierWritten: true })]).kind).toBe(
      'skip',
    );
    expect(caseSyncView([]).kind).toBe('skip');
  });

  it('counts a synced hub event in the prefix after its anchor, and waits for one not synced', () => {
    const paid = job(2, { eventId: 'hub-payment', hubSequence: 1 });
    expect(caseSyncView([job(1), job(2), paid, job(3), job(4, { state: 'pending' })])).toEqual({
      kind: 'comparable',
      syncedUpTo: 3,
    });
    expect(
      caseSyncView([job(1), job(2), { ...paid, state: 'retrying' }, job(3, { state: 'pending' })]),
    ).toMatchObject({ kind: 'skip', reason: expect.stringContaining('hub') as string });
    // A hub job whose anchor is not synced ends the prefix like any waiting job.
    expect(caseSyncView([job(1), job(2, { state: 'pending' }), paid])).toEqual({
      kind: 'comparable',
      syncedUpTo: 1,
    });
  });

  it('fingerprints state and leases', () => {
    expect(jobsFingerprint([job(1)])).not.toBe(jobsFingerprint([job(1, { leased: true })]));
  });
});
