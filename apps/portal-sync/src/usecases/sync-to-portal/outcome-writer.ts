import { Inject, Injectable } from '@nestjs/common';
import { SYNC_OUTCOME, SYNC_OUTCOME_SOURCE, type SyncOutcomeEvent, topics } from '@hub/contracts';
import { toBinaryRecord } from '@hub/messaging';
import { type OutboxMessage } from '@hub/persistence';
import {
  type PortalSyncJobRecord,
  PortalSyncJobRepository,
  type SyncAttemptRecord,
} from '../../store';

interface Pending {
  entry: SyncAttemptRecord;
  resolve: (job: PortalSyncJobRecord | undefined) => void;
  reject: (error: unknown) => void;
}

/** Most outcomes written in one transaction. */
const MAX_BATCH = 256;

/**
 * Group commit for attempt outcomes. Each portal answer would otherwise cost its own transaction
 * (job update, attempt row, outbox row); instead, outcomes that arrive while a write is under way
 * wait for it and then go together in the next one. Alone, an outcome is written at once, so
 * nothing waits on a timer. Each caller still gets its own answer, and a failed write fails
 * every outcome in it (their leases run out and the jobs are sent again: nothing is lost).
 */
@Injectable()
export class OutcomeWriter {
  private queue: Pending[] = [];
  private writing?: Promise<void>;

  constructor(@Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository) {}

  /** Records the outcome with its announcement on hub.sync-results.v1; see `recordMany`. */
  write(entry: SyncAttemptRecord): Promise<PortalSyncJobRecord | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.writing ??= this.drain().finally(() => (this.writing = undefined));
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const answers = await this.jobs.recordMany(
          batch.map((p) => p.entry),
          announce,
        );
        batch.forEach((p, i) => p.resolve(answers[i]));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }
}

/** The job's new state as a sync outcome event, keyed by case (outbox → hub.sync-results.v1). */
export function announce(job: PortalSyncJobRecord): OutboxMessage {
  const outcome =
    job.state === 'synced' ? 'synced' : job.state === 'dead' ? 'dead' : 'retry_scheduled';
  const event: SyncOutcomeEvent = {
    specversion: '1.0',
    id: `${job.eventId}#${job.attempts}#${outcome}`,
    source: SYNC_OUTCOME_SOURCE,
    type: SYNC_OUTCOME,
    subject: job.caseCode,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: {
      eventId: job.eventId,
      eventType: job.eventType,
      caseCode: job.caseCode,
      sequence: job.sequence,
      department: job.department,
      outcome,
      attempts: job.attempts,
      ...(outcome === 'retry_scheduled' ? { nextAttemptAt: job.nextAttemptAt.toISOString() } : {}),
      ...(outcome !== 'synced' && job.lastErrorCode ? { errorCode: job.lastErrorCode } : {}),
      ...(outcome !== 'synced' && job.lastErrorMessage
        ? { errorMessage: job.lastErrorMessage }
        : {}),
    },
  };
  const record = toBinaryRecord(event, job.caseCode);
  return {
    topic: topics.syncResults,
    key: record.key,
    headers: record.headers,
    value: record.value,
  };
}
