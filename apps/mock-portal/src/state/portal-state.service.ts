import { Injectable } from '@nestjs/common';
import type { DossierFields, DossierStatus, ProgressEntry } from '../dossiers/dossier.schema';
import type { DossierWrite, ProgressAppend } from '../dossiers/dossier-sync';
import type { PortalBody, WriteService } from '../dvcqg/wire';
import { deepFreeze } from '../frozen';

export interface HistoryEntry {
  TrangThaiHoSo: DossierStatus | undefined;
  at: string;
  idempotencyKey: string | null;
  isUpdating: boolean;
}

export interface DuplicateEntry {
  service: WriteService;
  idempotencyKey: string;
  at: string;
}

export interface DossierRecord {
  fields: Readonly<DossierFields>;
  history: HistoryEntry[];
  progress: ProgressEntry[];
  duplicates: DuplicateEntry[];
}

/** What `GET /__mock/dossiers/:maHoSo` shows: the portal's copy plus how it got there. */
export type DossierSnapshot = DossierFields & {
  history: HistoryEntry[];
  progress: ProgressEntry[];
  duplicates: DuplicateEntry[];
};

export interface DossierSummary {
  MaHoSo: string;
  TrangThaiHoSo: DossierStatus | undefined;
  historyLength: number;
}

export interface PortalStats {
  dossiers: number;
  applied: number;
  duplicates: number;
  rejected: number;
  calls: number;
}

/** An answer remembered against an Idempotency-Key, with the dossiers the call touched. */
export interface RememberedReply {
  service: WriteService;
  body: PortalBody;
  caseCodes: readonly string[];
}

/**
 * The portal's whole memory: dossiers, remembered answers per Idempotency-Key, and counters.
 * In-process on purpose — a mock restarts empty, and tests reset it through DELETE /__mock/state.
 * Dossiers, progress entries and answers are frozen as they come in and shared, not copied, on
 * the way out: a write replaces a whole dossier, so a caller can never edit the store behind its
 * back. Only the control API's snapshots are copies, since a record's lists keep growing.
 */
@Injectable()
export class PortalStateService {
  private readonly dossiers = new Map<string, DossierRecord>();
  private readonly replies = new Map<string, RememberedReply>();
  private counters = { applied: 0, duplicates: 0, rejected: 0, calls: 0 };

  countCall(): void {
    this.counters.calls += 1;
  }

  countRejected(): void {
    this.counters.rejected += 1;
  }

  findDossier(caseCode: string): Readonly<DossierFields> | undefined {
    return this.dossiers.get(caseCode)?.fields;
  }

  /**
   * Applies a validated plan; every dossier write is one `applied` and one history entry. The key
   * is the call's, or one per write (a call whose Idempotency-Key lists a key per item).
   */
  applyDossierWrites(
    writes: readonly DossierWrite[],
    idempotencyKey: string | null | readonly string[],
    at: Date,
  ): void {
    for (const [index, write] of writes.entries()) {
      const fields = deepFreeze(write.dossier);
      const record = this.dossiers.get(write.caseCode) ?? {
        fields,
        history: [],
        progress: [],
        duplicates: [],
      };
      record.fields = fields;
      record.history.push({
        TrangThaiHoSo: write.dossier.TrangThaiHoSo,
        at: at.toISOString(),
        idempotencyKey:
          typeof idempotencyKey === 'string' || idempotencyKey === null
            ? idempotencyKey
            : (idempotencyKey[index] ?? null),
        isUpdating: write.isUpdating,
      });
      this.dossiers.set(write.caseCode, record);
      this.counters.applied += 1;
    }
  }

  /**
   * Progress entries count as one `applied` per call, whatever the number of entries; a call whose
   * Idempotency-Key lists a key per entry counts one per entry applied (`applied`).
   */
  appendProgress(appends: readonly ProgressAppend[], applied = 1): void {
    for (const append of appends) {
      const record = this.dossiers.get(append.caseCode);
      // The plan was made against this store in the same tick, so the dossier is there.
      record?.progress.push(...append.entries.map((entry) => deepFreeze(entry)));
    }
    this.counters.applied += applied;
  }

  remember(idempotencyKey: string, reply: RememberedReply): void {
    this.replies.set(idempotencyKey, deepFreeze(reply));
  }

  /** The answer remembered for this key and service, without counting a duplicate. */
  remembered(idempotencyKey: string, service: WriteService): Readonly<RememberedReply> | undefined {
    const reply = this.replies.get(idempotencyKey);
    return reply?.service === service ? reply : undefined;
  }

  /**
   * The earlier answer for this key, if any, counted as a duplicate globally and on each dossier
   * the original call touched. The write is not applied again: that is the point of the key.
   */
  replay(
    idempotencyKey: string,
    service: WriteService,
    at: Date,
  ): Readonly<RememberedReply> | undefined {
    const remembered = this.replies.get(idempotencyKey);
    if (!remembered) return undefined;
    this.counters.duplicates += 1;
    for (const caseCode of remembered.caseCodes) {
      this.dossiers
        .get(caseCode)
        ?.duplicates.push({ service, idempotencyKey, at: at.toISOString() });
    }
    return remembered;
  }

  /**
   * Fault for reconciliation tests: the portal forgets a dossier (data loss on its side). Its
   * remembered answers stay, as a real portal's request log would: only fresh keys reach it again.
   */
  lose(caseCode: string): boolean {
    return this.dossiers.delete(caseCode);
  }

  /**
   * Fault for reconciliation tests: the portal's copy changes behind the hub's back (an operator
   * edit on the portal, a botched migration). `set` fields replace, `remove` fields go; the change
   * is recorded in the history with the key `__mock/alter`.
   */
  alter(
    caseCode: string,
    change: { set: Partial<DossierFields>; remove: readonly (keyof DossierFields)[] },
    at: Date,
  ): DossierSnapshot | undefined {
    const record = this.dossiers.get(caseCode);
    if (!record) return undefined;
    const fields: DossierFields = { ...record.fields, ...change.set };
    for (const key of change.remove) {
      if (key !== 'MaHoSo') delete fields[key];
    }
    record.fields = deepFreeze(fields);
    record.history.push({
      TrangThaiHoSo: fields.TrangThaiHoSo,
      at: at.toISOString(),
      idempotencyKey: '__mock/alter',
      isUpdating: true,
    });
    return this.snapshot(caseCode);
  }

  snapshot(caseCode: string): DossierSnapshot | undefined {
    const record = this.dossiers.get(caseCode);
    if (!record) return undefined;
    return structuredClone({
      ...record.fields,
      history: record.history,
      progress: record.progress,
      duplicates: record.duplicates,
    });
  }

  list(): DossierSummary[] {
    return [...this.dossiers.values()].map((record) => ({
      MaHoSo: record.fields.MaHoSo,
      TrangThaiHoSo: record.fields.TrangThaiHoSo,
      historyLength: record.history.length,
    }));
  }

  stats(): PortalStats {
    return { dossiers: this.dossiers.size, ...this.counters };
  }

  reset(): void {
    this.dossiers.clear();
    this.replies.clear();
    this.counters = { applied: 0, duplicates: 0, rejected: 0, calls: 0 };
  }
}
