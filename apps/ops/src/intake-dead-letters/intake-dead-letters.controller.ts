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
import { intParam, onceParam } from '../query-params';
import { type IntakeDeadLetter, IntakeDeadLetterRepository } from './intake-dead-letter.repository';

/**
 * The records the hub's consumers set aside (hub.dead-letters.v1), as ops keeps them. They cannot
 * be replayed: the hub keeps no copy of a refused record's content (it may hold personal data), and
 * the content itself was refused; the department resends a corrected record, and an operator marks
 * the dead letter handled.
 */
@Controller('v1/intake-dead-letters')
@UseGuards(ApiKeyGuard)
export class IntakeDeadLettersController {
  constructor(
    @Inject(IntakeDeadLetterRepository) private readonly letters: IntakeDeadLetterRepository,
  ) {}

  @Get()
  async list(
    @Query('state') state?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: IntakeDeadLetter[]; open: number; limit: number; offset: number }> {
    const which = onceParam('state', state) ?? 'open';
    if (which !== 'open' && which !== 'all') {
      throw new ProblemException(
        400,
        'INVALID_QUERY',
        'Invalid query parameter',
        'state is not one of open, all.',
        [{ path: 'query.state', message: 'must be "open" or "all"' }],
      );
    }
    const l = intParam('limit', onceParam('limit', limit), 50, 500);
    const o = intParam('offset', onceParam('offset', offset), 0, 1_000_000);
    const { items, open } = await this.letters.list({ state: which, limit: l, offset: o });
    return { items, open, limit: l, offset: o };
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<IntakeDeadLetter> {
    if (!/^[\x21-\x7e]{1,300}$/.test(id)) {
      throw new ProblemException(
        400,
        'INVALID_ID',
        'Invalid dead-letter id',
        'A dead-letter id is 1–300 printable ASCII characters.',
        [{ path: 'id', message: 'must be 1–300 printable ASCII characters without spaces' }],
      );
    }
    const letter = await this.letters.acknowledge(id, req.principal);
    if (!letter) {
      throw new ProblemException(
        404,
        'DEAD_LETTER_NOT_FOUND',
        'Dead letter not found',
        `No intake dead letter ${id}.`,
        [{ path: 'id', message: 'is not a known intake dead letter' }],
      );
    }
    return letter;
  }
}
