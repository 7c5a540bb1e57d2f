import type { HeldResultPatch, RegistrationRequest, SeedRequest } from './result.wire';

/** One result as the store keeps it: what was registered (or seeded), with the store's id. */
export interface HeldResult extends SeedRequest {
  MaDangKy: string;
  /** When the store took it, RFC 3339. */
  ThoiDiemDangKy: string;
  /** `DangKy` through the store's API, `seed` through `POST /__mock/results`. */
  Nguon: 'DangKy' | 'seed';
}

export type HoldOutcome =
  | { kind: 'registered'; held: HeldResult }
  | { kind: 'already-registered'; held: HeldResult }
  /** The key, or the agency + result code + number, is held for a different result. */
  | { kind: 'conflict'; reason: string };

/**
 * The store's results, in memory until `DELETE /__mock/state`. A result is the same result when
 * its issuing agency, result code and number are the same: registering it again, under the same
 * idempotency key (`MaYeuCau`) or not, answers the first registration's id.
 */
export class HeldResults {
  private readonly byId = new Map<string, HeldResult>();
  private readonly byKey = new Map<string, string>();
  private readonly byDocument = new Map<string, string>();
  private sequence = 0;

  register(request: RegistrationRequest, at: Date): HoldOutcome {
    return this.hold(request, 'DangKy', at);
  }

  seed(request: SeedRequest, at: Date): HoldOutcome {
    return this.hold(request, 'seed', at);
  }

  get(id: string): HeldResult | undefined {
    return this.byId.get(id);
  }

  /** Ids of the owner's results (all results when no owner is given), oldest first. */
  idsOf(owner: string | undefined): string[] {
    return [...this.byId.values()]
      .filter((held) => owner === undefined || held.SoDinhDanhChuSoHuu === owner)
      .map((held) => held.MaDangKy);
  }

  get size(): number {
    return this.byId.size;
  }

  reset(): void {
    this.byId.clear();
    this.byKey.clear();
    this.byDocument.clear();
    this.sequence = 0;
  }

  private hold(request: SeedRequest, source: HeldResult['Nguon'], at: Date): HoldOutcome {
    const key = request.MaYeuCau;
    const knownId = key === undefined ? undefined : this.byKey.get(key);
    if (knownId !== undefined) {
      const known = this.byId.get(knownId);
      if (known !== undefined && sameDocument(known, request)) {
        return { kind: 'already-registered', held: known };
      }
      return { kind: 'conflict', reason: 'MaYeuCau đã được dùng cho một kết quả khác' };
    }
    const documentId = this.byDocument.get(documentKey(request));
    const existing = documentId === undefined ? undefined : this.byId.get(documentId);
    if (existing !== undefined) {
      if (existing.SoDinhDanhChuSoHuu !== request.SoDinhDanhChuSoHuu) {
        return {
          kind: 'conflict',
          reason: 'Số ký hiệu đã được đăng ký cho một chủ sở hữu khác',
        };
      }
      if (key !== undefined) this.byKey.set(key, existing.MaDangKy);
      return { kind: 'already-registered', held: existing };
    }
    this.sequence += 1;
    const held: HeldResult = {
      ...request,
      MaDangKy: `KQ-${String(this.sequence).padStart(8, '0')}`,
      ThoiDiemDangKy: at.toISOString(),
      Nguon: source,
    };
    this.byId.set(held.MaDangKy, held);
    this.byDocument.set(documentKey(request), held.MaDangKy);
    if (key !== undefined) this.byKey.set(key, held.MaDangKy);
    return { kind: 'registered', held };
  }
}

function documentKey(r: Pick<SeedRequest, 'CoQuanChuQuan' | 'MaKetQua' | 'SoKyHieu'>): string {
  return JSON.stringify([r.CoQuanChuQuan, r.MaKetQua, r.SoKyHieu]);
}

function sameDocument(a: SeedRequest, b: SeedRequest): boolean {
  return documentKey(a) === documentKey(b) && a.SoDinhDanhChuSoHuu === b.SoDinhDanhChuSoHuu;
}

/** A patch applied to a held result; the id, owner and document number never change. */
export function applyHeldResultPatch(held: HeldResult, patch: HeldResultPatch): HeldResult {
  return {
    ...held,
    ...(patch.TenGiayTo === undefined ? {} : { TenGiayTo: patch.TenGiayTo }),
    ...(patch.DanhSachTepDinhKem === undefined
      ? {}
      : { DanhSachTepDinhKem: patch.DanhSachTepDinhKem }),
  };
}
