import type { PortalDossier } from '@hub/national-adapters';
import type { DossierDifference } from '@hub/read-models';
import type { CaseSyncJob } from '../../store';

/*
 * Pure: what reconciliation compares between the dossier the hub synced (the fold of the case's
 * synced events, exactly what the last DongBoHoSoMC sent) and the portal's copy from TraCuuHoSo.
 * Only fields the hub owns and the indicators depend on: status, dates, channel, payment and the
 * fee and result lists. Free text (names, summaries) is the portal's to normalise.
 */

const scalarFields = [
  'MaTTHC',
  'KenhThucHien',
  'TrangThaiHoSo',
  'NgayTiepNhan',
  'NgayHenTra',
  'NgayKetThucXuLy',
  'NgayTra',
  'NgayTuChoi',
  'DuocThanhToanTrucTuyen',
] as const satisfies readonly (keyof PortalDossier)[];

const feesOf = (d: PortalDossier): string =>
  (d.DanhSachLePhi ?? [])
    .map((f) => `${f.MaPhiLePhi}:${f.HinhThucThu}:${f.Gia}`)
    .sort()
    .join(',');

const resultsOf = (d: PortalDossier): string =>
  (d.DanhSachGiayToKetQua ?? [])
    .map((r) => r.GiayToId)
    .sort()
    .join(',');

export function compareDossiers(hub: PortalDossier, portal: PortalDossier): DossierDifference[] {
  const differences: DossierDifference[] = [];
  for (const field of scalarFields) {
    const h = hub[field] ?? null;
    const p = portal[field] ?? null;
    if (h !== p) differences.push({ field, hub: h, portal: p });
  }
  const lists: [string, (d: PortalDossier) => string][] = [
    ['DanhSachLePhi', feesOf],
    ['DanhSachGiayToKetQua', resultsOf],
  ];
  for (const [field, of] of lists) {
    const h = of(hub);
    const p = of(portal);
    if (h !== p) differences.push({ field, hub: h || null, portal: p || null });
  }
  return differences;
}

export type CaseSyncView =
  { kind: 'comparable'; syncedUpTo: number } | { kind: 'skip'; reason: string };

/**
 * Whether the portal's copy can be judged now, and against which prefix: the synced events
 * 1..k (synced jobs are always a prefix, only the next one is ever due). A job in flight, or one
 * whose dossier write landed without being recorded synced, makes the portal legitimately ahead.
 */
export function caseSyncView(jobs: readonly CaseSyncJob[]): CaseSyncView {
  if (jobs.some((j) => j.leased))
    return { kind: 'skip', reason: 'a sync of this case is in flight' };
  if (jobs.some((j) => j.dossierWritten)) {
    return {
      kind: 'skip',
      reason: 'a dossier write of this case landed and its job is not synced yet',
    };
  }
  // `jobs` in the case's order; a hub event's job follows its anchor's (sequence, hubSequence).
  let k = 0;
  for (const j of jobs) {
    if (j.hubSequence > 0 && j.sequence === k) {
      // Synced, it is part of the prefix; waiting, the portal is behind the department's event k
      // by it, which the comparison up to k would not see: judge the case once it is synced.
      if (j.state === 'synced') continue;
      return { kind: 'skip', reason: 'an event the hub originated in this case waits to sync' };
    }
    if (j.sequence !== k + 1 || j.hubSequence > 0 || j.state !== 'synced') break;
    k = j.sequence;
  }
  if (k === 0) return { kind: 'skip', reason: 'nothing of this case is synced yet' };
  return { kind: 'comparable', syncedUpTo: k };
}

/** A fingerprint of the case's jobs: a check is only valid if it did not change meanwhile. */
export const jobsFingerprint = (jobs: readonly CaseSyncJob[]): string =>
  jobs.map((j) => `${j.sequence}.${j.hubSequence}:${j.state}:${j.leased ? 'L' : ''}`).join('|');
