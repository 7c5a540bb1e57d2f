import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/messaging';
import { AcceptInboundRecordsHandler } from '../usecases/accept-inbound-records/accept-inbound-records.handler';

/**
 * Kafka intake: the same accept-events command as POST /v1/events, over another transport. The
 * offset of a batch is committed only after every record of it is either stored (Postgres) or
 * dead-lettered (acknowledged by Kafka). A stalled intake shows as consumer lag
 * (hub_consumer_lag, HubConsumerNotProgressing), never as an unready gateway.
 */
@Controller()
export class InboundController {
  constructor(
    @Inject(AcceptInboundRecordsHandler) private readonly accept: AcceptInboundRecordsHandler,
  ) {}

  @EventPattern(topics.inbound)
  async acceptInboundRecords(@Payload() records: ConsumedRecord[]): Promise<void> {
    await this.accept.execute(records);
  }
}
