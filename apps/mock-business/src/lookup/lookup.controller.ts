import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LookupService } from './lookup.service';
import { LOOKUP_PATH, type LookupReply } from './lookup.wire';

/** The registry's enterprise detail lookup. */
@Controller()
export class LookupController {
  constructor(@Inject(LookupService) private readonly lookup: LookupService) {}

  @Get(LOOKUP_PATH)
  async chiTietDoanhNghiep(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LookupReply['body']> {
    const reply = await this.lookup.handle(query);
    res.status(reply.httpStatus).set(reply.headers);
    return reply.body;
  }
}
