import { z } from 'zod';
import { departmentCode } from '../primitives';
import { commonRoutes } from './common';
import type { HttpApiContract } from './route-catalog';

const syncCounts = {
  total: z.number().int().describe('every accepted event'),
  synced: z.number().int(),
  pending: z.number().int().describe('including accepted events not yet turned into a sync job'),
  retrying: z.number().int(),
  dead: z.number().int(),
  oldestUnsyncedSeconds: z.number(),
};

/** Next to a `procedureCode`, for the console's tables: one catalog lookup per answer. */
const procedureName = z
  .string()
  .nullable()
  .describe("the national catalog's name of the procedure; null when the catalog does not know the code");

export const syncSummarySchema = z.object({
  ...syncCounts,
  syncRate: z.number().min(0).max(1).describe('synced / total; 1 when nothing was accepted'),
  heldCases: z.number().int().describe('cases waiting for a sequence the hub never received'),
  byDepartment: z.array(z.object({ department: z.string(), ...syncCounts, syncRate: z.number().min(0).max(1) })),
  generatedAt: z.string(),
});

export const heldCaseSchema = z.object({
  caseCode: z.string(),
  department: z.string(),
  missingSequence: z.number().int().describe('the sequence the portal needs next and the hub has not received'),
  waiting: z.number().int().describe('events of the case accepted and waiting behind the missing one'),
  waitingSince: z.iso.datetime().describe('when the oldest of them was accepted'),
  oldestWaitingSeconds: z.number(),
});

/** A record a consumer set aside (hub.dead-letters.v1), as ops keeps it: no content of the original. */
export const intakeDeadLetterSchema = z.object({
  id: z.string().describe('the dead letter\'s id (derived from topic, partition and offset)'),
  deadAt: z.string().describe('when it was set aside'),
  consumerGroup: z.string().describe('the consumer group that set it aside (hub-gateway-inbound: a department\'s Kafka record)'),
  department: z.string().nullable().describe('the department the record claimed, when readable'),
  eventId: z.string().nullable(),
  caseCode: z.string().nullable().describe('the record\'s key (normally the case code), personal IDs masked'),
  code: z.string().describe('the stable code the HTTP gateway would answer (INVALID_EVENT, FORBIDDEN_SOURCE, …) or MALFORMED_RECORD, UNAUTHENTICATED, UNREADABLE_CASE_EVENT'),
  detail: z.string(),
  errors: z.array(z.object({ index: z.number().int().optional(), path: z.string(), message: z.string() })),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  acknowledgedAt: z.string().nullable().describe('when an operator marked it handled'),
  acknowledgedBy: z.string().nullable().describe('who did'),
});

export const deadLetterSchema = z.object({
  eventId: z.string(),
  caseCode: z.string(),
  department: z.string(),
  procedureCode: z.string().nullable(),
  procedureName,
  sequence: z.number().int(),
  eventType: z.string(),
  attempts: z.number().int(),
  errorCode: z.string().nullable().describe('e.g. PORTAL_REJECTED:<portal code>'),
  errorMessage: z.string().nullable(),
  deadAt: z.string().nullable(),
  acceptedAt: z.string(),
  waitingBehind: z.number().int().describe('later events of the same case waiting behind this one'),
});

export const consoleSettingsSchema = z.object({
  target: z.number().describe('the sync-rate target (1 = 100%)'),
  syncDeadlineSeconds: z.number().int().describe('OPS_SYNC_DEADLINE_SECONDS: older unsynced events are late'),
  refreshMs: z.number().int().describe('how often the console polls'),
});

export const syncHistorySchema = z.object({
  minutes: z.number().int(),
  samples: z.array(
    z.object({
      at: z.string(),
      syncRate: z.number(),
      total: z.number().int(),
      synced: z.number().int(),
      backlog: z.number().int().describe('accepted events not synced (pending + retrying + dead)'),
      dead: z.number().int(),
      oldestUnsyncedSeconds: z.number(),
      outboxBacklog: z.number().int(),
    }),
  ),
  throughput: z
    .array(z.object({ minute: z.string(), accepted: z.number().int(), synced: z.number().int() }))
    .describe('one entry per minute of the window, zero-filled, oldest first'),
});

/** The console's chart windows: raw samples for an hour, buckets for the longer ones. */
export const seriesRanges = ['1h', '24h', '7d', '30d'] as const;

export const seriesQuerySchema = z.object({
  range: z
    .enum(seriesRanges)
    .optional()
    .describe('the window: 1h (every sample), 24h (2-minute buckets), 7d (15 minutes) or 30d (1 hour); default 1h'),
});

const seriesWindow = {
  range: z.enum(seriesRanges),
  from: z.string().describe('start of the window (of its first bucket)'),
  to: z.string().describe('end of the window: now'),
  bucketSeconds: z
    .number()
    .describe('width of a point: the sample interval (OPS_SAMPLE_MS) for 1h, a wider bucket for the longer ranges'),
};

const rateOfBucket = {
  syncRate: z.number().min(0).max(1).describe("the average of the bucket's samples' sync rates"),
  minSyncRate: z.number().min(0).max(1).describe('the lowest sample of the bucket: a short dip is never averaged away'),
};

export const syncSeriesSchema = z.object({
  ...seriesWindow,
  sampleSeconds: z.number().describe('how often the counts are sampled (OPS_SAMPLE_MS)'),
  points: z
    .array(
      z.object({
        at: z.string().describe('start of the bucket'),
        samples: z.number().int().describe('samples in the bucket'),
        ...rateOfBucket,
        total: z.number().int().describe('accepted events at the end of the bucket'),
        synced: z.number().int().describe('synced events at the end of the bucket'),
        backlog: z.number().int().describe('the highest backlog (accepted, not synced) of the bucket'),
        dead: z.number().int().describe('the most dead letters of the bucket'),
        outboxBacklog: z.number().int().describe('the longest outbox of the bucket'),
        oldestUnsyncedSeconds: z.number().describe('the oldest unsynced event of the bucket'),
      }),
    )
    .describe('buckets with samples, oldest first (a bucket without any is left out: the chart shows a gap)'),
  throughputBucketSeconds: z.number().describe('width of a throughput bar: at least a minute'),
  throughput: z
    .array(z.object({ at: z.string(), accepted: z.number().int(), synced: z.number().int() }))
    .describe("events accepted and synced in each bar's time, from the samples' counts"),
});

const trendPointSchema = z.object({
  at: z.string().describe('start of the bucket'),
  ...rateOfBucket,
  backlog: z.number().int().describe('the highest backlog of the bucket'),
  total: z.number().int().describe('accepted events at the end of the bucket'),
  synced: z.number().int(),
});

export const syncTrendSchema = z.object({
  ...seriesWindow,
  city: z.array(trendPointSchema).describe('every department together'),
  departments: z.array(z.object({ department: z.string(), points: z.array(trendPointSchema) })),
});

export const procedureSyncRowSchema = z.object({
  ...syncCounts,
  procedureCode: z.string().nullable(),
  procedureName,
  department: z.string(),
  unsynced: z.number().int().describe('accepted events not yet synced'),
  syncRate: z.number().min(0).max(1),
});

const breakerState = z.enum(['closed', 'half-open', 'open']);
const shownBreakerState = z.enum(['closed', 'half-open', 'open', 'unknown']);

export const nationalAdapterStatusSchema = z.object({
  adapter: z.string(),
  state: shownBreakerState.describe('the worst state among processes that reported recently; unknown when none did'),
  since: z.string().nullable(),
  instances: z.array(
    z.object({
      instance: z.string(),
      service: z.string(),
      state: shownBreakerState,
      reportedState: breakerState,
      changedAt: z.string(),
      heartbeatAgeSeconds: z.number(),
    }),
  ),
});

export const nationalHistorySchema = z.object({
  ...seriesWindow,
  adapters: z.array(
    z.object({
      adapter: z.string(),
      state: shownBreakerState.describe('now'),
      intervals: z
        .array(
          z.object({
            state: shownBreakerState,
            from: z.string(),
            to: z.string().nullable().describe('null: still in this state'),
          }),
        )
        .describe("the breaker's states over the window, oldest first, as ops sampled them (every OPS_SAMPLE_MS)"),
      calls: z
        .array(
          z.object({
            at: z.string().describe('start of the bucket'),
            calls: z.number().int().describe("calls to the national system by the hub's processes, those the open breaker refused included"),
            failures: z.number().int().describe('of those, the ones that got no answer (transient failure, timeout, breaker open, throttled); a rejection is an answer'),
            errorRate: z.number().min(0).max(1).nullable().describe('failures / calls; null without calls'),
            avgSeconds: z.number().nullable().describe('average time of the calls that went out (not those refused in the hub); null when none did'),
          }),
        )
        .describe('per bucket with calls, oldest first: from the processes\' running totals, reported with their breaker heartbeat (BREAKER_HEARTBEAT_MS) and sampled by ops'),
    }),
  ),
  portal: z
    .array(
      z.object({
        at: z.string().describe('start of the bucket'),
        attempts: z.number().int().describe('dossiers sent to the portal (each event of a batch call counts)'),
        failed: z.number().int().describe('of those, the ones that failed (retried later or rejected)'),
        errorRate: z.number().min(0).max(1).nullable().describe('failed / attempts; null without attempts'),
        synced: z.number().int().describe('events the portal acknowledged'),
        waitAvgSeconds: z.number().nullable().describe('how long those events took from acceptance to acknowledgement, on average'),
        waitMaxSeconds: z.number().nullable().describe('and at most'),
      }),
    )
    .describe("the portal's attempts and how long synced events waited, per bucket"),
});

export const webhookSubscriptionHealthSchema = z.object({
  id: z.string(),
  description: z.string().nullable().describe("the admin's description of the subscription"),
  state: z.enum(['active', 'paused', 'deleted']),
  targetHost: z.string().nullable().describe('only the host of the target URL (its path or query may carry a token)'),
  eventTypes: z.array(z.string()).describe('empty: every type'),
  departments: z.array(z.string()).describe('empty: every department'),
  pausedReason: z.string().nullable(),
  pausedAt: z.string().nullable(),
  failingSince: z.string().nullable().describe('since when every attempt failed; null while deliveries succeed'),
  createdAt: z.string(),
  pending: z.number().int().describe('deliveries not delivered yet'),
  failing: z.number().int().describe('of the pending deliveries, those whose last attempt failed'),
  oldestPendingSeconds: z.number().nullable().describe('age of the oldest pending delivery; null with none'),
  deliveredLast24h: z.number().int(),
  lastDeliveredAt: z.string().nullable(),
  lastError: z.string().nullable().describe('the latest failure of a pending delivery, e.g. "HTTP 503"'),
  lastStatus: z.number().int().nullable().describe("that attempt's HTTP status; null when no answer came"),
  lastAttemptAt: z.string().nullable(),
});

export const caseTimelineSchema = z.object({
  caseCode: z.string(),
  department: z.string(),
  procedureCode: z.string().nullable(),
  procedureName,
  status: z.string().nullable(),
  state: z.enum(['synced', 'dead', 'in-progress']),
  missingSequences: z
    .array(z.number().int())
    .describe('sequences below the highest received that the hub never received (a held case)'),
  events: z.array(
    z.object({
      eventId: z.string(),
      type: z.string(),
      sequence: z.number().int(),
      hubSequence: z
        .number()
        .int()
        .describe('0 for the department’s events; 1, 2, … for events the hub originated after `sequence`'),
      eventTime: z.string(),
      state: z.enum(['in-outbox', 'awaiting-job', 'pending', 'retrying', 'synced', 'dead']),
      attempts: z.number().int(),
      nextAttemptAt: z.string().nullable(),
      waitingBehind: z.number().int().nullable().describe('the earlier sequence this event waits behind'),
      traceId: z
        .string()
        .nullable()
        .describe('the W3C trace id of the event’s way from the gateway to the portal; null when tracing was off'),
      traceUrl: z.string().nullable().describe('a link to the trace (OPS_TRACE_URL); null when none is configured'),
      steps: z.array(
        z.object({
          kind: z.enum(['accepted', 'published', 'job-created', 'attempt-failed', 'replayed', 'synced', 'dead']),
          at: z.string().nullable(),
          errorCode: z.string().optional(),
          errorMessage: z.string().optional(),
          portalStatus: z.string().optional(),
          operator: z.string().optional(),
        }),
      ),
      nationalStore: z
        .array(
          z.object({
            documentNo: z.string(),
            documentCode: z.string(),
            state: z.enum(['pending', 'retrying', 'registered', 'rejected']),
            attempts: z.number().int(),
            nextAttemptAt: z.string().nullable().describe('when the next try is due, while it waits'),
            errorCode: z.string().nullable(),
            registrationId: z.string().nullable().describe("the national store's id once registered"),
            registeredAt: z.string().nullable(),
          }),
        )
        .describe("an electronic result's documents in the national results store; empty for other events"),
    }),
  ),
});

export const bulkReplayResultSchema = z.object({
  replayed: z.number().int(),
  results: z.array(z.object({ eventId: z.string(), status: z.enum(['replayed', 'not-found', 'not-dead']) })),
});

export const reuseKpisSchema = z.object({
  month: z.string(),
  departments: z.array(
    z.object({
      department: z.string(),
      cases: z.number().int(),
      casesVerified: z.number().int().describe('cases whose applicant was verified against a registry'),
      fieldsDeclared: z.number().int(),
      fieldsMatched: z.number().int(),
      fieldMatchRate: z.number().nullable(),
      documents: z.number().int(),
      documentsReused: z.number().int(),
      documentsReusedFromRegisteredResults: z.number().int(),
      documentReuseRate: z.number().nullable(),
      documentsAskedAgain: z.number().int(),
      fieldsAskedAgain: z.number().int(),
      casesAskedAgain: z.number().int(),
    }),
  ),
  generatedAt: z.string(),
});

export const indicatorKeySchema = z.enum([
  'synced',
  'online_intake',
  'online_payment',
  'electronic_results',
  'digitised_documents',
  'reused_data',
  'on_time',
  'early',
  'fully_online_dossiers',
  'fully_online_procedures',
  'restructured_procedures',
  'online_time_ratio',
  'business_info_once',
  'open_past_due',
  'online_payment_confirmed',
]);

const indicatorSchema = z.object({
  key: indicatorKeySchema,
  labelVi: z.string(),
  labelEn: z.string(),
  measure: z.enum(['share', 'ratio']).describe('share: counts and a fraction 0..1; ratio: average hours online / in person'),
  direction: z.enum(['at_least', 'at_most']).describe('at_least: met when value ≥ target; at_most: met when value ≤ target'),
  numerator: z.number().describe('a count for a share; average hours online for a ratio'),
  denominator: z.number().describe('a count for a share; average hours in person for a ratio'),
  value: z.number().nullable().describe('numerator / denominator; null when there is nothing to measure'),
  target: z.number().nullable().describe('the target in force for the month; null when the plans set none'),
  targetBy: z.string().nullable().describe('the deadline of that target (YYYY-MM-DD), null when it has none'),
  plan: z.string().describe('the plan the target comes from (the targets file)'),
  met: z.boolean().nullable().describe('value against target in its direction; null when either is null'),
});

const channelTimeSchema = z.object({
  resolved: z.number().int().describe('cases of the channel with a result'),
  averageHours: z.number().nullable().describe('average hours from receipt to first result; null without any'),
});

const scopeScorecardShape = {
  indicators: z.array(indicatorSchema),
  processingTime: z.object({ online: channelTimeSchema, in_person: channelTimeSchema, postal: channelTimeSchema }),
};

export const scorecardSchema = z.object({
  month: z.string(),
  asOf: z.string().describe('the instant the figures were taken at'),
  catalogRefreshedAt: z
    .string()
    .nullable()
    .describe('when the procedure catalog in use was read from the portal; null when none was yet'),
  departments: z.array(z.object({ department: z.string(), ...scopeScorecardShape })),
  procedures: z.array(
    z.object({
      procedureCode: z.string(),
      procedureName: z.string().nullable().describe("the catalog's name; null when the catalog lacks the code"),
      ...scopeScorecardShape,
    }),
  ),
  total: z.object(scopeScorecardShape).describe('every case of the month (of the department asked for, if one was)'),
});

export const indicatorTrendSchema = z.object({
  months: z.array(z.string()).describe('the months, oldest first, ending with the month asked for'),
  department: z.string().nullable().describe('the department asked for; null: the city'),
  indicators: z.array(
    z.object({
      key: indicatorKeySchema,
      labelVi: z.string(),
      labelEn: z.string(),
      measure: z.enum(['share', 'ratio']),
      direction: z.enum(['at_least', 'at_most']),
      points: z.array(
        z.object({
          month: z.string(),
          numerator: z.number(),
          denominator: z.number(),
          value: z.number().nullable(),
          target: z.number().nullable().describe('the target in force that month'),
          met: z.boolean().nullable(),
        }),
      ),
    }),
  ),
});

const indicatorReportLinksSchema = z.object({ json: z.string(), csv: z.string(), html: z.string() });

export const indicatorReportSummarySchema = z.object({
  month: z.string(),
  generatedAt: z.string(),
  trigger: z.enum(['schedule']),
  generatedBy: z.string().describe('the ops process that generated it'),
});

export const indicatorReportSchema = indicatorReportSummarySchema.extend({
  scorecard: scorecardSchema,
  links: indicatorReportLinksSchema,
});

export const reconciliationSchema = z.object({
  id: z.string(),
  trigger: z.enum(['schedule', 'on-demand']),
  requestedBy: z.string().nullable(),
  windowFrom: z.string(),
  windowTo: z.string(),
  state: z.enum(['requested', 'running', 'done', 'failed']),
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  runBy: z.string().nullable(),
  checked: z.number().int(),
  matching: z.number().int(),
  repaired: z.number().int(),
  stillFailing: z.number().int(),
  skipped: z.number().int(),
  error: z.string().nullable(),
  details: z
    .array(
      z.object({
        caseCode: z.string(),
        department: z.string(),
        result: z.enum(['matching', 'repaired', 'still-failing', 'skipped']),
        differences: z.array(z.object({ field: z.string(), hub: z.string().nullable(), portal: z.string().nullable() })),
        resent: z.object({ fromSequence: z.number().int(), toSequence: z.number().int() }).optional(),
        reason: z.string().optional(),
      }),
    )
    .optional()
    .describe('per-dossier results; only when one run is read'),
});

const nameOf = { code: z.string(), name: z.string() };

/** A procedure of the national catalog in hub terms (the portal's LayThuTuc, mapped). */
export const catalogProcedureSchema = z.object({
  code: z.string().describe('MATTHC, e.g. 1.001193'),
  name: z.string().describe('TENTTHC'),
  fullyOnline: z.boolean().describe('MUCDO "4": the whole procedure can be done online (toàn trình)'),
  onlineLevel: z.string().describe('MUCDO as the portal sent it ("2", "3", "4"; empty when absent)'),
  fields: z.array(z.object(nameOf)).describe('LINHVUCTHUCHIEN'),
  channels: z
    .array(
      z.object({
        channel: z.enum(['in_person', 'online', 'post', 'unknown']).describe('KENH 1, 2, 3'),
        code: z.string().describe('KENH as sent'),
        timeLimits: z.array(
          z.object({
            amount: z.number().int().nullable().describe('THOIGIANGIAIQUYET; null when not a number'),
            unit: z.string().describe('DONVITINH, e.g. "Ngày làm việc"'),
            fees: z.array(
              z.object({
                amount: z.number().int().nullable().describe('SOTIEN in VND; null when not a number'),
                unit: z.string(),
                description: z.string(),
              }),
            ),
          }),
        ),
      }),
    )
    .describe('CACHTHUCTHUCHIEN'),
  documents: z
    .array(
      z.object({
        code: z.string().describe('MATHANHPHAN'),
        name: z.string().describe('TENTHANHPHAN'),
        required: z.boolean().describe('BATBUOC "1"'),
        count: z.number().int().nullable().describe('SOLUONG'),
        replacedByResult: z.string().nullable().describe('MAKETQUATHAYTHE: a result code that can stand in for it'),
      }),
    )
    .describe('THANHPHANHOSO: what the applicant submits'),
  results: z.array(z.object(nameOf)).describe('KETQUATHUCHIEN: MAKETQUA, TENKETQUA'),
  legalBases: z.array(z.object({ number: z.string(), title: z.string() })).describe('CANCUPHAPLY'),
  agencies: z.array(z.object(nameOf)).describe('COQUANTHUCHIEN: the agencies that perform it'),
  refreshedAt: z.string().describe('when this procedure was last read from the portal'),
});

const catalogCopy = {
  refreshedAt: z.string().nullable().describe('when the copy in use was stored; null before the first load'),
  refreshId: z.string().nullable(),
};

export const catalogProcedurePageSchema = z.object({
  items: z.array(catalogProcedureSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  ...catalogCopy,
});

export const catalogProcedureOneSchema = catalogProcedureSchema.extend({ catalog: z.object(catalogCopy) });

export const catalogAgenciesSchema = z.object({
  items: z.array(
    z.object({
      ...nameOf,
      level: z.string().describe('CAPDONVI: "1" central, "2" city department, "3" district (legacy), "4" commune'),
      refreshedAt: z.string(),
    }),
  ),
  ...catalogCopy,
});

export const catalogRefreshSchema = z.object({
  id: z.string(),
  trigger: z.enum(['schedule', 'requested']),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  state: z.enum(['requested', 'running', 'done', 'failed']),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  runBy: z.string().nullable(),
  listed: z.number().int().nullable().describe('procedures the portal listed'),
  procedures: z.number().int().nullable().describe('procedures stored after the refresh'),
  added: z.number().int().nullable(),
  changed: z.number().int().nullable(),
  removed: z.number().int().nullable(),
  agencies: z.number().int().nullable(),
  skipped: z
    .array(z.object({ what: z.string(), reason: z.string() }))
    .describe('what the portal sent that could not be read (its previous copy is kept)'),
  error: z.string().nullable().describe('why a failed refresh failed; the last good copy stays in use'),
});

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const monthQuery = z.object({
  month: z.string().regex(MONTH).describe('the month (Hanoi time) as YYYY-MM, e.g. 2026-03'),
  department: departmentCode.optional().describe('only this department'),
});

const TOKEN = /^[A-Za-z0-9._:-]{1,64}$/;

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(0).max(max).optional().describe(`at most ${max} (default ${fallback})`);

const badQuery = { 400: 'INVALID_QUERY: a query parameter is out of range (`errors` names it)' };

const consoleFileTypes = {
  'text/html': z.string(),
  'text/javascript': z.string(),
  'text/css': z.string(),
  'image/svg+xml': z.string(),
  'application/json': z.unknown(),
};

export const opsApi: HttpApiContract = {
  app: 'ops',
  title: 'Lienthong Hub operations API',
  description:
    'The 100% sync-rate target from the hub’s own rows: what is not synced yet, why and since when; held cases; dead letters and their replay; each case’s timeline; the national adapters’ breakers; reconciliation with the portal; the city’s indicators and once-only reuse KPIs; and the web console that shows them (GET /).',
  port: 3003,
  bearerDescription: "an operator's key (HUB_OPS_KEYS)",
  routes: [
    {
      method: 'get',
      path: '/v1/sync/summary',
      operationId: 'getSyncSummary',
      summary: 'Sync rate and counts, overall and per department',
      tags: ['sync'],
      security: 'bearer',
      responses: { 200: { description: 'the summary', content: { 'application/json': syncSummarySchema } } },
    },
    {
      method: 'get',
      path: '/v1/sync/held-cases',
      operationId: 'getHeldCases',
      summary: 'Cases waiting for a sequence the hub never received',
      tags: ['sync'],
      security: 'bearer',
      query: z.object({
        limit: limit(1000, 100),
        offset: z.coerce.number().int().min(0).max(1_000_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of held cases, longest waiting first, and how many there are',
          content: {
            'application/json': z.object({
              items: z.array(heldCaseSchema),
              total: z.number().int().describe('every held case, not only this page'),
              limit: z.number().int(),
              offset: z.number().int(),
            }),
          },
        },
      },
      problems: badQuery,
    },
    {
      method: 'get',
      path: '/v1/intake-dead-letters',
      operationId: 'listIntakeDeadLetters',
      summary: 'Records the hub\'s consumers set aside (a department\'s Kafka record refused, an unreadable case event), newest first',
      description:
        'They cannot be replayed: the hub keeps no copy of a refused record\'s content, and the content was what was refused. The department resends a corrected record; an operator marks the dead letter handled.',
      tags: ['dead letters'],
      security: 'bearer',
      query: z.object({
        state: z.enum(['open', 'all']).optional().describe('open (default): not yet marked handled'),
        limit: limit(500, 50),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of dead letters, and how many are open in all',
          content: {
            'application/json': z.object({
              items: z.array(intakeDeadLetterSchema),
              open: z.number().int(),
              limit: z.number().int(),
              offset: z.number().int(),
            }),
          },
        },
      },
      problems: badQuery,
    },
    {
      method: 'post',
      path: '/v1/intake-dead-letters/{id}/acknowledge',
      operationId: 'acknowledgeIntakeDeadLetter',
      summary: 'Mark an intake dead letter handled (idempotent: the first operator and time stay)',
      tags: ['dead letters'],
      security: 'bearer',
      pathParams: z.object({ id: z.string().describe('the dead letter\'s id') }),
      responses: {
        200: { description: 'the dead letter, handled', content: { 'application/json': intakeDeadLetterSchema } },
      },
      problems: {
        400: 'INVALID_ID: not 1–300 printable ASCII characters',
        404: 'DEAD_LETTER_NOT_FOUND: no such intake dead letter',
      },
    },
    {
      method: 'get',
      path: '/v1/dead-letters',
      operationId: 'getDeadLetters',
      summary: 'Events the portal rejected for good',
      tags: ['dead letters'],
      security: 'bearer',
      query: z.object({
        department: z.string().regex(TOKEN).optional().describe('only this department'),
        procedure: z.string().regex(TOKEN).optional().describe('only this procedure code'),
        reasonCode: z
          .string()
          .regex(TOKEN)
          .optional()
          .describe('only jobs that died with this code, e.g. PORTAL_REJECTED:5 (a prefix such as PORTAL_REJECTED matches too)'),
        q: z.string().max(200).optional().describe("free text, case-insensitive, in the case code, event id or the portal's message"),
        limit: limit(1000, 100),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of dead letters',
          content: {
            'application/json': z.object({
              items: z.array(deadLetterSchema),
              limit: z.number().int(),
              offset: z.number().int(),
            }),
          },
        },
      },
      problems: badQuery,
    },
    {
      method: 'post',
      path: '/v1/dead-letters/{eventId}/replay',
      operationId: 'replayDeadLetter',
      summary: 'Send a dead event (and the rest of its case) to the portal again',
      description: 'Under fresh idempotency keys; every replay is logged with the operator.',
      tags: ['dead letters'],
      security: 'bearer',
      pathParams: z.object({ eventId: z.string().describe('the CloudEvents id of the dead event') }),
      responses: {
        202: {
          description: 'replay scheduled',
          content: { 'application/json': z.object({ eventId: z.string(), status: z.literal('replayed') }) },
        },
      },
      problems: {
        404: 'DEAD_LETTER_NOT_FOUND: no sync job for this event',
        409: 'NOT_DEAD: the event is not a dead letter',
      },
    },
    {
      method: 'post',
      path: '/v1/dead-letters/replay',
      operationId: 'replayDeadLetters',
      summary: 'Replay many dead letters at once',
      description: 'Each id is replayed like POST /v1/dead-letters/{eventId}/replay; ids that are unknown or not dead are reported, not failed.',
      tags: ['dead letters'],
      security: 'bearer',
      requestBody: {
        description: 'the event ids',
        content: { 'application/json': z.object({ eventIds: z.array(z.string().min(1).max(200)).min(1).max(500) }) },
      },
      responses: { 202: { description: 'one result per id', content: { 'application/json': bulkReplayResultSchema } } },
      problems: {
        400: 'INVALID_REPLAY_REQUEST: the body is not {"eventIds": [...]} with 1 to 500 ids (`errors` names the field), or BAD_REQUEST: not valid JSON',
        413: 'PAYLOAD_TOO_LARGE: body over 100 kB',
      },
    },
    {
      method: 'get',
      path: '/v1/sync/history',
      operationId: 'getSyncHistory',
      summary: 'Sync rate, backlog and throughput over the last minutes',
      tags: ['sync'],
      security: 'bearer',
      query: z.object({
        minutes: z.coerce.number().int().min(1).max(1440).optional().describe('the window, 1 to 1440 (default 60)'),
      }),
      responses: { 200: { description: 'the samples', content: { 'application/json': syncHistorySchema } } },
      problems: badQuery,
    },
    {
      method: 'get',
      path: '/v1/sync/series',
      operationId: 'getSyncSeries',
      summary: 'Sync rate, backlog and throughput over a range, city-wide (the console charts)',
      description:
        'Every sample for 1h; for the longer ranges one point per bucket with the average and the lowest sync rate, so a dip of one sample still shows.',
      tags: ['sync'],
      security: 'bearer',
      query: seriesQuerySchema,
      responses: { 200: { description: 'the points', content: { 'application/json': syncSeriesSchema } } },
      problems: { 400: 'INVALID_QUERY: range is not 1h, 24h, 7d or 30d (`errors` names query.range)' },
    },
    {
      method: 'get',
      path: '/v1/sync/trend',
      operationId: 'getSyncTrend',
      summary: 'Sync rate per department over a range, and the city-wide total',
      description: 'Departments are sampled every OPS_DEPARTMENT_SAMPLE_MS (a minute by default).',
      tags: ['sync'],
      security: 'bearer',
      query: seriesQuerySchema,
      responses: { 200: { description: 'the points', content: { 'application/json': syncTrendSchema } } },
      problems: { 400: 'INVALID_QUERY: range is not 1h, 24h, 7d or 30d (`errors` names query.range)' },
    },
    {
      method: 'get',
      path: '/v1/sync/procedures',
      operationId: 'getSyncByProcedure',
      summary: 'Sync counts per department and procedure',
      tags: ['sync'],
      security: 'bearer',
      responses: {
        200: { description: 'one row per department and procedure', content: { 'application/json': z.object({ items: z.array(procedureSyncRowSchema) }) } },
      },
    },
    {
      method: 'get',
      path: '/v1/national-adapters',
      operationId: 'getNationalAdapters',
      summary: "The national adapters' circuit breakers, per process",
      tags: ['sync'],
      security: 'bearer',
      responses: {
        200: {
          description: 'each adapter',
          content: {
            'application/json': z.object({
              items: z.array(nationalAdapterStatusSchema),
              staleAfterSeconds: z.number().describe('reports older than this count as unknown'),
            }),
          },
        },
      },
    },
    {
      method: 'get',
      path: '/v1/national-adapters/history',
      operationId: 'getNationalAdapterHistory',
      summary: "The national systems over a range: each breaker's states, the portal's error rate and wait",
      tags: ['sync'],
      security: 'bearer',
      query: seriesQuerySchema,
      responses: { 200: { description: 'the history', content: { 'application/json': nationalHistorySchema } } },
      problems: { 400: 'INVALID_QUERY: range is not 1h, 24h, 7d or 30d (`errors` names query.range)' },
    },
    {
      method: 'get',
      path: '/v1/webhooks/subscriptions',
      operationId: 'getWebhookHealth',
      summary: "Webhook subscriptions (not deleted) and their deliveries' health, the ones in trouble first",
      description: 'Read from what the webhooks app publishes (`webhooks_api`): no secret, only the target host.',
      tags: ['webhooks'],
      security: 'bearer',
      responses: {
        200: {
          description: 'every subscription',
          content: { 'application/json': z.object({ items: z.array(webhookSubscriptionHealthSchema) }) },
        },
      },
    },
    {
      method: 'get',
      path: '/v1/cases/{caseCode}/timeline',
      operationId: 'getCaseTimeline',
      summary: "Every step of a case's events on the way to the portal",
      tags: ['sync'],
      security: 'bearer',
      pathParams: z.object({ caseCode: z.string().max(100).describe('the case code (at most 100 characters)') }),
      responses: { 200: { description: 'the timeline', content: { 'application/json': caseTimelineSchema } } },
      problems: {
        400: 'INVALID_CASE_CODE: longer than 100 characters',
        404: 'CASE_NOT_FOUND: the hub has no such case',
      },
    },
    {
      method: 'get',
      path: '/v1/console/settings',
      operationId: 'getConsoleSettings',
      summary: 'What the web console needs to know about this deployment',
      tags: ['console'],
      security: 'bearer',
      responses: { 200: { description: 'the settings', content: { 'application/json': consoleSettingsSchema } } },
    },
    {
      method: 'get',
      path: '/v1/kpis/reuse',
      operationId: 'getReuseKpis',
      summary: 'Once-only reuse per department for a month',
      tags: ['indicators'],
      security: 'bearer',
      query: monthQuery,
      responses: { 200: { description: 'the KPIs', content: { 'application/json': reuseKpisSchema } } },
      problems: { 400: 'INVALID_QUERY: month missing or not YYYY-MM, or a bad department (`errors` names it)' },
    },
    {
      method: 'get',
      path: '/v1/indicators',
      operationId: 'getIndicators',
      summary: "The city's scorecard for a month, per department, per procedure and in total (docs/indicators.md)",
      tags: ['indicators'],
      security: 'bearer',
      query: monthQuery,
      responses: { 200: { description: 'the scorecard', content: { 'application/json': scorecardSchema } } },
      problems: { 400: 'INVALID_QUERY: month missing or not YYYY-MM, or a bad department (`errors` names it)' },
    },
    {
      method: 'get',
      path: '/v1/indicators/trend',
      operationId: 'getIndicatorTrend',
      summary: "Each indicator's total over the months ending with a month, with each month's target and verdict",
      tags: ['indicators'],
      security: 'bearer',
      query: monthQuery.extend({
        months: z.coerce.number().int().min(2).max(24).optional().describe('how many months, 2 to 24 (default 6)'),
      }),
      responses: { 200: { description: 'the trend', content: { 'application/json': indicatorTrendSchema } } },
      problems: {
        400: 'INVALID_QUERY: month missing or not YYYY-MM, months not 2–24, or a bad department (`errors` names it)',
      },
    },
    {
      method: 'get',
      path: '/v1/indicators.csv',
      operationId: 'getIndicatorsCsv',
      summary: 'The same scorecard as CSV (one row per department, procedure and total, and indicator)',
      tags: ['indicators'],
      security: 'bearer',
      query: monthQuery,
      responses: { 200: { description: 'UTF-8 CSV with a header row', content: { 'text/csv': z.string() } } },
      problems: { 400: 'INVALID_QUERY: month missing or not YYYY-MM, or a bad department (`errors` names it)' },
    },
    {
      method: 'get',
      path: '/v1/indicator-reports',
      operationId: 'listIndicatorReports',
      summary: 'The kept monthly indicator reports, newest month first',
      tags: ['indicators'],
      security: 'bearer',
      query: z.object({
        limit: z.string().optional().describe('1..240, default 24'),
        offset: z.string().optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'the reports',
          content: {
            'application/json': z.object({
              items: z.array(indicatorReportSummarySchema.extend({ links: indicatorReportLinksSchema })),
              limit: z.number().int(),
              offset: z.number().int(),
            }),
          },
        },
      },
      problems: { 400: 'INVALID_QUERY: limit or offset out of range' },
    },
    {
      method: 'get',
      path: '/v1/indicator-reports/{report}',
      operationId: 'getIndicatorReport',
      summary: "A month's report as generated: `2026-11` (JSON), `2026-11.csv` or `2026-11.html` (printable)",
      tags: ['indicators'],
      security: 'bearer',
      pathParams: z.object({ report: z.string().describe('YYYY-MM, optionally followed by .csv or .html') }),
      responses: {
        200: {
          description: 'the report',
          content: {
            'application/json': indicatorReportSchema,
            'text/csv': z.string().describe('the same CSV as /v1/indicators.csv'),
            'text/html': z.string().describe('a printable page, both languages, Hanoi time'),
          },
        },
      },
      problems: {
        400: 'INVALID_PARAMETER: not YYYY-MM[.csv|.html] (`errors` names month)',
        404: 'REPORT_NOT_FOUND: no report kept for that month',
      },
    },
    {
      method: 'post',
      path: '/v1/reconciliations',
      operationId: 'requestReconciliation',
      summary: 'Read the portal back for the cases touched in [from, to) and repair differences',
      tags: ['reconciliations'],
      security: 'bearer',
      requestBody: {
        description: 'the window, at most 92 days; to later than from',
        content: {
          'application/json': z.strictObject({
            from: z.iso.datetime({ offset: true }).describe('RFC 3339 with a time zone'),
            to: z.iso.datetime({ offset: true }).describe('RFC 3339 with a time zone; later than from, at most 92 days after it'),
          }),
        },
      },
      responses: { 202: { description: 'the run, requested', content: { 'application/json': reconciliationSchema } } },
      problems: {
        400: 'INVALID_RECONCILIATION: `errors` names every bad field (body.from, body.to), or BAD_REQUEST: not valid JSON',
        413: 'PAYLOAD_TOO_LARGE: body over 100 kB',
      },
    },
    {
      method: 'get',
      path: '/v1/reconciliations',
      operationId: 'listReconciliations',
      summary: 'Reconciliation runs, newest first',
      tags: ['reconciliations'],
      security: 'bearer',
      query: z.object({
        limit: limit(500, 50),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of runs (without details)',
          content: {
            'application/json': z.object({ items: z.array(reconciliationSchema), limit: z.number().int(), offset: z.number().int() }),
          },
        },
      },
      problems: badQuery,
    },
    {
      method: 'get',
      path: '/v1/reconciliations/{id}',
      operationId: 'getReconciliation',
      summary: 'One run with its per-dossier results',
      tags: ['reconciliations'],
      security: 'bearer',
      pathParams: z.object({ id: z.string().describe('the run id') }),
      responses: { 200: { description: 'the run', content: { 'application/json': reconciliationSchema } } },
      problems: { 404: 'RECONCILIATION_NOT_FOUND: no such run' },
    },
    {
      method: 'get',
      path: '/v1/procedures',
      operationId: 'listProcedures',
      summary: 'The national procedure catalog as the hub holds it, by code',
      tags: ['catalog'],
      security: 'bearer',
      query: z.object({
        agency: z.string().optional().describe('only procedures this agency performs (COQUANTHUCHIEN)'),
        q: z.string().max(200).optional().describe('a part of the code or the name, case-insensitive'),
        limit: limit(1000, 100),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('default 0'),
      }),
      responses: { 200: { description: 'a page of procedures', content: { 'application/json': catalogProcedurePageSchema } } },
      problems: badQuery,
    },
    {
      method: 'get',
      path: '/v1/procedures/{code}',
      operationId: 'getProcedure',
      summary: 'One procedure: channels, time limits, fees, documents, results, agencies',
      tags: ['catalog'],
      security: 'bearer',
      pathParams: z.object({ code: z.string().describe('MATTHC, e.g. 1.001193') }),
      responses: { 200: { description: 'the procedure', content: { 'application/json': catalogProcedureOneSchema } } },
      problems: { 404: 'PROCEDURE_NOT_FOUND: not in the catalog (`errors` names `code`)' },
    },
    {
      method: 'get',
      path: '/v1/catalog/agencies',
      operationId: 'listCatalogAgencies',
      summary: "The portal's agencies (LayDanhMucCoQuan)",
      tags: ['catalog'],
      security: 'bearer',
      responses: { 200: { description: 'every agency', content: { 'application/json': catalogAgenciesSchema } } },
    },
    {
      method: 'post',
      path: '/v1/catalog/refreshes',
      operationId: 'requestCatalogRefresh',
      summary: 'Read the catalog from the portal again now (portal-sync runs it within CATALOG_POLL_MS)',
      tags: ['catalog'],
      security: 'bearer',
      responses: { 202: { description: 'the refresh, requested', content: { 'application/json': catalogRefreshSchema } } },
    },
    {
      method: 'get',
      path: '/v1/catalog/refreshes',
      operationId: 'listCatalogRefreshes',
      summary: 'Catalog refreshes, newest first',
      tags: ['catalog'],
      security: 'bearer',
      query: z.object({
        limit: limit(500, 50),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of refreshes',
          content: {
            'application/json': z.object({ items: z.array(catalogRefreshSchema), limit: z.number().int(), offset: z.number().int() }),
          },
        },
      },
      problems: badQuery,
    },
    {
      method: 'get',
      path: '/v1/catalog/refreshes/{id}',
      operationId: 'getCatalogRefresh',
      summary: 'One catalog refresh: what changed, what was skipped and why, or why it failed',
      tags: ['catalog'],
      security: 'bearer',
      pathParams: z.object({ id: z.string().describe('the refresh id') }),
      responses: { 200: { description: 'the refresh', content: { 'application/json': catalogRefreshSchema } } },
      problems: { 404: 'REFRESH_NOT_FOUND: no such refresh' },
    },
    {
      method: 'get',
      path: '/',
      operationId: 'consolePage',
      summary: 'The ops web console (its page holds no data; it asks for the ops key)',
      tags: ['console'],
      security: 'none',
      responses: { 200: { description: 'apps/ops/console/index.html', content: { 'text/html': z.string() } } },
      problems: { 404: 'NOT_FOUND: the console files are not installed (OPS_CONSOLE_DIR)' },
    },
    {
      method: 'get',
      path: '/console/{file}',
      operationId: 'consoleFile',
      summary: "A file of the web console (script, style sheet, image)",
      tags: ['console'],
      security: 'none',
      pathParams: z.object({ file: z.string().describe('a file name in apps/ops/console (.html, .js, .css, .svg, .json)') }),
      responses: { 200: { description: 'the file, with its content type', content: consoleFileTypes } },
      problems: { 404: 'NOT_FOUND: no such console file' },
    },
    {
      method: 'get',
      path: '/console/vendor/{file}',
      operationId: 'consoleVendorFile',
      summary: 'A third-party file of the web console, served from node_modules (uPlot: uPlot.esm.js, uPlot.min.css)',
      tags: ['console'],
      security: 'none',
      pathParams: z.object({ file: z.string().describe('uPlot.esm.js or uPlot.min.css') }),
      responses: {
        200: { description: 'the file, with its content type', content: { 'text/javascript': z.string(), 'text/css': z.string() } },
      },
      problems: { 404: 'NOT_FOUND: no such file' },
    },
    ...commonRoutes,
  ],
};
