import { MetricsRegistry } from '@hub/observability';
import {
  type ResultsStoreAdapterOptions,
  ResultsStoreAdapter,
  ResultsStoreError,
  ResultsStoreErrorCode,
} from '@hub/national-adapters';
import { againstMock, nextBreakerState } from './registries/test/mock-registry-process';
import { lookupInput, registrationInput } from './results-store/test/results-store-fixtures';

/*
 * ResultsStoreAdapter against apps/mock-results-store, run as its own process exactly as
 * `main.ts` starts it. Each test resets the mock and builds its own adapter.
 */

jest.setTimeout(90_000);

const OWNER = '001090000013';

/** Resolves with the ResultsStoreError a call throws; fails the test when it does not throw one. */
async function failureOf(call: Promise<unknown>): Promise<ResultsStoreError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ResultsStoreError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('ResultsStoreAdapter against the mock results store', () => {
  const run = againstMock(
    {
      app: 'mock-results-store',
      portVariable: 'MOCK_RESULTS_STORE_PORT',
      basePath: '/khoketqua/api/v1',
    },
    (base, options: Partial<ResultsStoreAdapterOptions>) =>
      new ResultsStoreAdapter({ ...base, callerCode: '000.00.01.H26', ...options }),
  );

  it('registers a result, and a lookup finds it with its files', async () => {
    const adapter = run.adapterFor();
    const input = registrationInput({ ownerId: OWNER });
    const registered = await adapter.register(input);
    expect(registered.kind).toBe('registered');
    expect(registered).toHaveProperty('registrationId', expect.stringMatching(/\S/));

    const found = await adapter.lookup(
      lookupInput({ ownerId: OWNER, results: [{ resultCode: input.resultCode }] }),
    );
    expect(found).toEqual([
      {
        resultCode: input.resultCode,
        documentName: input.documentName,
        documentNo: input.documentNo,
        issuingAgency: input.issuingAgencyCode,
        files: [{ name: 'gcnkh.pdf', url: 'https://files.hanoi.example/results/gcnkh.pdf' }],
      },
    ]);
    // Another owner's lookup, or another result code, does not see it.
    expect(await adapter.lookup(lookupInput({ ownerId: '001090000024', results: [] }))).toEqual([]);
    expect(
      await adapter.lookup(lookupInput({ ownerId: OWNER, results: [{ resultCode: 'KQ-KHAC' }] })),
    ).toEqual([]);
  });

  it('answers a second registration of the same result as already registered, same id', async () => {
    const adapter = run.adapterFor();
    const input = registrationInput({ ownerId: OWNER });
    const first = await adapter.register(input);
    const again = await adapter.register(input);
    if (first.kind !== 'registered') throw new Error(`first registration: ${first.kind}`);
    expect(again).toEqual({ kind: 'already-registered', registrationId: first.registrationId });
    // The same document under a new key (a replayed event with another id) is the same result.
    expect(await adapter.register({ ...input, idempotencyKey: 'another-key' })).toEqual(again);
    expect(await adapter.lookup(lookupInput({ ownerId: OWNER, results: [] }))).toHaveLength(1);
  });

  it('finds a result seeded in the store that no hub registered', async () => {
    const res = await fetch(`${run.mock.origin}/__mock/results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        SoDinhDanhChuSoHuu: OWNER,
        LoaiChuSoHuu: '1',
        TenChuSoHuu: 'Trần Văn Nam',
        MaKetQua: 'KQ-XNHN',
        TenGiayTo: 'Giấy xác nhận tình trạng hôn nhân',
        SoKyHieu: '15/2025/XNHN',
        CoQuanChuQuan: '000.00.04.H29',
        TenCoQuanChuQuan: 'UBND phường Bến Thành',
        NgayCap: '20251120080000',
        DanhSachTepDinhKem: [{ TenTep: 'xnhn.pdf', DuongDan: 'https://files.example/xnhn.pdf' }],
      }),
    });
    expect(res.status).toBe(201);

    const found = await run.adapterFor().lookup(
      lookupInput({
        ownerId: OWNER,
        results: [{ resultCode: 'KQ-XNHN', documentNo: '15/2025/XNHN' }],
      }),
    );
    expect(found).toEqual([
      {
        resultCode: 'KQ-XNHN',
        documentName: 'Giấy xác nhận tình trạng hôn nhân',
        documentNo: '15/2025/XNHN',
        issuingAgency: '000.00.04.H29',
        files: [{ name: 'xnhn.pdf', url: 'https://files.example/xnhn.pdf' }],
      },
    ]);
    const held = (await (
      await fetch(`${run.mock.origin}/__mock/results?owner=${OWNER}`)
    ).json()) as unknown[];
    expect(held).toHaveLength(1);
  });

  it('returns a field the store refuses as rejected, not thrown', async () => {
    await run.mock.faults({ unlicensedServiceCodes: ['1.000894'] });
    const outcome = await run.adapterFor().register(registrationInput({ ownerId: OWNER }));
    expect(outcome).toMatchObject({ kind: 'rejected', code: '4' });
  });

  it('throws the transient error when the store fails, and opens the breaker after enough failures', async () => {
    const metrics = new MetricsRegistry('results-store-spec');
    const adapter = run.adapterFor({
      metrics,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    });
    await run.mock.faults({ mode: 'down' });
    const opened = nextBreakerState(adapter, 'open');
    for (let i = 0; i < 3; i += 1) {
      const failure = await failureOf(adapter.register(registrationInput({ ownerId: OWNER })));
      expect(failure).toMatchObject({
        code: ResultsStoreErrorCode.Unavailable,
        storeCode: 'HTTP 503',
      });
      expect(failure.transient).toBe(true);
    }
    await opened;
    expect(adapter.breakerState()).toBe('open');

    // Open: nothing is sent, lookups and registrations alike fail fast with the same error code.
    const fast = await failureOf(adapter.lookup(lookupInput({ ownerId: OWNER })));
    expect(fast).toMatchObject({
      code: ResultsStoreErrorCode.Unavailable,
      storeCode: 'BREAKER_OPEN',
    });
    expect(fast.retryAfterMs).toBeGreaterThan(0);
    expect(await metrics.render()).toMatch(
      /hub_breaker_state\{[^}]*adapter="results-store"[^}]*\} 2/,
    );
  });

  it('times out a slow store as transient', async () => {
    const adapter = run.adapterFor({ timeoutMs: 300, breaker: { volumeThreshold: 100 } });
    await run.mock.faults({ mode: 'slow', latencyMs: 3_000 });
    const failure = await failureOf(adapter.lookup(lookupInput({ ownerId: OWNER })));
    expect(failure.code).toBe(ResultsStoreErrorCode.Unavailable);
    expect(failure.transient).toBe(true);
  });

  it("never puts an owner's personal ID in a log line, the adapter's or the mock's", async () => {
    const adapter = run.adapterFor();
    await adapter.register(registrationInput({ ownerId: OWNER }));
    await adapter.lookup(lookupInput({ ownerId: OWNER, requesterId: OWNER }));
    expect(run.logLines.length).toBeGreaterThan(0);
    expect(run.logLines.join('\n')).not.toContain(OWNER);
    expect(run.mock.log).not.toContain(OWNER);
  });
});
