import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@hub/config';
import type { LookupRecord, RegistryStats } from '@hub/mock-kit';
import { HubLogger } from '@hub/observability';
import { foldName } from '@hub/synthetic-data';
import pino from 'pino';
import request from 'supertest';
import { createMockPopulationApp } from './app';
import type { CongDan } from './citizens/congdan.wire';
import { LOOKUP_PATH } from './lookup/lookup.wire';
import { mockPopulationConfigSpec } from './mock-population.config';
import {
  MALFORMED_PERSONAL_IDS,
  existingPersonalId,
  missingPersonalId,
  yearOnlyPersonalId,
} from '@hub/testing';

/** Boots the mock in-process on an ephemeral port and speaks its lookup protocol over HTTP. */

const UNLICENSED = '2.000777';
const UNAUTHORISED = 'CB-TAM-DINH-CHI';

let app: NestExpressApplication;
let baseUrl: string;
const randomDraws: number[] = [];
const sleeps: number[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  const config = loadConfig(mockPopulationConfigSpec, {
    MOCK_POPULATION_UNLICENSED_SERVICES: UNLICENSED,
    MOCK_POPULATION_UNAUTHORISED_OFFICIALS: UNAUTHORISED,
  });
  const logger = new HubLogger(
    pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
  );
  app = await createMockPopulationApp(config, {
    logger,
    random: () => randomDraws.shift() ?? Math.random(),
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
  randomDraws.length = 0;
  sleeps.length = 0;
  await request(baseUrl).delete('/__mock/state').expect(204);
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: {
    MaYeuCau?: string;
    MaLoi: string;
    MoTaLoi: string;
    CongDan?: CongDan | null;
    DanhSachLoi?: { TruongDuLieu: string; MoTa: string }[];
  };
}

let requestSequence = 0;

async function lookup(personalId: string, extra: Record<string, unknown> = {}): Promise<Answer> {
  requestSequence += 1;
  const res = await request(baseUrl)
    .post(`/${LOOKUP_PATH}`)
    .send({
      MaYeuCau: `req-${requestSequence}`,
      MaCanBo: 'CB-0001',
      MaDVC: '1.001193',
      MucDich: '000.00.01.H26-260312-00042',
      SoDinhDanh: personalId,
      ...extra,
    });
  return {
    status: res.status,
    headers: res.headers,
    body: res.body as Answer['body'],
  };
}

async function stats(): Promise<RegistryStats> {
  return (await request(baseUrl).get('/__mock/stats').expect(200)).body as RegistryStats;
}

describe('citizen lookup', () => {
  it('answers "000" with the CongDan record and echoes MaYeuCau', async () => {
    const id = existingPersonalId(1);
    const answer = await lookup(id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ MaYeuCau: `req-${requestSequence}`, MaLoi: '000' });
    expect(answer.body.CongDan?.SoDinhDanh).toBe(id);
    expect(answer.body.CongDan?.ThuongTru.MaTinhThanh).toBe('01');
  });

  it('answers "001" without a record for an ID nobody holds', async () => {
    const answer = await lookup(missingPersonalId(1));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ MaLoi: '001', CongDan: null });
  });

  it('checks HoVaTen and birth date when given: "000" when they agree, "003" when not', async () => {
    const id = existingPersonalId(2);
    const citizen = (await lookup(id)).body.CongDan as CongDan;
    const { Ho, ChuDem, Ten } = citizen.HoVaTen;
    const name = foldName(`${Ho}${ChuDem}${Ten}`);
    expect(
      (await lookup(id, { HoVaTen: name, NgayThangNam: citizen.NgayThangNamSinh.NgayThangNam }))
        .body.MaLoi,
    ).toBe('000');
    expect((await lookup(id, { HoVaTen: `${name}X` })).body.MaLoi).toBe('003');
    expect((await lookup(id, { Nam: '1800' })).body.MaLoi).toBe('003');
  });

  it('knows only the year for a year-only citizen', async () => {
    const answer = await lookup(yearOnlyPersonalId(1, { birthYear: 1966 }));
    expect(answer.body.CongDan?.NgayThangNamSinh).toEqual({ Nam: '1966', NgayThangNam: '' });
  });

  it.each(MALFORMED_PERSONAL_IDS)(
    'answers "002" (HTTP 400) naming SoDinhDanh for $why',
    async ({ value }) => {
      const answer = await lookup(value);
      expect(answer.status).toBe(400);
      expect(answer.body.MaLoi).toBe('002');
      expect(answer.body.DanhSachLoi).toEqual([
        { TruongDuLieu: 'SoDinhDanh', MoTa: 'phải gồm đúng 12 chữ số' },
      ]);
    },
  );

  it('answers "002" naming every missing or unknown field', async () => {
    const answer = await lookup(existingPersonalId(), {
      MaCanBo: undefined,
      MucDich: ' ',
      Extra: 1,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.DanhSachLoi?.map((e) => e.TruongDuLieu).sort()).toEqual([
      'Extra',
      'MaCanBo',
      'MucDich',
    ]);
  });

  it('answers "004" for an unlicensed procedure (config and faults) and "005" for an unauthorised official', async () => {
    expect((await lookup(existingPersonalId(), { MaDVC: UNLICENSED })).body).toMatchObject({
      MaLoi: '004',
      CongDan: null,
    });
    expect((await lookup(existingPersonalId())).body.MaLoi).toBe('000');
    await request(baseUrl)
      .post('/__mock/faults')
      .send({ unlicensedServiceCodes: ['1.001193'] })
      .expect(200);
    expect((await lookup(existingPersonalId())).body.MaLoi).toBe('004');
    await request(baseUrl)
      .post('/__mock/faults')
      .send({ unauthorisedOfficialCodes: ['CB-0001'] })
      .expect(200);
    expect((await lookup(existingPersonalId())).body.MaLoi).toBe('005');
    expect((await lookup(existingPersonalId(), { MaCanBo: UNAUTHORISED })).body.MaLoi).toBe('005');
  });
});

describe('faults', () => {
  it('down answers 503; error answers the chosen status, 429 with Retry-After', async () => {
    await request(baseUrl).post('/__mock/faults').send({ mode: 'down' }).expect(200);
    expect((await lookup(existingPersonalId())).status).toBe(503);
    await request(baseUrl).post('/__mock/faults').send({ mode: 'error', status: 429 }).expect(200);
    const limited = await lookup(existingPersonalId());
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    await request(baseUrl).delete('/__mock/state').expect(204);
    expect((await lookup(existingPersonalId())).status).toBe(200);
  });

  it('slow waits the configured latency; flaky fails by the random draw', async () => {
    await request(baseUrl)
      .post('/__mock/faults')
      .send({ mode: 'slow', latencyMs: 750 })
      .expect(200);
    expect((await lookup(existingPersonalId())).status).toBe(200);
    expect(sleeps).toEqual([750]);
    await request(baseUrl)
      .post('/__mock/faults')
      .send({ mode: 'flaky', errorRate: 0.5 })
      .expect(200);
    randomDraws.push(0.1, 0.9);
    expect((await lookup(existingPersonalId())).status).toBe(503);
    expect((await lookup(existingPersonalId())).status).toBe(200);
  });

  it('refuses an invalid fault config with a problem naming the field', async () => {
    const res = await request(baseUrl)
      .post('/__mock/faults')
      .send({ mode: 'sideways' })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((res.body as { errors: { path: string }[] }).errors[0]?.path).toBe('mode');
  });
});

describe('overrides, stats and the lookup trail', () => {
  it('shows an override on the next lookup; reset drops it', async () => {
    const id = existingPersonalId(3);
    const before = (await lookup(id)).body.CongDan as CongDan;
    const res = await request(baseUrl)
      .put(`/__mock/citizens/${id}`)
      .send({ HoVaTen: { Ten: 'Khoa' }, ThuongTru: { ChiTiet: 'Số 1, phố Huế' } })
      .expect(200);
    expect((res.body as CongDan).HoVaTen).toEqual({ ...before.HoVaTen, Ten: 'Khoa' });
    const after = (await lookup(id)).body.CongDan as CongDan;
    expect(after.HoVaTen.Ten).toBe('Khoa');
    expect(after.ThuongTru).toEqual({ ...before.ThuongTru, ChiTiet: 'Số 1, phố Huế' });
    expect(after.Me).toBe(before.Me);
    await request(baseUrl).delete('/__mock/state').expect(204);
    expect((await lookup(id)).body.CongDan).toEqual(before);
  });

  it('refuses an override of an unknown field or value (400) and of a missing citizen (404)', async () => {
    await request(baseUrl)
      .put(`/__mock/citizens/${existingPersonalId()}`)
      .send({ SoDinhDanh: '001085000021' })
      .expect(400);
    await request(baseUrl)
      .put(`/__mock/citizens/${existingPersonalId()}`)
      .send({ GioiTinh: '7' })
      .expect(400);
    const missing = await request(baseUrl)
      .put(`/__mock/citizens/${missingPersonalId()}`)
      .send({ Cha: 'Nguyễn Văn A' })
      .expect(404);
    expect(JSON.stringify(missing.body)).not.toContain(missingPersonalId());
  });

  it('counts lookups by outcome and keeps a trail with the ID masked', async () => {
    await lookup(existingPersonalId());
    await lookup(missingPersonalId());
    await lookup('123');
    await lookup(existingPersonalId(), { MaDVC: UNLICENSED });
    const counted = await stats();
    expect(counted.lookups).toBe(4);
    expect(counted.byOutcome).toMatchObject({
      found: 1,
      'not-found': 1,
      invalid: 1,
      'not-licensed': 1,
    });
    const trail = (await request(baseUrl).get('/__mock/lookups').expect(200))
      .body as LookupRecord[];
    expect(trail[0]).toMatchObject({
      officialCode: 'CB-0001',
      serviceCode: '1.001193',
      purpose: '000.00.01.H26-260312-00042',
      maskedPersonalId: '001*******01',
      outcome: 'found',
    });
    expect(JSON.stringify(trail)).not.toContain(existingPersonalId());
  });

  it('never logs a personal ID in clear', async () => {
    const id = existingPersonalId(9);
    await lookup(id);
    await request(baseUrl).put(`/__mock/citizens/${id}`).send({ Cha: 'Trần Văn Hải' }).expect(200);
    const lines = logLines.join('\n');
    expect(lines).toContain('citizen lookup');
    expect(lines).toContain('citizen overridden');
    expect(lines).not.toContain(id);
  });
});
