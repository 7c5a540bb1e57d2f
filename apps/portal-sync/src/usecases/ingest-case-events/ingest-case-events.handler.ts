import { Inject, Injectable } from '@nestjs/common';
import { departmentOfSource, readCaseEvent } from '@hub/contracts';
import { type ConsumedRecord, fromBinaryRecord } from '@hub/messaging';
import { HubLogger, MetricsRegistry } from '@hub/observability';
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
  private readonly poison;

  constructor(
    @Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.ingested = metrics.counter(
      'hub_sync_jobs_created_total',
      'Sync jobs created from case events',
    );
    this.poison = metrics.counter(
      'hub_sync_poison_records_total',
      'Records on hub.case-events.v1 that could not be read',
    );
  }

  async execute(records: ConsumedRecord[]): Promise<void> {
    const jobs: NewSyncJob[] = [];
    for (const record of records) {
      const job = this.toJob(record);
      if (job) jobs.push(job);
    }
    const created = await this.jobs.insertJobs(jobs);
    this.ingested.inc(created);
  }

  private toJob(record: ConsumedRecord): NewSyncJob | undefined {
    const where = { topic: record.topic, partition: record.partition, offset: record.offset };
    let parsed;
    try {
      // Tolerant reader: an event from a newer release (new optional fields) must not be skipped
      // by a replica still on this build (contracts/README.md).
      parsed = readCaseEvent(fromBinaryRecord(record.headers, record.value));
    } catch (e) {
      this.poison.inc();
      this.logger.event('error', 'unreadable record skipped', {
        ...where,
        error: e instanceof Error ? e.message : String(e),
      });
      return undefined;
    }
    if (!parsed.ok) {
      // Only the gateway writes this topic, after the same validation: this is a bug, not data to retry.
      this.poison.inc();
      this.logger.event('error', 'invalid case event skipped', {
        ...where,
        eventId: record.headers['ce_id'],
        caseCode: record.key ?? undefined,
        violations: parsed.violations.map((v) => v.path),
      });
      return undefined;
    }
    const event = parsed.value;
    const acceptedAt = new Date(record.headers[ACCEPTED_AT_HEADER] ?? Number(record.timestamp));
    // The record's timestamp is set by the relay's producer: when the event left the outbox.
    const publishedAt = new Date(Number(record.timestamp));
    return {
      eventId: event.id,
      caseCode: event.subject,
      department: departmentOfSource(event.source) ?? 'unknown',
      sequence: event.sequence,
      eventType: event.type,
      event: event as unknown as Record<string, unknown>,
      acceptedAt: Number.isNaN(acceptedAt.getTime()) ? new Date() : acceptedAt,
      ...(Number.isNaN(publishedAt.getTime()) ? {} : { publishedAt }),
    };
  }
}
