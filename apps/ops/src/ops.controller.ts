import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiKeyGuard, type AuthenticatedRequest } from '@hub/auth';
import { ProblemException } from '@hub/observability';
import { type DeadLetter, type HeldCase, PortalSyncJobRepository } from '@hub/persistence';
import {
  GetSyncSummaryHandler,
  type SyncSummary,
} from './usecases/get-sync-summary/get-sync-summary.handler';
import {
  GetReuseKpisHandler,
  type ReuseKpis,
  reuseKpiQueryErrors,
} from './usecases/get-reuse-kpis/get-reuse-kpis.handler';
import { ReplayDeadLetterHandler } from './usecases/replay-dead-letter/replay-dead-letter.handler';

function intParam(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new ProblemException(
      400,
      'INVALID_QUERY',
      'Invalid query parameter',
      `${name} is out of range.`,
      [{ path: `query.${name}`, message: `must be a whole number from 0 to ${max}` }],
    );
  }
  return n;
}

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class OpsController {
  constructor(
    @Inject(GetSyncSummaryHandler) private readonly summary: GetSyncSummaryHandler,
    @Inject(ReplayDeadLetterHandler) private readonly replay: ReplayDeadLetterHandler,
    @Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository,
    @Inject(GetReuseKpisHandler) private readonly reuse: GetReuseKpisHandler,
  ) {}

  /** Once-only reuse accounting per department for a month: `?month=YYYY-MM[&department=]`. */
  @Get('kpis/reuse')
  getReuseKpis(
    @Query('month') month?: string,
    @Query('department') department?: string,
  ): Promise<ReuseKpis> {
    const errors = reuseKpiQueryErrors(month, department);
    if (errors.length > 0) {
      throw new ProblemException(
        400,
        'INVALID_QUERY',
        'Invalid query parameter',
        'The reuse KPI request is invalid.',
        errors,
      );
    }
    return this.reuse.execute(month ?? '', department);
  }

  @Get('sync/summary')
  getSummary(): Promise<SyncSummary> {
    return this.summary.execute();
  }

  @Get('sync/held-cases')
  async getHeldCases(@Query('limit') limit?: string): Promise<{ items: HeldCase[] }> {
    return { items: await this.jobs.heldCases(intParam('limit', limit, 100, 1000)) };
  }

  @Get('dead-letters')
  async getDeadLetters(
    @Query('department') department?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: DeadLetter[]; limit: number; offset: number }> {
    const l = intParam('limit', limit, 100, 1000);
    const o = intParam('offset', offset, 0, 1_000_000);
    return {
      items: await this.jobs.deadLetters({ department, limit: l, offset: o }),
      limit: l,
      offset: o,
    };
  }

  @Post('dead-letters/:eventId/replay')
  @HttpCode(202)
  async replayDeadLetter(
    @Req() req: AuthenticatedRequest,
    @Param('eventId') eventId: string,
  ): Promise<{ eventId: string; status: 'replayed' }> {
    const outcome = await this.replay.execute(eventId, req.principal);
    switch (outcome) {
      case 'replayed':
        return { eventId, status: 'replayed' };
      case 'not-found':
        throw new ProblemException(
          404,
          'DEAD_LETTER_NOT_FOUND',
          'Dead letter not found',
          `No sync job for event ${eventId}.`,
          [{ path: 'eventId', message: 'is not a known event' }],
        );
      case 'not-dead':
        throw new ProblemException(
          409,
          'NOT_DEAD',
          'Event is not a dead letter',
          `Event ${eventId} is not dead; nothing to replay.`,
          [{ path: 'eventId', message: 'is not in the dead state' }],
        );
    }
  }
}
