import { queryRows, type Queryable } from '@hub/persistence';

export interface AccessRecord {
  subjectHash: string;
  department: string;
  /** The key's principal (department code) or the service that read the data. */
  principal: string;
  purpose: string;
  procedureCode?: string;
  /** `prefill`, `verify`, … */
  action: string;
  fields: string[];
  requestId?: string;
}

export interface AccessLogEntry {
  id: string;
  department: string;
  principal: string;
  purpose: string;
  procedureCode: string | null;
  action: string;
  fields: string[];
  requestId: string | null;
  accessedAt: string;
}

/** Every read of personal data (Law 91/2025/QH15): who, for what purpose, which fields, when. */
export class AccessLogRepository {
  constructor(private readonly db: Queryable) {}

  async record(entry: AccessRecord, db: Queryable = this.db): Promise<void> {
    await db.query(
      `INSERT INTO personal_data_access_log
         (subject_hash, department, principal, purpose, procedure_code, action, fields, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.subjectHash,
        entry.department,
        entry.principal,
        entry.purpose,
        entry.procedureCode ?? null,
        entry.action,
        entry.fields,
        entry.requestId ?? null,
      ],
    );
  }

  async list(subjectHash: string, limit: number): Promise<AccessLogEntry[]> {
    const rows = await queryRows<{
      id: string;
      department: string;
      principal: string;
      purpose: string;
      procedure_code: string | null;
      action: string;
      fields: string[];
      request_id: string | null;
      accessed_at: Date;
    }>(
      this.db,
      `SELECT id, department, principal, purpose, procedure_code, action, fields, request_id, accessed_at
         FROM personal_data_access_log WHERE subject_hash = $1 ORDER BY accessed_at DESC, id DESC LIMIT $2`,
      [subjectHash, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      department: r.department,
      principal: r.principal,
      purpose: r.purpose,
      procedureCode: r.procedure_code,
      action: r.action,
      fields: r.fields,
      requestId: r.request_id,
      accessedAt: r.accessed_at.toISOString(),
    }));
  }
}
