import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics } from '@hub/contracts';
import { type CaseEventRecord, readableCaseEvents } from '@hub/messaging';
import { FanOutEventsHandler } from './usecases/fan-out-events/fan-out-events.handler';

/**
 * Case events become one stored delivery per matching subscription, before the commit.
 *
 * A record that is no readable case event is dead-lettered by the pipe (hub.dead-letters.v1, with
 * this group's name, personal IDs masked) before the handler runs; the partition moves on.
 */
@Controller()
export class CaseEventsController {
  constructor(@Inject(FanOutEventsHandler) private readonly fanOut: FanOutEventsHandler) {}

  @EventPattern(topics.caseEvents)
  async fanOutCaseEvents(@Payload(readableCaseEvents()) records: CaseEventRecord[]): Promise<void> {
    await this.fanOut.execute(records);
  }
}
