import { Inject, Injectable } from '@nestjs/common';
import type { CaseEvent } from '@hub/contracts';
import { PortalAdapter, type PortalSyncOutcome } from '@hub/national-adapters';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { PortalSyncJobRecord, SyncJobResult } from '../../store';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from '../../config';
import { OutcomeWriter } from './outcome-writer';
import { retryDelayMs } from './retry-policy';

export type SyncJobOutcome = 'synced' | 'retry-later' | 'dead-letter' | 'lost-lease';

/** Maps what the portal said to what happens to the job. Pure: the policy lives here. */
export function decide(
  outcome: PortalSyncOutcome,
  attemptsBefore: number,
  retry: { baseMs: number; maxMs: number },
  now: number = Date.now(),
): SyncJobResult {
  switch (outcome.kind) {
    case 'synced':
      return { state: 'synced', portalStatus: outcome.portalStatus };
    case 'rejected':
      return {
        state: 'dead',
        errorCode: outcome.portalCode ? `${outcome.code}:${outcome.portalCode}` : outcome.code,
        errorMessage: outcome.message,
        dossierSynced: outcome.dossierSynced ?? false,
      };
    case 'transient':
      return {
        state: 'retrying',
        attempted: true,
        dossierSynced: outcome.dossierSynced ?? false,
        errorCode: outcome.code,
        errorMessage: outcome.message,
        nextAttemptAt: new Date(
          now + retryDelayMs(attemptsBefore + 1, { ...retry, retryAfterMs: outcome.retryAfterMs }),
        ),
      };
    case 'breaker-open':
      // Nothing was sent: the job waits without spending an attempt.
      return {
        state: 'retrying',
        attempted: false,
        dossierSynced: outcome.dossierSynced ?? false,
        errorCode: outcome.code,
        errorMessage: 'circuit breaker open: the portal is failing, work waits',
        nextAttemptAt: new Date(now + Math.max(outcome.retryAfterMs, 100)),
      };
  }
}

/** Sends one claimed job to the portal and records the outcome with its announcement. */
@Injectable()
export class SyncToPortalHandler {
  private readonly outcomes;
  private readonly latency;

  constructor(
    @Inject(OutcomeWriter) private readonly outcomesWriter: OutcomeWriter,
    @Inject(PortalAdapter) private readonly portal: PortalAdapter,
    @Inject(PORTAL_SYNC_CONFIG) private readonly config: PortalSyncConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.outcomes = metrics.counter('hub_sync_attempts_total', 'Portal sync attempts by outcome', [
      'outcome',
    ] as const);
    this.latency = metrics.histogram(
      'hub_sync_end_to_end_seconds',
      'From gateway acceptance to portal acknowledgement',
      [],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    );
  }

  /** `history`: the case's events up to and including the job's, in order (claimDueWithHistories). */
  async execute(
    job: PortalSyncJobRecord,
    history: readonly CaseEvent[],
    worker: string,
  ): Promise<SyncJobOutcome> {
    const event = history[history.length - 1];
    const outcome = await this.portal.syncEvent(event, history, {
      replay: job.replayCount,
      dossierAlreadySynced: job.dossierSyncedAt !== null,
    });
    const result = decide(outcome, job.attempts, {
      baseMs: this.config.RETRY_BASE_MS,
      maxMs: this.config.RETRY_MAX_MS,
    });
    const recorded = await this.outcomesWriter.write({
      eventId: job.eventId,
      worker,
      result,
      claimed: job,
    });
    const context = { eventId: job.eventId, caseCode: job.caseCode, sequence: job.sequence };
    if (!recorded) {
      this.logger.event(
        'warn',
        'lease lost before the outcome was recorded; another replica owns the job',
        context,
      );
      return 'lost-lease';
    }
    switch (result.state) {
      case 'synced':
        this.outcomes.inc({ outcome: 'synced' });
        this.latency.observe((Date.now() - job.acceptedAt.getTime()) / 1000);
        return 'synced';
      case 'retrying':
        this.outcomes.inc({ outcome: result.attempted ? 'retry' : 'breaker_open' });
        if (result.attempted) {
          this.logger.event('info', 'portal sync will be retried', {
            ...context,
            errorCode: result.errorCode,
            attempts: recorded.attempts,
            nextAttemptAt: result.nextAttemptAt.toISOString(),
          });
        }
        return 'retry-later';
      case 'dead':
        this.outcomes.inc({ outcome: 'dead' });
        this.logger.event(
          'warn',
          'portal rejected the event; parked as dead letter, the case waits behind it',
          {
            ...context,
            errorCode: result.errorCode,
            errorMessage: result.errorMessage,
          },
        );
        return 'dead-letter';
    }
  }
}
