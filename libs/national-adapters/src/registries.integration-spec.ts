import { MetricsRegistry } from '@hub/observability';
import {
  enterpriseCode,
  existingPersonalId,
  freePort,
  missingPersonalId,
  unitCode,
  waitFor,
  yearOnlyPersonalId,
} from '@hub/testing';
import {
  BusinessAdapter,
  PopulationAdapter,
  type RegistryAdapterOptions,
  type RegistryBreakerState,
  RegistryError,
  RegistryErrorCode,
  type RegistryLookupContext,
} from '@hub/national-adapters';
import { againstMock, nextBreakerState } from './registries/test/mock-registry-process';

/*
 * Both registry adapters against their mocks, each run as its own process exactly as `main.ts`
 * starts it. Each test resets the mock and builds its own adapter.
 */

jest.setTimeout(90_000);

let sequence = 0;
function context(overrides: Partial<RegistryLookupContext> = {}): RegistryLookupContext {
  sequence += 1;
  return {
    requestId: `it-${process.pid}-${sequence}`,
    officialCode: 'CB-0001',
    serviceCode: '1.001193',
    purpose: '000.00.01.H26-260312-00042',
    ...overrides,
  };
}

/** Resolves with the RegistryError a lookup throws; fails the test when it does not throw one. */
async function failureOf(lookup: Promise<unknown>): Promise<RegistryError> {
  try {
    await lookup;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('the lookup succeeded');
}

describe('PopulationAdapter against the mock population database', () => {
  const run = againstMock(
    { app: 'mock-population', portVariable: 'MOCK_POPULATION_PORT', basePath: '/csdlqgdc/api/v1' },
    (base, options: Partial<RegistryAdapterOptions>) =>
      new PopulationAdapter({ ...base, ...options }),
  );

  it('finds a citizen and maps the record once, with provenance', async () => {
    const metrics = new MetricsRegistry('registries-spec');
    const clock = new Date('2026-03-12T01:00:00Z');
    const adapter = run.adapterFor({ metrics, clock: () => clock });
    const id = existingPersonalId(11, { gender: 'female', birthYear: 1990 });
    const ctx = context();
    const result = await adapter.lookupCitizen(id, ctx);
    expect(result).toMatchObject({
      kind: 'found',
      registry: 'population',
      requestId: ctx.requestId,
      fetchedAt: clock,
      record: { personalId: id, gender: 'female', nationality: 'VN' },
    });
    if (result.kind !== 'found') return;
    expect(result.record.birthDate).toMatch(/^1990-\d{2}-\d{2}$/);
    expect(result.record.fullName.split(' ').length).toBeGreaterThanOrEqual(2);
    expect(result.record.permanentAddress.provinceCode).toBe('01');

    // The registry saw the request id, official, procedure and purpose; never the ID in clear.
    const [served] = await run.mock.trail();
    expect(served).toMatchObject({
      requestId: ctx.requestId,
      officialCode: ctx.officialCode,
      serviceCode: ctx.serviceCode,
      purpose: ctx.purpose,
      outcome: 'found',
    });
    const rendered = await metrics.render();
    expect(rendered).toMatch(
      /hub_national_calls_total\{[^}]*adapter="population"[^}]*outcome="found"[^}]*\} 1/,
    );
    expect(rendered).toMatch(/hub_breaker_state\{[^}]*adapter="population"[^}]*\} 0/);
    expect(rendered).toContain('hub_national_call_duration_seconds_bucket');
  });

  it('gives a year-only birth date as YYYY', async () => {
    const result = await run
      .adapterFor()
      .lookupCitizen(yearOnlyPersonalId(2, { birthYear: 1958 }), context());
    expect(result.kind === 'found' && result.record.birthDate).toBe('1958');
  });

  it('answers not-found for an ID nobody holds', async () => {
    const ctx = context();
    expect(await run.adapterFor().lookupCitizen(missingPersonalId(3), ctx)).toMatchObject({
      kind: 'not-found',
      registry: 'population',
      requestId: ctx.requestId,
    });
  });

  it('throws NotLicensed for "004" and NotAuthorised for "005", permanent, not counted against the breaker', async () => {
    const adapter = run.adapterFor({ breaker: { volumeThreshold: 2 } });
    await run.mock.faults({
      unlicensedServiceCodes: ['2.000777'],
      unauthorisedOfficialCodes: ['CB-TAM-DINH-CHI'],
    });
    for (let i = 0; i < 3; i++) {
      const notLicensed = await failureOf(
        adapter.lookupCitizen(existingPersonalId(), context({ serviceCode: '2.000777' })),
      );
      expect(notLicensed).toMatchObject({
        code: RegistryErrorCode.NotLicensed,
        registryCode: '004',
        transient: false,
      });
    }
    const notAuthorised = await failureOf(
      adapter.lookupCitizen(existingPersonalId(), context({ officialCode: 'CB-TAM-DINH-CHI' })),
    );
    expect(notAuthorised).toMatchObject({
      code: RegistryErrorCode.NotAuthorised,
      registryCode: '005',
    });
    expect(adapter.breakerState()).toBe('closed');
  });

  it('refuses a malformed ID or an incomplete context before calling the registry', async () => {
    const adapter = run.adapterFor();
    const malformed = await failureOf(adapter.lookupCitizen('00108500001', context()));
    expect(malformed.code).toBe(RegistryErrorCode.Rejected);
    const noPurpose = await failureOf(
      adapter.lookupCitizen(existingPersonalId(), context({ purpose: ' ' })),
    );
    expect(noPurpose).toMatchObject({ code: RegistryErrorCode.Rejected });
    expect(noPurpose.message).toContain('purpose');
    expect(await run.mock.lookupsServed()).toBe(0);
  });

  it('shows an overridden record on the next lookup', async () => {
    const adapter = run.adapterFor();
    const id = existingPersonalId(4);
    const before = await adapter.lookupCitizen(id, context());
    await run.mock.override('citizens', id, {
      HoVaTen: { Ten: 'Khoa' },
      ThuongTru: { MaPhuongXa: '00070', ChiTiet: 'Số 1, phố Tràng Tiền' },
    });
    const after = await adapter.lookupCitizen(id, context());
    if (before.kind !== 'found' || after.kind !== 'found') throw new Error('expected found');
    expect(after.record.givenName).toBe('Khoa');
    expect(after.record.fullName).toBe(
      `${before.record.familyName} ${before.record.middleName} Khoa`,
    );
    expect(after.record.permanentAddress).toEqual({
      provinceCode: '01',
      wardCode: '00070',
      detail: 'Số 1, phố Tràng Tiền',
      country: 'VN',
    });
  });

  it('times out a slow registry as Unavailable', async () => {
    const adapter = run.adapterFor({ timeoutMs: 300, breaker: { volumeThreshold: 100 } });
    await run.mock.faults({ mode: 'slow', latencyMs: 3_000 });
    const error = await failureOf(adapter.lookupCitizen(existingPersonalId(), context()));
    expect(error).toMatchObject({
      code: RegistryErrorCode.Unavailable,
      registryCode: 'TIMEOUT',
      transient: true,
    });
  });

  it('honours Retry-After on 429: reports it, and calls nothing until it has passed', async () => {
    const adapter = run.adapterFor();
    await run.mock.faults({ mode: 'error', status: 429 });
    const error = await failureOf(adapter.lookupCitizen(existingPersonalId(), context()));
    expect(error).toMatchObject({ code: RegistryErrorCode.Unavailable, retryAfterMs: 1_000 });
    expect(await run.mock.lookupsServed()).toBe(1);

    await run.mock.faults({ mode: 'up' });
    const held = await failureOf(adapter.lookupCitizen(existingPersonalId(), context()));
    expect(held).toMatchObject({ code: RegistryErrorCode.Unavailable, registryCode: 'THROTTLED' });
    expect(held.retryAfterMs).toBeGreaterThan(0);
    expect(held.retryAfterMs).toBeLessThanOrEqual(1_000);
    const found = await waitFor(
      'the lookup after Retry-After',
      async () => {
        try {
          return await adapter.lookupCitizen(existingPersonalId(), context());
        } catch (e) {
          if (e instanceof RegistryError && e.registryCode === 'THROTTLED') return undefined;
          throw e;
        }
      },
      10_000,
      50,
    );
    expect(found.kind).toBe('found');
    // Only the 429 and the lookup after the wait reached the registry.
    expect(await run.mock.lookupsServed()).toBe(2);
    expect(adapter.breakerState()).toBe('closed');
  });

  it('reports an unreachable registry as Unavailable', async () => {
    const closed = await freePort();
    const adapter = run.adapterFor({ baseUrl: `http://127.0.0.1:${closed}/csdlqgdc/api/v1` });
    const error = await failureOf(adapter.lookupCitizen(existingPersonalId(), context()));
    expect(error).toMatchObject({
      code: RegistryErrorCode.Unavailable,
      registryCode: 'ECONNREFUSED',
    });
  });

  it('opens the breaker when the registry is down, fails fast, and closes after recovery', async () => {
    const metrics = new MetricsRegistry('registries-spec');
    const adapter = run.adapterFor({
      metrics,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1_500 },
    });
    const transitions: RegistryBreakerState[] = [];
    adapter.onBreakerChange((state) => transitions.push(state));

    await run.mock.faults({ mode: 'down' });
    for (let i = 0; i < 3; i++) {
      const error = await failureOf(adapter.lookupCitizen(existingPersonalId(i), context()));
      expect(error).toMatchObject({
        code: RegistryErrorCode.Unavailable,
        registryCode: 'HTTP 503',
      });
    }
    expect(adapter.breakerState()).toBe('open');
    expect(await metrics.render()).toMatch(/hub_breaker_state\{[^}]*adapter="population"[^}]*\} 2/);

    const servedBefore = await run.mock.lookupsServed();
    const fast = await failureOf(adapter.lookupCitizen(existingPersonalId(), context()));
    expect(fast).toMatchObject({
      code: RegistryErrorCode.Unavailable,
      registryCode: 'BREAKER_OPEN',
    });
    expect(fast.retryAfterMs).toBeGreaterThan(0);
    expect(fast.retryAfterMs).toBeLessThanOrEqual(1_500);
    expect(await run.mock.lookupsServed()).toBe(servedBefore);

    await run.mock.faults({ mode: 'up' });
    await nextBreakerState(adapter, 'half-open');
    expect(await adapter.lookupCitizen(existingPersonalId(), context())).toMatchObject({
      kind: 'found',
    });
    expect(adapter.breakerState()).toBe('closed');
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
    expect(await metrics.render()).toMatch(/hub_breaker_state\{[^}]*adapter="population"[^}]*\} 0/);
    expect(await metrics.render()).toMatch(
      /hub_national_calls_total\{[^}]*adapter="population"[^}]*outcome="breaker-open"[^}]*\} 1/,
    );
  });

  it("never puts a personal ID in a log line, the adapter's or the mock's", async () => {
    const adapter = run.adapterFor();
    const ids = [existingPersonalId(21), missingPersonalId(21)];
    for (const id of ids) await adapter.lookupCitizen(id, context());
    await run.mock.faults({ unlicensedServiceCodes: ['1.001193'] });
    await failureOf(adapter.lookupCitizen(ids[0], context()));
    const adapterLog = run.logLines.join('');
    expect(adapterLog).toContain('population lookup');
    for (const id of ids) {
      expect(adapterLog).not.toContain(id);
      expect(run.mock.log).not.toContain(id);
    }
    // A standalone 12-digit run (pino's 13-digit epoch-millisecond timestamps are not one).
    expect(adapterLog).not.toMatch(/(?<!\d)\d{12}(?!\d)/);
  });
});

describe('BusinessAdapter against the mock business registry', () => {
  const run = againstMock(
    { app: 'mock-business', portVariable: 'MOCK_BUSINESS_PORT', basePath: '/dkkd/api/v1' },
    (base, options: Partial<RegistryAdapterOptions>) =>
      new BusinessAdapter({ ...base, ...options }),
  );

  it('finds an operating enterprise and a dependent unit', async () => {
    const adapter = run.adapterFor();
    const code = enterpriseCode('active', 31);
    const ctx = context({ serviceCode: '2.001610' });
    const result = await adapter.lookupEnterprise(code, ctx);
    expect(result).toMatchObject({
      kind: 'found',
      registry: 'business',
      requestId: ctx.requestId,
      record: {
        enterpriseCode: code,
        active: true,
        legalStatus: { code: '01', name: 'Đang hoạt động' },
        headOffice: { provinceCode: '01', provinceName: 'Thành phố Hà Nội' },
      },
    });
    if (result.kind !== 'found') return;
    expect(result.record.firstRegisteredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.record.businessLines.filter((l) => l.main)).toHaveLength(1);
    expect(result.record.representatives[0]?.idNumber).toMatch(/^\d{12}$/);
    const [served] = await run.mock.trail();
    expect(served).toMatchObject({ requestId: ctx.requestId, purpose: ctx.purpose });

    const unit = await adapter.lookupEnterprise(unitCode(code, 2), context());
    expect(unit.kind === 'found' && unit.record.typeName).toBe('Chi nhánh');
  });

  it.each([
    ['dissolved', '04'],
    ['suspended', '02'],
  ] as const)('flags a %s enterprise as not active', async (fate, status) => {
    const result = await run.adapterFor().lookupEnterprise(enterpriseCode(fate, 32), context());
    expect(result).toMatchObject({
      kind: 'found',
      record: { active: false, legalStatus: { code: status } },
    });
  });

  it('answers not-found for a code nobody holds', async () => {
    expect(
      await run.adapterFor().lookupEnterprise(enterpriseCode('missing', 33), context()),
    ).toMatchObject({
      kind: 'not-found',
      registry: 'business',
    });
  });

  it('throws NotLicensed / NotAuthorised for "004" / "005"', async () => {
    await run.mock.faults({
      unlicensedServiceCodes: ['2.000777'],
      unauthorisedOfficialCodes: ['CB-TAM-DINH-CHI'],
    });
    const adapter = run.adapterFor();
    expect(
      await failureOf(
        adapter.lookupEnterprise(enterpriseCode(), context({ serviceCode: '2.000777' })),
      ),
    ).toMatchObject({ code: RegistryErrorCode.NotLicensed, registryCode: '004' });
    expect(
      await failureOf(
        adapter.lookupEnterprise(enterpriseCode(), context({ officialCode: 'CB-TAM-DINH-CHI' })),
      ),
    ).toMatchObject({ code: RegistryErrorCode.NotAuthorised, registryCode: '005' });
  });

  it('shows an overridden record on the next lookup (an enterprise dissolved since)', async () => {
    const adapter = run.adapterFor();
    const code = enterpriseCode('active', 34);
    expect(await adapter.lookupEnterprise(code, context())).toMatchObject({
      record: { active: true },
    });
    await run.mock.override('enterprises', code, {
      TinhTrangPhapLy: [
        { TinhTrangPhapLy: 'Đã giải thể', MaTinhTrangPhapLy: '04', NgayHieuLuc: '01/03/2026' },
      ],
    });
    expect(await adapter.lookupEnterprise(code, context())).toMatchObject({
      record: { active: false, legalStatus: { code: '04', name: 'Đã giải thể' } },
    });
  });

  it('times out a slow registry as Unavailable', async () => {
    await run.mock.faults({ mode: 'slow', latencyMs: 3_000 });
    const error = await failureOf(
      run.adapterFor({ timeoutMs: 300 }).lookupEnterprise(enterpriseCode(), context()),
    );
    expect(error).toMatchObject({ code: RegistryErrorCode.Unavailable, registryCode: 'TIMEOUT' });
  });

  it('opens the breaker when the registry is down and closes after recovery', async () => {
    const metrics = new MetricsRegistry('registries-spec');
    const adapter = run.adapterFor({
      metrics,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1_500 },
    });
    await run.mock.faults({ mode: 'down' });
    for (let i = 0; i < 3; i++) {
      await failureOf(adapter.lookupEnterprise(enterpriseCode('active', i), context()));
    }
    expect(adapter.breakerState()).toBe('open');
    expect(await metrics.render()).toMatch(/hub_breaker_state\{[^}]*adapter="business"[^}]*\} 2/);
    await run.mock.faults({ mode: 'up' });
    await nextBreakerState(adapter, 'half-open');
    expect(await adapter.lookupEnterprise(enterpriseCode(), context())).toMatchObject({
      kind: 'found',
    });
    expect(adapter.breakerState()).toBe('closed');
    expect(await metrics.render()).toMatch(/hub_breaker_state\{[^}]*adapter="business"[^}]*\} 0/);
  });

  it('refuses a malformed enterprise code before calling the registry', async () => {
    const error = await failureOf(run.adapterFor().lookupEnterprise('0101234567-01', context()));
    expect(error.code).toBe(RegistryErrorCode.Rejected);
    expect(await run.mock.lookupsServed()).toBe(0);
  });
});
