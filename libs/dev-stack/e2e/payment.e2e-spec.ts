import { Client } from 'pg';
import { exampleCase } from '@hub/contracts';
import { MOCK_PAYMENT, startStack, type Stack } from '@hub/dev-stack';
import { type ConfirmMessage, readConfirmAnswer } from '@hub/national-adapters';
import { waitFor } from '@hub/testing';
import { callJson, catalogLoaded, FAST_KAFKA, HubClient, MockPortalClient } from './hub-client';
import { freshLogDir, personalIdsInLogs } from './run-logs';

/**
 * Issue 19, the national payment platform, end to end: gateway, relay, portal-sync and the mock
 * portal and payment platform as processes, real Postgres and broker. A department starts a
 * payment of a case's two fees; the platform "pays" and sends its CONFIRM; the case gains
 * payment.completed and the portal's dossier shows it paid online. The same CONFIRM again changes
 * nothing; a CONFIRM with one changed digit in MaXacThuc is refused and stores nothing; a payment
 * whose CONFIRM never came is completed by the hub's QUERY.
 */
jest.setTimeout(300_000);

const TWO_FEES = [
  { code: 'LP-KS', name: 'Lệ phí đăng ký khai sinh', amount: 8_000 },
  { code: 'PHI-BS', name: 'Phí cấp bản sao trích lục khai sinh', amount: 5_000 },
];
const PERSONAL_IDS = ['001090001401', '001090001402', '001090001403'];
const LOG_DIR = freshLogDir('payment');
/** The gateway's callback for the platform (contracts/openapi/gateway.json, confirmPayment). */
const CONFIRM_PATH = '/v1/national/payment-platform/confirm';

let stack: Stack;
let hub: HubClient;
let portal: MockPortalClient;
let db: Client;

const call = callJson;

interface StartedPayment {
  reference: string;
  paymentUrl: string;
  amount: number;
  fees: { code: string; name: string; amount: number }[];
  state: string;
}

interface CaseWithPayments {
  events: { id: string; type: string; sequence: number; hubSequence?: number }[];
  payments: {
    reference: string;
    state: string;
    amount: number;
    confirmedBy: string | null;
    transactionId: string | null;
    paidAt: string | null;
  }[];
}

interface PayResult {
  sent: ConfirmMessage;
  delivery: { kind: string; status?: number; body?: unknown };
}

const platform = <T>(path: string, body?: unknown) =>
  call<T>(`${stack.urls['mock-payment']}${path}`, {
    method: 'POST',
    body: JSON.stringify(body ?? {}),
  });

/** A case of STP whose case.received has two fees, received and being processed. */
async function openCase(number: number): Promise<string> {
  const c = exampleCase({
    department: 'STP',
    day: '261207',
    number,
    personalId: PERSONAL_IDS[number - 1],
  });
  const received = structuredClone(c.events[0]) as (typeof c.events)[0] & {
    data: { fees: unknown };
  };
  received.data.fees = TWO_FEES;
  await hub.postEventsReliably('STP', [received, c.events[1]]);
  return c.caseCode;
}

async function startPayment(caseCode: string): Promise<StartedPayment> {
  const res = await call<StartedPayment>(`${stack.urls.gateway}/v1/cases/${caseCode}/payments`, {
    method: 'POST',
    key: hub.keyOf('STP'),
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function caseView(caseCode: string): Promise<CaseWithPayments> {
  const res = await call<CaseWithPayments>(`${stack.urls.gateway}/v1/cases/${caseCode}`, {
    key: hub.keyOf('STP'),
  });
  expect(res.status).toBe(200);
  return res.body;
}

const completions = (view: CaseWithPayments) =>
  view.events.filter((e) => e.type === 'payment.completed');

/** What the hub holds for a case: its payments and its events, to compare before and after. */
async function stored(caseCode: string): Promise<unknown> {
  const { rows } = await db.query(
    `SELECT (SELECT json_agg(p ORDER BY reference) FROM national_payments p WHERE case_code = $1)
              AS payments,
            (SELECT json_agg(e.id ORDER BY e.sequence, e.hub_sequence) FROM case_events e
              WHERE case_code = $1) AS events`,
    [caseCode],
  );
  return rows[0];
}

beforeAll(async () => {
  stack = await startStack({
    ports: 'ephemeral',
    logDir: LOG_DIR,
    apps: ['gateway', 'relay', 'portal-sync', 'mock-portal', 'mock-payment'],
    env: {
      // A CONFIRM comes within a second here; one that never comes is asked about after 8 s.
      gateway: {
        PAYMENT_QUERY_AFTER_MS: '8000',
        PAYMENT_QUERY_MAX_INTERVAL_MS: '4000',
        PAYMENT_QUERY_POLL_MS: '250',
        PAYMENT_TIMEOUT_MS: '3000',
      },
      'portal-sync': FAST_KAFKA,
    },
  });
  hub = new HubClient(stack);
  portal = new MockPortalClient(stack.urls['mock-portal']);
  db = new Client({ connectionString: stack.postgres.url });
  await db.connect();
  await catalogLoaded(db);
});

afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

describe('national payment platform', () => {
  let paidCase: string;
  let confirm: ConfirmMessage;

  it('INIT for two fees; the platform pays and CONFIRMs; the case and the portal show it', async () => {
    paidCase = await openCase(1);
    const payment = await startPayment(paidCase);
    expect(payment).toMatchObject({ amount: 13_000, fees: TWO_FEES, state: 'started' });
    expect(payment.paymentUrl).toContain(`/thanhtoan/pay/${payment.reference}`);

    const paid = await platform<PayResult>(`/__mock/payments/${payment.reference}/pay`);
    expect(paid.status).toBe(200);
    confirm = paid.body.sent;
    expect(paid.body.delivery).toMatchObject({
      kind: 'answered',
      status: 200,
      reading: { ok: true, accepted: true, code: '00' },
    });

    const view = await caseView(paidCase);
    expect(view.payments).toEqual([
      expect.objectContaining({
        reference: payment.reference,
        state: 'confirmed',
        amount: 13_000,
        confirmedBy: 'confirm',
        transactionId: confirm.MaGiaoDich,
      }),
    ]);
    expect(completions(view)).toEqual([
      expect.objectContaining({
        id: `hub-payment-${confirm.MaGiaoDich}`,
        sequence: 2,
        hubSequence: 1,
      }),
    ]);

    const dossier = await waitFor(
      'the dossier paid online on the mock portal',
      async () => {
        const d = await portal.dossier(paidCase);
        return d?.DuocThanhToanTrucTuyen === '1' ? d : undefined;
      },
      60_000,
    );
    expect(dossier.DanhSachLePhi).toEqual([
      expect.objectContaining({ MaPhiLePhi: 'LP-KS', Gia: '8000', HinhThucThu: '2' }),
      expect.objectContaining({ MaPhiLePhi: 'PHI-BS', Gia: '5000', HinhThucThu: '2' }),
    ]);
  });

  it('takes the same CONFIRM again as done, and changes nothing', async () => {
    const before = await stored(paidCase);
    const again = await platform<PayResult>(
      `/__mock/payments/${confirm.MaThamChieu}/confirm-again`,
    );
    expect(again.body.delivery).toMatchObject({
      kind: 'answered',
      reading: { ok: true, accepted: true, code: '00' },
    });
    expect(await stored(paidCase)).toEqual(before);
    expect(completions(await caseView(paidCase))).toHaveLength(1);
  });

  it('refuses a CONFIRM with one changed digit in MaXacThuc, in the platform’s format, storing nothing', async () => {
    const before = await stored(paidCase);
    const at = confirm.MaXacThuc.search(/[0-9]/);
    const digit = confirm.MaXacThuc[at] === '9' ? '8' : String(Number(confirm.MaXacThuc[at]) + 1);
    const tampered = {
      ...confirm,
      MaXacThuc: `${confirm.MaXacThuc.slice(0, at)}${digit}${confirm.MaXacThuc.slice(at + 1)}`,
    };
    const res = await call<unknown>(`${stack.urls.gateway}${CONFIRM_PATH}`, {
      method: 'POST',
      body: JSON.stringify(tampered),
    });
    expect(res.status).toBe(200);
    expect(readConfirmAnswer(res.body, MOCK_PAYMENT.secret)).toMatchObject({
      ok: true,
      accepted: false,
      code: '01',
    });
    expect(await stored(paidCase)).toEqual(before);

    // The same through the platform, for a payment not yet confirmed: refused, nothing stored.
    const pendingCase = await openCase(2);
    const payment = await startPayment(pendingCase);
    const unpaid = await stored(pendingCase);
    const forged = await platform<PayResult>(`/__mock/payments/${payment.reference}/pay`, {
      corruptChecksum: true,
    });
    expect(forged.body.delivery).toMatchObject({
      kind: 'answered',
      status: 200,
      reading: { ok: true, accepted: false, code: '01' },
    });
    expect(await stored(pendingCase)).toEqual(unpaid);
    expect(completions(await caseView(pendingCase))).toEqual([]);
  });

  it('completes by QUERY a payment whose CONFIRM never came, once', async () => {
    const lostCase = await openCase(3);
    const payment = await startPayment(lostCase);
    const paid = await platform<PayResult>(`/__mock/payments/${payment.reference}/pay`, {
      withholdConfirm: true,
    });
    expect(paid.body.delivery).toEqual({ kind: 'withheld' });

    const view = await waitFor(
      'the payment confirmed by QUERY',
      async () => {
        const v = await caseView(lostCase);
        return v.payments[0]?.state === 'confirmed' ? v : undefined;
      },
      60_000,
    );
    expect(view.payments[0]).toMatchObject({
      confirmedBy: 'query',
      transactionId: paid.body.sent.MaGiaoDich,
    });
    expect(completions(view)).toHaveLength(1);
    await waitFor(
      'the dossier paid online on the mock portal',
      async () => (await portal.dossier(lostCase))?.DuocThanhToanTrucTuyen === '1',
      60_000,
    );

    // The CONFIRM arriving after all is taken as done; still one payment.completed.
    const late = await platform<PayResult>(`/__mock/payments/${payment.reference}/confirm-again`);
    expect(late.body.delivery).toMatchObject({ reading: { accepted: true, code: '00' } });
    expect(completions(await caseView(lostCase))).toHaveLength(1);
  });

  it('reports the payment platform’s breaker for the ops console, closed after the payments', async () => {
    const { rows } = await db.query<{ service: string; state: string }>(
      `SELECT service, state FROM national_adapter_states WHERE adapter = 'payment-platform'`,
    );
    expect(rows).toEqual([{ service: 'gateway', state: 'closed' }]);
  });

  it('writes no payer’s personal ID in any log', () => {
    const { files, leaks } = personalIdsInLogs(LOG_DIR, PERSONAL_IDS);
    expect(files.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
