import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CLOCK, type Clock, RecordStore, invalidRequest, issuesOf } from '@hub/mock-kit';
import { HubLogger, ProblemException } from '@hub/observability';
import { z } from 'zod';
import { type HeldResult, HeldResults } from '../results/held-results';
import { type HeldResultPatch, maskId, seedRequestSchema } from '../results/result.wire';

const listQuerySchema = z.strictObject({ owner: z.string().min(1).max(20).optional() });

/**
 * Putting a result in the store that no hub registered (a result another province issued, say)
 * and seeing what the store holds. Outside the store's protocol, for tests and demos.
 */
@Controller('__mock/results')
export class ResultsControlController {
  constructor(
    @Inject(HeldResults) private readonly held: HeldResults,
    @Inject(RecordStore) private readonly records: RecordStore<HeldResult, HeldResultPatch>,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** 201 with the new result; 200 with the held one when it is already there; 409 on a conflict. */
  @Post()
  seed(@Body() body: unknown, @Res({ passthrough: true }) res: Response): HeldResult {
    const parsed = seedRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw invalidRequest('INVALID_RESULT', 'Invalid result', issuesOf(parsed.error.issues));
    }
    const outcome = this.held.seed(parsed.data, this.clock());
    this.logger.event('info', 'result seeded', {
      maskedOwnerId: maskId(parsed.data.SoDinhDanhChuSoHuu),
      resultCode: parsed.data.MaKetQua,
      outcome: outcome.kind,
    });
    switch (outcome.kind) {
      case 'registered':
        res.status(201);
        return outcome.held;
      case 'already-registered':
        res.status(200);
        return this.records.find(outcome.held.MaDangKy) ?? outcome.held;
      case 'conflict':
        throw new ProblemException(409, 'RESULT_CONFLICT', 'Result conflict', outcome.reason);
    }
  }

  /** What the store holds, oldest first, with any override applied; `owner` narrows it. */
  @Get()
  list(@Query() query: unknown): HeldResult[] {
    const parsed = listQuerySchema.safeParse(query ?? {});
    if (!parsed.success) {
      throw invalidRequest('INVALID_QUERY', 'Invalid query', issuesOf(parsed.error.issues));
    }
    return this.held
      .idsOf(parsed.data.owner)
      .map((id) => this.records.find(id))
      .filter((held): held is HeldResult => held !== undefined);
  }
}
