import 'reflect-metadata';
import type { z } from 'zod';
import { loadConfig } from '@hub/config';
import type {
  bulkReplayResultSchema,
  caseTimelineSchema,
  catalogAgenciesSchema,
  catalogProcedureOneSchema,
  catalogProcedurePageSchema,
  catalogRefreshSchema,
  consoleSettingsSchema,
  deadLetterSchema,
  heldCaseSchema,
  nationalAdapterStatusSchema,
  procedureSyncRowSchema,
  reconciliationSchema,
  reuseKpisSchema,
  scorecardSchema,
  indicatorReportSummarySchema,
  syncHistorySchema,
  syncSummarySchema,
  nationalHistorySchema,
  syncSeriesSchema,
  syncTrendSchema,
  webhookSubscriptionHealthSchema,
  intakeDeadLetterSchema,
  indicatorTrendSchema,
} from '@hub/contracts';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import type {
  CatalogRefresh,
  HeldCase,
  Reconciliation,
  WebhookSubscriptionHealth,
} from '@hub/read-models';
import { opsConfigSpec } from './config';
import type { OpsController } from './ops.controller';
import type { ProceduresController } from './procedures.controller';
import { OpsModule } from './ops.module';
import type { CaseTimeline } from './usecases/get-case-timeline/get-case-timeline.handler';
import type { NamedDeadLetter } from './usecases/get-dead-letters/get-dead-letters.handler';
import type { Scorecard } from './usecases/get-indicators/get-indicators.handler';
import type { IndicatorReportSummary } from './reports/indicator-report.repository';
import type { NationalAdapterStatus } from './usecases/get-national-adapters/get-national-adapters.handler';
import type { ProcedureSyncRow } from './usecases/get-procedure-breakdown/get-procedure-breakdown.handler';
import type { ReuseKpis } from './usecases/get-reuse-kpis/get-reuse-kpis.handler';
import type { SyncHistory } from './usecases/get-sync-history/get-sync-history.handler';
import type { NationalHistory } from './usecases/get-national-history/get-national-history.handler';
import type { SyncSeries } from './usecases/get-sync-series/get-sync-series.handler';
import type { SyncTrend } from './usecases/get-sync-trend/get-sync-trend.handler';
import type { SyncSummary } from './usecases/get-sync-summary/get-sync-summary.handler';
import type { BulkReplayResult } from './usecases/replay-dead-letters/replay-dead-letters.handler';
import type { Json, Same } from '@hub/testing';
import type { IntakeDeadLetter } from './intake-dead-letters/intake-dead-letter.repository';
import type { IndicatorTrend } from './indicators/indicator-trend';

describe('ops HTTP API contract (contracts/openapi/ops.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(opsConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: '127.0.0.1:1',
      HUB_OPS_KEYS: 'ops:demo-ops-key',
    });
    const module = OpsModule.forRoot(config, HubLogger.for('ops', 'error'));
    expect(await routeCoverageOf(module, 'ops')).toEqual({ undocumented: [], unimplemented: [] });
  });

  it('documents the response types the controllers return', () => {
    // Compile-time: `npm run typecheck` fails when a result type and its schema drift apart.
    const checks: true[] = [
      true satisfies Same<Json<SyncSummary>, z.output<typeof syncSummarySchema>>,
      true satisfies Same<Json<HeldCase>, z.output<typeof heldCaseSchema>>,
      true satisfies Same<Json<NamedDeadLetter>, z.output<typeof deadLetterSchema>>,
      true satisfies Same<
        ReturnType<OpsController['getConsoleSettings']>,
        z.output<typeof consoleSettingsSchema>
      >,
      true satisfies Same<Json<SyncHistory>, z.output<typeof syncHistorySchema>>,
      true satisfies Same<Json<ProcedureSyncRow>, z.output<typeof procedureSyncRowSchema>>,
      true satisfies Same<
        Json<NationalAdapterStatus>,
        z.output<typeof nationalAdapterStatusSchema>
      >,
      true satisfies Same<Json<CaseTimeline>, z.output<typeof caseTimelineSchema>>,
      true satisfies Same<Json<BulkReplayResult>, z.output<typeof bulkReplayResultSchema>>,
      true satisfies Same<Json<ReuseKpis>, z.output<typeof reuseKpisSchema>>,
      true satisfies Same<Json<Scorecard>, z.output<typeof scorecardSchema>>,
      true satisfies Same<
        Json<IndicatorReportSummary>,
        z.output<typeof indicatorReportSummarySchema>
      >,
      true satisfies Same<Json<Reconciliation>, z.output<typeof reconciliationSchema>>,
      true satisfies Same<Json<CatalogRefresh>, z.output<typeof catalogRefreshSchema>>,
      true satisfies Same<
        Json<Awaited<ReturnType<ProceduresController['list']>>>,
        z.output<typeof catalogProcedurePageSchema>
      >,
      true satisfies Same<
        Json<Awaited<ReturnType<ProceduresController['one']>>>,
        z.output<typeof catalogProcedureOneSchema>
      >,
      true satisfies Same<
        Json<Awaited<ReturnType<ProceduresController['agencies']>>>,
        z.output<typeof catalogAgenciesSchema>
      >,
      true satisfies Same<Json<SyncSeries>, z.output<typeof syncSeriesSchema>>,
      true satisfies Same<Json<SyncTrend>, z.output<typeof syncTrendSchema>>,
      true satisfies Same<Json<NationalHistory>, z.output<typeof nationalHistorySchema>>,
      true satisfies Same<
        Json<WebhookSubscriptionHealth>,
        z.output<typeof webhookSubscriptionHealthSchema>
      >,
      true satisfies Same<Json<IntakeDeadLetter>, z.output<typeof intakeDeadLetterSchema>>,
      true satisfies Same<Json<IndicatorTrend>, z.output<typeof indicatorTrendSchema>>,
    ];
    expect(checks).toHaveLength(23);
  });
});
