import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { recordAdminAction } from '../department-keys/department-key.repository';

export interface ReuseOverride {
  procedureCode: string;
  /** The result codes that may stand in for the procedure's documents (empty: none). */
  resultCodes: string[];
  reason: string;
  setBy: string;
  setAt: Date;
}

const toOverride = (r: Record<string, unknown>): ReuseOverride => ({
  procedureCode: r['procedure_code'] as string,
  resultCodes: r['result_codes'] as string[],
  reason: r['reason'] as string,
  setBy: r['set_by'] as string,
  setAt: r['set_at'] as Date,
});

/**
 * Administrators' overrides of the catalog's reuse links (`procedure_reuse_overrides`). Every
 * change and its audit entry commit together, so the log never misses one nor records a failed one.
 */
@Injectable()
export class ReuseOverrideRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async list(): Promise<ReuseOverride[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT * FROM procedure_reuse_overrides ORDER BY procedure_code`,
    );
    return rows.map(toOverride);
  }

  async find(procedureCode: string): Promise<ReuseOverride | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT * FROM procedure_reuse_overrides WHERE procedure_code = $1`,
      [procedureCode],
    );
    return row ? toOverride(row) : undefined;
  }

  async set(
    actor: string,
    procedureCode: string,
    change: { resultCodes: string[]; reason: string },
  ): Promise<ReuseOverride> {
    return this.ds.transaction(async (tx) => {
      const [before] = await queryRows<Record<string, unknown>>(
        tx,
        `SELECT * FROM procedure_reuse_overrides WHERE procedure_code = $1 FOR UPDATE`,
        [procedureCode],
      );
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `INSERT INTO procedure_reuse_overrides (procedure_code, result_codes, reason, set_by)
         VALUES ($1, $2::text[], $3, $4)
         ON CONFLICT (procedure_code) DO UPDATE
           SET result_codes = excluded.result_codes, reason = excluded.reason,
               set_by = excluded.set_by, set_at = now()
         RETURNING *`,
        [procedureCode, change.resultCodes, change.reason, actor],
      );
      await recordAdminAction(tx, {
        actor,
        action: 'procedure-reuse.set',
        target: `procedure:${procedureCode}`,
        details: {
          resultCodes: change.resultCodes,
          reason: change.reason,
          previous: before ? before['result_codes'] : null,
        },
      });
      return toOverride(row);
    });
  }

  /** Back to what the catalog says; undefined when there was no override. */
  async remove(actor: string, procedureCode: string): Promise<ReuseOverride | undefined> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `DELETE FROM procedure_reuse_overrides WHERE procedure_code = $1 RETURNING *`,
        [procedureCode],
      );
      if (!row) return undefined;
      await recordAdminAction(tx, {
        actor,
        action: 'procedure-reuse.removed',
        target: `procedure:${procedureCode}`,
        details: { previous: row['result_codes'] },
      });
      return toOverride(row);
    });
  }
}
