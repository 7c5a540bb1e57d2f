import { queryRows, type Queryable } from '@hub/persistence';
import type { Subject } from '@hub/registry-profiles';

/** The case a prefill names as its purpose, as the gateway stored it. */
export interface PurposeCase {
  caseCode: string;
  department: string;
  procedureCode: string | null;
  /** From the case's `case.received`; absent until it arrives, or for agency applicants. */
  applicant?: Subject;
}

interface Row {
  department: string;
  procedure_code: string | null;
  applicant_kind: string | null;
  personal_id: string | null;
  enterprise_code: string | null;
}

/**
 * Reads the gateway's own cases and their `case.received` (sequence 1) to check a prefill's
 * purpose. The applicant's ID comes back into memory and is compared there: it never travels to
 * Postgres as a parameter, so a failing statement cannot put it in the server's log.
 */
export class PurposeCaseRepository {
  constructor(private readonly db: Queryable) {}

  async find(caseCode: string): Promise<PurposeCase | undefined> {
    const [row] = await queryRows<Row>(
      this.db,
      `SELECT c.department, c.procedure_code,
              e.payload #>> '{data,applicant,kind}'           AS applicant_kind,
              e.payload #>> '{data,applicant,personalId}'     AS personal_id,
              e.payload #>> '{data,applicant,enterpriseCode}' AS enterprise_code
         FROM cases c
         LEFT JOIN case_events e
           ON e.case_code = c.case_code AND e.sequence = 1 AND e.type = 'case.received'
        WHERE c.case_code = $1`,
      [caseCode],
    );
    if (!row) return undefined;
    const applicant: Subject | undefined =
      row.applicant_kind === 'citizen' && row.personal_id
        ? { kind: 'citizen', id: row.personal_id }
        : row.applicant_kind === 'enterprise' && row.enterprise_code
          ? { kind: 'enterprise', id: row.enterprise_code }
          : undefined;
    return {
      caseCode,
      department: row.department,
      procedureCode: row.procedure_code,
      ...(applicant ? { applicant } : {}),
    };
  }
}
