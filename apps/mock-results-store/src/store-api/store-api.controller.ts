import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LOOKUP_PATH, REGISTRATION_PATH, type StoreAnswer } from '../results/result.wire';
import { StoreApiService } from './store-api.service';

/** The store's lookup (known) and registration (inferred), as the portal exposes them. */
@Controller()
export class StoreApiController {
  constructor(@Inject(StoreApiService) private readonly store: StoreApiService) {}

  @Post(LOOKUP_PATH)
  @HttpCode(200)
  async traCuu(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StoreAnswer> {
    const reply = await this.store.lookup(body);
    res.status(reply.httpStatus).set(reply.headers);
    return reply.body;
  }

  @Post(REGISTRATION_PATH)
  @HttpCode(200)
  async dangKy(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StoreAnswer> {
    const reply = await this.store.register(body);
    res.status(reply.httpStatus).set(reply.headers);
    return reply.body;
  }
}
