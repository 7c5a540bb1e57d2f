import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PortalApiService } from './portal-api.service';
import type { PortalBody } from './wire';

/** The portal's single adapter endpoint; every service call and the login arrive here. */
@Controller('dvcqg')
export class DvcqgController {
  constructor(@Inject(PortalApiService) private readonly portal: PortalApiService) {}

  @Post('api')
  @HttpCode(200)
  async call(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PortalBody> {
    const reply = await this.portal.handle(body, idempotencyKey);
    res.status(reply.httpStatus).set(reply.headers);
    return reply.body;
  }
}
