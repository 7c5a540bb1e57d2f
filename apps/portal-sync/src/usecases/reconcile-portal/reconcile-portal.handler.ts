import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { CaseEvent } from '@hub/contracts';
import {
  buildDossier,
  PortalAdapter,
  PortalAdapterException,
  type PortalDossier,
  type PortalFailure,
  type PortalSyncPort,
} from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import type { DossierCheck, DossierDifference } from '@hub/read-models';
import { type ReconciliationReport, ReconciliationRepository } from '../../store';
import { type Reconciliation } from '@hub/read-models';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from '../../config';
import { caseSyncView, compareDossiers, jobsFingerprint } from './dossier-diff';

interface Repair {
  check: DossierCheck;
  from: number;
  to: number;
}

export class ReconciliationAborted extends Error {
  constructor() {
    super('reconciliation aborted: the process is shutting down');
  }
}

/**
 * One reconciliation run: reads the portal back (TraCuuHoSo) for every case touched in the window,
 * compares it with what the hub synced, re-sends what the portal lacks (the whole case, from
 * sequence 1) or holds differently (the last synced event, whose dossier write carries the whole
 * fold), waits for those re-sends to go through the normal sync path, and reads back again.
 */
@Injectable()
export class ReconcilePortalHandler {
  constructor(
    @Inject(ReconciliationRepository) private readonly runs: ReconciliationRepository,
    @Inject(PortalAdapter) private readonly portal: PortalSyncPort,
    @Inject(PORTAL_SYNC_CONFIG) private readonly config: PortalSyncConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(
    run: Reconciliation,
    stopping: () => boolean = () => false,
  ): Promise<ReconciliationReport> {
    const cases = await this.runs.touchedCases(
      { from: run.windowFrom, to: run.windowTo },
      this.config.RECONCILE_MAX_CASES,
    );
    const checks: DossierCheck[] = [];
    const repairs: Repair[] = [];
    await pool(cases, this.config.RECONCILE_CONCURRENCY, async (c) => {
      if (stopping()) throw new ReconciliationAborted();
      const outcome = await this.check(c.caseCode, c.department);
      checks.push(outcome.check);
      if (outcome.repair) repairs.push(outcome.repair);
    });

    await this.awaitRepairs(repairs, stopping);
    await pool(repairs, this.config.RECONCILE_CONCURRENCY, (r) => this.verify(r));

    checks.sort((a, b) => a.caseCode.localeCompare(b.caseCode));
    const count = (result: DossierCheck['result']): number =>
      checks.filter((c) => c.result === result).length;
    const report: ReconciliationReport = {
      checked: checks.length - count('skipped'),
      matching: count('matching'),
      repaired: count('repaired'),
      stillFailing: count('still-failing'),
      skipped: count('skipped'),
      details: checks,
    };
    return report;
  }

  private async check(
    caseCode: string,
    department: string,
  ): Promise<{ check: DossierCheck; repair?: Repair }> {
    const base = { caseCode, department };
    const skip = (reason: string) => ({
      check: { ...base, result: 'skipped' as const, differences: [], reason },
    });
    const before = await this.runs.caseJobs(caseCode);
    const view = caseSyncView(before);
    if (view.kind === 'skip') return skip(view.reason);
    const expected = this.expectedDossier(before.slice(0, view.syncedUpTo).map((j) => j.event));
    if (typeof expected === 'string') {
      return {
        check: { ...base, result: 'still-failing', differences: [], reason: expected },
      };
    }

    const lookup = await this.portal.lookupDossier(caseCode);
    const after = await this.runs.caseJobs(caseCode);
    if (jobsFingerprint(after) !== jobsFingerprint(before)) {
      return skip('its sync jobs changed while it was being checked');
    }

    let differences: DossierDifference[];
    let from: number;
    switch (lookup.kind) {
      case 'found':
        differences = compareDossiers(expected, lookup.dossier.portalCopy);
        if (differences.length === 0) {
          return { check: { ...base, result: 'matching', differences } };
        }
        // DongBoHoSoMC replaces the dossier whole: re-sending the last synced event suffices.
        from = view.syncedUpTo;
        break;
      case 'not-found':
        differences = [{ field: 'MaHoSo', hub: caseCode, portal: null }];
        // The portal lacks the dossier: create it again and replay every step, in order.
        from = 1;
        break;
      case 'rejected':
      case 'transient':
      case 'breaker-open':
        return {
          check: {
            ...base,
            result: 'still-failing',
            differences: [],
            reason: `the portal could not be read back: ${describeFailure(lookup)}`,
          },
        };
    }
    const to = view.syncedUpTo;
    const requeued = await this.runs.requeueForRepair(caseCode, from, to);
    if (!requeued) return skip('its sync jobs changed before the repair could be queued');
    this.logger.event('warn', 'reconciliation: portal differs from the hub; re-sending', {
      caseCode,
      fields: differences.map((d) => d.field).join(','),
      fromSequence: from,
      toSequence: to,
    });
    const check: DossierCheck = {
      ...base,
      result: 'still-failing',
      differences,
      resent: { fromSequence: from, toSequence: to },
    };
    return { check, repair: { check, from, to } };
  }

  /** Until every re-sent stretch is synced again (or dead), or the repair timeout passes. */
  private async awaitRepairs(repairs: Repair[], stopping: () => boolean): Promise<void> {
    const until = Date.now() + this.config.RECONCILE_REPAIR_TIMEOUT_MS;
    let open = [...repairs];
    while (open.length > 0 && Date.now() < until) {
      if (stopping()) throw new ReconciliationAborted();
      await sleep(250);
      const still: Repair[] = [];
      for (const r of open) {
        const jobs = (await this.runs.caseJobs(r.check.caseCode)).filter(
          (j) => j.sequence >= r.from && j.sequence <= r.to,
        );
        const settled =
          jobs.every((j) => j.state === 'synced') || jobs.some((j) => j.state === 'dead');
        if (!settled) still.push(r);
      }
      open = still;
    }
  }

  /** Reads the portal back again: repaired when it now matches, else still failing with why. */
  private async verify(r: Repair): Promise<void> {
    const jobs = await this.runs.caseJobs(r.check.caseCode);
    const stretch = jobs.filter((j) => j.sequence >= r.from && j.sequence <= r.to);
    const dead = stretch.find((j) => j.state === 'dead');
    if (dead) {
      r.check.reason =
        `re-send of sequence ${dead.sequence} was rejected: ${dead.lastErrorCode ?? ''} ${dead.lastErrorMessage ?? ''}`.trim();
      return;
    }
    const unsynced = stretch.find((j) => j.state !== 'synced');
    if (unsynced) {
      r.check.reason = `re-send of sequence ${unsynced.sequence} not synced within ${this.config.RECONCILE_REPAIR_TIMEOUT_MS} ms (${unsynced.state}${unsynced.lastErrorCode ? `: ${unsynced.lastErrorCode}` : ''})`;
      return;
    }
    const expected = this.expectedDossier(
      jobs.filter((j) => j.sequence <= r.to).map((j) => j.event),
    );
    const lookup = await this.portal.lookupDossier(r.check.caseCode);
    if (typeof expected === 'string') {
      r.check.reason = expected;
      return;
    }
    if (lookup.kind !== 'found') {
      r.check.reason = `read-back after the repair: ${
        lookup.kind === 'not-found' ? 'the portal still lacks it' : describeFailure(lookup)
      }`;
      return;
    }
    const left = compareDossiers(expected, lookup.dossier.portalCopy);
    if (left.length === 0) {
      r.check.result = 'repaired';
      return;
    }
    r.check.reason = `still differs after the repair: ${left.map((d) => d.field).join(', ')}`;
  }

  /** The dossier the hub's synced events fold to, or why it cannot be built. */
  private expectedDossier(events: Record<string, unknown>[]): PortalDossier | string {
    try {
      return buildDossier(events as unknown as CaseEvent[]);
    } catch (e) {
      if (e instanceof PortalAdapterException)
        return `the hub's history cannot be folded: ${e.message}`;
      throw e;
    }
  }
}

/** Runs `work` over `items`, at most `size` at a time. */
async function pool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, lane));
}

function describeFailure(failure: PortalFailure): string {
  return failure.kind === 'breaker-open'
    ? `${failure.code} (circuit breaker open)`
    : `${failure.code} ${failure.message}`;
}
