import { Inject, Injectable } from '@nestjs/common';
import { departmentOfSource, topics } from '@hub/contracts';
import type { CaseEventRecord } from '@hub/messaging';
import { MetricsRegistry } from '@hub/observability';
import { withSpans } from '@hub/tracing';
import { type NewSyncJob, PortalSyncJobRepository } from '../../store';

/** Header set by the gateway: when the event was committed (the sync-age clock starts there). */
const ACCEPTED_AT_HEADER = 'hub-accepted-at';

/**
 * Turns case events from Kafka into durable sync jobs. Insert is idempotent by event id, and the
 * consumer commits the offset only after this resolves: a crash in between redelivers, and the
 * redelivery inserts nothing.
 */
@Injectable()
export class IngestCaseEventsHandler {
  private readonly ingested;

  constructor(
    @Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.ingested = metrics.counter(
      'hub_sync_jobs_created_total',
      'Sync jobs created from case events',
    );
  }

  /** `records`: read by the controller's pipe, which dead-letters any record it cannot read. */
  async execute(records: readonly CaseEventRecord[]): Promise<void> {
    // A consumer span per record, in the trace the record carries; each job keeps its span's
    // context, so that the sync continues the same trace whenever and wherever it runs.
    const created = await withSpans(
      () => `${topics.caseEvents} process`,
      records.map(({ record, event }) => ({
        headers: record.headers,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topics.caseEvents,
          'messaging.message.id': event.id,
        },
      })),
      'consumer',
      (traced) =>
        this.jobs.insertJobs(records.map((r, i) => this.toJob(r, traced[i]['traceparent']))),
    );
    this.ingested.inc(created);
  }

  private toJob({ record, event }: CaseEventRecord, traceParent?: string): NewSyncJob {
    const acceptedAt = new Date(record.headers[ACCEPTED_AT_HEADER] ?? Number(record.timestamp));
    // The record's timestamp is set by the relay's producer: when the event left the outbox.
    const publishedAt = new Date(Number(record.timestamp));
    return {
      eventId: event.id,
      caseCode: event.subject,
      department: departmentOfSource(event.source) ?? 'unknown',
      sequence: event.sequence,
      hubSequence: event.hubsequence ?? 0,
      eventType: event.type,
      event,
      acceptedAt: Number.isNaN(acceptedAt.getTime()) ? new Date() : acceptedAt,
      ...(Number.isNaN(publishedAt.getTime()) ? {} : { publishedAt }),
      ...(traceParent ? { traceParent } : {}),
    };
  }
}
