import { caseCode as caseCodeSchema } from '@hub/contracts';
import type { Subject } from '@hub/registry-profiles';
import type { PurposeCase } from './purpose-case.repository';

/** Why a prefill's purpose does not allow the read; stable, for logs and metrics. */
export type PurposeRefusal =
  | 'not-a-case-code'
  | 'not-a-case-of-the-department'
  | 'case-not-received'
  | 'applicant-is-another-subject';

/** True when `purpose` has the shape of a case code (then it may be stored and logged as one). */
export function isCaseCode(purpose: string): boolean {
  return caseCodeSchema.safeParse(purpose).success;
}

/**
 * Purpose limitation (Law 91/2025/QH15): a department reads a person's verified data only for a
 * case of its own whose applicant is that person — the case the form being filled belongs to.
 * `found` is the case the purpose names (undefined when there is none). A case of another
 * department gets the same answer as a missing one, so a key cannot probe others' case codes.
 */
export function checkPurpose(
  department: string,
  subject: Subject,
  purpose: string,
  found: PurposeCase | undefined,
): PurposeRefusal | undefined {
  if (!isCaseCode(purpose)) return 'not-a-case-code';
  if (!found || found.department !== department) return 'not-a-case-of-the-department';
  if (!found.applicant) return 'case-not-received';
  if (found.applicant.kind !== subject.kind || found.applicant.id !== subject.id)
    return 'applicant-is-another-subject';
  return undefined;
}

/** What a refusal tells the caller, naming the parameter (never the applicant's ID). */
export function purposeRefusalMessage(refusal: PurposeRefusal, department: string): string {
  switch (refusal) {
    case 'not-a-case-code':
      return `must be the case code of a case of department ${department} whose applicant is the subject`;
    case 'not-a-case-of-the-department':
      return `is not a case of department ${department}`;
    case 'case-not-received':
      return 'names a case whose case.received the hub has not taken yet (send it first) or whose applicant is not a citizen or enterprise';
    case 'applicant-is-another-subject':
      return "names a case whose applicant is not this subject: personal data is read only for the applicant's own case";
  }
}
