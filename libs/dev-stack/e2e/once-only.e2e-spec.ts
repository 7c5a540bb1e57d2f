import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { exampleCase } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { sleep, waitFor } from '@hub/testing';
import { catalogLoaded, HubClient, type ProblemBody } from './hub-client';

/**
 * Once-only end to end: gateway, relay, portal-sync, ops, once-only and the three national mocks
 * as processes, real Postgres and Kafka-protocol broker. Scenarios share one stack, in order.
 * IDs follow the mocks' documented rules: a personal ID ending in 9 and an enterprise code
 * ending in 9 do not exist; an enterprise code ending in 8 is dissolved.
 */
jest.setTimeout(300_000);

const CITIZEN_A = '001090001234';
const CITIZEN_C = '001185002345';
const UNKNOWN = '001090001239';
const DISSOLVED = '0101234568';
const PREFILL_PROCEDURE = '2.000488'; // asks for KQ-KS, the birth certificate case 1 issues
const ALL_IDS = [CITIZEN_A, CITIZEN_C, UNKNOWN];

let stack: Stack;
let hub: HubClient;
let db: Client;
const prefillsOfA: string[] = [];

async function json<T>(
  url: string,
  key?: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, {
    ...init,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: res.headers,
  };
}

interface PrefillBody {
  stale: boolean;
  flags: string[];
  fields: {
    name: string;
    value: string | boolean;
    source: { registry: string; fetchedAt: string };
    ageSeconds: number;
  }[];
  documents: {
    required: string[] | null;
    reusable: { documentCode: string; documentNo: string; caseCode: string }[];
    missing: string[];
  };
}

function prefill(query: Record<string, string>, department = 'STP') {
  return json<PrefillBody & ProblemBody>(
    `${stack.urls.gateway}/v1/prefill?${new URLSearchParams(query).toString()}`,
    hub.keyOf(department),
  );
}

async function registryStats(
  app: 'mock-population' | 'mock-business',
): Promise<{ lookups: number; byOutcome: Record<string, number> }> {
  return (
    await json<{ lookups: number; byOutcome: Record<string, number> }>(
      `${stack.urls[app]}/__mock/stats`,
    )
  ).body;
}

async function faults(
  app: 'mock-population' | 'mock-business',
  config: Record<string, unknown>,
): Promise<void> {
  const res = await json(`${stack.urls[app]}/__mock/faults`, undefined, {
    method: 'POST',
    body: JSON.stringify(config),
    headers: { 'content-type': 'application/json' },
  });
  if (res.status !== 200) throw new Error(`faults refused: ${res.status}`);
}

async function task(
  caseCode: string,
): Promise<
  | { state: string; outcome: string | null; attempts: number; last_error_code: string | null }
  | undefined
> {
  const { rows } = await db.query<{
    state: string;
    outcome: string | null;
    attempts: number;
    last_error_code: string | null;
  }>(
    `SELECT state, outcome, attempts, last_error_code FROM profile_lookup_tasks WHERE case_code = $1`,
    [caseCode],
  );
  return rows[0];
}

const finished = (caseCode: string) =>
  waitFor(
    `lookup of ${caseCode} finished`,
    async () => {
      const t = await task(caseCode);
      return t && (t.state === 'done' || t.state === 'failed') ? t : undefined;
    },
    90_000,
    200,
  );

function citizenCase(number: number, personalId: string, declared: { fullName?: string } = {}) {
  const c = exampleCase({ department: 'STP', day: '261201', number, personalId });
  if (declared.fullName) {
    const received = c.events[0] as { data: { applicant: { fullName: string } } };
    received.data.applicant.fullName = declared.fullName;
  }
  return c;
}

beforeAll(async () => {
  stack = await startStack({
    ports: 'ephemeral',
    apps: [
      'gateway',
      'relay',
      'portal-sync',
      'ops',
      'once-only',
      'mock-portal',
      'mock-population',
      'mock-business',
    ],
    env: {
      'portal-sync': {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
      },
      'once-only': {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
        LOOKUP_RETRY_BASE_MS: '300',
        LOOKUP_RETRY_MAX_MS: '2000',
        REGISTRY_TIMEOUT_MS: '2000',
        REGISTRY_BREAKER_RESET_MS: '1500',
      },
      gateway: { REGISTRY_TIMEOUT_MS: '2000', REGISTRY_BREAKER_RESET_MS: '1500' },
    },
  });
  hub = new HubClient(stack);
  db = new Client({ connectionString: stack.postgres.url });
  await db.connect();
  // Which results stand in for a procedure's documents comes from the portal's catalog, which
  // portal-sync loads within seconds of a fresh start.
  await catalogLoaded(db);
});

afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

describe('once-only', () => {
  const case1 = citizenCase(1, CITIZEN_A, { fullName: 'Tên Khai Sai Hoàn Toàn' });

  it('1. records a declared-name mismatch and registers the issued result for reuse', async () => {
    await hub.postEventsReliably('STP', case1.events);
    const t = await finished(case1.caseCode);
    expect(t).toMatchObject({ state: 'done', outcome: 'mismatch', attempts: 1 });
    const { rows } = await db.query<{ field: string }>(
      `SELECT field FROM profile_mismatches WHERE case_code = $1`,
      [case1.caseCode],
    );
    expect(rows.map((r) => r.field)).toContain('fullName');
    await waitFor(
      'result registered',
      async () => {
        const r = await db.query(`SELECT 1 FROM reusable_results WHERE case_code = $1`, [
          case1.caseCode,
        ]);
        return r.rowCount === 1;
      },
      60_000,
    );
    // Stored encrypted: the personal ID is nowhere in clear in the once-only tables.
    const dump = await db.query(
      `SELECT row_to_json(p)::text AS t FROM registry_profiles p UNION ALL SELECT row_to_json(t)::text FROM profile_lookup_tasks t`,
    );
    expect(dump.rows.map((r: { t: string }) => r.t).join('\n')).not.toContain(CITIZEN_A);
  });

  it('2. a second case gets every verified field and the first result from prefill with exactly one population lookup', async () => {
    const case2 = citizenCase(2, CITIZEN_A);
    // Prefill needs a purpose: a case of this department whose applicant is this person. Case 2
    // is not sent yet (its form is what prefill fills), so the first call names case 1.
    const first = await prefill({
      personalId: CITIZEN_A,
      procedureCode: PREFILL_PROCEDURE,
      purpose: case1.caseCode,
    });
    prefillsOfA.push(case1.caseCode);
    expect(first.status).toBe(200);
    const value = (name: string) => first.body.fields.find((f) => f.name === name)?.value;
    expect(typeof value('fullName')).toBe('string');
    // The department declares what prefill gave it: it all matches.
    const applicant = (case2.events[0] as { data: { applicant: Record<string, unknown> } }).data
      .applicant;
    applicant['fullName'] = value('fullName');
    applicant['dateOfBirth'] = value('dateOfBirth');
    applicant['address'] = value('permanentAddress');
    await hub.postEventsReliably('STP', [case2.events[0]]);
    expect(await finished(case2.caseCode)).toMatchObject({ outcome: 'verified' });

    const again = await prefill({
      personalId: CITIZEN_A,
      procedureCode: PREFILL_PROCEDURE,
      purpose: case2.caseCode,
    });
    prefillsOfA.push(case2.caseCode);
    expect(again.status).toBe(200);
    expect(again.body.stale).toBe(false);
    expect(again.body.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'fullName',
        'dateOfBirth',
        'gender',
        'nationality',
        'permanentAddress',
      ]),
    );
    for (const f of again.body.fields) expect(f.source.registry).toBe('population');
    expect(again.body.documents.required).toEqual(['KQ-KS']);
    expect(again.body.documents.reusable).toEqual([
      expect.objectContaining({ documentCode: 'KQ-KS', caseCode: case1.caseCode }),
    ]);
    expect(again.body.documents.missing).toEqual([]);

    // Concurrent callers in the freshness window: still no second lookup.
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        prefill({
          personalId: CITIZEN_A,
          procedureCode: PREFILL_PROCEDURE,
          purpose: case2.caseCode,
        }),
      ),
    );
    prefillsOfA.push(...burst.map(() => case2.caseCode));
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(200));
    // Case 1's verification was the only lookup: case 2's, and 12 prefills, were served from it.
    const stats = await registryStats('mock-population');
    expect(stats.lookups).toBe(1);
    expect(stats.byOutcome['found']).toBe(1);
  });

  it('3. a registry outage delays only enrichment; portal sync reaches 100% meanwhile, enrichment completes after recovery', async () => {
    await faults('mock-population', { mode: 'down' });
    const case3 = citizenCase(3, CITIZEN_C);
    await hub.postEventsReliably('STP', case3.events);
    await waitFor(
      'lookup retrying',
      async () => {
        const t = await task(case3.caseCode);
        return t?.state === 'retrying' ? t : undefined;
      },
      60_000,
    );
    await waitFor(
      'portal sync at 100%',
      async () => {
        const s = await hub.summary();
        return s.total > 0 && s.synced === s.total ? s : undefined;
      },
      120_000,
      500,
    );
    expect((await task(case3.caseCode))?.state).toBe('retrying');
    // Nothing cached for C: a clear 503 with Retry-After.
    const down = await prefill({
      personalId: CITIZEN_C,
      procedureCode: PREFILL_PROCEDURE,
      purpose: case3.caseCode,
    });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('REGISTRY_UNAVAILABLE');
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);

    await faults('mock-population', { mode: 'up' });
    const t = await finished(case3.caseCode);
    expect(t.state).toBe('done');
    expect(t.attempts).toBeGreaterThan(1);
  });

  it('4. an unknown personal ID is recorded as not found and not retried', async () => {
    const case4 = citizenCase(4, UNKNOWN);
    await hub.postEventsReliably('STP', [case4.events[0]]);
    const t = await finished(case4.caseCode);
    expect(t).toMatchObject({ state: 'done', outcome: 'not_found', attempts: 1 });
    await sleep(3000);
    expect(await task(case4.caseCode)).toMatchObject({ state: 'done', attempts: 1 });
    expect((await registryStats('mock-population')).byOutcome['not-found']).toBe(1);
  });

  it('5. a dissolved enterprise is flagged', async () => {
    const c = exampleCase({ department: 'STP', day: '261201', number: 5 });
    const received = c.events[0] as { data: { applicant: Record<string, unknown> } };
    received.data.applicant = {
      kind: 'enterprise',
      enterpriseCode: DISSOLVED,
      fullName: 'Công ty TNHH Ví Dụ',
    };
    await hub.postEventsReliably('STP', [c.events[0]]);
    expect(await finished(c.caseCode)).toMatchObject({ state: 'done' });
    const { rows } = await db.query<{ flags: string[] }>(
      `SELECT flags FROM registry_profiles WHERE subject_kind = 'enterprise'`,
    );
    expect(rows).toEqual([{ flags: ['enterprise-inactive'] }]);
    const view = await prefill({
      enterpriseCode: DISSOLVED,
      procedureCode: '1.005092',
      purpose: c.caseCode,
    });
    expect(view.status).toBe(200);
    expect(view.body.flags).toEqual(['enterprise-inactive']);
    expect(view.body.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'active', value: false })]),
    );
  });

  it('6. prefill without purpose and with malformed IDs is a 400 naming the field; every prefill is in the access log', async () => {
    const noPurpose = await prefill({ personalId: CITIZEN_A, procedureCode: PREFILL_PROCEDURE });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors).toEqual([expect.objectContaining({ path: 'query.purpose' })]);
    const badId = await prefill({
      personalId: '12345',
      procedureCode: PREFILL_PROCEDURE,
      purpose: 'x',
    });
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([
      { path: 'query.personalId', message: 'must be exactly 12 digits' },
    ]);
    const badEnterprise = await prefill({
      enterpriseCode: '01-2',
      procedureCode: PREFILL_PROCEDURE,
      purpose: 'x',
    });
    expect(badEnterprise.body.errors?.map((e) => e.path)).toEqual(['query.enterpriseCode']);
    const both = await prefill({
      personalId: CITIZEN_A,
      enterpriseCode: DISSOLVED,
      procedureCode: PREFILL_PROCEDURE,
      purpose: 'x',
    });
    expect(both.status).toBe(400);

    const denied = await json(
      `${stack.urls.gateway}/v1/access-log?personalId=${CITIZEN_A}`,
      hub.keyOf('STP'),
    );
    expect(denied.status).toBe(401);
    const log = await json<{
      items: { action: string; purpose: string; department: string; fields: string[] }[];
    }>(`${stack.urls.gateway}/v1/access-log?personalId=${CITIZEN_A}`, stack.keys.auditor);
    expect(log.status).toBe(200);
    const prefills = log.body.items.filter((i) => i.action === 'prefill');
    expect(prefills).toHaveLength(prefillsOfA.length);
    for (const p of prefills) {
      expect(p.department).toBe('STP');
      expect(p.fields).toEqual(expect.arrayContaining(['fullName', 'document:KQ-KS']));
    }
    expect(
      log.body.items
        .filter((i) => i.action === 'verify')
        .map((i) => i.purpose)
        .sort(),
    ).toEqual([case1.caseCode, citizenCase(2, CITIZEN_A).caseCode].sort());
  });

  it('7. reuse KPIs per department and month', async () => {
    const res = await json<{
      month: string;
      departments: {
        department: string;
        cases: number;
        casesVerified: number;
        fieldsAskedAgain: number;
        documents: number;
      }[];
    }>(`${stack.urls.ops}/v1/kpis/reuse?month=2026-03`, stack.keys.ops);
    expect(res.status).toBe(200);
    const stp = res.body.departments.find((d) => d.department === 'STP');
    expect(stp).toMatchObject({ cases: 5, casesVerified: 4 });
    // Case 2 declared fields the hub already held verified.
    expect(stp?.fieldsAskedAgain).toBeGreaterThan(0);
    const bad = await json<ProblemBody>(
      `${stack.urls.ops}/v1/kpis/reuse?month=2026-13`,
      stack.keys.ops,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe('query.month');
  });

  it('8. no personal ID appears in any log line of the run', () => {
    const files = readdirSync(stack.logDir).filter((f) => f.endsWith('.log'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(stack.logDir, file), 'utf8');
      for (const id of ALL_IDS)
        expect({ file, leaks: text.includes(id) }).toEqual({ file, leaks: false });
      expect({ file, twelveDigits: /(?<!\d)\d{12}(?!\d)/.test(text) }).toEqual({
        file,
        twelveDigits: false,
      });
    }
  });
});
