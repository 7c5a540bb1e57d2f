import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/messaging';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';

/** Case events become durable sync jobs; the offset is committed once they are stored. */
@Controller()
export class CaseEventsController {
  constructor(@Inject(IngestCaseEventsHandler) private readonly ingest: IngestCaseEventsHandler) {}

  @EventPattern(topics.caseEvents)
  async storeSyncJobs(@Payload() records: ConsumedRecord[]): Promise<void> {
    await this.ingest.execute(records);
  }
}
