import { queryRows, type Queryable } from '@hub/persistence';

export interface DepartmentReuse {
  department: string;
  cases: number;
  /** Cases whose applicant was verified against a registry. */
  casesVerified: number;
  fieldsDeclared: number;
  fieldsMatched: number;
  /** fieldsMatched / declared fields of verified cases (null without any). */
  fieldMatchRate: number | null;
  documents: number;
  documentsReused: number;
  documentsReusedFromRegisteredResults: number;
  documentReuseRate: number | null;
  /** Documents submitted again although a valid reusable result of that code was held. */
  documentsAskedAgain: number;
  /** Declared fields although a verified profile was held. */
  fieldsAskedAgain: number;
  casesAskedAgain: number;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Reuse accounting per department and month (Hanoi time, UTC+7). */
export class ReuseKpiRepository {
  constructor(private readonly db: Queryable) {}

  async monthly(month: string, department?: string): Promise<DepartmentReuse[]> {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const rows = await queryRows<Record<string, string>>(
      this.db,
      `SELECT department,
              count(*) AS cases,
              count(*) FILTER (WHERE fields_verified IS NOT NULL) AS cases_verified,
              coalesce(sum(fields_declared) FILTER (WHERE fields_verified IS NOT NULL), 0) AS fields_declared_verified,
              coalesce(sum(fields_declared), 0) AS fields_declared,
              coalesce(sum(fields_matched), 0) AS fields_matched,
              coalesce(sum(documents_total), 0) AS documents,
              coalesce(sum(documents_reused), 0) AS documents_reused,
              coalesce(sum(documents_reused_registered), 0) AS documents_reused_registered,
              coalesce(sum(documents_asked_again), 0) AS documents_asked_again,
              coalesce(sum(fields_already_verified), 0) AS fields_asked_again,
              count(*) FILTER (WHERE documents_asked_again > 0 OR fields_already_verified > 0) AS cases_asked_again
         FROM case_reuse
        WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz
          AND ($3::text IS NULL OR department = $3)
        GROUP BY department ORDER BY department`,
      [`${month}-01T00:00:00+07:00`, `${next}-01T00:00:00+07:00`, department ?? null],
    );
    return rows.map((r) => {
      const n = (k: string): number => Number(r[k] ?? 0);
      return {
        department: r['department'] ?? '',
        cases: n('cases'),
        casesVerified: n('cases_verified'),
        fieldsDeclared: n('fields_declared'),
        fieldsMatched: n('fields_matched'),
        fieldMatchRate: ratio(n('fields_matched'), n('fields_declared_verified')),
        documents: n('documents'),
        documentsReused: n('documents_reused'),
        documentsReusedFromRegisteredResults: n('documents_reused_registered'),
        documentReuseRate: ratio(n('documents_reused'), n('documents')),
        documentsAskedAgain: n('documents_asked_again'),
        fieldsAskedAgain: n('fields_asked_again'),
        casesAskedAgain: n('cases_asked_again'),
      };
    });
  }
}
