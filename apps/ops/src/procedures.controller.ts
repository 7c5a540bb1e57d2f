import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiKeyGuard, type AuthenticatedRequest } from '@hub/auth';
import { ProblemException } from '@hub/observability';
import {
  type CatalogRefresh,
  ProcedureCatalogReader,
  type StoredAgency,
  type StoredProcedure,
} from '@hub/read-models';
import { intParam, onceParam } from './query-params';

/** What every catalog answer says about the copy it comes from. */
interface CatalogCopy {
  /** When the copy in use was stored; null while the hub never loaded a catalog. */
  refreshedAt: Date | null;
  refreshId: string | null;
}

const PROCEDURE_CODE = /^[0-9A-Za-z.\-_]{1,64}$/;

function notFound(what: string, path: string, detail: string): ProblemException {
  return new ProblemException(404, `${what.toUpperCase()}_NOT_FOUND`, `${what} not found`, detail, [
    { path, message: 'is not in the catalog' },
  ]);
}

/**
 * The national procedure catalog as the hub holds it (refreshed by portal-sync from the portal's
 * LayDanhSachTTHC / LayThuTuc / LayDanhMucCoQuan), and its refreshes. Ops key. An operator asks
 * for a refresh like for a reconciliation: it reads from the portal and changes nothing the
 * portal did not say.
 */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class ProceduresController {
  constructor(@Inject(ProcedureCatalogReader) private readonly catalog: ProcedureCatalogReader) {}

  @Get('procedures')
  async list(
    @Query('agency') agency?: string,
    @Query('q') q?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<
    { items: StoredProcedure[]; total: number; limit: number; offset: number } & CatalogCopy
  > {
    const l = intParam('limit', onceParam('limit', limit), 100, 1000);
    const o = intParam('offset', onceParam('offset', offset), 0, 1_000_000);
    const text = onceParam('q', q);
    const agencyCode = onceParam('agency', agency);
    if (text !== undefined && text.length > 200) {
      throw new ProblemException(
        400,
        'INVALID_QUERY',
        'Invalid query parameter',
        'q is too long.',
        [{ path: 'query.q', message: 'must be at most 200 characters' }],
      );
    }
    const [page, copy] = await Promise.all([
      this.catalog.procedures({ agency: agencyCode, text, limit: l, offset: o }),
      this.copy(),
    ]);
    return { ...page, limit: l, offset: o, ...copy };
  }

  @Get('procedures/:code')
  async one(@Param('code') code: string): Promise<StoredProcedure & { catalog: CatalogCopy }> {
    const procedure = PROCEDURE_CODE.test(code) ? await this.catalog.procedure(code) : undefined;
    if (!procedure) {
      throw notFound('Procedure', 'code', `No procedure ${code.slice(0, 64)} in the catalog.`);
    }
    return { ...procedure, catalog: await this.copy() };
  }

  @Get('catalog/agencies')
  async agencies(): Promise<{ items: StoredAgency[] } & CatalogCopy> {
    const [items, copy] = await Promise.all([this.catalog.agencies(), this.copy()]);
    return { items, ...copy };
  }

  @Get('catalog/refreshes')
  async refreshes(
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: CatalogRefresh[]; limit: number; offset: number }> {
    const l = intParam('limit', onceParam('limit', limit), 50, 500);
    const o = intParam('offset', onceParam('offset', offset), 0, 1_000_000);
    return { items: await this.catalog.refreshes(l, o), limit: l, offset: o };
  }

  @Get('catalog/refreshes/:id')
  async refresh(@Param('id') id: string): Promise<CatalogRefresh> {
    const run = await this.catalog.refresh(id);
    if (!run) throw notFound('Refresh', 'id', `No catalog refresh ${id.slice(0, 20)}.`);
    return run;
  }

  /** Refresh now: portal-sync reads the catalog again within its poll interval. */
  @Post('catalog/refreshes')
  @HttpCode(202)
  requestRefresh(@Req() req: AuthenticatedRequest): Promise<CatalogRefresh> {
    return this.catalog.requestRefresh(req.principal);
  }

  private async copy(): Promise<CatalogCopy> {
    const last = await this.catalog.lastGoodRefresh();
    return { refreshedAt: last?.finishedAt ?? null, refreshId: last?.id ?? null };
  }
}
