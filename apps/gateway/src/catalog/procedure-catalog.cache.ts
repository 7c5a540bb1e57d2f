import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

/** The catalog as intake checks it: which agencies perform each procedure, and from when. */
export interface CatalogSnapshot {
  refreshId: string;
  refreshedAt: Date;
  /** Procedure code → the agency codes that perform it (`COQUANTHUCHIEN`). */
  procedures: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Procedure code → the result codes that may stand in for its documents
   * (`THANHPHANHOSO[].MAKETQUATHAYTHE`): what prefill offers from results issued before.
   */
  reusableResults: ReadonlyMap<string, readonly string[]>;
}

/**
 * The national procedure catalog portal-sync keeps (`catalog_api`), held in memory for intake
 * checks and prefill:
 * every `CATALOG_RELOAD_MS` one cheap read asks which refresh is current, and only a new one is
 * loaded. Until a catalog was ever loaded there is nothing to check against (`current()` is
 * undefined); a reload that fails keeps the copy already held.
 */
@Injectable()
export class ProcedureCatalogCache implements OnApplicationBootstrap, OnModuleDestroy {
  private snapshot: CatalogSnapshot | undefined;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<unknown>;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Optional() @Inject(GATEWAY_CONFIG) private readonly config?: GatewayConfig,
  ) {}

  current(): CatalogSnapshot | undefined {
    return this.snapshot;
  }

  /**
   * The result codes that may stand in for a procedure's documents; undefined when the procedure
   * is not in the catalog (or no catalog was loaded yet).
   */
  reusableResultsOf(procedureCode: string): readonly string[] | undefined {
    return this.snapshot?.reusableResults.get(procedureCode);
  }

  /**
   * Resolves once a load attempt ran when no catalog is held yet (at once when one is): a prefill
   * right after a fresh start waits for the one cheap read rather than answering without one.
   */
  async ensureLoaded(): Promise<void> {
    if (!this.snapshot) await this.load();
  }

  onApplicationBootstrap(): void {
    // Every second until a first catalog is there (a fresh hub gets one within seconds of
    // portal-sync's first refresh), then every CATALOG_RELOAD_MS.
    const everyMs = this.config?.CATALOG_RELOAD_MS ?? 30_000;
    let last = 0;
    this.timer = setInterval(
      () => {
        if (this.snapshot && Date.now() - last < everyMs) return;
        last = Date.now();
        void this.load();
      },
      Math.min(1000, everyMs),
    );
    this.timer.unref();
    void this.load();
  }

  /** One reload at a time; callers arriving meanwhile share it. */
  private load(): Promise<unknown> {
    this.loading ??= this.reload().finally(() => (this.loading = undefined));
    return this.loading;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.loading;
  }

  /** Loads the current catalog when it is not the one held; true when it changed. */
  async reload(): Promise<boolean> {
    try {
      const [last] = await queryRows<{ id: string; finished_at: Date }>(
        this.ds,
        `SELECT id, finished_at FROM catalog_api.refreshes WHERE state = 'done'
          ORDER BY id::bigint DESC LIMIT 1`,
      );
      if (!last || last.id === this.snapshot?.refreshId) return false;
      const rows = await queryRows<{ code: string; agencies: string[]; results: string[] }>(
        this.ds,
        `SELECT code,
                ARRAY(SELECT a ->> 'code' FROM jsonb_array_elements(procedure -> 'agencies') a) AS agencies,
                ARRAY(SELECT DISTINCT d ->> 'replacedByResult'
                        FROM jsonb_array_elements(procedure -> 'documents') d
                       WHERE d ->> 'replacedByResult' IS NOT NULL
                       ORDER BY 1) AS results
           FROM catalog_api.procedures`,
      );
      this.snapshot = {
        refreshId: last.id,
        refreshedAt: last.finished_at,
        procedures: new Map(rows.map((r) => [r.code, new Set(r.agencies)])),
        reusableResults: new Map(rows.map((r) => [r.code, r.results])),
      };
      this.logger.event('info', 'procedure catalog loaded for intake checks', {
        refreshId: last.id,
        procedures: rows.length,
      });
      return true;
    } catch (e) {
      this.logger.event('warn', 'procedure catalog reload failed; the copy held stays in use', {
        error: e instanceof Error ? e.message : String(e),
      });
      return false;
    }
  }
}
