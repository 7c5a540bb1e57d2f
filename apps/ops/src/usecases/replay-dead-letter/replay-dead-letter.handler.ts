import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { PortalSyncJobRepository } from '@hub/persistence';

export type ReplayOutcome = 'replayed' | 'not-found' | 'not-dead';

/** Sends a dead letter (and so the rest of its case) to the portal again. */
@Injectable()
export class ReplayDeadLetterHandler {
  constructor(
    @Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(eventId: string, operator: string): Promise<ReplayOutcome> {
    const outcome = await this.jobs.replay(eventId, undefined, operator);
    // Every operator action is recorded with who did it.
    this.logger.event('info', 'dead letter replay requested', { eventId, operator, outcome });
    return outcome;
  }
}
