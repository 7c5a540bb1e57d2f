import type { NationalCallStats } from '../transport/breaker-client';
import { randomUUID } from 'node:crypto';
import type { OnModuleDestroy } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { CaseEvent, CaseStatus } from '@hub/contracts';
import type { HubLogger } from '@hub/observability';
import { fromPortalDate } from './portal-dates';
import {
  PortalAdapterException,
  PortalErrorCode,
  type PortalBreakerOpen,
  type PortalFailure,
  type PortalRejected,
  type PortalSyncOutcome,
  type PortalTransient,
} from './portal-errors';
import { PortalClient, type PortalCallResult } from './portal-client';
import { buildDossier, buildProgressEntry } from './portal-mapping';
import {
  type CatalogAgency,
  type CatalogProcedure,
  describeIssues,
  toCatalogAgency,
  toCatalogProcedure,
  wireAgency,
  wireProcedure,
  wireProcedureSummary,
} from './portal-catalog';
import type { PortalAdapterOptions, PortalBreakerState } from './portal-options';
import {
  ALREADY_EXISTS_CODE,
  NOT_FOUND_CODE,
  type PortalAnswer,
  portalIdempotencyKey,
} from './portal-protocol';
import {
  type PortalDossier,
  type PortalProgressEntry,
  PortalService,
  type PortalServiceName,
  portalStatusCodes,
} from './portal-wire';

/** The portal's copy of a dossier, in hub terms (for reconciliation). */
export interface PortalDossierSnapshot {
  caseCode: string;
  /** The portal's `TrangThaiHoSo` code, "1".."10". */
  portalStatus: string;
  /** The same status in hub terms; undefined for a code the hub does not know. */
  status: CaseStatus | undefined;
  receivedAt: string | undefined;
  dueAt: string | undefined;
  finishedAt: string | undefined;
  returnedAt: string | undefined;
  paidOnline: boolean;
  resultDocumentNos: string[];
  supplementRequests: number;
  /** The dossier exactly as the portal returned it, to compare with `buildDossier(history)`. */
  portalCopy: PortalDossier;
}

export type PortalLookupOutcome =
  | { kind: 'found'; dossier: PortalDossierSnapshot }
  | { kind: 'not-found' }
  | PortalRejected
  | PortalTransient
  | PortalBreakerOpen;

export interface PortalSyncOptions {
  /**
   * How many times an operator replayed this event after a final rejection. The portal answers a
   * repeated idempotency key with its stored answer, a rejection included, so each replay needs
   * keys of its own; first sends keep the plain event-id keys.
   */
  replay?: number;
  /**
   * The dossier write (DongBoHoSoMC) of this event was already applied by an earlier attempt
   * whose progress call failed: send only the progress entry, so the portal applies each call once.
   */
  dossierAlreadySynced?: boolean;
}

/** The portal's catalog as read in one go; what could not be read is listed, not guessed. */
export interface PortalCatalog {
  kind: 'read';
  /** Every procedure code `LayDanhSachTTHC` listed, in its order. */
  listed: string[];
  /** The listed procedures `LayThuTuc` answered in a readable shape. */
  procedures: CatalogProcedure[];
  agencies: CatalogAgency[];
  /** Entries left out and why: a procedure the portal refused or sent malformed, a bad agency. */
  skipped: { what: string; reason: string }[];
}

export type PortalCatalogOutcome = PortalCatalog | PortalFailure;

/** How many `LayThuTuc` calls a catalog read keeps in flight. */
const CATALOG_READ_CONCURRENCY = 4;

/** What the rest of the hub depends on; `PortalAdapter` is the real one, tests may fake it. */
export interface PortalSyncPort {
  syncEvent(
    event: CaseEvent,
    caseHistory: readonly CaseEvent[],
    options?: PortalSyncOptions,
  ): Promise<PortalSyncOutcome>;
  lookupDossier(caseCode: string): Promise<PortalLookupOutcome>;
  breakerState(): PortalBreakerState;
  onBreakerChange(listener: (state: PortalBreakerState) => void): () => void;
}

const statusOfCode = new Map<string, CaseStatus>(
  Object.entries(portalStatusCodes).map(([status, code]) => [code, status as CaseStatus]),
);

/** The portal takes at most this many dossiers per DongBoHoSoMC call. */
const MAX_DOSSIERS_PER_CALL = 50;
/** And at most this many progress entries per CapNhatTienDoHoSoMC call. */
const MAX_PROGRESS_ENTRIES_PER_CALL = 10;

/** One dossier or progress entry on its way to the portal, with the key of its own. */
interface WriteItem {
  payload: PortalDossier | PortalProgressEntry;
  key: string;
  context: { eventId: string; caseCode: string; eventType: string };
}

/**
 * Sends case events to the national portal (DVCQG) as full dossiers plus progress entries.
 *
 * Writes of events synced at the same time share calls: the portal takes `data: [...]` lists (50
 * dossiers, 10 progress entries), and one call instead of one per event is most of the CPU a sync
 * costs on both sides. DataLoader gathers the writes made in the same tick into one call; each
 * item keeps its own idempotency key, listed in the call's Idempotency-Key (`k1, k2, …`), so an
 * item resent after a lost answer, in any batch or alone, is applied once. The portal refuses a
 * call whole when one dossier is wrong: the items are then sent one by one, so only the wrong one
 * fails and each answer is the one it would have had alone.
 */
export class PortalAdapter implements PortalSyncPort, OnModuleDestroy {
  private readonly client: PortalClient;
  private readonly logger: HubLogger | undefined;
  private readonly creates: DataLoader<WriteItem, PortalCallResult>;
  private readonly updates: DataLoader<WriteItem, PortalCallResult>;
  private readonly progress: DataLoader<WriteItem, PortalCallResult>;

  constructor(options: PortalAdapterOptions) {
    this.client = new PortalClient(options);
    this.logger = options.logger?.child({ adapter: 'portal' });
    const loader = (service: PortalServiceName, params: Record<string, unknown>, max: number) =>
      new DataLoader<WriteItem, PortalCallResult>(
        (items) => this.sendTogether(service, params, items),
        { cache: false, maxBatchSize: max },
      );
    this.creates = loader(
      PortalService.SyncDossier,
      { isUpdating: 'False' },
      MAX_DOSSIERS_PER_CALL,
    );
    this.updates = loader(PortalService.SyncDossier, { isUpdating: 'True' }, MAX_DOSSIERS_PER_CALL);
    this.progress = loader(PortalService.UpdateProgress, {}, MAX_PROGRESS_ENTRIES_PER_CALL);
  }

  /**
   * Syncs one event: DongBoHoSoMC with the dossier folded over `caseHistory` (every event of the
   * case up to and including `event`), then its progress entry. Expected failures are values;
   * transient ones are not retried here — the caller owns durable retries.
   */
  async syncEvent(
    event: CaseEvent,
    caseHistory: readonly CaseEvent[],
    options: PortalSyncOptions = {},
  ): Promise<PortalSyncOutcome> {
    const keyBase = options.replay ? `${event.id}~replay${options.replay}` : event.id;
    const context = { eventId: event.id, caseCode: event.subject, eventType: event.type };
    let dossier: PortalDossier;
    let progress: PortalProgressEntry;
    try {
      if (caseHistory[caseHistory.length - 1]?.id !== event.id) {
        throw new PortalAdapterException(
          PortalErrorCode.INVALID_HISTORY,
          `the case history must end with the event being synced (${event.id})`,
        );
      }
      dossier = buildDossier(caseHistory);
      progress = buildProgressEntry(event, dossier);
    } catch (error) {
      if (!(error instanceof PortalAdapterException)) throw error;
      const outcome: PortalRejected = {
        kind: 'rejected',
        code: error.code,
        message: error.message,
      };
      this.logSync(outcome, context);
      return outcome;
    }

    if (!options.dossierAlreadySynced) {
      const failed = await this.syncDossier(event, dossier, keyBase, context);
      if (failed) return this.logSync(failed, context);
    }

    const progressed = await this.progress.load({
      payload: progress,
      key: portalIdempotencyKey(keyBase, PortalService.UpdateProgress),
      context,
    });
    if (progressed.kind !== 'success')
      return this.logSync({ ...progressed, dossierSynced: true }, context);

    return this.logSync({ kind: 'synced', portalStatus: dossier.TrangThaiHoSo }, context);
  }

  /** DongBoHoSoMC: create for case.received (update when the portal has it already), else update. */
  private async syncDossier(
    event: CaseEvent,
    dossier: PortalDossier,
    keyBase: string,
    context: { eventId: string; caseCode: string; eventType: string },
  ): Promise<PortalFailure | undefined> {
    const creating = event.type === 'case.received';
    let synced = await (creating ? this.creates : this.updates).load({
      payload: dossier,
      key: portalIdempotencyKey(keyBase, PortalService.SyncDossier),
      context,
    });
    if (creating && isAlreadyExists(synced)) {
      // The portal holds the dossier already (an earlier attempt whose answer was lost, or the
      // case was entered there directly): real clients resend the same data as an update.
      synced = await this.updates.load({
        payload: dossier,
        key: portalIdempotencyKey(keyBase, PortalService.SyncDossier, 'update'),
        context,
      });
    }
    return synced.kind === 'success' ? undefined : synced;
  }

  /**
   * One call for the items DataLoader gathered, each with its key in the call's list; when the
   * portal refuses the call (it refuses a batch whole), each item alone, in parallel.
   */
  private async sendTogether(
    service: PortalServiceName,
    params: Record<string, unknown>,
    items: readonly WriteItem[],
  ): Promise<PortalCallResult[]> {
    const alone = (item: WriteItem): Promise<PortalCallResult> =>
      this.client.call(service, { ...params, data: [item.payload] }, item.key, item.context);
    if (items.length === 1) return [await alone(items[0])];
    const together = await this.client.call(
      service,
      { ...params, data: items.map((i) => i.payload) },
      items.map((i) => i.key).join(', '),
      { batch: items.length },
    );
    if (together.kind !== 'rejected') return items.map(() => together);
    return Promise.all(items.map(alone));
  }

  /** Reads the portal's copy of a dossier back (reconciliation). */
  async lookupDossier(caseCode: string): Promise<PortalLookupOutcome> {
    // A lookup must see the portal's current state, never a stored answer to an earlier key.
    const key = portalIdempotencyKey(`lookup-${randomUUID()}`, PortalService.LookupDossier);
    const reply = await this.client.call(PortalService.LookupDossier, { mahoso: caseCode }, key, {
      caseCode,
    });
    if (reply.kind === 'rejected' && reply.portalCode === NOT_FOUND_CODE) {
      return { kind: 'not-found' };
    }
    if (reply.kind !== 'success') return reply;
    const dossier = dossierOf(reply.answer);
    if (dossier === undefined) {
      return {
        kind: 'transient',
        code: PortalErrorCode.PORTAL_BAD_RESPONSE,
        message: 'TraCuuHoSo answered success without a dossier',
      };
    }
    return { kind: 'found', dossier: snapshotOf(dossier) };
  }

  /**
   * Reads the whole catalog: the list (`LayDanhSachTTHC`), each listed procedure (`LayThuTuc`,
   * a few at a time) and the agencies (`LayDanhMucCoQuan`), through the same breaker as the
   * sync. A transport failure or an open breaker fails the whole read (the caller keeps its last
   * good copy); a procedure the portal refuses or sends malformed is skipped and named.
   */
  async readCatalog(): Promise<PortalCatalogOutcome> {
    const listed = await this.read(PortalService.ListProcedures, {});
    if (listed.kind !== 'success') return listed;
    const entries = resultList(listed.answer);
    if (!entries) return badAnswer(PortalService.ListProcedures);
    const skipped: PortalCatalog['skipped'] = [];
    const codes: string[] = [];
    entries.forEach((entry, i) => {
      const parsed = wireProcedureSummary.safeParse(entry);
      if (!parsed.success) {
        skipped.push({ what: `LayDanhSachTTHC[${i}]`, reason: describeIssues(parsed.error) });
      } else if (!codes.includes(parsed.data.MATTHC)) codes.push(parsed.data.MATTHC);
    });

    const agencyAnswer = await this.read(PortalService.Agencies, {});
    if (agencyAnswer.kind !== 'success') return agencyAnswer;
    const agencyEntries = resultList(agencyAnswer.answer);
    if (!agencyEntries) return badAnswer(PortalService.Agencies);
    const agencies: CatalogAgency[] = [];
    agencyEntries.forEach((entry, i) => {
      const parsed = wireAgency.safeParse(entry);
      if (parsed.success) agencies.push(toCatalogAgency(parsed.data));
      else skipped.push({ what: `LayDanhMucCoQuan[${i}]`, reason: describeIssues(parsed.error) });
    });

    const procedures = new Map<string, CatalogProcedure>();
    let failure: PortalFailure | undefined;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < codes.length) {
        const procedureCode = codes[next++];
        const answer = await this.read(PortalService.Procedure, { maTTHC: procedureCode });
        if (answer.kind === 'rejected') {
          skipped.push({
            what: procedureCode,
            reason: `LayThuTuc answered ${answer.portalCode ?? answer.code}: ${answer.message}`,
          });
        } else if (answer.kind !== 'success') {
          failure ??= answer;
        } else {
          const parsed = wireProcedure.safeParse(resultList(answer.answer)?.[0]);
          if (!parsed.success) {
            skipped.push({ what: procedureCode, reason: describeIssues(parsed.error) });
          } else if (parsed.data.MATTHC !== procedureCode) {
            skipped.push({
              what: procedureCode,
              reason: `LayThuTuc answered procedure ${parsed.data.MATTHC}`,
            });
          } else procedures.set(procedureCode, toCatalogProcedure(parsed.data));
        }
      }
    };
    await Promise.all(Array.from({ length: CATALOG_READ_CONCURRENCY }, worker));
    if (failure) return failure;
    const read: PortalCatalog = {
      kind: 'read',
      listed: codes,
      procedures: codes.flatMap((c) => procedures.get(c) ?? []),
      agencies,
      skipped,
    };
    this.logger?.event(skipped.length > 0 ? 'warn' : 'info', 'portal catalog read', {
      listed: codes.length,
      procedures: read.procedures.length,
      agencies: agencies.length,
      skipped: skipped.length,
    });
    return read;
  }

  /** A read-only call: a fresh key each time, since the portal replays an answer to a used key. */
  private read(service: PortalServiceName, params: Record<string, unknown>) {
    const key = portalIdempotencyKey(`read-${randomUUID()}`, service);
    return this.client.call(service, params, key, { service });
  }

  breakerState(): PortalBreakerState {
    return this.client.breakerState();
  }

  /** Called on every breaker transition; returns the unsubscribe function. */
  onBreakerChange(listener: (state: PortalBreakerState) => void): () => void {
    return this.client.onBreakerChange(listener);
  }

  /** The calls since the process started, for the ops console (`BreakerStateReporter`). */
  callStats(): NationalCallStats {
    return this.client.callStats();
  }

  close(): void {
    this.client.close();
  }

  onModuleDestroy(): void {
    this.close();
  }

  private logSync<T extends PortalSyncOutcome>(
    outcome: T,
    context: { eventId: string; caseCode: string; eventType: string },
  ): T {
    const level =
      outcome.kind === 'synced' ? 'info' : outcome.kind === 'rejected' ? 'error' : 'warn';
    this.logger?.event(level, 'portal sync', {
      ...context,
      outcome: outcome.kind,
      ...(outcome.kind === 'synced'
        ? { portalStatus: outcome.portalStatus }
        : { code: outcome.code }),
      ...(outcome.kind === 'rejected' ? { portalCode: outcome.portalCode } : {}),
    });
    return outcome;
  }
}

function isAlreadyExists(result: PortalCallResult): boolean {
  // The portal signals it with code "2" and a message saying "đã tồn tại"; accept either, since
  // integrators report the message as the stable part across portal versions.
  return (
    result.kind === 'rejected' &&
    result.code === PortalErrorCode.PORTAL_REJECTED &&
    (result.portalCode === ALREADY_EXISTS_CODE || result.message.includes('đã tồn tại'))
  );
}

/** `result` of a catalog answer: a list (a single object is taken as a list of one). */
function resultList(answer: PortalAnswer): unknown[] | undefined {
  const raw = answer['result'];
  if (Array.isArray(raw)) return raw as unknown[];
  return typeof raw === 'object' && raw !== null ? [raw] : undefined;
}

function badAnswer(service: PortalServiceName): PortalTransient {
  return {
    kind: 'transient',
    code: PortalErrorCode.PORTAL_BAD_RESPONSE,
    message: `${service} answered success without a result list`,
  };
}

function dossierOf(answer: PortalAnswer): PortalDossier | undefined {
  const raw = answer['result'];
  const candidate: unknown = Array.isArray(raw) ? raw[0] : raw;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const dossier = candidate as Partial<PortalDossier>;
  return typeof dossier.MaHoSo === 'string' && typeof dossier.TrangThaiHoSo === 'string'
    ? (candidate as PortalDossier)
    : undefined;
}

function snapshotOf(dossier: PortalDossier): PortalDossierSnapshot {
  return {
    caseCode: dossier.MaHoSo,
    portalStatus: dossier.TrangThaiHoSo,
    status: statusOfCode.get(dossier.TrangThaiHoSo),
    receivedAt: fromPortalDate(dossier.NgayTiepNhan),
    dueAt: fromPortalDate(dossier.NgayHenTra),
    finishedAt: fromPortalDate(dossier.NgayKetThucXuLy),
    returnedAt: fromPortalDate(dossier.NgayTra),
    paidOnline: dossier.DuocThanhToanTrucTuyen === '1',
    resultDocumentNos: (dossier.DanhSachGiayToKetQua ?? []).map((doc) => doc.GiayToId),
    supplementRequests: dossier.DanhSachHoSoBoSung?.length ?? 0,
    portalCopy: dossier,
  };
}
