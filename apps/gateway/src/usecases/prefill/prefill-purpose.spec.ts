import { exampleCase } from '@hub/contracts';
import type { Subject } from '@hub/registry-profiles';
import { checkPurpose, purposeRefusalMessage } from './prefill-purpose';
import type { PurposeCase } from './purpose-case.repository';

const citizen: Subject = { kind: 'citizen', id: '001090001234' };
const { caseCode } = exampleCase({ department: 'STP', personalId: citizen.id });
const ownCase: PurposeCase = {
  caseCode,
  department: 'STP',
  procedureCode: '1.001193',
  applicant: citizen,
};

describe('checkPurpose', () => {
  it("allows a case of the caller's department whose applicant is the subject", () => {
    expect(checkPurpose('STP', citizen, caseCode, ownCase)).toBeUndefined();
  });

  it('refuses free text, such as "curiosity"', () => {
    expect(checkPurpose('STP', citizen, 'curiosity', undefined)).toBe('not-a-case-code');
  });

  it("refuses a missing case and another department's case alike", () => {
    expect(checkPurpose('STP', citizen, caseCode, undefined)).toBe('not-a-case-of-the-department');
    expect(checkPurpose('SXD', citizen, caseCode, ownCase)).toBe('not-a-case-of-the-department');
  });

  it('refuses a case whose case.received has not arrived', () => {
    const { applicant: _, ...notReceived } = ownCase;
    expect(checkPurpose('STP', citizen, caseCode, notReceived)).toBe('case-not-received');
  });

  it('refuses a case of another applicant, or of an enterprise with the same digits', () => {
    expect(checkPurpose('STP', { kind: 'citizen', id: '001090001235' }, caseCode, ownCase)).toBe(
      'applicant-is-another-subject',
    );
    const enterprise: PurposeCase = {
      ...ownCase,
      applicant: { kind: 'enterprise', id: citizen.id },
    };
    expect(checkPurpose('STP', citizen, caseCode, enterprise)).toBe('applicant-is-another-subject');
  });

  it('explains each refusal without the personal ID', () => {
    for (const refusal of [
      'not-a-case-code',
      'not-a-case-of-the-department',
      'case-not-received',
      'applicant-is-another-subject',
    ] as const) {
      const message = purposeRefusalMessage(refusal, 'STP');
      expect(message.length).toBeGreaterThan(10);
      expect(message).not.toMatch(/\d{12}/);
    }
  });
});
