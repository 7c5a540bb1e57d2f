import { exampleCase } from '@hub/contracts';
import type { CitizenRecord } from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import type {
  AccessLogRepository,
  AccessRecord,
  ProfileResolver,
  ReusableResultRepository,
  StoredProfile,
} from '@hub/registry-profiles';
import type { DataSource } from 'typeorm';
import { PrefillCommand } from './prefill.command';
import { PREFILL_REFUSED, PrefillHandler } from './prefill.handler';

const PERSONAL_ID = '001090001234';
const { caseCode } = exampleCase({ department: 'STP', personalId: PERSONAL_ID });

/** The gateway's row for the purpose case: STP's, procedure 2.000488 (asks for KQ-KS), applicant PERSONAL_ID. */
const caseRow = {
  department: 'STP',
  procedure_code: '2.000488',
  applicant_kind: 'citizen',
  personal_id: PERSONAL_ID,
  enterprise_code: null,
};

const profile: StoredProfile = {
  subjectHash: 'hash',
  subjectKind: 'citizen',
  registry: 'population',
  status: 'found',
  verified: {
    kind: 'citizen',
    record: {
      personalId: PERSONAL_ID,
      fullName: 'Nguyễn Văn An',
      birthDate: '1990-05-17',
      gender: 'male',
      nationality: 'Việt Nam',
    } as CitizenRecord,
  },
  flags: [],
  requestId: 'req-1',
  fetchedAt: new Date(),
};

function setup(rows: unknown[] = [caseRow], overrides: Record<string, string[]> = {}) {
  const records: AccessRecord[] = [];
  const resolve = jest.fn(() =>
    Promise.resolve({ kind: 'profile' as const, profile, stale: false, lookedUp: false }),
  );
  const findValid = jest.fn(() => Promise.resolve([]));
  const handler = new PrefillHandler(
    { resolve, hashOf: () => 'hash' } as unknown as ProfileResolver,
    { findValid } as unknown as ReusableResultRepository,
    {
      record: (r: AccessRecord) => {
        records.push(r);
        return Promise.resolve();
      },
    } as unknown as AccessLogRepository,
    HubLogger.for('test', 'silent'),
    { query: () => Promise.resolve(rows) } as unknown as DataSource,
    // The catalog's 2.000488 (criminal record certificate) takes a birth certificate (KQ-KS).
    {
      reusableResultsOf: (code: string) => (code === '2.000488' ? ['KQ-KS'] : undefined),
      ensureLoaded: () => Promise.resolve(),
    },
    {
      find: (code: string) =>
        Promise.resolve(
          overrides[code]
            ? {
                procedureCode: code,
                resultCodes: overrides[code],
                reason: 'test',
                setBy: 'admin',
                setAt: new Date(),
              }
            : undefined,
        ),
    },
  );
  return { handler, records, resolve, findValid };
}

function command(department: string, purpose: string, personalId = PERSONAL_ID): PrefillCommand {
  const built = PrefillCommand.create(department, {
    personalId,
    procedureCode: '2.000488',
    purpose,
  });
  if (!built.ok) throw new Error(JSON.stringify(built.errors));
  return built.command;
}

describe('PrefillHandler purpose', () => {
  it('refuses "curiosity" before any read, and records the refusal without the free text', async () => {
    const { handler, records, resolve } = setup();
    expect(await handler.execute(command('STP', 'curiosity'), 'STP')).toEqual({
      kind: 'forbidden',
      refusal: 'not-a-case-code',
    });
    expect(resolve).not.toHaveBeenCalled();
    expect(records).toEqual([
      expect.objectContaining({
        action: PREFILL_REFUSED,
        department: 'STP',
        purpose: '(not a case code)',
        fields: [],
        subjectHash: 'hash',
      }),
    ]);
  });

  it("refuses another department's case, and a case of another applicant", async () => {
    const other = setup();
    expect(await other.handler.execute(command('SXD', caseCode), 'SXD')).toMatchObject({
      kind: 'forbidden',
      refusal: 'not-a-case-of-the-department',
    });
    expect(other.records[0]).toMatchObject({ action: PREFILL_REFUSED, purpose: caseCode });
    const stranger = setup();
    expect(
      await stranger.handler.execute(command('STP', caseCode, '001090001235'), 'STP'),
    ).toMatchObject({ kind: 'forbidden', refusal: 'applicant-is-another-subject' });
    expect(stranger.resolve).not.toHaveBeenCalled();
  });

  it("serves the applicant's own case, offering other departments' results only for what that case asks for", async () => {
    const { handler, records, findValid } = setup();
    expect(await handler.execute(command('STP', caseCode), 'STP')).toMatchObject({ kind: 'ok' });
    expect(findValid).toHaveBeenCalledWith('hash', ['KQ-KS'], {
      department: 'STP',
      otherDepartmentsFor: ['KQ-KS'],
    });
    expect(records).toEqual([expect.objectContaining({ action: 'prefill', purpose: caseCode })]);
  });

  it("takes an administrator's override before the catalog's reuse links", async () => {
    const { handler, findValid } = setup([caseRow], { '2.000488': ['KQ-KS', 'KQ-XNHN'] });
    const outcome = await handler.execute(command('STP', caseCode), 'STP');
    expect(outcome).toMatchObject({
      kind: 'ok',
      view: { documents: { required: ['KQ-KS', 'KQ-XNHN'] } },
    });
    expect(findValid).toHaveBeenCalledWith('hash', ['KQ-KS', 'KQ-XNHN'], {
      department: 'STP',
      otherDepartmentsFor: ['KQ-KS', 'KQ-XNHN'],
    });
  });
});
