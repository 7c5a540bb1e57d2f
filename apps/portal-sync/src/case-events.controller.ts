import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics } from '@hub/contracts';
import { type CaseEventRecord, readableCaseEvents } from '@hub/messaging';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';

/**
 * Case events become durable sync jobs; the offset is committed once they are stored.
 *
 * A record that is no readable case event is dead-lettered by the pipe (hub.dead-letters.v1, with
 * this group's name, personal IDs masked) before the handler runs; the partition moves on.
 */
@Controller()
export class CaseEventsController {
  constructor(@Inject(IngestCaseEventsHandler) private readonly ingest: IngestCaseEventsHandler) {}

  @EventPattern(topics.caseEvents)
  async storeSyncJobs(@Payload(readableCaseEvents()) records: CaseEventRecord[]): Promise<void> {
    await this.ingest.execute(records);
  }
}
