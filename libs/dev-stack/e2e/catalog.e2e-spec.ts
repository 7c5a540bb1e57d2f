import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startStack, type Stack } from '@hub/dev-stack';
import { existingPersonalId, waitFor } from '@hub/testing';
import { type CaseEventInput, exampleCase } from '@hub/contracts';
import { HubClient, MockPortalClient, type ProblemBody } from './hub-client';

/**
 * The procedure catalog end to end, every app a process: the mock portal serves a catalog file
 * this test writes (codes that appear nowhere else in the repo), portal-sync reads it through
 * the portal adapter, ops serves it; an outage keeps the last good copy; the gateway refuses
 * cases of procedures it lacks, and prefill offers an earlier result only for a procedure whose
 * documents the file says that result stands in for.
 */
jest.setTimeout(300_000);

let stack: Stack;
let portal: MockPortalClient;
let hub: HubClient;
let db: Client;
let dir: string;

const catalogFile = {
  procedures: [
    {
      MATTHC: '3.917001',
      TENTTHC: 'Thủ tục thử nghiệm cấp giấy xác nhận E2E',
      MUCDO: '4',
      LINHVUCTHUCHIEN: [{ MALINHVUC: 'E2E-01', TENLINHVUC: 'Lĩnh vực thử nghiệm' }],
      CACHTHUCTHUCHIEN: [
        {
          KENH: '2',
          THOIGIAN: [
            {
              THOIGIANGIAIQUYET: '3',
              DONVITINH: 'Ngày làm việc',
              PHILEPHI: [{ SOTIEN: '15000', DONVI: 'Đồng', MOTA: 'Lệ phí thử nghiệm' }],
            },
          ],
        },
      ],
      THANHPHANHOSO: [
        {
          MATHANHPHAN: 'E2E-TP-01',
          TENTHANHPHAN: 'Tờ khai thử nghiệm',
          BATBUOC: '1',
          SOLUONG: '1',
          MAKETQUATHAYTHE: '',
        },
      ],
      KETQUATHUCHIEN: [{ MAKETQUA: 'KQ-E2EXN', TENKETQUA: 'Giấy xác nhận thử nghiệm' }],
      CANCUPHAPLY: [{ SOVANBAN: '01/2026/E2E', TENVANBAN: 'Văn bản thử nghiệm' }],
      COQUANTHUCHIEN: [
        { MADONVI: '000.00.91.H26', TENDONVI: 'Cơ quan thử nghiệm 91' },
        { MADONVI: '000.00.01.H26', TENDONVI: 'Sở Tư pháp thành phố Hà Nội' },
      ],
    },
    {
      MATTHC: '3.917002',
      TENTTHC: 'Thủ tục thử nghiệm dùng lại kết quả E2E',
      MUCDO: '3',
      LINHVUCTHUCHIEN: [{ MALINHVUC: 'E2E-01', TENLINHVUC: 'Lĩnh vực thử nghiệm' }],
      CACHTHUCTHUCHIEN: [
        { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '5', DONVITINH: 'Ngày', PHILEPHI: [] }] },
      ],
      THANHPHANHOSO: [
        {
          MATHANHPHAN: 'E2E-TP-02',
          TENTHANHPHAN: 'Giấy xác nhận thử nghiệm',
          BATBUOC: '1',
          SOLUONG: '1',
          MAKETQUATHAYTHE: 'KQ-E2EXN',
        },
      ],
      KETQUATHUCHIEN: [{ MAKETQUA: 'KQ-E2EQD', TENKETQUA: 'Quyết định thử nghiệm' }],
      CANCUPHAPLY: [],
      COQUANTHUCHIEN: [{ MADONVI: '000.00.92.H26', TENDONVI: 'Cơ quan thử nghiệm 92' }],
    },
    {
      // Asks for the decision 3.917002 issues, not for 3.917001's certificate: prefill must not
      // offer the certificate here.
      MATTHC: '3.917003',
      TENTTHC: 'Thủ tục thử nghiệm dùng lại quyết định E2E',
      MUCDO: '3',
      LINHVUCTHUCHIEN: [{ MALINHVUC: 'E2E-01', TENLINHVUC: 'Lĩnh vực thử nghiệm' }],
      CACHTHUCTHUCHIEN: [
        { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '2', DONVITINH: 'Ngày', PHILEPHI: [] }] },
      ],
      THANHPHANHOSO: [
        {
          MATHANHPHAN: 'E2E-TP-03',
          TENTHANHPHAN: 'Quyết định thử nghiệm',
          BATBUOC: '1',
          SOLUONG: '1',
          MAKETQUATHAYTHE: 'KQ-E2EQD',
        },
      ],
      KETQUATHUCHIEN: [{ MAKETQUA: 'KQ-E2EGP', TENKETQUA: 'Giấy phép thử nghiệm' }],
      CANCUPHAPLY: [],
      COQUANTHUCHIEN: [{ MADONVI: '000.00.92.H26', TENDONVI: 'Cơ quan thử nghiệm 92' }],
    },
  ],
  agencies: [
    { MADONVI: '000.00.01.H26', TENDONVI: 'Sở Tư pháp thành phố Hà Nội', CAPDONVI: '2' },
    { MADONVI: '000.00.91.H26', TENDONVI: 'Cơ quan thử nghiệm 91', CAPDONVI: '2' },
    { MADONVI: '000.00.92.H26', TENDONVI: 'Cơ quan thử nghiệm 92', CAPDONVI: '4' },
  ],
};

async function ops<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.urls.ops}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${stack.keys.ops}`, ...(init.headers ?? {}) },
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface Refresh {
  id: string;
  state: string;
  trigger: string;
  requestedBy: string | null;
  procedures: number | null;
  error: string | null;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-catalog-e2e-'));
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogFile));
  stack = await startStack({
    ports: 'ephemeral',
    env: {
      'mock-portal': { MOCK_PORTAL_CATALOG_FILE: file },
      'portal-sync': { CATALOG_POLL_MS: '300', CATALOG_RETRY_MS: '1000', BREAKER_RESET_MS: '1000' },
      gateway: { CATALOG_RELOAD_MS: '300' },
    },
  });
  portal = new MockPortalClient(stack.urls['mock-portal']);
  hub = new HubClient(stack);
  db = new Client({ connectionString: stack.postgres.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('loads the portal catalog at start and serves it with names, documents and results', async () => {
  const listed = await waitFor(
    'the catalog loaded from the mock portal',
    async () => {
      const page = await ops<{ items: { code: string }[]; total: number; refreshedAt: string }>(
        '/v1/procedures',
      );
      return page.body.total === 3 ? page.body : undefined;
    },
    60_000,
  );
  expect(listed.items.map((p) => p.code)).toEqual(['3.917001', '3.917002', '3.917003']);
  expect(new Date(listed.refreshedAt).getTime()).toBeGreaterThan(Date.now() - 120_000);

  const one = await ops<Record<string, unknown>>('/v1/procedures/3.917002');
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({
    code: '3.917002',
    name: 'Thủ tục thử nghiệm dùng lại kết quả E2E',
    fullyOnline: false,
    documents: [{ code: 'E2E-TP-02', required: true, replacedByResult: 'KQ-E2EXN' }],
    results: [{ code: 'KQ-E2EQD', name: 'Quyết định thử nghiệm' }],
    agencies: [{ code: '000.00.92.H26', name: 'Cơ quan thử nghiệm 92' }],
  });
  const byAgency = await ops<{ items: { code: string }[] }>('/v1/procedures?agency=000.00.91.H26');
  expect(byAgency.body.items.map((p) => p.code)).toEqual(['3.917001']);
  const agencies = await ops<{ items: { code: string; level: string }[] }>('/v1/catalog/agencies');
  expect(agencies.body.items).toEqual([
    expect.objectContaining({ code: '000.00.01.H26', level: '2' }),
    expect.objectContaining({ code: '000.00.91.H26', level: '2' }),
    expect.objectContaining({ code: '000.00.92.H26', level: '4' }),
  ]);

  const missing = await ops<{ errors: { path: string }[] }>('/v1/procedures/1.001193');
  expect(missing.status).toBe(404);
  expect(missing.body.errors[0].path).toBe('code');
  const badLimit = await ops<{ errors: { path: string }[] }>('/v1/procedures?limit=-1');
  expect(badLimit.status).toBe(400);
  expect(badLimit.body.errors[0].path).toBe('query.limit');
});

it('keeps the last good copy through a portal outage, and a requested refresh says why it failed', async () => {
  await portal.faults({ mode: 'down' });
  const asked = await ops<Refresh>('/v1/catalog/refreshes', { method: 'POST' });
  expect(asked.status).toBe(202);
  expect(asked.body).toMatchObject({ state: 'requested', trigger: 'requested' });
  const failed = await waitFor(
    'the refresh to fail during the outage',
    async () => {
      const r = await ops<Refresh>(`/v1/catalog/refreshes/${asked.body.id}`);
      return r.body.state === 'failed' ? r.body : undefined;
    },
    60_000,
  );
  expect(failed.error).toMatch(/^portal (transient|breaker-open)/);
  const during = await ops<{ total: number }>('/v1/procedures');
  expect(during.body.total).toBe(3);

  await portal.faults({ mode: 'up' });
  const again = await ops<Refresh>('/v1/catalog/refreshes', { method: 'POST' });
  const done = await waitFor(
    'the refresh to succeed once the portal is back',
    async () => {
      const r = await ops<Refresh>(`/v1/catalog/refreshes/${again.body.id}`);
      return r.body.state === 'done' ? r.body : undefined;
    },
    60_000,
  );
  expect(done.procedures).toBe(3);
  expect(done.requestedBy).toBeTruthy();
});

it('refuses at intake a procedure the catalog lacks, or an agency that does not perform it, storing nothing', async () => {
  /** One case.received of the factory with the procedure swapped. */
  const received = (number: number, procedureCode: string) => {
    const [first] = exampleCase({ number, day: '261205' }).events;
    return { ...first, data: { ...first.data, procedureCode } } as typeof first;
  };
  // The gateway picks up the catalog portal-sync stored within CATALOG_RELOAD_MS.
  const known = await waitFor(
    'the gateway to accept a procedure of the test catalog',
    async () => {
      const r = await hub.postEvents('STP', received(1, '3.917001'));
      return r.status === 202 ? r : undefined;
    },
    30_000,
  );
  expect(known.status).toBe(202);

  const unknown = received(2, '1.001193');
  const refused = await hub.postEvents('STP', unknown);
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({
    code: 'NOT_IN_CATALOG',
    errors: [
      {
        path: 'data.procedureCode',
        message: expect.stringMatching(
          /^procedure 1\.001193 is not in the national catalog as refreshed at \d{4}-\d\d-\d\dT/,
        ) as string,
      },
    ],
  });
  // Nothing stored: the case does not exist.
  const lookup = await fetch(`${stack.urls.gateway}/v1/cases/${unknown.subject}`, {
    headers: { authorization: `Bearer ${hub.keyOf('STP')}` },
  });
  expect(lookup.status).toBe(404);

  // 3.917002 is performed by agency 000.00.92.H26 only; the factory's agency is 000.00.01.H26.
  const otherAgency = await hub.postEvents('STP', received(3, '3.917002'));
  expect(otherAgency.status).toBe(422);
  expect(otherAgency.body).toMatchObject({
    code: 'NOT_IN_CATALOG',
    errors: [{ path: 'data.agencyCode' }],
  });
});

it("lets an administrator override the catalog's reuse links for a procedure, audited", async () => {
  const admin = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.urls.gateway}/v1/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${stack.keys.admin}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const set = await admin<{ procedureCode: string; resultCodes: string[]; setBy: string }>(
    'PUT',
    '/procedure-reuse/3.917001',
    { resultCodes: ['KQ-E2EQD'], reason: 'the catalog does not link the decision yet' },
  );
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ procedureCode: '3.917001', resultCodes: ['KQ-E2EQD'] });
  expect((await admin<{ items: unknown[] }>('GET', '/procedure-reuse')).body.items).toHaveLength(1);

  const bad = await admin<{ errors: { path: string }[] }>('PUT', '/procedure-reuse/3.917001', {
    resultCodes: ['KQ E2E'],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['body.reason', 'body.resultCodes[0]']);
  const badCode = await admin<{ errors: { path: string }[] }>('PUT', '/procedure-reuse/abc', {
    resultCodes: [],
    reason: 'r',
  });
  expect(badCode.status).toBe(400);
  expect(badCode.body.errors[0].path).toBe('procedureCode');

  expect((await admin('DELETE', '/procedure-reuse/3.917001')).status).toBe(200);
  const again = await admin<{ code: string }>('DELETE', '/procedure-reuse/3.917001');
  expect(again.status).toBe(404);
  expect(again.body.code).toBe('OVERRIDE_NOT_FOUND');

  const audit = await admin<{ items: { action: string; target: string; details: unknown }[] }>(
    'GET',
    '/audit?target=procedure:3.917001',
  );
  expect(audit.body.items.map((e) => e.action).sort()).toEqual([
    'procedure-reuse.removed',
    'procedure-reuse.set',
  ]);
  expect(audit.body.items.find((e) => e.action === 'procedure-reuse.set')?.details).toMatchObject({
    resultCodes: ['KQ-E2EQD'],
    reason: 'the catalog does not link the decision yet',
    previous: null,
  });
});

interface PrefillBody {
  procedureCode: string;
  purpose: string;
  fields: { name: string; source: { registry: string } }[];
  documents: {
    required: string[] | null;
    reusable: {
      documentCode: string;
      documentName: string;
      documentNo: string;
      sha256: string;
      url: string;
      validUntil: string | null;
      caseCode: string;
      issuedAt: string;
    }[];
    missing: string[];
  };
}

it("prefill offers a result issued earlier for a procedure whose documents the portal's catalog says it stands in for, and only there", async () => {
  const applicant = existingPersonalId(917);
  /** The factory's lifecycle with the procedure and the issued result swapped for the test catalog's. */
  const lifecycle = (
    options: { department: string; agencyCode: string; number: number },
    procedureCode: string,
    result: { code: string; name: string; documentNo: string },
  ) => {
    const c = exampleCase({ ...options, day: '261206', personalId: applicant });
    const events = c.events.map((e): CaseEventInput => {
      if (e.type === 'case.received') return { ...e, data: { ...e.data, procedureCode } };
      if (e.type === 'case.result-issued')
        return {
          ...e,
          data: { ...e.data, documents: e.data.documents.map((d) => ({ ...d, ...result })) },
        };
      return e;
    });
    return { caseCode: c.caseCode, events };
  };
  // Procedure A (3.917001) issues the certificate KQ-E2EXN; STP issues it to the applicant.
  const certificate = {
    code: 'KQ-E2EXN',
    name: 'Giấy xác nhận thử nghiệm',
    documentNo: 'XN-E2E-1/2026',
  };
  const caseA = lifecycle(
    { department: 'STP', agencyCode: '000.00.01.H26', number: 1 },
    '3.917001',
    certificate,
  );
  await hub.postEventsReliably('STP', caseA.events);
  // once-only registers it from Kafka; no API but prefill itself tells it is in.
  await waitFor(
    'the certificate registered as a reusable result',
    async () => {
      const r = await db.query(
        `SELECT 1 FROM reusable_results WHERE case_code = $1 AND document_code = $2`,
        [caseA.caseCode, certificate.code],
      );
      return r.rowCount === 1;
    },
    60_000,
  );

  // Procedure B (3.917002), performed by another agency, lists a document the certificate
  // stands in for (MAKETQUATHAYTHE). Another department receives it for the same applicant: a
  // result of another department is offered only when the purpose case's procedure asks for it,
  // so the catalog's link decides both for the form's procedure and for the purpose case's.
  const caseB = lifecycle(
    { department: 'SXD', agencyCode: '000.00.92.H26', number: 2 },
    '3.917002',
    { code: 'KQ-E2EQD', name: 'Quyết định thử nghiệm', documentNo: 'QD-E2E-2/2026' },
  );
  const received = await hub.postEvents('SXD', caseB.events[0]);
  expect(received.status).toBe(202);

  const prefill = async (procedureCode: string) => {
    const query = new URLSearchParams({
      personalId: applicant,
      procedureCode,
      purpose: caseB.caseCode,
    });
    const res = await fetch(`${stack.urls.gateway}/v1/prefill?${query.toString()}`, {
      headers: { authorization: `Bearer ${hub.keyOf('SXD')}` },
    });
    return { status: res.status, body: (await res.json()) as PrefillBody & ProblemBody };
  };
  const forB = await prefill('3.917002');
  expect(forB.status).toBe(200);
  expect(forB.body).toMatchObject({ procedureCode: '3.917002', purpose: caseB.caseCode });
  expect(forB.body.fields.length).toBeGreaterThan(0);
  for (const f of forB.body.fields) expect(f.source.registry).toBe('population');
  const issued = caseA.events.find((e) => e.type === 'case.result-issued');
  if (issued?.type !== 'case.result-issued') throw new Error('the factory issues no result');
  expect(forB.body.documents).toEqual({
    required: ['KQ-E2EXN'],
    reusable: [
      {
        documentCode: certificate.code,
        documentName: certificate.name,
        documentNo: certificate.documentNo,
        sha256: issued.data.documents[0].sha256,
        url: issued.data.documents[0].url,
        validUntil: null,
        caseCode: caseA.caseCode,
        issuedAt: new Date(issued.data.issuedAt).toISOString(),
        source: 'hub',
      },
    ],
    // Held here: the national store is not asked for it.
    nationalStore: { available: true, results: [] },
    missing: [],
  });

  // Procedure 3.917003's document is 3.917002's decision, not the certificate: not offered.
  const forOther = await prefill('3.917003');
  expect(forOther.status).toBe(200);
  expect(forOther.body.documents).toEqual({
    required: ['KQ-E2EQD'],
    reusable: [],
    nationalStore: { available: true, results: [] },
    missing: ['KQ-E2EQD'],
  });
});
