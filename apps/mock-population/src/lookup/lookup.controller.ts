import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LookupService } from './lookup.service';
import { LOOKUP_PATH, type LookupReply } from './lookup.wire';

/** The database's citizen lookup, as the data-sharing platform exposes it. */
@Controller()
export class LookupController {
  constructor(@Inject(LookupService) private readonly lookup: LookupService) {}

  @Post(LOOKUP_PATH)
  @HttpCode(200)
  async traCuu(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LookupReply['body']> {
    const reply = await this.lookup.handle(body);
    res.status(reply.httpStatus).set(reply.headers);
    return reply.body;
  }
}
