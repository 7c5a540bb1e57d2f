import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import type { z } from 'zod';
import { ApiKeyGuard } from '@hub/auth';
import { seriesQuerySchema } from '@hub/contracts';
import { ContractQueryPipe } from './http/contract-query.pipe';
import {
  GetNationalHistoryHandler,
  type NationalHistory,
} from './usecases/get-national-history/get-national-history.handler';
import {
  GetSyncSeriesHandler,
  type SyncSeries,
} from './usecases/get-sync-series/get-sync-series.handler';
import {
  GetSyncTrendHandler,
  type SyncTrend,
} from './usecases/get-sync-trend/get-sync-trend.handler';
import { GetWebhookHealthHandler } from './usecases/get-webhook-health/get-webhook-health.handler';
import type { WebhookSubscriptionHealth } from '@hub/read-models';

type SeriesQuery = z.output<typeof seriesQuerySchema>;
const seriesQuery = new ContractQueryPipe(seriesQuerySchema);

/** The console's views over time (1 h to 30 days) and the webhooks' health. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class SeriesController {
  constructor(
    @Inject(GetSyncSeriesHandler) private readonly sync: GetSyncSeriesHandler,
    @Inject(GetSyncTrendHandler) private readonly trend: GetSyncTrendHandler,
    @Inject(GetNationalHistoryHandler) private readonly national: GetNationalHistoryHandler,
    @Inject(GetWebhookHealthHandler) private readonly webhooks: GetWebhookHealthHandler,
  ) {}

  @Get('sync/series')
  getSyncSeries(@Query(seriesQuery) query: SeriesQuery): Promise<SyncSeries> {
    return this.sync.execute(query.range ?? '1h');
  }

  @Get('sync/trend')
  getSyncTrend(@Query(seriesQuery) query: SeriesQuery): Promise<SyncTrend> {
    return this.trend.execute(query.range ?? '1h');
  }

  @Get('national-adapters/history')
  getNationalHistory(@Query(seriesQuery) query: SeriesQuery): Promise<NationalHistory> {
    return this.national.execute(query.range ?? '1h');
  }

  @Get('webhooks/subscriptions')
  getWebhookHealth(): Promise<{ items: WebhookSubscriptionHealth[] }> {
    return this.webhooks.execute();
  }
}
