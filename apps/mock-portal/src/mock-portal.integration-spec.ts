import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@hub/config';
import { HubLogger } from '@hub/observability';
import pino from 'pino';
import request from 'supertest';
import { createMockPortalApp } from './app';
import type { NewDossierFields } from './dossiers/dossier.schema';
import { mockPortalConfigSpec } from './mock-portal.config';
import type { DossierSnapshot, PortalStats } from './state/portal-state.service';
import {
  TEST_AGENCY,
  type TestCatalog,
  type TestDocument,
  testCatalog,
} from './test/catalog.factory';
import { feeLine, newDossier, progressEntry, resultDocument } from './test/dossier.factory';

/**
 * Boots the mock portal in-process on an ephemeral port and speaks the DVCQG protocol to it over
 * HTTP, as the hub's portal adapter will.
 */
const SESSION_TTL_MS = 60_000;
const AGENCY = '000.00.01.H26';

interface PortalAnswer {
  status: number;
  headers: Record<string, string>;
  body: { error_code: string | number; message: string; session?: string; result?: unknown };
}

let app: NestExpressApplication;
let baseUrl: string;
let clockSkewMs = 0;
const randomDraws: number[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  const config = loadConfig(mockPortalConfigSpec, {
    MOCK_PORTAL_USERS: 'hanoi-hub:demo-secret',
    MOCK_PORTAL_SESSION_TTL_MS: String(SESSION_TTL_MS),
  });
  const logger = new HubLogger(
    pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
  );
  app = await createMockPortalApp(config, {
    logger,
    clock: () => new Date(Date.now() + clockSkewMs),
    random: () => randomDraws.shift() ?? Math.random(),
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app.close();
});

beforeEach(async () => {
  clockSkewMs = 0;
  randomDraws.length = 0;
  await request(baseUrl).delete('/__mock/state').expect(204);
});

async function post(body: unknown, idempotencyKey?: string): Promise<PortalAnswer> {
  const req = request(baseUrl)
    .post('/dvcqg/api')
    .send(body as object);
  const res = idempotencyKey ? await req.set('Idempotency-Key', idempotencyKey) : await req;
  return {
    status: res.status,
    headers: res.headers,
    body: res.body as PortalAnswer['body'],
  };
}

async function login(): Promise<string> {
  const answer = await post({ username: 'hanoi-hub', password: 'demo-secret' });
  expect(answer.body).toMatchObject({ error_code: 0, message: 'Đăng nhập thành công' });
  return answer.body.session ?? '';
}

async function call(
  session: string,
  service: string,
  params: Record<string, unknown> = {},
  idempotencyKey?: string,
): Promise<PortalAnswer> {
  return post({ session, madonvi: AGENCY, service, ...params }, idempotencyKey);
}

const sync = (
  session: string,
  isUpdating: 'False' | 'True',
  data: unknown[],
  idempotencyKey?: string,
): Promise<PortalAnswer> => call(session, 'DongBoHoSoMC', { isUpdating, data }, idempotencyKey);

async function dossier(caseCode: string): Promise<DossierSnapshot> {
  const res = await request(baseUrl).get(`/__mock/dossiers/${caseCode}`).expect(200);
  return res.body as DossierSnapshot;
}

async function stats(): Promise<PortalStats> {
  const res = await request(baseUrl).get('/__mock/stats').expect(200);
  return res.body as PortalStats;
}

async function setFaults(config: Record<string, unknown>): Promise<void> {
  await request(baseUrl).post('/__mock/faults').send(config).expect(200);
}

async function created(session: string, fields: Partial<NewDossierFields> = {}): Promise<string> {
  const d = newDossier(fields);
  const answer = await sync(session, 'False', [d]);
  expect(answer.body.error_code).toBe('0');
  return d.MaHoSo;
}

describe('login and sessions', () => {
  it('opens a session, refuses wrong credentials with "-1"', async () => {
    expect(typeof (await login())).toBe('string');
    const wrong = await post({ username: 'hanoi-hub', password: 'guess' });
    expect(wrong).toMatchObject({
      status: 200,
      body: { error_code: '-1', message: 'Sai tên đăng nhập hoặc mật khẩu' },
    });
  });

  it('answers "-2" without, with an unknown or with an expired session', async () => {
    const invalid = {
      error_code: '-2',
      message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn',
    };
    expect((await post({ madonvi: AGENCY, service: 'LayDanhSachTTHC' })).body).toEqual(invalid);
    expect((await call('made-up', 'LayDanhSachTTHC')).body).toEqual(invalid);
    const session = await login();
    expect((await call(session, 'LayDanhSachTTHC')).body.error_code).toBe('0');
    clockSkewMs = SESSION_TTL_MS;
    expect((await call(session, 'LayDanhSachTTHC')).body).toEqual(invalid);
  });

  it('answers "6" for an unknown service and "1" without madonvi', async () => {
    const session = await login();
    expect((await call(session, 'XoaHoSo')).body.error_code).toBe('6');
    const noAgency = await post({ session, service: 'LayDanhSachTTHC' });
    expect(noAgency.body).toEqual({
      error_code: '1',
      message: 'Trường madonvi không hợp lệ: bắt buộc phải có',
    });
  });
});

describe('dossier sync', () => {
  it('walks a dossier through 2 → 4 → 4 → 9 → 10', async () => {
    const session = await login();
    const d = newDossier({ TrangThaiHoSo: '2' });
    const steps: [Partial<NewDossierFields>, string][] = [
      [{ TrangThaiHoSo: '4' }, 'k-processing'],
      [{ TrangThaiHoSo: '4', DuocThanhToanTrucTuyen: '1', DanhSachLePhi: [feeLine()] }, 'k-paid'],
      [
        {
          TrangThaiHoSo: '9',
          NgayKetThucXuLy: '20260314160000',
          DanhSachGiayToKetQua: [resultDocument()],
        },
        'k-processed',
      ],
      [{ TrangThaiHoSo: '10', NgayTra: '20260315090000' }, 'k-returned'],
    ];

    const create = await sync(session, 'False', [d], 'k-create');
    expect(create.status).toBe(200);
    expect(create.body.error_code).toBe('0');
    expect(create.body.message).toContain('thành công');
    for (const [fields, key] of steps) {
      const answer = await sync(session, 'True', [{ MaHoSo: d.MaHoSo, ...fields }], key);
      expect({ key, ...answer.body }).toMatchObject({ key, error_code: '0' });
    }

    const stored = await dossier(d.MaHoSo);
    expect(stored).toMatchObject({
      ...d,
      TrangThaiHoSo: '10',
      DuocThanhToanTrucTuyen: '1',
      NgayTra: '20260315090000',
      DanhSachLePhi: [feeLine()],
      duplicates: [],
    });
    expect(stored.history.map((h) => [h.TrangThaiHoSo, h.idempotencyKey, h.isUpdating])).toEqual([
      ['2', 'k-create', false],
      ['4', 'k-processing', true],
      ['4', 'k-paid', true],
      ['9', 'k-processed', true],
      ['10', 'k-returned', true],
    ]);
    expect(new Date(stored.history[0].at).toISOString()).toBe(stored.history[0].at);

    const lookup = await call(session, 'TraCuuHoSo', { mahoso: d.MaHoSo });
    expect(lookup.body).toMatchObject({ error_code: '0', message: 'Tra cứu thành công' });
    expect(lookup.body.result).toEqual({
      ...d,
      TrangThaiHoSo: '10',
      DuocThanhToanTrucTuyen: '1',
      DanhSachLePhi: [feeLine()],
      NgayKetThucXuLy: '20260314160000',
      DanhSachGiayToKetQua: [resultDocument()],
      NgayTra: '20260315090000',
    });
    expect(await stats()).toMatchObject({ dossiers: 1, applied: 5, rejected: 0, duplicates: 0 });
    expect((await request(baseUrl).get('/__mock/dossiers').expect(200)).body).toEqual([
      { MaHoSo: d.MaHoSo, TrangThaiHoSo: '10', historyLength: 5 },
    ]);
  });

  it('answers "2 ... đã tồn tại" to a second create, then accepts it as an update', async () => {
    const session = await login();
    const caseCode = await created(session);
    const again = await sync(session, 'False', [newDossier({ MaHoSo: caseCode })]);
    expect(again.status).toBe(200);
    expect(again.body.error_code).toBe('2');
    expect(again.body.message).toContain('đã tồn tại');
    const asUpdate = await sync(session, 'True', [newDossier({ MaHoSo: caseCode })]);
    expect(asUpdate.body.error_code).toBe('0');
  });

  it('refuses an illegal transition with "4" naming from and to, and keeps the dossier', async () => {
    const session = await login();
    const caseCode = await created(session, { TrangThaiHoSo: '2' });
    const answer = await sync(session, 'True', [
      {
        MaHoSo: caseCode,
        TrangThaiHoSo: '9',
        NgayKetThucXuLy: '20260314160000',
        DanhSachGiayToKetQua: [resultDocument()],
      },
    ]);
    expect(answer.body).toEqual({
      error_code: '4',
      message: `Không được phép chuyển trạng thái hồ sơ ${caseCode} từ 2 sang 9`,
    });
    expect((await dossier(caseCode)).TrangThaiHoSo).toBe('2');
    expect(await stats()).toMatchObject({ rejected: 1, applied: 1 });
  });

  it('refuses a number where the wire needs a string, naming the field', async () => {
    const session = await login();
    const answer = await sync(session, 'False', [{ ...newDossier(), LoaiDoiTuong: 1 }]);
    expect(answer.status).toBe(200);
    expect(answer.body.error_code).toBe('1');
    expect(answer.body.message).toContain(
      'Trường LoaiDoiTuong không hợp lệ: phải là chuỗi ký tự (string), nhận được number',
    );
  });

  it('is all-or-nothing: one bad dossier in a batch writes none', async () => {
    const session = await login();
    const good = newDossier();
    const answer = await sync(session, 'False', [
      good,
      newDossier({ NgayHenTra: '20261340000000' }),
    ]);
    expect(answer.body.error_code).toBe('1');
    await request(baseUrl).get(`/__mock/dossiers/${good.MaHoSo}`).expect(404);
  });

  it('takes a 5 MB-class batch of 50 dossiers in one call', async () => {
    const session = await login();
    const batch = Array.from({ length: 50 }, () =>
      newDossier({ TrichYeuHoSo: 'Đăng ký khai sinh '.repeat(250) }),
    );
    expect(JSON.stringify(batch).length).toBeGreaterThan(200_000);
    const answer = await sync(session, 'False', batch);
    expect(answer.body).toEqual({ error_code: '0', message: 'Đồng bộ thành công 50 hồ sơ' });
    expect((await stats()).dossiers).toBe(50);
  });
});

describe('progress entries', () => {
  it('appends entries, answers "7" above 10 and "3" for an unknown dossier', async () => {
    const session = await login();
    const caseCode = await created(session);
    const entries = [progressEntry(caseCode), progressEntry(caseCode, { NoiDungXuLy: 'Ký duyệt' })];
    const ok = await call(session, 'CapNhatTienDoHoSoMC', { data: entries });
    expect(ok.body.error_code).toBe('0');
    expect(ok.body.message).toContain('thành công');
    expect((await dossier(caseCode)).progress).toEqual(entries);

    const tooMany = await call(session, 'CapNhatTienDoHoSoMC', {
      data: Array.from({ length: 11 }, () => progressEntry(caseCode)),
    });
    expect(tooMany.body.error_code).toBe('7');
    const unknown = await call(session, 'CapNhatTienDoHoSoMC', {
      data: [progressEntry(newDossier().MaHoSo)],
    });
    expect(unknown.body.error_code).toBe('3');
    expect(await stats()).toMatchObject({ applied: 2, rejected: 2 });
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored answer for a repeated key without applying again', async () => {
    const session = await login();
    const d = newDossier();
    const first = await sync(session, 'False', [d], 'sync-1');
    const second = await sync(session, 'False', [d], 'sync-1');
    expect(first.body).toEqual({ error_code: '0', message: 'Đồng bộ thành công 1 hồ sơ' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);

    const stored = await dossier(d.MaHoSo);
    expect(stored.history).toHaveLength(1);
    expect(stored.duplicates).toEqual([
      { service: 'DongBoHoSoMC', idempotencyKey: 'sync-1', at: expect.any(String) as string },
    ]);
    expect(await stats()).toMatchObject({ applied: 1, duplicates: 1, rejected: 0 });

    // Without the key the same create is processed, and so refused as existing.
    expect((await sync(session, 'False', [d])).body.error_code).toBe('2');
  });

  it('replays a refusal too, even once the refusal no longer holds', async () => {
    const session = await login();
    const caseCode = await created(session, { TrangThaiHoSo: '2' });
    const refused = await sync(session, 'True', [{ MaHoSo: caseCode, TrangThaiHoSo: '5' }], 'k-5');
    expect(refused.body.error_code).toBe('4');
    await sync(session, 'True', [{ MaHoSo: caseCode, TrangThaiHoSo: '4' }]);
    const replayed = await sync(session, 'True', [{ MaHoSo: caseCode, TrangThaiHoSo: '5' }], 'k-5');
    expect(replayed.body).toEqual(refused.body);
    expect((await dossier(caseCode)).TrangThaiHoSo).toBe('4');
    expect(await stats()).toMatchObject({ duplicates: 1, rejected: 1 });
  });

  it('applies each item of a batch once when the key lists one per item, whatever batch resends it', async () => {
    const session = await login();
    const [a, b, c] = [newDossier(), newDossier(), newDossier()];
    const first = await sync(session, 'False', [a, b], 'ka, kb');
    expect(first.body).toEqual({ error_code: '0', message: 'Đồng bộ thành công 2 hồ sơ' });
    // The answer was lost; the client resends b in another batch, with c.
    const second = await sync(session, 'False', [b, c], 'kb, kc');
    expect(second.body).toEqual({ error_code: '0', message: 'Đồng bộ thành công 2 hồ sơ' });
    // And all of it again: nothing left to apply.
    const third = await sync(session, 'False', [c, a, b], 'kc, ka, kb');
    expect(third.body.error_code).toBe('0');

    expect((await dossier(a.MaHoSo)).history.map((h) => h.idempotencyKey)).toEqual(['ka']);
    expect((await dossier(b.MaHoSo)).history.map((h) => h.idempotencyKey)).toEqual(['kb']);
    expect((await dossier(c.MaHoSo)).history.map((h) => h.idempotencyKey)).toEqual(['kc']);
    expect((await dossier(b.MaHoSo)).duplicates.map((d) => d.idempotencyKey)).toEqual(['kb', 'kb']);
    expect(await stats()).toMatchObject({ applied: 3, duplicates: 4, rejected: 0 });
  });

  it('appends each progress entry of a batch once, one key per entry', async () => {
    const session = await login();
    const [x, y] = [await created(session), await created(session)];
    const before = await stats();
    const entries = [progressEntry(x), progressEntry(y)];
    expect(
      (await call(session, 'CapNhatTienDoHoSoMC', { data: entries }, 'px, py')).body.error_code,
    ).toBe('0');
    expect(
      (await call(session, 'CapNhatTienDoHoSoMC', { data: [entries[1]] }, 'py')).body.error_code,
    ).toBe('0');
    // A key is the same key alone or in a list: resent alone, the entry is not appended again.
    expect((await dossier(x)).progress).toHaveLength(1);
    expect((await dossier(y)).progress).toHaveLength(1);
    expect(
      (await call(session, 'CapNhatTienDoHoSoMC', { data: entries }, 'px, py')).body.error_code,
    ).toBe('0');
    expect((await dossier(x)).progress).toHaveLength(1);
    const after = await stats();
    expect(after.applied - before.applied).toBe(2);
    expect(after.duplicates - before.duplicates).toBe(3);
  });

  it('applies nothing of a per-item batch that one item makes the portal refuse, and remembers none of it', async () => {
    const session = await login();
    const existing = await created(session);
    const fresh = newDossier();
    const refused = await sync(
      session,
      'False',
      [fresh, newDossier({ MaHoSo: existing })],
      'kf, ke',
    );
    expect(refused.body.error_code).toBe('2');
    expect((await request(baseUrl).get(`/__mock/dossiers/${fresh.MaHoSo}`)).status).toBe(404);
    // Alone, with its own key, the good one goes through: its key was not spent on the refusal.
    expect((await sync(session, 'False', [fresh], 'kf')).body.error_code).toBe('0');
  });

  it('treats a key list that does not match the items as one key for the whole call', async () => {
    const session = await login();
    const [a, b] = [newDossier(), newDossier()];
    expect((await sync(session, 'False', [a, b], 'k1, k2, k3')).body.error_code).toBe('0');
    expect((await dossier(a.MaHoSo)).history[0].idempotencyKey).toBe('k1, k2, k3');
    expect((await sync(session, 'False', [a, b], 'k1, k2, k3')).body.error_code).toBe('0');
    expect(await stats()).toMatchObject({ applied: 2, duplicates: 1 });
  });

  it('does not remember transient faults against the key', async () => {
    const session = await login();
    const d = newDossier();
    await setFaults({ mode: 'error', status: 503 });
    expect((await sync(session, 'False', [d], 'retry-me')).status).toBe(503);
    await setFaults({ mode: 'up' });
    const retried = await sync(session, 'False', [d], 'retry-me');
    expect(retried.body.error_code).toBe('0');
    expect(await stats()).toMatchObject({ applied: 1, duplicates: 0 });
  });
});

describe('fault injection', () => {
  it('answers 503 maintenance to every call, login included, when down', async () => {
    const session = await login();
    await setFaults({ mode: 'down' });
    const maintenance = { error_code: '503', message: 'Hệ thống đang bảo trì' };
    expect(await post({ username: 'hanoi-hub', password: 'demo-secret' })).toMatchObject({
      status: 503,
      body: maintenance,
    });
    expect(await call(session, 'LayDanhSachTTHC')).toMatchObject({
      status: 503,
      body: maintenance,
    });
  });

  it.each([500, 502, 503])('answers %i in error mode', async (status) => {
    const session = await login();
    await setFaults({ mode: 'error', status });
    const answer = await call(session, 'LayDanhSachTTHC');
    expect(answer.status).toBe(status);
    expect(answer.body.error_code).toBe(String(status));
    expect(answer.headers['retry-after']).toBeUndefined();
  });

  it('answers 429 with Retry-After: 1', async () => {
    const session = await login();
    await setFaults({ mode: 'error', status: 429 });
    const answer = await sync(session, 'False', [newDossier()]);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    expect(await stats()).toMatchObject({ dossiers: 0, calls: 2 });
  });

  it('waits latencyMs, then answers normally, when slow', async () => {
    const session = await login();
    await setFaults({ mode: 'slow', latencyMs: 300 });
    const started = Date.now();
    const answer = await sync(session, 'False', [newDossier()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.body.error_code).toBe('0');
  });

  it('fails errorRate of the calls with 503 when flaky', async () => {
    const session = await login();
    await setFaults({ mode: 'flaky', errorRate: 0.5 });
    randomDraws.push(0.1, 0.7, 0.4, 0.9);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call(session, 'LayDanhMucCoQuan')).status);
    expect(statuses).toEqual([503, 200, 503, 200]);
  });

  it('expires every session on expireSessions, forcing "-2" and a new login', async () => {
    const session = await login();
    await setFaults({ expireSessions: true });
    expect((await call(session, 'LayDanhSachTTHC')).body.error_code).toBe('-2');
    const fresh = await login();
    expect((await call(fresh, 'LayDanhSachTTHC')).body.error_code).toBe('0');
    expect((await request(baseUrl).get('/__mock/faults').expect(200)).body).not.toHaveProperty(
      'expireSessions',
    );
  });

  it('rejects calls touching rejectCaseCodes with "5", in any mode', async () => {
    const session = await login();
    const accepted = await created(session);
    const refusedCase = newDossier();
    await setFaults({
      mode: 'flaky',
      errorRate: 0,
      rejectCaseCodes: [refusedCase.MaHoSo, accepted],
    });
    const create = await sync(session, 'False', [refusedCase]);
    expect(create.body).toEqual({
      error_code: '5',
      message: `Hồ sơ ${refusedCase.MaHoSo} bị từ chối: thông tin chủ hồ sơ không khớp với CSDL quốc gia`,
    });
    const progress = await call(session, 'CapNhatTienDoHoSoMC', {
      data: [progressEntry(accepted)],
    });
    expect(progress.body.error_code).toBe('5');
    expect((await call(session, 'TraCuuHoSo', { mahoso: accepted })).body.error_code).toBe('0');
  });

  it('validates the fault config, naming the bad field', async () => {
    const res = await request(baseUrl)
      .post('/__mock/faults')
      .send({ mode: 'error', status: 418 })
      .expect(400);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'INVALID_FAULT_CONFIG',
      errors: [{ path: 'status' }],
    });
  });

  it('validates a dossier alteration, naming each bad field', async () => {
    const session = await login();
    const caseCode = await created(session);
    const res = await request(baseUrl)
      .post(`/__mock/dossiers/${caseCode}/alter`)
      .send({ set: { TrangThaiHoSo: '9', Colour: 'red' } })
      .expect(400);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'INVALID_ALTERATION',
      errors: [{ path: 'set.Colour', message: 'is not a known field' }],
    });
    const empty = await request(baseUrl)
      .post(`/__mock/dossiers/${caseCode}/alter`)
      .send({})
      .expect(400);
    expect(empty.body).toMatchObject({
      errors: [{ path: '(body)', message: 'must set or remove at least one field' }],
    });
  });
});

describe('catalogs', () => {
  it('lists procedures and agencies and looks one procedure up', async () => {
    const session = await login();
    const procedures = await call(session, 'LayDanhSachTTHC');
    expect(procedures.body).toMatchObject({
      error_code: '0',
      message: 'Lấy danh sách thủ tục hành chính thành công',
    });
    expect(procedures.body.result).toEqual(
      expect.arrayContaining([
        {
          MATTHC: '1.001193',
          TENTTHC: 'Thủ tục đăng ký khai sinh',
          MUCDO: '4',
          LINHVUCTHUCHIEN: [{ MALINHVUC: 'G09-TP03', TENLINHVUC: 'Hộ tịch' }],
          COQUANTHUCHIEN: expect.arrayContaining([
            { MADONVI: '000.00.01.H26', TENDONVI: 'Sở Tư pháp thành phố Hà Nội' },
          ]) as unknown,
        },
      ]),
    );
    const one = await call(session, 'LayThuTuc', { maTTHC: '1.000894' });
    expect(one.body).toMatchObject({
      error_code: '0',
      result: [{ MATTHC: '1.000894', TENTTHC: 'Thủ tục đăng ký kết hôn' }],
    });
    const [marriage] = one.body.result as { THANHPHANHOSO: { MAKETQUATHAYTHE: string }[] }[];
    expect(marriage.THANHPHANHOSO.map((d) => d.MAKETQUATHAYTHE)).toContain('KQ-XNHN');
    const unknown = await call(session, 'LayThuTuc', { maTTHC: '9.999999' });
    expect(unknown.body).toEqual({
      error_code: '3',
      message: 'Không tìm thấy thủ tục hành chính có mã 9.999999',
    });
    const agencies = await call(session, 'LayDanhMucCoQuan');
    expect(agencies.body.result).toEqual(
      expect.arrayContaining([
        { MADONVI: '000.00.01.H26', TENDONVI: 'Sở Tư pháp thành phố Hà Nội', CAPDONVI: '2' },
      ]),
    );
  });

  it('answers "1" naming maTTHC when LayThuTuc has none', async () => {
    const session = await login();
    expect((await call(session, 'LayThuTuc')).body).toEqual({
      error_code: '1',
      message: 'Trường maTTHC không hợp lệ: bắt buộc phải có',
    });
  });
});

describe('a catalog file of its own (MOCK_PORTAL_CATALOG_FILE)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mock-portal-catalog-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The config of a mock that reads `content` (JSON-encoded unless a string) as its catalog. */
  function withCatalog(name: string, content: unknown) {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return loadConfig(mockPortalConfigSpec, {
      MOCK_PORTAL_USERS: 'hanoi-hub:demo-secret',
      MOCK_PORTAL_CATALOG_FILE: file,
    });
  }

  const quietLogger = () => new HubLogger(pino({ level: 'silent' }));

  it('answers the three catalog services from the file and refuses dossiers for other procedures', async () => {
    const own = await createMockPortalApp(withCatalog('own.json', testCatalog()), {
      logger: quietLogger(),
    });
    try {
      await own.listen(0, '127.0.0.1');
      const { port } = own.getHttpServer().address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      const ask = async (body: Record<string, unknown>) =>
        (await request(url).post('/dvcqg/api').send(body)).body as PortalAnswer['body'];
      const { session } = await ask({ username: 'hanoi-hub', password: 'demo-secret' });
      const envelope = { session, madonvi: TEST_AGENCY };

      const listed = await ask({ ...envelope, service: 'LayDanhSachTTHC' });
      const [first, second] = testCatalog().procedures;
      expect(listed).toEqual({
        error_code: '0',
        message: 'Lấy danh sách thủ tục hành chính thành công',
        result: [first, second].map((p) => ({
          MATTHC: p.MATTHC,
          TENTTHC: p.TENTTHC,
          MUCDO: p.MUCDO,
          LINHVUCTHUCHIEN: p.LINHVUCTHUCHIEN,
          COQUANTHUCHIEN: p.COQUANTHUCHIEN,
        })),
      });
      expect(await ask({ ...envelope, service: 'LayThuTuc', maTTHC: second.MATTHC })).toEqual({
        error_code: '0',
        message: 'Lấy thông tin thủ tục hành chính thành công',
        result: [second],
      });
      expect(await ask({ ...envelope, service: 'LayDanhMucCoQuan' })).toEqual({
        error_code: '0',
        message: 'Lấy danh mục cơ quan thành công',
        result: testCatalog().agencies,
      });
      // The shipped catalog's procedures are not this portal's.
      expect(await ask({ ...envelope, service: 'LayThuTuc', maTTHC: '1.001193' })).toMatchObject({
        error_code: '3',
      });

      const sync = (d: NewDossierFields) =>
        ask({ ...envelope, service: 'DongBoHoSoMC', isUpdating: 'False', data: [d] });
      const refused = await sync(newDossier());
      expect(refused.error_code).toBe('1');
      expect(refused.message).toContain(
        'Trường MaTTHC không hợp lệ: không có trong danh mục thủ tục hành chính của Cổng',
      );
      const accepted = await sync(
        newDossier({ MaTTHC: first.MATTHC, TenTTHC: first.TENTTHC, MaLinhVuc: 'T-LV-01' }),
      );
      expect(accepted).toEqual({ error_code: '0', message: 'Đồng bộ thành công 1 hồ sơ' });
    } finally {
      await own.close();
    }
  });

  it.each<[string, (c: TestCatalog) => unknown, RegExp]>([
    [
      'a number where the wire has a string',
      (c) => {
        (c.procedures[1] as Record<string, unknown>)['MUCDO'] = 4;
        return c;
      },
      /procedures\[1\]\.MUCDO: must be one of "2", "3", "4" \(a string\), not 4/,
    ],
    [
      'a missing field',
      (c) => {
        delete (c.procedures[0].THANHPHANHOSO[0] as Partial<TestDocument>).BATBUOC;
        return c;
      },
      /procedures\[0\]\.THANHPHANHOSO\[0\]\.BATBUOC: is required/,
    ],
    ['text that is not JSON', () => '{"procedures": [', /\(root\): is not JSON/],
    [
      'a procedure code listed twice',
      (c) => ({ ...c, procedures: [...c.procedures, c.procedures[0]] }),
      /procedures\[2\]\.MATTHC: "7\.900001" is listed more than once \(also procedures\[0\]\)/,
    ],
    [
      'an agency not in agencies',
      (c) => ({ ...c, agencies: c.agencies.slice(1) }),
      /procedures\[0\]\.COQUANTHUCHIEN\[0\]\.MADONVI: "000\.79\.01\.H26" is not one of the agencies/,
    ],
    [
      'a replacement result no procedure issues',
      (c) => {
        c.procedures[1].THANHPHANHOSO[0].MAKETQUATHAYTHE = 'KQ-TESTKHONGCO';
        return c;
      },
      /procedures\[1\]\.THANHPHANHOSO\[0\]\.MAKETQUATHAYTHE: "KQ-TESTKHONGCO" is not a result any procedure issues/,
    ],
  ])('refuses to start with %s, naming the file, the field and why', async (_, spoil, reason) => {
    const name = `bad-${Math.random().toString(36).slice(2)}.json`;
    const started = createMockPortalApp(withCatalog(name, spoil(testCatalog())), {
      logger: quietLogger(),
    });
    await expect(started).rejects.toThrow(`Invalid portal catalog in ${join(dir, name)}`);
    await expect(started).rejects.toThrow(reason);
  });
});

describe('stats, reset and observability', () => {
  it('counts every call and resets everything', async () => {
    const session = await login();
    await created(session);
    await sync(session, 'False', [newDossier({ TrangThaiHoSo: '6' })]);
    await setFaults({ mode: 'down', rejectCaseCodes: ['X'] });
    await call(session, 'LayDanhSachTTHC');
    expect(await stats()).toEqual({
      dossiers: 1,
      applied: 1,
      duplicates: 0,
      rejected: 1,
      calls: 4,
    });

    await request(baseUrl).delete('/__mock/state').expect(204);
    expect(await stats()).toEqual({
      dossiers: 0,
      applied: 0,
      duplicates: 0,
      rejected: 0,
      calls: 0,
    });
    expect((await request(baseUrl).get('/__mock/faults').expect(200)).body).toMatchObject({
      mode: 'up',
      rejectCaseCodes: [],
    });
    expect((await call(session, 'LayDanhSachTTHC')).body.error_code).toBe('-2');
    await request(baseUrl).get('/__mock/dossiers/000.00.01.H26-260312-00001').expect(404);
  });

  it('serves health and metrics', async () => {
    await login();
    await request(baseUrl).get('/health').expect(200);
    const metrics = await request(baseUrl).get('/metrics').expect(200);
    expect(metrics.text).toContain('hub_mock_portal_calls_total');
  });

  it('never logs the personal data a dossier carries', async () => {
    const session = await login();
    const d = newDossier({ ChuHoSo: 'Lê Thị Riêng Tư', SoGiayToChuHoSo: '079123456789' });
    await sync(session, 'False', [d]);
    await sync(session, 'False', [{ ...d, Email: 42 }]);
    const logs = logLines.join('\n');
    expect(logs).toContain(d.MaHoSo);
    expect(logs).not.toContain('Lê Thị Riêng Tư');
    expect(logs).not.toContain('079123456789');
  });
});
