import {
  Body,
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
import { unstorableString } from '@hub/contracts';
import { ProblemException } from '@hub/observability';
import { type HeldCase, SyncStatusReader } from '@hub/read-models';
import { OPS_CONFIG, type OpsConfig } from './config';
import {
  type CaseTimeline,
  GetCaseTimelineHandler,
} from './usecases/get-case-timeline/get-case-timeline.handler';
import {
  GetDeadLettersHandler,
  type NamedDeadLetter,
} from './usecases/get-dead-letters/get-dead-letters.handler';
import {
  GetNationalAdaptersHandler,
  type NationalAdapterStatus,
} from './usecases/get-national-adapters/get-national-adapters.handler';
import {
  GetProcedureBreakdownHandler,
  type ProcedureSyncRow,
} from './usecases/get-procedure-breakdown/get-procedure-breakdown.handler';
import {
  GetSyncHistoryHandler,
  type SyncHistory,
} from './usecases/get-sync-history/get-sync-history.handler';
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
import {
  type BulkReplayResult,
  ReplayDeadLettersHandler,
} from './usecases/replay-dead-letters/replay-dead-letters.handler';
import { parseBulkReplay } from './usecases/replay-dead-letters/replay-dead-letters.command';
import { intParam, onceParam } from './query-params';

/** What Postgres cannot compare (a NUL, a lone surrogate) is 400 naming the parameter, not 500. */
function storableParam(path: string, raw: string): string {
  const reason = unstorableString(raw);
  if (reason === undefined) return raw;
  throw new ProblemException(
    400,
    'INVALID_PARAMETER',
    'Invalid parameter',
    `${path} cannot name anything the hub stores.`,
    [{ path, message: reason }],
  );
}

/** Department codes, procedure codes, portal reason codes: short, plain tokens. */
const TOKEN = /^[A-Za-z0-9._:-]{1,64}$/;

function tokenParam(name: string, given: string | undefined): string | undefined {
  const raw = onceParam(name, given);
  if (raw === undefined || raw === '') return undefined;
  if (!TOKEN.test(raw)) {
    throw new ProblemException(
      400,
      'INVALID_QUERY',
      'Invalid query parameter',
      `${name} is not a valid code.`,
      [{ path: `query.${name}`, message: 'must be 1–64 letters, digits or . _ : -' }],
    );
  }
  return raw;
}

function textParam(name: string, given: string | undefined): string | undefined {
  const raw = onceParam(name, given);
  if (raw === undefined || raw.trim() === '') return undefined;
  storableParam(`query.${name}`, raw);
  if (raw.length > 200) {
    throw new ProblemException(
      400,
      'INVALID_QUERY',
      'Invalid query parameter',
      `${name} is too long.`,
      [{ path: `query.${name}`, message: 'must be at most 200 characters' }],
    );
  }
  return raw.trim();
}

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class OpsController {
  constructor(
    @Inject(GetSyncSummaryHandler) private readonly summary: GetSyncSummaryHandler,
    @Inject(ReplayDeadLetterHandler) private readonly replay: ReplayDeadLetterHandler,
    @Inject(SyncStatusReader) private readonly status: SyncStatusReader,
    @Inject(ReplayDeadLettersHandler) private readonly bulkReplay: ReplayDeadLettersHandler,
    @Inject(GetCaseTimelineHandler) private readonly timeline: GetCaseTimelineHandler,
    @Inject(GetNationalAdaptersHandler) private readonly adapters: GetNationalAdaptersHandler,
    @Inject(GetSyncHistoryHandler) private readonly history: GetSyncHistoryHandler,
    @Inject(GetProcedureBreakdownHandler) private readonly procedures: GetProcedureBreakdownHandler,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
    @Inject(GetReuseKpisHandler) private readonly reuse: GetReuseKpisHandler,
    @Inject(GetDeadLettersHandler) private readonly deadLetters: GetDeadLettersHandler,
  ) {}

  /** What the web console needs to know about this deployment. */
  @Get('console/settings')
  getConsoleSettings(): { target: number; syncDeadlineSeconds: number; refreshMs: number } {
    return {
      target: 1,
      syncDeadlineSeconds: this.config.OPS_SYNC_DEADLINE_SECONDS,
      refreshMs: this.config.OPS_CONSOLE_REFRESH_MS,
    };
  }

  @Get('sync/history')
  getHistory(@Query('minutes') minutes?: string): Promise<SyncHistory> {
    const m = intParam('minutes', minutes, 60, 1440);
    if (m === 0) {
      throw new ProblemException(400, 'INVALID_QUERY', 'Invalid query parameter', 'minutes is 0.', [
        { path: 'query.minutes', message: 'must be a whole number from 1 to 1440' },
      ]);
    }
    return this.history.execute(m);
  }

  @Get('sync/procedures')
  getProcedures(): Promise<{ items: ProcedureSyncRow[] }> {
    return this.procedures.execute();
  }

  @Get('national-adapters')
  getNationalAdapters(): Promise<{ items: NationalAdapterStatus[]; staleAfterSeconds: number }> {
    return this.adapters.execute();
  }

  @Get('cases/:caseCode/timeline')
  async getCaseTimeline(@Param('caseCode') caseCode: string): Promise<CaseTimeline> {
    if (caseCode.length > 100) {
      throw new ProblemException(400, 'INVALID_CASE_CODE', 'Invalid case code', 'Too long.', [
        { path: 'caseCode', message: 'must be at most 100 characters' },
      ]);
    }
    storableParam('caseCode', caseCode);
    const found = await this.timeline.execute(caseCode);
    if (!found) {
      throw new ProblemException(
        404,
        'CASE_NOT_FOUND',
        'Case not found',
        `The hub has no case ${caseCode}.`,
        [{ path: 'caseCode', message: 'is not a known case' }],
      );
    }
    return found;
  }

  @Post('dead-letters/replay')
  @HttpCode(202)
  replayDeadLetters(
    @Req() req: AuthenticatedRequest,
    @Body() body: unknown,
  ): Promise<BulkReplayResult> {
    const { eventIds } = parseBulkReplay(body);
    // The command's schema bounds each id's length only; a NUL failed in Postgres with 500.
    eventIds.forEach((id, index) => storableParam(`body.eventIds[${index}]`, id));
    return this.bulkReplay.execute(eventIds, req.principal);
  }

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
  async getHeldCases(
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: HeldCase[]; total: number; limit: number; offset: number }> {
    const page = {
      limit: intParam('limit', limit, 100, 1000),
      offset: intParam('offset', offset, 0, 1_000_000_000),
    };
    const [items, total] = await Promise.all([
      this.status.heldCases(page),
      this.status.heldCaseCount(),
    ]);
    return { items, total, ...page };
  }

  @Get('dead-letters')
  async getDeadLetters(
    @Query('department') department?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
    @Query('procedure') procedure?: string,
    @Query('reasonCode') reasonCode?: string,
    @Query('q') text?: string,
  ): Promise<{ items: NamedDeadLetter[]; limit: number; offset: number }> {
    const l = intParam('limit', limit, 100, 1000);
    const o = intParam('offset', offset, 0, 1_000_000);
    return {
      items: await this.deadLetters.execute({
        department: tokenParam('department', department),
        procedureCode: tokenParam('procedure', procedure),
        reasonCode: tokenParam('reasonCode', reasonCode),
        text: textParam('q', text),
        limit: l,
        offset: o,
      }),
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
    const outcome = await this.replay.execute(storableParam('eventId', eventId), req.principal);
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
