import { queryRows, type Queryable } from '@hub/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubjectKind, SubjectProtector } from '../subject-protector';
import type { VerifiedRecord } from '../verified-fields';

export type ProfileStatus = 'found' | 'not_found';

/** A registry answer about one subject, as kept by the hub (decrypted). */
export interface StoredProfile {
  subjectHash: string;
  subjectKind: SubjectKind;
  registry: 'population' | 'business';
  status: ProfileStatus;
  verified?: VerifiedRecord;
  flags: string[];
  requestId: string;
  fetchedAt: Date;
}

interface Row {
  subject_hash: string;
  subject_kind: SubjectKind;
  registry: 'population' | 'business';
  status: ProfileStatus;
  record_enc: string | null;
  flags: string[];
  request_id: string;
  fetched_at: Date;
}

/**
 * Verified profiles, one row per subject (keyed hash). Records are encrypted at rest; the
 * subject lock is a transaction-scoped advisory lock on the hash, so concurrent callers in any
 * replica queue behind one registry lookup instead of each making their own.
 */
export class ProfileRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly protector: SubjectProtector,
  ) {}

  async find(subjectHash: string, db: Queryable = this.ds): Promise<StoredProfile | undefined> {
    const [row] = await queryRows<Row>(
      db,
      `SELECT subject_hash, subject_kind, registry, status, record_enc, flags, request_id, fetched_at
         FROM registry_profiles WHERE subject_hash = $1`,
      [subjectHash],
    );
    return row ? this.toProfile(row) : undefined;
  }

  /** Runs `work` in a transaction holding the subject's lock (waits for whoever holds it). */
  withSubjectLock<T>(subjectHash: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [subjectHash]);
      return work(tx);
    });
  }

  async save(db: Queryable, profile: StoredProfile, subjectId: string): Promise<void> {
    await db.query(
      `INSERT INTO registry_profiles
         (subject_hash, subject_kind, subject_enc, registry, status, record_enc, flags, request_id, fetched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (subject_hash) DO UPDATE SET
         subject_enc = EXCLUDED.subject_enc, registry = EXCLUDED.registry, status = EXCLUDED.status,
         record_enc = EXCLUDED.record_enc, flags = EXCLUDED.flags, request_id = EXCLUDED.request_id,
         fetched_at = EXCLUDED.fetched_at, lookups = registry_profiles.lookups + 1, updated_at = now()`,
      [
        profile.subjectHash,
        profile.subjectKind,
        this.protector.encrypt(subjectId),
        profile.registry,
        profile.status,
        profile.verified ? this.protector.encryptJson(profile.verified) : null,
        profile.flags,
        profile.requestId,
        profile.fetchedAt,
      ],
    );
  }

  /** Deletes profiles fetched before the retention cutoff; returns how many. */
  async purgeOlderThan(retentionMs: number): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `DELETE FROM registry_profiles WHERE fetched_at < now() - ($1::bigint * interval '1 millisecond') RETURNING 1`,
      [retentionMs],
    );
    return rows.length;
  }

  private toProfile(row: Row): StoredProfile {
    return {
      subjectHash: row.subject_hash,
      subjectKind: row.subject_kind,
      registry: row.registry,
      status: row.status,
      verified: row.record_enc
        ? this.protector.decryptJson<VerifiedRecord>(row.record_enc)
        : undefined,
      flags: row.flags,
      requestId: row.request_id,
      fetchedAt: row.fetched_at,
    };
  }
}
