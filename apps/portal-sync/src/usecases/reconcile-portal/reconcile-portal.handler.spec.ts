import { exampleCase } from '@hub/contracts';
import {
  buildDossier,
  PortalErrorCode,
  type PortalLookupOutcome,
  type PortalSyncPort,
} from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import type { CaseSyncJob, ReconciliationRepository, SyncJobState } from '../../store';
import type { Reconciliation } from '@hub/read-models';
import type { PortalSyncConfig } from '../../config';
import { ReconcilePortalHandler } from './reconcile-portal.handler';

/** In-memory stand-ins: the case's jobs and the portal's answers are scripted per test. */
class FakeRuns {
  jobs = new Map<string, CaseSyncJob[]>();
  requeued: [string, number, number][] = [];
  /** What a requeued job becomes by the time the run looks again. */
  afterRequeue: { state: SyncJobState; lastErrorCode?: string; lastErrorMessage?: string } = {
    state: 'synced',
  };

  touchedCases() {
    return Promise.resolve(
      [...this.jobs.keys()].map((caseCode) => ({ caseCode, department: 'STP' })),
    );
  }
  caseJobs(caseCode: string) {
    return Promise.resolve(structuredClone(this.jobs.get(caseCode) ?? []));
  }
  requeueForRepair(caseCode: string, from: number, to: number) {
    this.requeued.push([caseCode, from, to]);
    for (const j of this.jobs.get(caseCode) ?? []) {
      if (j.sequence >= from && j.sequence <= to) {
        Object.assign(j, {
          state: this.afterRequeue.state,
          lastErrorCode: this.afterRequeue.lastErrorCode ?? null,
          lastErrorMessage: this.afterRequeue.lastErrorMessage ?? null,
        });
      }
    }
    return Promise.resolve(true);
  }
}

function syncedCase(number: number): { caseCode: string; jobs: CaseSyncJob[] } {
  const c = exampleCase({ number });
  return {
    caseCode: c.caseCode,
    jobs: c.events.map((e) => ({
      eventId: e.id,
      sequence: e.sequence,
      hubSequence: 0,
      state: 'synced',
      event: e,
      leased: false,
      dossierWritten: false,
      lastErrorCode: null,
      lastErrorMessage: null,
    })),
  };
}

const config = {
  RECONCILE_MAX_CASES: 100,
  RECONCILE_CONCURRENCY: 2,
  RECONCILE_REPAIR_TIMEOUT_MS: 2000,
} as PortalSyncConfig;

const run = {
  id: '1',
  windowFrom: new Date(0),
  windowTo: new Date(),
} as Reconciliation;

function handler(runs: FakeRuns, lookups: (caseCode: string) => PortalLookupOutcome[]) {
  const calls = new Map<string, number>();
  const portal = {
    lookupDossier: (caseCode: string) => {
      const n = calls.get(caseCode) ?? 0;
      calls.set(caseCode, n + 1);
      const answers = lookups(caseCode);
      return Promise.resolve(answers[Math.min(n, answers.length - 1)]);
    },
  } as unknown as PortalSyncPort;
  return new ReconcilePortalHandler(
    runs as unknown as ReconciliationRepository,
    portal,
    config,
    HubLogger.for('test', 'error'),
  );
}

const found = (caseCode: string, status?: string): PortalLookupOutcome => {
  const events = exampleCase({ number: Number(caseCode.slice(-5)) }).events;
  const dossier = buildDossier(events as never);
  const portalCopy = status ? { ...dossier, TrangThaiHoSo: status } : dossier;
  return { kind: 'found', dossier: { portalCopy } as never };
};

describe('ReconcilePortalHandler', () => {
  it('reports matching, repaired (lost and altered) and re-sends the right stretch', async () => {
    const runs = new FakeRuns();
    const [ok, lost, altered] = [syncedCase(11), syncedCase(12), syncedCase(13)];
    for (const c of [ok, lost, altered]) runs.jobs.set(c.caseCode, c.jobs);
    // Each case is read back once when checked and once more after its repair.
    const report = await handler(runs, (code) =>
      code === lost.caseCode
        ? [{ kind: 'not-found' }, found(code)]
        : code === altered.caseCode
          ? [found(code, '9'), found(code)]
          : [found(code)],
    ).execute(run);
    expect(report).toMatchObject({ checked: 3, matching: 1, repaired: 2, stillFailing: 0 });
    expect(runs.requeued.sort()).toEqual(
      [
        [lost.caseCode, 1, 5],
        [altered.caseCode, 5, 5],
      ].sort(),
    );
    expect(report.details.find((d) => d.caseCode === altered.caseCode)?.differences).toEqual([
      { field: 'TrangThaiHoSo', hub: '10', portal: '9' },
    ]);
  });

  it('reports a re-send the portal rejects as still failing, with the portal reason', async () => {
    const runs = new FakeRuns();
    const c = syncedCase(21);
    runs.jobs.set(c.caseCode, c.jobs);
    runs.afterRequeue = {
      state: 'dead',
      lastErrorCode: 'PORTAL_REJECTED:4',
      lastErrorMessage: 'Không được phép chuyển trạng thái',
    };
    const report = await handler(runs, (code) => [found(code, '4')]).execute(run);
    expect(report).toMatchObject({ checked: 1, repaired: 0, stillFailing: 1 });
    expect(report.details[0].reason).toMatch(/PORTAL_REJECTED:4/);
  });

  it('reports an unreadable portal as still failing and skips a case in flight', async () => {
    const runs = new FakeRuns();
    const down = syncedCase(31);
    const busy = syncedCase(32);
    busy.jobs[4] = { ...busy.jobs[4], state: 'pending', leased: true };
    runs.jobs.set(down.caseCode, down.jobs);
    runs.jobs.set(busy.caseCode, busy.jobs);
    const report = await handler(runs, () => [
      { kind: 'transient', code: PortalErrorCode.PORTAL_UNAVAILABLE, message: 'HTTP 503' },
    ]).execute(run);
    expect(report).toMatchObject({ checked: 1, stillFailing: 1, skipped: 1 });
    expect(report.details.find((d) => d.caseCode === down.caseCode)?.reason).toMatch(/HTTP 503/);
    expect(runs.requeued).toEqual([]);
  });
});
