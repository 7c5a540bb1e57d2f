import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@hub/config';
import type { LookupRecord, RegistryStats } from '@hub/mock-kit';
import { HubLogger } from '@hub/observability';
import pino from 'pino';
import request from 'supertest';
import { createMockBusinessApp } from './app';
import type { EntCert } from './enterprises/getentcert.wire';
import { LOOKUP_PATH } from './lookup/lookup.wire';
import { mockBusinessConfigSpec } from './mock-business.config';
import {
  MALFORMED_ENTERPRISE_CODES,
  enterpriseCode,
  missingUnitCode,
  unitCode,
} from '@hub/testing';

/** Boots the mock in-process on an ephemeral port and speaks its lookup protocol over HTTP. */

let app: NestExpressApplication;
let baseUrl: string;
const sleeps: number[] = [];

beforeAll(async () => {
  const config = loadConfig(mockBusinessConfigSpec, {
    MOCK_BUSINESS_UNLICENSED_SERVICES: '2.000777',
    MOCK_BUSINESS_UNAUTHORISED_OFFICIALS: 'CB-TAM-DINH-CHI',
  });
  app = await createMockBusinessApp(config, {
    logger: new HubLogger(pino({ level: 'silent' })),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app.close();
});

beforeEach(async () => {
  sleeps.length = 0;
  await request(baseUrl).delete('/__mock/state').expect(204);
});

interface Answer {
  status: number;
  body: { GetEntCert?: EntCert[]; MaLoi?: string; DanhSachLoi?: { TruongDuLieu: string }[] };
}

async function lookup(msdn: string, extra: Record<string, string> = {}): Promise<Answer> {
  const res = await request(baseUrl)
    .get(`/${LOOKUP_PATH}`)
    .query({
      msdn,
      maYeuCau: 'req-1',
      maCanBo: 'CB-0001',
      maDVC: '2.001610',
      mucDich: '000.00.01.H26-260312-00042',
      ...extra,
    });
  return { status: res.status, body: res.body as Answer['body'] };
}

describe('chiTietDoanhNghiep', () => {
  it('answers GetEntCert with the enterprise, for 10- and 13-digit codes', async () => {
    const code = enterpriseCode('active', 1);
    const found = await lookup(code);
    expect(found.status).toBe(200);
    expect(found.body.GetEntCert).toHaveLength(1);
    expect(found.body.GetEntCert?.[0]?.MaSoDoanhNghiep).toBe(code);
    const unit = await lookup(unitCode(code, 3));
    expect(unit.body.GetEntCert?.[0]?.MaSoDoanhNghiep).toBe(`${code}-003`);
  });

  it('answers an empty GetEntCert for a code nobody holds', async () => {
    expect((await lookup(enterpriseCode('missing'))).body).toEqual({ GetEntCert: [] });
    expect((await lookup(missingUnitCode())).body).toEqual({ GetEntCert: [] });
  });

  it('reports a dissolved enterprise with status "04"', async () => {
    const record = (await lookup(enterpriseCode('dissolved', 2))).body.GetEntCert?.[0];
    expect(record?.TinhTrangPhapLy[0]?.MaTinhTrangPhapLy).toBe('04');
  });

  it.each(MALFORMED_ENTERPRISE_CODES)('answers "002" (HTTP 400) for msdn %s', async (msdn) => {
    const answer = await lookup(msdn);
    expect(answer.status).toBe(400);
    expect(answer.body.MaLoi).toBe('002');
    expect(answer.body.DanhSachLoi?.map((e) => e.TruongDuLieu)).toEqual(['msdn']);
  });

  it('answers "004"/"005" with HTTP 403 for unlicensed procedures and unauthorised officials', async () => {
    expect(await lookup(enterpriseCode(), { maDVC: '2.000777' })).toMatchObject({
      status: 403,
      body: { MaLoi: '004' },
    });
    expect(await lookup(enterpriseCode(), { maCanBo: 'CB-TAM-DINH-CHI' })).toMatchObject({
      status: 403,
      body: { MaLoi: '005' },
    });
    await request(baseUrl)
      .post('/__mock/faults')
      .send({ unlicensedServiceCodes: ['2.001610'] })
      .expect(200);
    expect((await lookup(enterpriseCode())).body.MaLoi).toBe('004');
  });

  it('injects down / slow faults', async () => {
    await request(baseUrl).post('/__mock/faults').send({ mode: 'down' }).expect(200);
    expect((await lookup(enterpriseCode())).status).toBe(503);
    await request(baseUrl)
      .post('/__mock/faults')
      .send({ mode: 'slow', latencyMs: 300 })
      .expect(200);
    expect((await lookup(enterpriseCode())).status).toBe(200);
    expect(sleeps).toEqual([300]);
  });

  it('shows an override on the next lookup, refuses a bad one, counts lookups', async () => {
    const code = enterpriseCode('active', 4);
    await request(baseUrl)
      .put(`/__mock/enterprises/${code}`)
      .send({
        TinhTrangPhapLy: [
          { TinhTrangPhapLy: 'Đã giải thể', MaTinhTrangPhapLy: '04', NgayHieuLuc: '01/03/2026' },
        ],
      })
      .expect(200);
    const record = (await lookup(code)).body.GetEntCert?.[0];
    expect(record?.TinhTrangPhapLy[0]?.MaTinhTrangPhapLy).toBe('04');
    await request(baseUrl)
      .put(`/__mock/enterprises/${code}`)
      .send({ NgayDangKyLanDau: '2026-03-01' })
      .expect(400);
    await request(baseUrl)
      .put(`/__mock/enterprises/${enterpriseCode('missing')}`)
      .send({ TenVietTat: 'X' })
      .expect(404);
    await lookup(enterpriseCode('missing'));
    const stats = (await request(baseUrl).get('/__mock/stats').expect(200)).body as RegistryStats;
    expect(stats).toMatchObject({
      lookups: 2,
      byOutcome: { found: 1, 'not-found': 1 },
      overrides: 1,
    });
    const trail = (await request(baseUrl).get('/__mock/lookups').expect(200))
      .body as LookupRecord[];
    expect(trail[0]).toMatchObject({
      requestId: 'req-1',
      officialCode: 'CB-0001',
      purpose: '000.00.01.H26-260312-00042',
      enterpriseCode: code,
    });
  });
});
