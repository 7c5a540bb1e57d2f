import { enterpriseCode, personalId } from '@hub/contracts';
import type { FieldError } from '@hub/observability';
import type { Subject } from '@hub/registry-profiles';

const PROCEDURE_CODE = /^\d{1,2}\.\d{6}$/;
const PURPOSE = /^[\x21-\x7e][\x20-\x7e]{0,199}$/;

export interface PrefillQuery {
  personalId?: unknown;
  enterpriseCode?: unknown;
  procedureCode?: unknown;
  purpose?: unknown;
}

/**
 * A validated prefill request. Built from raw query parameters; every problem is reported at
 * once, naming the parameter, so a worker or CLI gets the same checks as HTTP.
 */
export class PrefillCommand {
  private constructor(
    readonly department: string,
    readonly subject: Subject,
    readonly procedureCode: string,
    readonly purpose: string,
  ) {}

  static create(
    department: string,
    query: PrefillQuery,
  ): { ok: true; command: PrefillCommand } | { ok: false; errors: FieldError[] } {
    const errors: FieldError[] = [];
    const str = (v: unknown): string | undefined =>
      typeof v === 'string' && v !== '' ? v : undefined;
    const pid = str(query.personalId);
    const ent = str(query.enterpriseCode);
    const procedure = str(query.procedureCode);
    const purpose = str(query.purpose);
    if (query.personalId !== undefined && typeof query.personalId !== 'string')
      errors.push({ path: 'query.personalId', message: 'must be given once' });
    if (query.enterpriseCode !== undefined && typeof query.enterpriseCode !== 'string')
      errors.push({ path: 'query.enterpriseCode', message: 'must be given once' });
    if (pid === undefined && ent === undefined) {
      errors.push({ path: 'query.personalId', message: 'is required (or enterpriseCode)' });
    } else if (pid !== undefined && ent !== undefined) {
      errors.push({
        path: 'query.enterpriseCode',
        message: 'must not be given with personalId (exactly one subject)',
      });
    }
    if (pid !== undefined && !personalId.safeParse(pid).success)
      errors.push({ path: 'query.personalId', message: 'must be exactly 12 digits' });
    if (ent !== undefined && !enterpriseCode.safeParse(ent).success)
      errors.push({
        path: 'query.enterpriseCode',
        message: 'must be 10 digits, optionally followed by -NNN for a branch',
      });
    if (procedure === undefined)
      errors.push({ path: 'query.procedureCode', message: 'is required' });
    else if (!PROCEDURE_CODE.test(procedure))
      errors.push({
        path: 'query.procedureCode',
        message: 'must be a procedure code like 1.005092',
      });
    if (purpose === undefined)
      errors.push({
        path: 'query.purpose',
        message:
          "is required: the code of your department's case, whose applicant is the subject, that this personal data is read for",
      });
    else if (!PURPOSE.test(purpose))
      errors.push({ path: 'query.purpose', message: 'must be 1 to 200 printable characters' });
    if (errors.length > 0) return { ok: false, errors };
    const subject: Subject =
      pid !== undefined ? { kind: 'citizen', id: pid } : { kind: 'enterprise', id: ent ?? '' };
    return {
      ok: true,
      command: new PrefillCommand(department, subject, procedure ?? '', purpose ?? ''),
    };
  }
}
