import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/messaging';
import { FanOutEventsHandler } from './usecases/fan-out-events/fan-out-events.handler';

/** Case events become one stored delivery per matching subscription, before the commit. */
@Controller()
export class CaseEventsController {
  constructor(@Inject(FanOutEventsHandler) private readonly fanOut: FanOutEventsHandler) {}

  @EventPattern(topics.caseEvents)
  async fanOutCaseEvents(@Payload() records: ConsumedRecord[]): Promise<void> {
    await this.fanOut.execute(records);
  }
}
