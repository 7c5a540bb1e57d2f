import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics } from '@hub/contracts';
import { type CaseEventRecord, readableCaseEvents } from '@hub/messaging';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';

/**
 * Case events become registry lookups and reusable results. Its own consumer group: enrichment
 * never slows the portal sync group, and vice versa.
 *
 * A record that is no readable case event is dead-lettered by the pipe (hub.dead-letters.v1, with
 * this group's name, personal IDs masked) before the handler runs; the partition moves on.
 */
@Controller()
export class CaseEventsController {
  constructor(@Inject(IngestCaseEventsHandler) private readonly ingest: IngestCaseEventsHandler) {}

  @EventPattern(topics.caseEvents)
  async queueLookupsAndResults(
    @Payload(readableCaseEvents()) records: CaseEventRecord[],
  ): Promise<void> {
    await this.ingest.execute(records);
  }
}
