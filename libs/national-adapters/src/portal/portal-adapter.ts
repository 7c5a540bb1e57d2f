import { randomUUID } from 'node:crypto';
import type { OnModuleDestroy } from '@nestjs/common';
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

/** Sends case events to the national portal (DVCQG) as full dossiers plus progress entries. */
export class PortalAdapter implements PortalSyncPort, OnModuleDestroy {
  private readonly client: PortalClient;
  private readonly logger: HubLogger | undefined;

  constructor(options: PortalAdapterOptions) {
    this.client = new PortalClient(options);
    this.logger = options.logger?.child({ adapter: 'portal' });
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

    const progressed = await this.client.call(
      PortalService.UpdateProgress,
      { data: [progress] },
      portalIdempotencyKey(keyBase, PortalService.UpdateProgress),
      context,
    );
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
    let synced = await this.client.call(
      PortalService.SyncDossier,
      { isUpdating: creating ? 'False' : 'True', data: [dossier] },
      portalIdempotencyKey(keyBase, PortalService.SyncDossier),
      context,
    );
    if (creating && isAlreadyExists(synced)) {
      // The portal holds the dossier already (an earlier attempt whose answer was lost, or the
      // case was entered there directly): real clients resend the same data as an update.
      synced = await this.client.call(
        PortalService.SyncDossier,
        { isUpdating: 'True', data: [dossier] },
        portalIdempotencyKey(keyBase, PortalService.SyncDossier, 'update'),
        context,
      );
    }
    return synced.kind === 'success' ? undefined : synced;
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

  breakerState(): PortalBreakerState {
    return this.client.breakerState();
  }

  /** Called on every breaker transition; returns the unsubscribe function. */
  onBreakerChange(listener: (state: PortalBreakerState) => void): () => void {
    return this.client.onBreakerChange(listener);
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
