import type { CitizenRecord } from '@hub/national-adapters';
import { RegistryErrorCode } from '@hub/national-adapters';
import type { LookupTask, StoredProfile } from '@hub/registry-profiles';
import { decide } from './verify-applicant.handler';

const task: LookupTask = {
  eventId: 'ev-1',
  caseCode: '000.00.01.H26-260312-00042',
  department: 'STP',
  procedureCode: '1.001193',
  subjectKind: 'citizen',
  subjectHash: 'a'.repeat(64),
  subjectEnc: 'v1:x',
  declaredEnc: 'v1:y',
  attempts: 2,
};
const retry = { baseMs: 1000, maxMs: 60_000 };
const address = {
  provinceCode: '01',
  wardCode: '00070',
  detail: 'Số 12 phố Hàng Bài',
  country: 'VN',
};
const record = {
  personalId: '001090001234',
  fullName: 'Nguyễn Văn An',
  birthDate: '1990-05-17',
  gender: 'male',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  permanentAddress: address,
  currentAddress: address,
} as CitizenRecord;
const profile = (p: Partial<StoredProfile> = {}): StoredProfile => ({
  subjectHash: task.subjectHash,
  subjectKind: 'citizen',
  registry: 'population',
  status: 'found',
  verified: { kind: 'citizen', record },
  flags: [],
  requestId: 'req-1',
  fetchedAt: new Date('2026-03-12T00:00:00Z'),
  ...p,
});

describe('decide (verify applicant)', () => {
  it('retries later with backoff when the registry is down, honouring Retry-After', () => {
    const d = decide(task, {}, { kind: 'unavailable', retryAfterMs: 120_000 }, retry, 0);
    expect(d).toEqual({
      kind: 'retry',
      nextAttemptAt: new Date(120_000),
      errorCode: 'REGISTRY_UNAVAILABLE',
    });
  });

  it('records a refusal as a final failure with its code', () => {
    const d = decide(
      task,
      {},
      { kind: 'refused', code: RegistryErrorCode.NotLicensed, message: '004' },
      retry,
    );
    expect(d).toMatchObject({
      kind: 'complete',
      completion: { outcome: 'failed', errorCode: 'REGISTRY_NOT_LICENSED' },
    });
  });

  it('records an unknown subject as not found, final', () => {
    const d = decide(
      task,
      {},
      {
        kind: 'profile',
        profile: profile({ status: 'not_found', verified: undefined }),
        stale: false,
        lookedUp: true,
      },
      retry,
    );
    expect(d).toMatchObject({ kind: 'complete', completion: { outcome: 'not_found', outbox: [] } });
  });

  it('publishes verified and mismatch events without the personal ID in them', () => {
    const d = decide(
      task,
      { fullName: 'Trần Văn Khác', dateOfBirth: '1990-05-17' },
      { kind: 'profile', profile: profile(), stale: false, lookedUp: true },
      retry,
    );
    if (d.kind !== 'complete') throw new Error('expected complete');
    expect(d.completion.outcome).toBe('mismatch');
    expect(d.completion.comparison?.mismatched).toEqual(['fullName']);
    expect(d.completion.outbox.map((m) => m.headers['ce_type'])).toEqual([
      'profile.verified',
      'profile.mismatch',
    ]);
    for (const m of d.completion.outbox) {
      expect(m.topic).toBe('hub.profile-events.v1');
      expect(JSON.stringify(m)).not.toContain('001090001234');
    }
    expect(d.completion.access).toMatchObject({
      action: 'verify',
      purpose: task.caseCode,
      fields: ['fullName', 'dateOfBirth'],
    });
  });
});
