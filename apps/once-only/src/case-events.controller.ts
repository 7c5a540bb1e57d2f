import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/messaging';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';

/**
 * Case events become registry lookups and reusable results. Its own consumer group: enrichment
 * never slows the portal sync group, and vice versa.
 */
@Controller()
export class CaseEventsController {
  constructor(@Inject(IngestCaseEventsHandler) private readonly ingest: IngestCaseEventsHandler) {}

  @EventPattern(topics.caseEvents)
  async queueLookupsAndResults(@Payload() records: ConsumedRecord[]): Promise<void> {
    await this.ingest.execute(records);
  }
}
