import { randomBytes } from 'node:crypto';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import {
  type CitizenLookupPort,
  type CitizenRecord,
  type EnterpriseLookupPort,
  RegistryError,
  RegistryErrorCode,
  type RegistryLookupResult,
} from '@hub/national-adapters';
import { createDataSource, queryRows, runMigrations } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { ProfileResolver } from './profile-resolver';
import { AccessLogRepository } from './repositories/access-log.repository';
import { LookupTaskRepository, type ReceivedCase } from './repositories/lookup-task.repository';
import { ProfileRepository } from './repositories/profile.repository';
import { ReusableResultRepository } from './repositories/reusable-result.repository';
import { ReuseKpiRepository } from './repositories/reuse-kpi.repository';
import { SubjectProtector } from './subject-protector';

jest.setTimeout(60_000);

const PERSONAL_ID = '001090001234';

function citizen(personalId: string): CitizenRecord {
  const address = {
    provinceCode: '01',
    wardCode: '00070',
    detail: 'Số 12 phố Hàng Bài',
    country: 'VN',
  };
  return {
    personalId,
    fullName: 'Nguyễn Văn An',
    familyName: 'Nguyễn',
    middleName: 'Văn',
    givenName: 'An',
    birthDate: '1990-05-17',
    gender: 'male',
    ethnicity: 'Kinh',
    religion: 'Không',
    nationality: 'Việt Nam',
    maritalStatus: 'single',
    bloodType: 'O',
    birthRegistrationPlace: address,
    hometown: address,
    permanentAddress: address,
    currentAddress: address,
  };
}

/** A population registry that counts lookups, answers slowly, and can be taken down. */
class FakePopulation implements CitizenLookupPort {
  calls = 0;
  down = false;
  constructor(private readonly clock: () => Date) {}
  lookupCitizen(
    personalId: string,
    ctx: { requestId: string },
  ): Promise<RegistryLookupResult<CitizenRecord>> {
    this.calls += 1;
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        if (this.down) {
          reject(
            new RegistryError(RegistryErrorCode.Unavailable, 'down', {
              registry: 'population',
              retryAfterMs: 5000,
            }),
          );
          return;
        }
        resolve({
          kind: 'found',
          record: citizen(personalId),
          requestId: ctx.requestId,
          registry: 'population',
          fetchedAt: this.clock(),
        });
      }, 150),
    );
  }
  breakerState() {
    return 'closed' as const;
  }
  onBreakerChange() {
    return () => undefined;
  }
}

const noBusiness: EnterpriseLookupPort = {
  lookupEnterprise: () => Promise.reject(new Error('not used')),
  breakerState: () => 'closed',
  onBreakerChange: () => () => undefined,
};

describe('registry profiles (real Postgres)', () => {
  let pg: PostgresHandle;
  let replicaA: DataSource;
  let replicaB: DataSource;
  const protector = new SubjectProtector(randomBytes(32), randomBytes(32));
  let now = new Date();
  const clock = () => now;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    replicaA = createDataSource({ url: pg.url, applicationName: 'replica-a', poolSize: 20 });
    replicaB = createDataSource({ url: pg.url, applicationName: 'replica-b', poolSize: 20 });
    await Promise.all([replicaA.initialize(), replicaB.initialize()]);
  });

  afterAll(async () => {
    await Promise.all([replicaA?.destroy(), replicaB?.destroy()]);
    await pg?.stop();
  });

  beforeEach(async () => {
    now = new Date();
    await replicaA.query(
      'TRUNCATE registry_profiles, profile_lookup_tasks, profile_mismatches, reusable_results, personal_data_access_log, case_reuse, outbox',
    );
  });

  const resolverOn = (ds: DataSource, registry: CitizenLookupPort, freshnessMs = 60_000) =>
    new ProfileResolver(new ProfileRepository(ds, protector), protector, registry, noBusiness, {
      freshnessMs,
      officialCode: 'HUB-TEST',
      clock,
    });
  const ctx = { purpose: '000.00.01.H26-260312-00001', serviceCode: '2.000488' };
  const subject = { kind: 'citizen' as const, id: PERSONAL_ID };

  it('makes one registry call for 40 concurrent callers on two replicas (single-flight)', async () => {
    const registry = new FakePopulation(clock);
    const a = resolverOn(replicaA, registry);
    const b = resolverOn(replicaB, registry);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).resolve(subject, ctx, { allowStale: false }),
      ),
    );
    expect(registry.calls).toBe(1);
    expect(results.filter((r) => r.kind === 'profile' && r.lookedUp)).toHaveLength(1);
    const requestIds = new Set(
      results.map((r) => (r.kind === 'profile' ? r.profile.requestId : 'none')),
    );
    expect(requestIds.size).toBe(1);
    // Stored encrypted: neither the ID nor the name in clear.
    const [row] = await queryRows<{ subject_enc: string; record_enc: string }>(
      replicaA,
      'SELECT subject_enc, record_enc FROM registry_profiles',
    );
    expect(JSON.stringify(row)).not.toContain(PERSONAL_ID);
    expect(JSON.stringify(row)).not.toContain('Nguyễn');
  });

  it('asks again only after the freshness window, and serves stale data (marked) while the registry is down', async () => {
    const registry = new FakePopulation(clock);
    const resolver = resolverOn(replicaA, registry, 1000);
    await resolver.resolve(subject, ctx, { allowStale: false });
    now = new Date(now.getTime() + 500);
    await resolver.resolve(subject, ctx, { allowStale: false });
    expect(registry.calls).toBe(1);
    now = new Date(now.getTime() + 1000);
    registry.down = true;
    const stale = await resolver.resolve(subject, ctx, { allowStale: true });
    expect(stale).toMatchObject({ kind: 'profile', stale: true });
    const strict = await resolver.resolve(subject, ctx, { allowStale: false });
    expect(strict).toMatchObject({ kind: 'unavailable', retryAfterMs: 5000 });
    registry.down = false;
    const fresh = await resolver.resolve(subject, ctx, { allowStale: false });
    expect(fresh).toMatchObject({ kind: 'profile', stale: false, lookedUp: true });
    expect(registry.calls).toBe(4);
  });

  it('purges profiles past their retention and keeps the others', async () => {
    const day = 24 * 3600_000;
    const registry = new FakePopulation(clock);
    const resolver = resolverOn(replicaA, registry);
    now = new Date(Date.now() - 2 * day);
    await resolver.resolve({ kind: 'citizen', id: '001090009876' }, ctx, { allowStale: false });
    now = new Date();
    await resolver.resolve(subject, ctx, { allowStale: false });
    const profiles = new ProfileRepository(replicaA, protector);

    expect(await profiles.purgeOlderThan(day)).toBe(1);
    const left = await queryRows<{ subject_hash: string }>(
      replicaA,
      'SELECT subject_hash FROM registry_profiles',
    );
    expect(left.map((r) => r.subject_hash)).toEqual([
      protector.subjectHash('citizen', PERSONAL_ID),
    ]);
    // Nothing more is past retention: a second run deletes nothing.
    expect(await profiles.purgeOlderThan(day)).toBe(0);
  });

  it('answers unavailable when nothing is cached and the registry is down', async () => {
    const registry = new FakePopulation(clock);
    registry.down = true;
    expect(
      await resolverOn(replicaA, registry).resolve(subject, ctx, { allowStale: true }),
    ).toMatchObject({
      kind: 'unavailable',
    });
  });

  it('ingests a batch in one go: a repeated case once, an agency case without a lookup', async () => {
    const tasks = new LookupTaskRepository(replicaA);
    const citizen = (n: number): ReceivedCase => ({
      eventId: `batch-ev-${n}`,
      caseCode: `000.00.01.H26-260313-0000${n}`,
      department: 'STP',
      procedureCode: '1.001193',
      receivedAt: new Date('2026-03-13T01:30:00Z'),
      subject: {
        kind: 'citizen',
        hash: protector.subjectHash('citizen', `00109200012${n}`),
        enc: protector.encrypt(`00109200012${n}`),
      },
      declaredEnc: protector.encryptJson({ fullName: 'Trần Thị Bình' }),
      declaredFields: ['fullName', 'dateOfBirth'],
      documents: [{ code: 'TK-KS' }, { code: 'GKS', reusedFrom: 'KS-0/2026' }],
    });
    const agency: ReceivedCase = {
      eventId: 'batch-ev-9',
      caseCode: '000.00.01.H26-260313-00009',
      department: 'STP',
      procedureCode: '1.001193',
      receivedAt: new Date('2026-03-13T01:30:00Z'),
      declaredEnc: protector.encryptJson({ fullName: 'Sở Tư pháp' }),
      declaredFields: ['fullName'],
      documents: [],
    };
    expect(await tasks.ingest([citizen(1), citizen(1), agency, citizen(2)])).toBe(2);
    const reuse = await queryRows<{
      case_code: string;
      subject_kind: string | null;
      fields_declared: number;
      documents_total: number;
      documents_reused: number;
    }>(
      replicaA,
      `SELECT case_code, subject_kind, fields_declared, documents_total, documents_reused
         FROM case_reuse WHERE case_code LIKE '000.00.01.H26-260313-%' ORDER BY case_code`,
    );
    expect(reuse).toEqual([
      {
        case_code: citizen(1).caseCode,
        subject_kind: 'citizen',
        fields_declared: 2,
        documents_total: 2,
        documents_reused: 1,
      },
      {
        case_code: citizen(2).caseCode,
        subject_kind: 'citizen',
        fields_declared: 2,
        documents_total: 2,
        documents_reused: 1,
      },
      {
        case_code: agency.caseCode,
        subject_kind: null,
        fields_declared: 1,
        documents_total: 0,
        documents_reused: 0,
      },
    ]);
    const queued = await queryRows<{ event_id: string; state: string }>(
      replicaA,
      `SELECT event_id, state FROM profile_lookup_tasks WHERE event_id LIKE 'batch-ev-%' ORDER BY event_id`,
    );
    expect(queued).toEqual([
      { event_id: 'batch-ev-1', state: 'pending' },
      { event_id: 'batch-ev-2', state: 'pending' },
    ]);
  });

  it('ingests idempotently, leases tasks to one worker, and ignores a completion after the lease was lost', async () => {
    const tasks = new LookupTaskRepository(replicaA);
    const received: ReceivedCase = {
      eventId: 'ev-1',
      caseCode: '000.00.01.H26-260312-00001',
      department: 'STP',
      procedureCode: '1.001193',
      receivedAt: new Date('2026-03-12T01:30:00Z'),
      subject: {
        kind: 'citizen',
        hash: protector.subjectHash('citizen', PERSONAL_ID),
        enc: protector.encrypt(PERSONAL_ID),
      },
      declaredEnc: protector.encryptJson({ fullName: 'Nguyễn Văn An' }),
      declaredFields: ['fullName'],
      documents: [{ code: 'TK-KS' }],
    };
    expect(await tasks.ingest([received])).toBe(1);
    expect(await tasks.ingest([received])).toBe(0);
    const [first, second] = await Promise.all([
      tasks.claimDue(10, 'w1', 60_000, ['citizen']),
      new LookupTaskRepository(replicaB).claimDue(10, 'w2', 60_000, ['citizen']),
    ]);
    expect(first.length + second.length).toBe(1);
    expect(await tasks.claimDue(10, 'w3', 60_000, ['enterprise'])).toEqual([]);
    const task = first[0] ?? second[0];
    const holder = first.length === 1 ? 'w1' : 'w2';
    expect(
      await tasks.complete(task, 'someone-else', {
        outcome: 'verified',
        registry: 'population',
        outbox: [],
      }),
    ).toBe(false);
    expect(
      await tasks.complete(task, holder, {
        outcome: 'mismatch',
        registry: 'population',
        requestId: 'req-1',
        comparison: {
          declared: ['fullName'],
          matched: [],
          mismatched: ['fullName'],
          unverifiable: [],
        },
        verifiedFieldCount: 7,
        access: {
          subjectHash: task.subjectHash,
          department: 'STP',
          principal: 'once-only',
          purpose: task.caseCode,
          action: 'verify',
          fields: ['fullName'],
        },
        outbox: [{ topic: 'hub.profile-events.v1', key: task.caseCode, headers: {}, value: '{}' }],
      }),
    ).toBe(true);
    const mismatches = await queryRows<{ field: string }>(
      replicaA,
      'SELECT field FROM profile_mismatches',
    );
    expect(mismatches).toEqual([{ field: 'fullName' }]);
    const log = await new AccessLogRepository(replicaA).list(task.subjectHash, 10);
    expect(log).toEqual([
      expect.objectContaining({ action: 'verify', fields: ['fullName'], department: 'STP' }),
    ]);
    const kpis = await new ReuseKpiRepository(replicaA).monthly('2026-03');
    expect(kpis).toEqual([
      expect.objectContaining({
        department: 'STP',
        cases: 1,
        casesVerified: 1,
        fieldsDeclared: 1,
        fieldsMatched: 0,
        documents: 1,
      }),
    ]);
  });

  it('registers results once, offers only valid ones, and counts a document asked again', async () => {
    const results = new ReusableResultRepository(replicaA);
    const ownerHash = protector.subjectHash('citizen', PERSONAL_ID);
    const base = {
      eventId: 'ev-4',
      ownerHash,
      ownerKind: 'citizen' as const,
      documentName: 'Giấy khai sinh',
      sha256: 'a'.repeat(64),
      url: 'https://results.hanoi.gov.vn/ks/1.pdf',
      caseCode: '000.00.01.H26-260312-00001',
      department: 'STP',
      issuedAt: new Date('2026-03-12T03:30:00Z'),
    };
    const announce = () => ({ topic: 't', key: 'k', headers: {}, value: '{}' });
    expect(
      await results.registerAndAnnounce(
        [
          { ...base, documentCode: 'KQ-KS', documentNo: 'KS-1/2026' },
          {
            ...base,
            documentCode: 'KQ-XNHN',
            documentNo: 'HN-1/2026',
            validUntil: new Date('2020-01-01'),
          },
        ],
        announce,
      ),
    ).toBe(2);
    expect(
      await results.registerAndAnnounce(
        [{ ...base, documentCode: 'KQ-KS', documentNo: 'KS-1/2026' }],
        announce,
      ),
    ).toBe(0);
    expect(
      (await results.findValid(ownerHash, ['KQ-KS', 'KQ-XNHN'])).map((r) => r.documentNo),
    ).toEqual(['KS-1/2026']);

    const tasks = new LookupTaskRepository(replicaA);
    await tasks.ingest([
      {
        eventId: 'ev-9',
        caseCode: '000.00.01.H26-260313-00002',
        department: 'SXD',
        procedureCode: '2.000488',
        receivedAt: new Date('2026-03-13T01:30:00Z'),
        subject: { kind: 'citizen', hash: ownerHash, enc: protector.encrypt(PERSONAL_ID) },
        declaredEnc: protector.encryptJson({}),
        declaredFields: [],
        documents: [
          { code: 'KQ-KS' },
          { code: 'X', reusedFrom: 'KS-1/2026' },
          { code: 'Y', reusedFrom: 'elsewhere' },
        ],
      },
    ]);
    const [sxd] = await new ReuseKpiRepository(replicaA).monthly('2026-03', 'SXD');
    expect(sxd).toMatchObject({
      documents: 3,
      documentsReused: 2,
      documentsReusedFromRegisteredResults: 1,
      documentsAskedAgain: 1,
      casesAskedAgain: 1,
    });
  });
});
