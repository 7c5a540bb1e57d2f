import { Client } from 'pg';
import { exampleCase } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { waitFor } from '@hub/testing';
import { callJson, catalogLoaded, HubClient } from './hub-client';

/**
 * Issue 19, the national store of digitised results, end to end: gateway, relay, portal-sync,
 * once-only, ops and the mocks (the store among them) as processes, real Postgres and broker.
 * An electronic result reaches the store within seconds; with the store down it is registered
 * after recovery, once; prefill offers a result only the store holds.
 */
jest.setTimeout(300_000);

const PREFILL_PROCEDURE = '2.000488'; // asks for KQ-KS, the birth certificate exampleCase issues

let stack: Stack;
let hub: HubClient;
let db: Client;

const call = callJson;

const store = (path: string, init: RequestInit = {}) =>
  call<unknown>(`${stack.urls['mock-results-store']}${path}`, init);

async function heldFor(owner: string): Promise<{ SoKyHieu: string; MaKetQua: string }[]> {
  const res = await store(`/__mock/results?owner=${owner}`);
  const body = res.body as { items?: unknown[] } | unknown[];
  return (Array.isArray(body) ? body : (body.items ?? [])) as {
    SoKyHieu: string;
    MaKetQua: string;
  }[];
}

async function registrations(caseCode: string) {
  const { rows } = await db.query<{ state: string; attempts: number; registration_id: string }>(
    `SELECT state, attempts, registration_id FROM national_result_registrations WHERE case_code = $1`,
    [caseCode],
  );
  return rows;
}

function citizenCase(number: number, personalId: string) {
  return exampleCase({ department: 'STP', day: '261205', number, personalId });
}

const documentNoOf = (c: ReturnType<typeof citizenCase>): string => {
  const issued = c.events.find((e) => e.type === 'case.result-issued') as {
    data: { documents: { documentNo: string }[] };
  };
  return issued.data.documents[0].documentNo;
};

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
      'mock-results-store',
    ],
    env: {
      'once-only': {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
        RESULT_REGISTRATION_RETRY_BASE_MS: '300',
        RESULT_REGISTRATION_RETRY_MAX_MS: '1500',
        RESULTS_STORE_TIMEOUT_MS: '2000',
        RESULTS_STORE_BREAKER_RESET_MS: '1500',
      },
      'portal-sync': { KAFKA_MAX_WAIT_MS: '100' },
      gateway: { RESULTS_STORE_TIMEOUT_MS: '2000' },
    },
  });
  hub = new HubClient(stack);
  db = new Client({ connectionString: stack.postgres.url });
  await db.connect();
  await catalogLoaded(db);
});

afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

describe('national store of digitised results', () => {
  it('holds an electronically issued result within seconds, shown on the case timeline', async () => {
    const personalId = '001090001301';
    const c = citizenCase(1, personalId);
    await hub.postEventsReliably('STP', c.events);
    const documentNo = documentNoOf(c);
    const held = await waitFor(
      'the result in the mock national store',
      async () => (await heldFor(personalId)).find((r) => r.SoKyHieu === documentNo),
      30_000,
    );
    expect(held).toMatchObject({ MaKetQua: 'KQ-KS', SoKyHieu: documentNo });
    const [row] = await registrations(c.caseCode);
    expect(row).toMatchObject({ state: 'registered', attempts: 1 });

    const timeline = await call<{
      events: { type: string; nationalStore: { state: string; registrationId: string }[] }[];
    }>(`${stack.urls.ops}/v1/cases/${c.caseCode}/timeline`, { key: stack.keys.ops });
    const issued = timeline.body.events.find((e) => e.type === 'case.result-issued');
    expect(issued?.nationalStore).toEqual([
      expect.objectContaining({ state: 'registered', registrationId: row?.registration_id }),
    ]);
  });

  it('registers after the store comes back, with nothing lost and nothing twice', async () => {
    const personalId = '001090001302';
    const c = citizenCase(2, personalId);
    expect(
      (await store('/__mock/faults', { method: 'POST', body: '{"mode":"down"}' })).status,
    ).toBe(200);
    try {
      await hub.postEventsReliably('STP', c.events);
      await waitFor(
        'a failed registration attempt',
        async () => (await registrations(c.caseCode)).find((r) => r.state === 'retrying'),
        60_000,
      );
      expect(await heldFor(personalId)).toEqual([]);
    } finally {
      await store('/__mock/faults', { method: 'POST', body: '{"mode":"up"}' });
    }
    const documentNo = documentNoOf(c);
    await waitFor(
      'the registration after recovery',
      async () => (await registrations(c.caseCode)).find((r) => r.state === 'registered'),
      60_000,
    );
    const held = await heldFor(personalId);
    expect(held.map((r) => r.SoKyHieu)).toEqual([documentNo]);
  });

  it('offers in prefill a result that only the national store holds, saying where it came from', async () => {
    const personalId = '001090001303';
    const seeded = await store('/__mock/results', {
      method: 'POST',
      body: JSON.stringify({
        SoDinhDanhChuSoHuu: personalId,
        LoaiChuSoHuu: '1',
        TenChuSoHuu: 'Trần Văn Bình',
        MaKetQua: 'KQ-KS',
        TenGiayTo: 'Giấy khai sinh',
        SoKyHieu: '77/2001/KS-HCM',
        CoQuanChuQuan: '000.00.01.H29',
        TenCoQuanChuQuan: 'Sở Tư pháp TP. Hồ Chí Minh',
        NgayCap: '20010105090000',
        DanhSachTepDinhKem: [{ TenTep: 'khai-sinh.pdf', DuongDan: 'https://kho.example/ks/77' }],
      }),
    });
    expect(seeded.status).toBe(201);

    // The applicant's case at the justice department, for a criminal-record certificate that
    // asks for a birth certificate; this hub never issued one to them.
    const c = exampleCase({ department: 'STP', day: '261205', number: 3, personalId });
    const received = c.events[0] as { data: { procedureCode: string } };
    received.data.procedureCode = PREFILL_PROCEDURE;
    await hub.postEventsReliably('STP', [c.events[0]]);

    const prefill = await call<{
      documents: {
        required: string[];
        reusable: unknown[];
        nationalStore: { available: boolean; results: Record<string, unknown>[] };
        missing: string[];
      };
    }>(
      `${stack.urls.gateway}/v1/prefill?${new URLSearchParams({
        personalId,
        procedureCode: PREFILL_PROCEDURE,
        purpose: c.caseCode,
      }).toString()}`,
      { key: hub.keyOf('STP') },
    );
    expect(prefill.status).toBe(200);
    expect(prefill.body.documents).toEqual({
      required: ['KQ-KS'],
      reusable: [],
      nationalStore: {
        available: true,
        results: [
          {
            resultCode: 'KQ-KS',
            documentName: 'Giấy khai sinh',
            documentNo: '77/2001/KS-HCM',
            issuingAgency: '000.00.01.H29',
            files: [{ name: 'khai-sinh.pdf', url: 'https://kho.example/ks/77' }],
            source: 'national-store',
          },
        ],
      },
      missing: [],
    });
  });
});
