import {
  type CaseEventInput,
  type DeadLetterEvent,
  exampleCase,
  type ExampleCase,
  topics,
} from '@hub/contracts';
import { type ConsumedRecord, fromBinaryRecord, type KafkaConnection } from '@hub/messaging';
import type { Stack } from '@hub/dev-stack';
import { sleep, waitFor } from '@hub/testing';

/** Thin HTTP clients for the running hub and the mock portal, as an integrator would use them. */

/** Consumer settings for e2e stacks: a killed consumer's partitions move within seconds. */
export const FAST_KAFKA = {
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_MS: '500',
  KAFKA_MAX_WAIT_MS: '100',
};

/** portal-sync for e2e stacks that kill replicas: their leased jobs come back within seconds. */
export const FAST_FAILOVER_PORTAL_SYNC = {
  ...FAST_KAFKA,
  SYNC_LEASE_MS: '5000',
  RETRY_BASE_MS: '200',
  RETRY_MAX_MS: '2000',
  PORTAL_TIMEOUT_MS: '3000',
};

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

async function request<T>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** A JSON request to any app or mock, with a bearer key when given. */
export function callJson<T>(
  url: string,
  init: RequestInit & { key?: string } = {},
): Promise<HttpResult<T>> {
  const { key, ...rest } = init;
  return request<T>(url, {
    ...rest,
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(rest.headers ?? {}),
    },
  });
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { index?: number; path: string; message: string }[];
}

export interface AcceptResult {
  accepted: number;
  duplicates: number;
  results: { id: string; status: 'accepted' | 'duplicate' }[];
}

export interface SyncSummary {
  total: number;
  synced: number;
  pending: number;
  retrying: number;
  dead: number;
  syncRate: number;
  oldestUnsyncedSeconds: number;
  heldCases: number;
  byDepartment: { department: string; total: number; synced: number; syncRate: number }[];
}

export interface CaseView {
  caseCode: string;
  status: string | null;
  events: {
    id: string;
    sequence: number;
    sync: {
      state: string;
      attempts: number;
      lastError: { code: string; message: string | null } | null;
    };
  }[];
}

export interface MockDossier {
  MaHoSo: string;
  TrangThaiHoSo: string;
  DuocThanhToanTrucTuyen?: string;
  DanhSachLePhi?: unknown[];
  DanhSachGiayToKetQua?: unknown[];
  history: { TrangThaiHoSo: string; idempotencyKey?: string }[];
  progress: unknown[];
  duplicates: unknown[];
}

export interface MockStats {
  dossiers: number;
  applied: number;
  duplicates: number;
  rejected: number;
  calls: number;
}

export class HubClient {
  constructor(private readonly stack: Stack) {}

  keyOf(department: string): string {
    const key = this.stack.keys.departments[department];
    if (!key) throw new Error(`no demo key for ${department}`);
    return key;
  }

  postRaw(
    body: string,
    headers: Record<string, string>,
  ): Promise<HttpResult<AcceptResult | ProblemBody>> {
    return request(`${this.stack.urls.gateway}/v1/events`, { method: 'POST', body, headers });
  }

  postEvents(
    department: string,
    events: CaseEventInput[] | CaseEventInput,
    contentType = Array.isArray(events)
      ? 'application/cloudevents-batch+json'
      : 'application/cloudevents+json',
  ): Promise<HttpResult<AcceptResult | ProblemBody>> {
    return this.postRaw(JSON.stringify(events), {
      authorization: `Bearer ${this.keyOf(department)}`,
      'content-type': contentType,
    });
  }

  /**
   * Posts until the gateway answers 202, as a department system must: a request that failed on
   * the network may or may not have been stored, and re-sending it is safe (duplicates).
   */
  async postEventsReliably(
    department: string,
    events: CaseEventInput[],
    deadlineMs = 60_000,
  ): Promise<AcceptResult> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      try {
        const res = await this.postEvents(department, events);
        if (res.status === 202) return res.body as AcceptResult;
        if (res.status < 500)
          throw new Error(`gateway refused the batch: ${res.status} ${JSON.stringify(res.body)}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('gateway refused')) throw e;
      }
      if (Date.now() > until) throw new Error('gateway did not accept the batch in time');
      await sleep(200);
    }
  }

  getCase(department: string, caseCode: string): Promise<HttpResult<CaseView | ProblemBody>> {
    return request(`${this.stack.urls.gateway}/v1/cases/${caseCode}`, {
      headers: { authorization: `Bearer ${this.keyOf(department)}` },
    });
  }

  /**
   * True once every listed case has all its events synced. Asks as a department system must: one
   * GET per case, and after a 429 it waits `Retry-After` and asks again. A poll of 40 cases every
   * 100 ms is over the key's 100 requests/s; reading its own 429s as "not synced yet" made a
   * slow run poll until it timed out, and drained the key for the next test.
   */
  async allSynced(department: string, caseCodes: string[]): Promise<true | undefined> {
    for (const code of caseCodes) {
      let res = await this.getCase(department, code);
      while (res.status === 429) {
        await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
        res = await this.getCase(department, code);
      }
      if (res.status !== 200) return undefined;
      const view = res.body as CaseView;
      if (view.events.length === 0 || view.events.some((e) => e.sync.state !== 'synced'))
        return undefined;
    }
    return true;
  }

  ops<T>(path: string, init: RequestInit = {}): Promise<HttpResult<T>> {
    return request<T>(`${this.stack.urls.ops}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.stack.keys.ops}`, ...(init.headers ?? {}) },
    });
  }

  async summary(): Promise<SyncSummary> {
    const res = await this.ops<SyncSummary>('/v1/sync/summary');
    if (res.status !== 200) throw new Error(`summary answered ${res.status}`);
    return res.body;
  }

  deadLetters(): Promise<
    HttpResult<{
      items: {
        eventId: string;
        caseCode: string;
        errorCode: string;
        errorMessage: string;
        waitingBehind: number;
      }[];
    }>
  > {
    return this.ops('/v1/dead-letters');
  }

  replay(eventId: string): Promise<HttpResult<unknown>> {
    return this.ops(`/v1/dead-letters/${encodeURIComponent(eventId)}/replay`, { method: 'POST' });
  }

  heldCases(): Promise<
    HttpResult<{ items: { caseCode: string; missingSequence: number; waiting: number }[] }>
  > {
    return this.ops('/v1/sync/held-cases');
  }
}

export class MockPortalClient {
  constructor(private readonly baseUrl: string) {}

  async faults(config: Record<string, unknown>): Promise<void> {
    const res = await request(`${this.baseUrl}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify(config),
      headers: { 'content-type': 'application/json' },
    });
    if (res.status >= 300)
      throw new Error(`mock faults refused: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async stats(): Promise<MockStats> {
    return (await request<MockStats>(`${this.baseUrl}/__mock/stats`)).body;
  }

  async dossier(caseCode: string): Promise<MockDossier | undefined> {
    const res = await request<MockDossier>(`${this.baseUrl}/__mock/dossiers/${caseCode}`);
    return res.status === 200 ? res.body : undefined;
  }

  async reset(): Promise<void> {
    await request(`${this.baseUrl}/__mock/state`, { method: 'DELETE' });
  }
}

/** Cases from the factory with their own number range, day and personal IDs per scenario. */
export function cases(options: {
  department?: string;
  day: string;
  count: number;
  from?: number;
}): ExampleCase[] {
  return Array.from({ length: options.count }, (_, i) => {
    const number = (options.from ?? 1) + i;
    return exampleCase({
      department: options.department ?? 'STP',
      day: options.day,
      number,
      personalId: `00${options.day}${String(number).padStart(4, '0')}`,
    });
  });
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Reads hub.dead-letters.v1 from the beginning, in a consumer group of the suite's own, into the
 * array it returns (filled as letters arrive).
 */
export async function collectDeadLetters(
  kafka: KafkaConnection,
  groupId: string,
): Promise<DeadLetterEvent[]> {
  const letters: DeadLetterEvent[] = [];
  const consumer = kafka.consumer({
    groupId,
    topics: [topics.deadLetters],
    fromBeginning: true,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 500,
    maxWaitTimeMs: 100,
    handleBatch: (records: ConsumedRecord[]) => {
      for (const r of records) {
        letters.push(fromBinaryRecord(r.headers, r.value) as unknown as DeadLetterEvent);
      }
      return Promise.resolve();
    },
  });
  await consumer.start();
  return letters;
}

/**
 * Waits until portal-sync has loaded the portal's procedure catalog (within seconds of a fresh
 * start): prefill's reuse links and the intake checks come from it.
 */
export async function catalogLoaded(db: {
  query<R>(sql: string): Promise<{ rows: R[] }>;
}): Promise<void> {
  await waitFor(
    'the procedure catalog loaded from the mock portal',
    async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM catalog_api.procedures`,
      );
      return (rows[0]?.n ?? 0) > 0;
    },
    30_000,
  );
}
