import { Body, Controller, Get, Header, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { PAYMENT_PATHS } from '@hub/national-adapters';
import type { Request, Response } from 'express';
import { PaymentBook } from './payment-book';
import { PAY_PAGE_PATH, PlatformService } from './platform.service';

/** The platform's base path below the origin (inferred; see README). */
export const PLATFORM_BASE_PATH = 'thanhtoan/api/v1';

/** INIT and QUERY, as the national payment platform takes them, and the payer's page. */
@Controller()
export class PlatformController {
  constructor(
    @Inject(PlatformService) private readonly platform: PlatformService,
    @Inject(PaymentBook) private readonly book: PaymentBook,
  ) {}

  @Post(`${PLATFORM_BASE_PATH}/${PAYMENT_PATHS.init}`)
  async init(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const reply = await this.platform.init(body, `${req.protocol}://${req.get('host') ?? ''}`);
    res.status(reply.httpStatus).set(reply.headers);
    return reply.body;
  }

  @Post(`${PLATFORM_BASE_PATH}/${PAYMENT_PATHS.query}`)
  async query(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const reply = await this.platform.query(body);
    res.status(reply.httpStatus).set(reply.headers);
    return reply.body;
  }

  /** Where UrlThanhToan points: a plain page saying what would be paid and how to pay it here. */
  @Get(`${PAY_PAGE_PATH}/:reference`)
  @Header('content-type', 'text/plain; charset=utf-8')
  page(@Param('reference') reference: string): string {
    const payment = this.book.find(reference);
    if (payment === undefined) return `Không tìm thấy giao dịch ${reference.slice(0, 50)}\n`;
    return [
      'Cổng thanh toán (mock)',
      `Mã tham chiếu: ${payment.reference}`,
      `Hồ sơ: ${payment.init.ThongTinBienLai.MaHoSo}`,
      `Số tiền: ${payment.init.SoTien} VND`,
      `Trạng thái: ${payment.state}`,
      '',
      `Pay: curl -X POST <this origin>/__mock/payments/${payment.reference}/pay`,
      '',
    ].join('\n');
  }
}
