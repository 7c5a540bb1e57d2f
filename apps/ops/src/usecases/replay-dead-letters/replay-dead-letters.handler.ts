import { Inject, Injectable } from '@nestjs/common';
import type { ReplayOutcome } from '@hub/read-models';
import { ReplayDeadLetterHandler } from '../replay-dead-letter/replay-dead-letter.handler';

export interface BulkReplayResult {
  replayed: number;
  results: { eventId: string; status: ReplayOutcome }[];
}

/**
 * Replays many dead letters, one by one through the single replay (so each is audited with the
 * operator exactly like a single replay). Ids are de-duplicated; order is kept.
 */
@Injectable()
export class ReplayDeadLettersHandler {
  constructor(@Inject(ReplayDeadLetterHandler) private readonly single: ReplayDeadLetterHandler) {}

  async execute(eventIds: string[], operator: string): Promise<BulkReplayResult> {
    const results: BulkReplayResult['results'] = [];
    for (const eventId of [...new Set(eventIds)]) {
      results.push({ eventId, status: await this.single.execute(eventId, operator) });
    }
    return { replayed: results.filter((r) => r.status === 'replayed').length, results };
  }
}
