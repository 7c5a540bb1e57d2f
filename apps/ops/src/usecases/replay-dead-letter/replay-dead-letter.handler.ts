import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { type ReplayOutcome, SyncStatusReader } from '@hub/read-models';

/** Sends a dead letter (and so the rest of its case) to the portal again. */
@Injectable()
export class ReplayDeadLetterHandler {
  constructor(
    @Inject(SyncStatusReader) private readonly status: SyncStatusReader,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(eventId: string, operator: string): Promise<ReplayOutcome> {
    const outcome = await this.status.replay(eventId, undefined, operator);
    // Every operator action is recorded with who did it.
    this.logger.event('info', 'dead letter replay requested', { eventId, operator, outcome });
    return outcome;
  }
}
