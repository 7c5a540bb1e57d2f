import { exampleCase } from '@hub/contracts';
import type { CitizenRecord, NationalResult } from '@hub/national-adapters';
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

/** A birth certificate the national store holds for the applicant, issued elsewhere. */
const nationalBirthCertificate: NationalResult = {
  resultCode: 'KQ-KS',
  documentName: 'Giấy khai sinh',
  documentNo: '123/2020/KS',
  issuingAgency: 'UBND phường Bến Nghé, TP. Hồ Chí Minh',
  files: [{ name: 'khai-sinh.pdf', url: 'https://kho.example/ks/123' }],
};

function setup(
  rows: unknown[] = [caseRow],
  overrides: Record<string, string[]> = {},
  store: { lookup: jest.Mock } = { lookup: jest.fn(() => Promise.resolve([])) },
) {
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
    store,
    { id: 'HUB-SYSTEM', name: 'Hệ thống liên thông' },
  );
  return { handler, records, resolve, findValid, store };
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

describe('PrefillHandler and the national results store', () => {
  it('offers a result only the national store holds, says where it came from, and logs the read', async () => {
    const lookup = jest.fn(() =>
      Promise.resolve([
        nationalBirthCertificate,
        // A result the procedure does not ask for is not offered.
        { ...nationalBirthCertificate, resultCode: 'KQ-KH', documentNo: '9/2019/KH' },
      ]),
    );
    const { handler, records } = setup([caseRow], {}, { lookup });
    const answer = await handler.execute(command('STP', caseCode), 'STP');
    expect(lookup).toHaveBeenCalledWith({
      ownerId: PERSONAL_ID,
      requesterId: 'HUB-SYSTEM',
      requesterName: 'Hệ thống liên thông',
      channel: '2',
      procedureCode: '2.000488',
      results: [{ resultCode: 'KQ-KS' }],
    });
    expect(answer).toMatchObject({
      kind: 'ok',
      view: {
        documents: {
          required: ['KQ-KS'],
          reusable: [],
          nationalStore: {
            available: true,
            results: [{ ...nationalBirthCertificate, source: 'national-store' }],
          },
          missing: [],
        },
      },
    });
    expect(records[0]?.fields).toContain('national-document:KQ-KS');
  });

  it('does not ask the store for what the hub holds, and answers without it when it is down', async () => {
    const held = setup([caseRow], {}, { lookup: jest.fn() });
    held.findValid.mockResolvedValueOnce([
      {
        documentCode: 'KQ-KS',
        documentName: 'Giấy khai sinh',
        documentNo: '1/2026/KS',
        sha256: 'a'.repeat(64),
        url: 'https://hub.example/ks/1',
        validUntil: null,
        caseCode,
        issuedAt: '2026-03-12T01:00:00.000Z',
      } as never,
    ]);
    const answer = await held.handler.execute(command('STP', caseCode), 'STP');
    expect(held.store.lookup).not.toHaveBeenCalled();
    expect(answer).toMatchObject({
      view: { documents: { reusable: [{ documentCode: 'KQ-KS', source: 'hub' }], missing: [] } },
    });

    const down = setup([caseRow], {}, { lookup: jest.fn(() => Promise.reject(new Error('open'))) });
    expect(await down.handler.execute(command('STP', caseCode), 'STP')).toMatchObject({
      kind: 'ok',
      view: {
        documents: { nationalStore: { available: false, results: [] }, missing: ['KQ-KS'] },
      },
    });
  });
});
