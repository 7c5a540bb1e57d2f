import { enqueueOutbox, type OutboxMessage, queryRows, type Queryable } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import type { SubjectKind } from '../subject-protector';

export interface NewReusableResult {
  eventId: string;
  ownerHash: string;
  ownerKind: SubjectKind;
  documentCode: string;
  documentName: string;
  documentNo: string;
  sha256: string;
  url: string;
  validUntil?: Date;
  caseCode: string;
  department: string;
  issuedAt: Date;
}

export interface ReusableResult {
  documentCode: string;
  documentName: string;
  documentNo: string;
  sha256: string;
  url: string;
  validUntil: string | null;
  caseCode: string;
  issuedAt: string;
}

/** Results issued to a citizen or enterprise, offered in place of documents later procedures ask for. */
export class ReusableResultRepository {
  constructor(private readonly db: DataSource) {}

  /** Registers results and enqueues the announcements of the newly inserted ones, atomically. */
  async registerAndAnnounce(
    results: NewReusableResult[],
    announce: (inserted: NewReusableResult) => OutboxMessage,
  ): Promise<number> {
    if (results.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const inserted = await this.register(tx, results);
      await enqueueOutbox(tx, inserted.map(announce));
      return inserted.length;
    });
  }

  /** Idempotent by (event id, document number); returns the rows actually inserted. */
  async register(db: Queryable, results: NewReusableResult[]): Promise<NewReusableResult[]> {
    const inserted: NewReusableResult[] = [];
    for (const r of results) {
      const rows = await queryRows(
        db,
        `INSERT INTO reusable_results (event_id, document_no, owner_hash, owner_kind, document_code, document_name,
                                       sha256, url, valid_until, case_code, department, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [
          r.eventId,
          r.documentNo,
          r.ownerHash,
          r.ownerKind,
          r.documentCode,
          r.documentName,
          r.sha256,
          r.url,
          r.validUntil ?? null,
          r.caseCode,
          r.department,
          r.issuedAt,
        ],
      );
      if (rows.length > 0) inserted.push(r);
    }
    return inserted;
  }

  /**
   * Still-valid results of the owner with one of `codes`, newest first. With `issuer`, a result
   * issued by another department than `issuer.department` is offered only when its code is one of
   * `issuer.otherDepartmentsFor`: cross-department reuse only where the applicant's own case (the
   * reader's purpose) asks for that document.
   */
  async findValid(
    ownerHash: string,
    codes: readonly string[],
    issuer?: { department: string; otherDepartmentsFor: readonly string[] },
  ): Promise<ReusableResult[]> {
    if (codes.length === 0) return [];
    const rows = await queryRows<{
      document_code: string;
      document_name: string;
      document_no: string;
      sha256: string;
      url: string;
      valid_until: Date | null;
      case_code: string;
      issued_at: Date;
    }>(
      this.db,
      `SELECT document_code, document_name, document_no, sha256, url, valid_until, case_code, issued_at
         FROM reusable_results
        WHERE owner_hash = $1 AND document_code = ANY($2) AND (valid_until IS NULL OR valid_until > now())
          AND ($3::text IS NULL OR department = $3 OR document_code = ANY($4::text[]))
        ORDER BY issued_at DESC`,
      [ownerHash, codes, issuer?.department ?? null, issuer?.otherDepartmentsFor ?? []],
    );
    return rows.map((r) => ({
      documentCode: r.document_code,
      documentName: r.document_name,
      documentNo: r.document_no,
      sha256: r.sha256,
      url: r.url,
      validUntil: r.valid_until?.toISOString() ?? null,
      caseCode: r.case_code,
      issuedAt: r.issued_at.toISOString(),
    }));
  }
}
