import type { CatalogProcedure, PortalCatalog } from '@hub/national-adapters';
import { createDataSource, runMigrations } from '@hub/persistence';
import { ProcedureCatalogReader } from '@hub/read-models';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { CatalogRefused, CatalogRepository } from './catalog.repository';

jest.setTimeout(60_000);

function procedure(code: string, name = `Thủ tục ${code}`, agency = 'A1'): CatalogProcedure {
  return {
    code,
    name,
    fullyOnline: false,
    onlineLevel: '3',
    fields: [],
    channels: [],
    documents: [
      { code: `${code}-D1`, name: 'Tờ khai', required: true, count: 1, replacedByResult: null },
    ],
    results: [{ code: `KQ-${code}`, name: 'Kết quả' }],
    legalBases: [],
    agencies: [{ code: agency, name: `Cơ quan ${agency}` }],
  };
}

function read(procedures: CatalogProcedure[], extra: Partial<PortalCatalog> = {}): PortalCatalog {
  return {
    kind: 'read',
    listed: procedures.map((p) => p.code),
    procedures,
    agencies: [
      { code: 'A1', name: 'Sở Tư pháp', level: '2' },
      { code: 'A2', name: 'UBND phường', level: '4' },
    ],
    skipped: [],
    ...extra,
  };
}

describe('CatalogRepository (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let catalog: CatalogRepository;
  /** Ops' side: reads and requests through `catalog_api`. */
  let reader: ProcedureCatalogReader;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 4 });
    await ds.initialize();
    catalog = new CatalogRepository(ds);
    reader = new ProcedureCatalogReader(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE catalog_procedures, catalog_agencies, catalog_refreshes');
  });

  async function refreshWith(catalogRead: PortalCatalog) {
    const requested = await reader.requestRefresh('operator-1');
    const claimed = await catalog.claimNext('worker-a');
    expect(claimed?.id).toBe(requested.id);
    return { id: requested.id, changes: await catalog.apply(requested.id, catalogRead) };
  }

  it('stores a read, then replaces it: added, changed, removed, and a skipped one kept', async () => {
    const first = await refreshWith(read([procedure('8.100001'), procedure('8.100002')]));
    expect(first.changes).toMatchObject({
      listed: 2,
      procedures: 2,
      added: 2,
      changed: 0,
      removed: 0,
    });
    expect((await reader.procedure('8.100001'))?.name).toBe('Thủ tục 8.100001');

    // 8.100001 renamed, 8.100002 listed but unreadable this time, 8.100003 new; none dropped.
    const second = await refreshWith(
      read([procedure('8.100001', 'Tên mới'), procedure('8.100003')], {
        listed: ['8.100001', '8.100002', '8.100003'],
        skipped: [{ what: '8.100002', reason: 'KETQUATHUCHIEN.0.MAKETQUA: must not be empty' }],
      }),
    );
    expect(second.changes).toMatchObject({
      listed: 3,
      procedures: 3,
      added: 1,
      changed: 1,
      removed: 0,
    });
    expect((await reader.procedure('8.100001'))?.name).toBe('Tên mới');
    expect((await reader.procedure('8.100002'))?.name).toBe('Thủ tục 8.100002');

    // The portal no longer lists 8.100002: it goes.
    const third = await refreshWith(
      read([procedure('8.100001', 'Tên mới'), procedure('8.100003')]),
    );
    expect(third.changes).toMatchObject({ procedures: 2, added: 0, changed: 0, removed: 1 });
    expect(await reader.procedure('8.100002')).toBeUndefined();

    const done = await reader.refresh(second.id);
    expect(done).toMatchObject({
      state: 'done',
      trigger: 'requested',
      requestedBy: 'operator-1',
      runBy: 'worker-a',
      added: 1,
      changed: 1,
      skipped: [{ what: '8.100002', reason: 'KETQUATHUCHIEN.0.MAKETQUA: must not be empty' }],
    });
    expect((await reader.lastGoodRefresh())?.id).toBe(third.id);
  });

  it('refuses an empty answer while it holds a catalog, and a failure keeps the last good copy', async () => {
    await refreshWith(read([procedure('8.100001')]));
    const before = await reader.procedures({ limit: 10, offset: 0 });

    const requested = await reader.requestRefresh('operator-1');
    await catalog.claimNext('worker-a');
    await expect(catalog.apply(requested.id, read([]))).rejects.toThrow(CatalogRefused);
    await expect(
      catalog.apply(requested.id, read([procedure('8.100009')], { agencies: [] })),
    ).rejects.toThrow('the portal listed no agencies');
    await catalog.fail(requested.id, 'portal transient: PORTAL_TIMEOUT');

    expect(await reader.procedures({ limit: 10, offset: 0 })).toEqual(before);
    expect(await reader.refresh(requested.id)).toMatchObject({
      state: 'failed',
      error: 'portal transient: PORTAL_TIMEOUT',
    });
    expect((await reader.agencies()).map((a) => a.code)).toEqual(['A1', 'A2']);
  });

  it('serves pages, filters by agency and by text, and names codes', async () => {
    await refreshWith(
      read([
        procedure('8.100001', 'Thủ tục thử A', 'A1'),
        procedure('8.100002', 'Thủ tục thử kết nối', 'A2'),
        procedure('8.200003', 'Cấp phiếu 100%_x', 'A1'),
      ]),
    );
    const byAgency = await reader.procedures({ agency: 'A1', limit: 10, offset: 0 });
    expect(byAgency.items.map((p) => p.code)).toEqual(['8.100001', '8.200003']);
    expect(byAgency.total).toBe(2);
    expect((await reader.procedures({ text: 'kết nối', limit: 10, offset: 0 })).items).toHaveLength(
      1,
    );
    // % and _ are literal in a search, not wildcards.
    expect((await reader.procedures({ text: '100%_', limit: 10, offset: 0 })).total).toBe(1);
    expect((await reader.procedures({ text: '%', limit: 10, offset: 0 })).total).toBe(1);
    const pastTheEnd = await reader.procedures({ limit: 10, offset: 5 });
    expect(pastTheEnd).toEqual({ items: [], total: 3 });
    expect(await reader.names(['8.100002', '8.999999'])).toEqual({
      '8.100002': 'Thủ tục thử kết nối',
    });
  });

  it('schedules a refresh when none succeeded within the interval, and retries a failure at its own pace', async () => {
    expect((await catalog.prepare(3_600_000, 60_000)).scheduled).toBe(true);
    // One waiting already: no second.
    expect((await catalog.prepare(3_600_000, 60_000)).scheduled).toBe(false);
    const run = await catalog.claimNext('worker-a');
    expect(run?.trigger).toBe('schedule');
    await catalog.fail(run!.id, 'portal breaker-open');
    // Failed a moment ago: not again before the retry pause…
    expect((await catalog.prepare(3_600_000, 60_000)).scheduled).toBe(false);
    // …and again once it has passed.
    await ds.query(`UPDATE catalog_refreshes SET requested_at = now() - interval '2 minutes'`);
    expect((await catalog.prepare(3_600_000, 60_000)).scheduled).toBe(true);
    const retry = await catalog.claimNext('worker-a');
    await catalog.apply(retry!.id, read([procedure('8.100001')]));
    // Succeeded within the interval: nothing scheduled.
    await ds.query(`UPDATE catalog_refreshes SET requested_at = now() - interval '2 minutes'`);
    expect((await catalog.prepare(3_600_000, 60_000)).scheduled).toBe(false);
  });

  it('puts a refresh a stopped replica left running back, and runs one replica at a time', async () => {
    await reader.requestRefresh('operator-1');
    expect(await catalog.claimNext('worker-dead')).toBeDefined();
    expect(await catalog.prepare(3_600_000, 60_000)).toEqual({ resumed: 1, scheduled: false });
    expect((await catalog.claimNext('worker-b'))?.runBy).toBe('worker-b');

    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inside--;
      return 'ran';
    };
    const results = await Promise.all([catalog.runExclusive(work), catalog.runExclusive(work)]);
    expect(most).toBe(1);
    expect(results.filter((r) => r === 'ran')).toHaveLength(1);
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
  });
});
