import { type CaseEventInput, exampleCase } from '@hub/contracts';
import {
  CONFIRM_CODES,
  PaymentPlatformError,
  PaymentPlatformErrorCode,
  type PaymentPlatformPort,
  type PaymentStartOutcome,
  type PaymentStartRequest,
  type PaymentState,
} from '@hub/national-adapters';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { createDataSource, queryRows, runMigrations } from '@hub/persistence';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { EventIntakeRepository } from '../event-intake.repository';
import { HubEventWriter } from '../hub-events/hub-event.writer';
import { AcceptEventsCommand } from '../usecases/accept-events/accept-events.command';
import { ConfirmPaymentHandler } from './confirm-payment/confirm-payment.handler';
import type { PaymentSettings } from './payment-config';
import { PaymentCompletion } from './payment-completion.service';
import { PaymentRepository } from './payment.repository';
import { PaymentErrorCode } from './payments.errors';
import { PaymentReconciliation } from './reconcile-payments/payment-reconciliation.service';
import { StartPaymentCommand } from './start-payment/start-payment.command';
import {
  StartPaymentHandler,
  type StartPaymentOutcome,
} from './start-payment/start-payment.handler';
import { confirmMessage, paymentSettings, withOneDigitChanged } from './test/payment-fixtures';

jest.setTimeout(60_000);

type BreakerState = ReturnType<PaymentPlatformPort['breakerState']>;

/** The platform as the use cases see it, scripted per test. */
class ScriptedPlatform implements PaymentPlatformPort {
  inits: PaymentStartRequest[] = [];
  queried: string[] = [];
  initAnswer: () => Promise<PaymentStartOutcome> = () =>
    Promise.resolve({ kind: 'started', paymentUrl: `http://pay.example/${this.inits.length}` });
  states = new Map<string, PaymentState>();
  breaker: BreakerState = 'closed';

  init(request: PaymentStartRequest): Promise<PaymentStartOutcome> {
    this.inits.push(request);
    return this.initAnswer();
  }
  query(reference: string): Promise<PaymentState> {
    this.queried.push(reference);
    const state = this.states.get(reference);
    return state
      ? Promise.resolve(state)
      : Promise.reject(
          new PaymentPlatformError(PaymentPlatformErrorCode.Unavailable, 'platform down', {
            platformCode: 'HTTP 503',
          }),
        );
  }
  breakerState(): BreakerState {
    return this.breaker;
  }
  onBreakerChange(): () => void {
    return () => undefined;
  }
}

const PERSONAL_ID = '001090177321';
const TWO_FEES = [
  { code: 'LP-KS', name: 'Lệ phí đăng ký khai sinh', amount: 8_000 },
  { code: 'PHI-BS', name: 'Phí cấp bản sao trích lục', amount: 3_000 },
];

describe('online payment: start, CONFIRM, QUERY (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let platform: ScriptedPlatform;
  let settings: PaymentSettings;
  let start: StartPaymentHandler;
  let confirm: ConfirmPaymentHandler;
  let reconciliation: PaymentReconciliation;
  const logger = HubLogger.for('gateway', 'silent');

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 12 });
    await ds.initialize();
  });

  afterAll(async () => {
    await reconciliation?.onModuleDestroy();
    await ds?.destroy();
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE cases, case_events, outbox, national_payments CASCADE');
    platform = new ScriptedPlatform();
    settings = paymentSettings({ queryAfterMs: 60_000, queryMaxIntervalMs: 600_000 });
    const repository = new PaymentRepository(ds);
    const completion = new PaymentCompletion(repository, new HubEventWriter());
    const metrics = new MetricsRegistry('gateway');
    start = new StartPaymentHandler(repository, settings, platform, logger, metrics);
    confirm = new ConfirmPaymentHandler(settings, completion, logger, metrics);
    reconciliation = new PaymentReconciliation(
      repository,
      completion,
      settings,
      platform,
      logger,
      metrics,
    );
  });

  /** A case of STP whose case.received has two fees (and, when asked, more of its events). */
  async function openCase(
    number: number,
    more: 'received-only' | 'with-payment' = 'received-only',
  ) {
    const { caseCode, events } = exampleCase({
      department: 'STP',
      number,
      personalId: PERSONAL_ID,
    });
    const received = structuredClone(events[0]) as CaseEventInput & { data: { fees: unknown } };
    received.data.fees = TWO_FEES;
    const body = more === 'with-payment' ? [received, events[1], events[2]] : [received];
    const built = AcceptEventsCommand.create({
      department: 'STP',
      body,
      kind: 'batch',
      maxBatch: 10,
    });
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const result = await new EventIntakeRepository(ds).accept('STP', built.command.events);
    if (result.kind !== 'accepted') throw new Error(JSON.stringify(result));
    return caseCode;
  }

  function startPayment(caseCode: string, body?: unknown, department = 'STP') {
    const built = StartPaymentCommand.create({ department, caseCode, body, requestIp: '10.0.0.9' });
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    return start.execute(built.command);
  }

  function started(outcome: StartPaymentOutcome) {
    if (outcome.kind !== 'started') throw new Error(JSON.stringify(outcome));
    return outcome.payment;
  }

  async function snapshot(caseCode: string) {
    const [row] = await queryRows<{ payments: string; events: string; outbox: number }>(
      ds,
      `SELECT (SELECT json_agg(p ORDER BY reference)::text FROM national_payments p
                WHERE case_code = $1) AS payments,
              (SELECT json_agg(e.id ORDER BY e.sequence, e.hub_sequence)::text FROM case_events e
                WHERE case_code = $1) AS events,
              (SELECT count(*)::int FROM outbox) AS outbox`,
      [caseCode],
    );
    return row;
  }

  async function completions(caseCode: string) {
    return queryRows<{ id: string; sequence: number; hub_sequence: number; payload: unknown }>(
      ds,
      `SELECT id, sequence, hub_sequence, payload FROM case_events
        WHERE case_code = $1 AND type = 'payment.completed' ORDER BY sequence, hub_sequence`,
      [caseCode],
    );
  }

  /** Every started payment due a QUERY now, as if PAYMENT_QUERY_AFTER_MS had passed. */
  async function dueNow(): Promise<void> {
    await ds.query(`UPDATE national_payments SET next_query_at = now() WHERE state = 'started'`);
  }

  const confirmFor = (reference: string, overrides: Parameters<typeof confirmMessage>[0] = {}) =>
    confirmMessage({ MaThamChieu: reference, SoTien: '11000', ...overrides });

  it('starts a payment of the case’s fees, keeping no personal ID with it', async () => {
    const caseCode = await openCase(1);
    const payment = started(await startPayment(caseCode));
    expect(payment).toMatchObject({ amount: 11_000, fees: TWO_FEES, state: 'started' });
    expect(platform.inits).toHaveLength(1);
    expect(platform.inits[0]).toMatchObject({
      reference: payment.reference,
      amount: 11_000,
      payerIp: '10.0.0.9',
      receipt: {
        caseCode,
        payer: { fullName: 'Nguyễn Văn An', idNumber: PERSONAL_ID },
        beneficiary: { accountNumber: '3711.0.1055123' },
      },
    });
    const stored = await snapshot(caseCode);
    expect(stored?.payments).toContain(payment.paymentUrl);
    expect(stored?.payments).not.toContain(PERSONAL_ID);
    expect(stored?.payments).not.toContain('Nguyễn Văn An');

    // The same fees again: that payment, not a second INIT.
    const again = await startPayment(caseCode, { fees: ['PHI-BS', 'LP-KS'] });
    expect(again).toEqual({ kind: 'started', created: false, payment });
    expect(platform.inits).toHaveLength(1);
    expect(await startPayment(caseCode, { fees: ['LP-KS'] })).toMatchObject({
      kind: 'refused',
      code: PaymentErrorCode.FeeNotDue,
      errors: [{ path: 'fees[0]' }],
    });
  });

  it('refuses another department’s case, an unknown case, and fees the case does not owe', async () => {
    const caseCode = await openCase(2, 'with-payment');
    expect(await startPayment(caseCode, undefined, 'SXD')).toMatchObject({
      kind: 'refused',
      code: PaymentErrorCode.ForbiddenCase,
      errors: [{ path: 'caseCode' }],
    });
    expect(await startPayment('000.00.01.H26-260312-09999')).toMatchObject({
      code: PaymentErrorCode.CaseNotFound,
    });
    // The department reported LP-KS paid at the counter (its payment.completed): not charged again.
    const rest = started(await startPayment(caseCode));
    expect(rest.fees.map((f) => f.code)).toEqual(['PHI-BS']);
    expect(await startPayment(caseCode, { fees: ['LP-KS'] })).toMatchObject({
      code: PaymentErrorCode.FeeNotDue,
      errors: [{ path: 'fees[0]', message: 'is paid already' }],
    });
    expect(await startPayment(caseCode, { fees: ['NOPE'] })).toMatchObject({
      code: PaymentErrorCode.UnknownFee,
    });
  });

  it('completes once under concurrent duplicate CONFIRMs, and answers each as taken', async () => {
    const caseCode = await openCase(3);
    const { reference } = started(await startPayment(caseCode));
    const message = confirmFor(reference);
    const results = await Promise.all(Array.from({ length: 10 }, () => confirm.execute(message)));
    for (const result of results) {
      expect(result).toMatchObject({ kind: 'answered', answer: { MaLoi: CONFIRM_CODES.success } });
    }
    const outcomes = results.map((r) => (r.kind === 'answered' ? r.outcome : r.kind)).sort();
    expect(outcomes).toEqual(['completed', ...Array<string>(9).fill('duplicate')]);

    const events = await completions(caseCode);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: `hub-payment-${message.MaGiaoDich}`,
      sequence: 1,
      hub_sequence: 1,
      payload: {
        type: 'payment.completed',
        data: {
          caseCode,
          paymentRef: reference,
          amount: 11_000,
          currency: 'VND',
          paidAt: '2026-03-12T10:30:45+07:00',
          method: 'national_payment_platform',
          fees: [
            { code: 'LP-KS', amount: 8_000 },
            { code: 'PHI-BS', amount: 3_000 },
          ],
        },
      },
    });
    const [row] = await queryRows<Record<string, unknown>>(
      ds,
      `SELECT state, transaction_id, confirmed_by, event_id, bank FROM national_payments
        WHERE reference = $1`,
      [reference],
    );
    expect(row).toEqual({
      state: 'confirmed',
      transaction_id: message.MaGiaoDich,
      confirmed_by: 'confirm',
      event_id: events[0]?.id,
      bank: 'VCB',
    });
    const [outbox] = await queryRows<{ n: number }>(
      ds,
      `SELECT count(*)::int AS n FROM outbox WHERE value LIKE $1`,
      [`%${reference}%`],
    );
    expect(outbox?.n).toBe(1);

    // Later: the same CONFIRM once more changes nothing; every fee is paid now.
    const before = await snapshot(caseCode);
    expect(await confirm.execute(message)).toMatchObject({ outcome: 'duplicate' });
    expect(await snapshot(caseCode)).toEqual(before);
    expect(await startPayment(caseCode)).toMatchObject({ code: PaymentErrorCode.NoFeesDue });
  });

  it('refuses a forged, unknown or mismatched CONFIRM and stores nothing', async () => {
    const caseCode = await openCase(4);
    const { reference } = started(await startPayment(caseCode));
    const before = await snapshot(caseCode);
    const good = confirmFor(reference);
    const refusals = [
      [{ ...good, MaXacThuc: withOneDigitChanged(good.MaXacThuc) }, CONFIRM_CODES.badChecksum],
      [confirmFor('LT000000UNKNOWN00000'), CONFIRM_CODES.unknownReference],
      [confirmFor(reference, { SoTien: '10000' }), CONFIRM_CODES.amountMismatch],
      [{ ...good, SoTien: 11000 }, CONFIRM_CODES.malformed],
    ] as const;
    for (const [body, code] of refusals) {
      expect(await confirm.execute(body)).toMatchObject({ answer: { MaLoi: code } });
    }
    expect(await snapshot(caseCode)).toEqual(before);
  });

  it('completes by QUERY a payment whose CONFIRM never came, the same way', async () => {
    const caseCode = await openCase(5);
    const { reference } = started(await startPayment(caseCode));
    platform.states.set(reference, {
      kind: 'paid',
      transactionId: 'PP20260312110000123456',
      amount: 11_000,
      bank: 'BIDV',
      paidAt: '2026-03-12T11:00:00+07:00',
    });
    await reconciliation.tick();
    expect(platform.queried).toEqual([]);
    await dueNow();
    await reconciliation.tick();
    expect(platform.queried).toEqual([reference]);
    const [row] = await queryRows<Record<string, unknown>>(
      ds,
      `SELECT state, confirmed_by, transaction_id, query_attempts FROM national_payments
        WHERE reference = $1`,
      [reference],
    );
    expect(row).toEqual({
      state: 'confirmed',
      confirmed_by: 'query',
      transaction_id: 'PP20260312110000123456',
      query_attempts: 1,
    });
    expect((await completions(caseCode)).map((e) => e.id)).toEqual([
      'hub-payment-PP20260312110000123456',
    ]);
    // The CONFIRM arriving after all: taken, nothing changes.
    const late = confirmFor(reference, {
      MaGiaoDich: 'PP20260312110000123456',
      MaNganHang: 'BIDV',
      ThoiGianGD: '20260312110000',
    });
    const before = await snapshot(caseCode);
    expect(await confirm.execute(late)).toMatchObject({ outcome: 'duplicate' });
    expect(await snapshot(caseCode)).toEqual(before);
  });

  it('asks again later about a pending payment, fails a failed one, and waits out an open breaker', async () => {
    const pendingCase = await openCase(6);
    const failedCase = await openCase(7);
    const pending = started(await startPayment(pendingCase)).reference;
    const failed = started(await startPayment(failedCase)).reference;
    platform.states.set(pending, { kind: 'pending' });
    platform.states.set(failed, { kind: 'failed', code: '4' });

    await dueNow();
    platform.breaker = 'open';
    await reconciliation.tick();
    expect(platform.queried).toEqual([]);

    platform.breaker = 'closed';
    await reconciliation.tick();
    expect(platform.queried.sort()).toEqual([pending, failed].sort());
    const rows = await queryRows<{
      reference: string;
      state: string;
      failure: string | null;
      query_attempts: number;
      due_later: boolean;
    }>(
      ds,
      `SELECT reference, state, failure, query_attempts, next_query_at > now() AS due_later
         FROM national_payments ORDER BY reference`,
    );
    expect(rows.find((r) => r.reference === pending)).toMatchObject({
      state: 'started',
      query_attempts: 1,
      due_later: true,
    });
    expect(rows.find((r) => r.reference === failed)).toMatchObject({
      state: 'failed',
      failure: 'not-paid:4',
    });
    // Not due again yet: the next tick asks nothing.
    await reconciliation.tick();
    expect(platform.queried).toHaveLength(2);
    expect(await completions(pendingCase)).toEqual([]);
    // Its fees can be asked for again once it failed.
    expect(started(await startPayment(failedCase)).reference).not.toBe(failed);
  });

  it('keeps a refused or unsent INIT as failed and says why', async () => {
    const caseCode = await openCase(8);
    platform.initAnswer = () =>
      Promise.resolve({ kind: 'refused', code: '4', message: 'Giao dịch bị từ chối' });
    expect(await startPayment(caseCode)).toMatchObject({
      kind: 'refused',
      code: PaymentErrorCode.PaymentRefused,
      platform: { code: '4', message: 'Giao dịch bị từ chối' },
    });
    platform.initAnswer = () =>
      Promise.reject(
        new PaymentPlatformError(PaymentPlatformErrorCode.Unavailable, 'breaker open', {
          platformCode: 'BREAKER_OPEN',
          retryAfterMs: 7_500,
        }),
      );
    expect(await startPayment(caseCode)).toMatchObject({
      kind: 'refused',
      code: PaymentErrorCode.PlatformUnavailable,
      retryAfterSeconds: 8,
    });
    const rows = await queryRows<{ state: string; failure: string }>(
      ds,
      `SELECT state, failure FROM national_payments WHERE case_code = $1 ORDER BY started_at`,
      [caseCode],
    );
    expect(rows).toEqual([
      { state: 'failed', failure: 'refused:4' },
      { state: 'failed', failure: 'unavailable' },
    ]);
    // Nothing waits on them: the QUERY loop leaves failed payments alone.
    await dueNow();
    await reconciliation.tick();
    expect(platform.queried).toEqual([]);
  });
});
