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
import { ProblemException } from '@hub/observability';
import { type Reconciliation, SyncStatusReader } from '@hub/read-models';
import { requestReconciliationCommand } from './usecases/request-reconciliation/request-reconciliation.command';
import { RequestReconciliationHandler } from './usecases/request-reconciliation/request-reconciliation.handler';
import { intParam } from './query-params';

@Controller('v1/reconciliations')
@UseGuards(ApiKeyGuard)
export class ReconciliationsController {
  constructor(
    @Inject(RequestReconciliationHandler) private readonly request: RequestReconciliationHandler,
    @Inject(SyncStatusReader) private readonly status: SyncStatusReader,
  ) {}

  @Post()
  @HttpCode(202)
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<Reconciliation> {
    return this.request.execute(requestReconciliationCommand(body, req.principal));
  }

  @Get()
  async list(
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: Reconciliation[]; limit: number; offset: number }> {
    const l = intParam('limit', limit, 50, 500);
    const o = intParam('offset', offset, 0, 1_000_000);
    return { items: await this.status.reconciliations(l, o), limit: l, offset: o };
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<Reconciliation> {
    const run = await this.status.reconciliation(id);
    if (!run) {
      throw new ProblemException(
        404,
        'RECONCILIATION_NOT_FOUND',
        'Reconciliation not found',
        `No reconciliation ${id}.`,
        [{ path: 'id', message: 'is not a known reconciliation' }],
      );
    }
    return run;
  }
}
