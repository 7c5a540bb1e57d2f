import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsRegistry } from '@hub/observability';
import {
  type ConfirmMessage,
  type PaymentPlatformOptions,
  PaymentPlatformAdapter,
  PaymentPlatformError,
  PaymentPlatformErrorCode,
  type PaymentState,
  confirmAnswer,
  confirmRefusal,
  verifyConfirm,
} from '@hub/national-adapters';
import { TEST_PARTNER, TEST_SECRET, paymentStartRequest } from './payment/test/payment-messages';
import { MockRegistryProcess } from './registries/test/mock-registry-process';

/*
 * PaymentPlatformAdapter against apps/mock-payment run as its own process exactly as `main.ts`
 * starts it, with a tiny HTTP server standing in for the hub's CONFIRM callback.
 */

jest.setTimeout(90_000);

/** The hub's callback, as small as it can be: verify, answer, keep what arrived. */
class ConfirmReceiver {
  readonly received: unknown[] = [];
  private readonly server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body: unknown = JSON.parse(text);
      this.received.push(body);
      const verified = verifyConfirm(body, TEST_SECRET, { partnerCode: TEST_PARTNER });
      const answer = verified.ok
        ? confirmAnswer(verified.confirm, TEST_SECRET)
        : confirmRefusal(body, 'bad-checksum', TEST_SECRET);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/payments/confirm`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let mock: MockRegistryProcess;
const receiver = new ConfirmReceiver();
const adapters: PaymentPlatformAdapter[] = [];
let sequence = 0;

function adapterFor(options: Partial<PaymentPlatformOptions> = {}): PaymentPlatformAdapter {
  const adapter = new PaymentPlatformAdapter({
    baseUrl: mock.baseUrl,
    partnerCode: TEST_PARTNER,
    secret: TEST_SECRET,
    timeoutMs: 3_000,
    ...options,
  });
  adapters.push(adapter);
  return adapter;
}

function nextReference(): string {
  sequence += 1;
  return `HS${process.pid}${sequence}`;
}

async function control(path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${mock.origin}/__mock/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function failureOf(call: Promise<unknown>): Promise<PaymentPlatformError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof PaymentPlatformError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

beforeAll(async () => {
  const confirmUrl = await receiver.start();
  mock = await MockRegistryProcess.start({
    app: 'mock-payment',
    portVariable: 'MOCK_PAYMENT_PORT',
    basePath: '/thanhtoan/api/v1',
    env: {
      MOCK_PAYMENT_SECRET: TEST_SECRET,
      MOCK_PAYMENT_PARTNER: TEST_PARTNER,
      MOCK_PAYMENT_CONFIRM_URL: confirmUrl,
    },
  });
});

afterAll(async () => {
  await mock.stop();
  await receiver.stop();
});

beforeEach(async () => {
  receiver.received.length = 0;
  await mock.reset();
});

afterEach(() => {
  for (const adapter of adapters.splice(0)) adapter.close();
});

describe('PaymentPlatformAdapter against the mock payment platform', () => {
  it('starts a payment, gets a CONFIRM with a valid checksum when paid, and QUERY says paid', async () => {
    const metrics = new MetricsRegistry('payment-spec');
    const adapter = adapterFor({ metrics });
    const reference = nextReference();
    const started = await adapter.init(paymentStartRequest({ reference }));
    expect(started.kind).toBe('started');
    if (started.kind !== 'started') return;
    expect(started.paymentUrl).toBe(`${mock.origin}/thanhtoan/pay/${reference}`);
    expect((await fetch(started.paymentUrl)).status).toBe(200);
    expect(await adapter.query(reference)).toEqual({ kind: 'pending' });

    const paid = await control(`payments/${reference}/pay`);
    expect(paid.status).toBe(200);
    const { sent, delivery } = paid.body as {
      sent: ConfirmMessage;
      delivery: { kind: string; reading: { ok: boolean; accepted: boolean } };
    };
    expect(delivery).toMatchObject({ kind: 'answered', reading: { ok: true, accepted: true } });
    expect(receiver.received).toEqual([sent]);
    const verified = verifyConfirm(receiver.received[0], TEST_SECRET, {
      partnerCode: TEST_PARTNER,
    });
    expect(verified).toMatchObject({
      ok: true,
      confirm: { reference, amount: 150_000, succeeded: true, transactionId: sent.MaGiaoDich },
    });

    const state: PaymentState = await adapter.query(reference, '2026-03-12T03:30:45Z');
    expect(state).toMatchObject({
      kind: 'paid',
      transactionId: sent.MaGiaoDich,
      amount: 150_000,
      bank: 'VCB',
    });
    expect(state.kind === 'paid' && state.paidAt).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/,
    );

    // The platform may send the same CONFIRM again; it arrives unchanged.
    const again = await control(`payments/${reference}/confirm-again`);
    expect((again.body as { sent: ConfirmMessage }).sent).toEqual(sent);
    expect(receiver.received).toEqual([sent, sent]);
    expect(await metrics.render()).toMatch(
      /hub_national_calls_total\{[^}]*adapter="payment"[^}]*service="INIT"[^}]*\} 1/,
    );
  });

  it('sends a CONFIRM with a corrupted checksum when asked, and the hub refuses it', async () => {
    const adapter = adapterFor();
    const reference = nextReference();
    await adapter.init(paymentStartRequest({ reference }));
    const paid = await control(`payments/${reference}/pay`, {
      corruptChecksum: true,
      amount: 100_000,
    });
    expect(paid.body).toMatchObject({
      sent: { SoTien: '100000' },
      delivery: { kind: 'answered', reading: { ok: true, accepted: false, code: '01' } },
    });
    expect(verifyConfirm(receiver.received[0], TEST_SECRET)).toMatchObject({
      ok: false,
      field: 'MaXacThuc',
    });
  });

  it('reports the states a QUERY can give: failed, unknown reference', async () => {
    const adapter = adapterFor();
    const reference = nextReference();
    await adapter.init(paymentStartRequest({ reference }));
    expect((await control(`payments/${reference}/fail`)).status).toBe(204);
    expect(await adapter.query(reference)).toEqual({ kind: 'failed', code: '4' });
    expect(await adapter.query(nextReference())).toEqual({ kind: 'unknown-reference' });
  });

  it('gives refusals as results: rejected reference, wrong secret, reused reference', async () => {
    const adapter = adapterFor();
    const rejected = nextReference();
    await mock.faults({ rejectReferences: [rejected] });
    expect(await adapter.init(paymentStartRequest({ reference: rejected }))).toMatchObject({
      kind: 'refused',
      code: '4',
    });
    expect(
      await adapterFor({ secret: 'not-the-secret' }).init(
        paymentStartRequest({ reference: nextReference() }),
      ),
    ).toMatchObject({ kind: 'refused', code: '2' });
    const reused = nextReference();
    expect((await adapter.init(paymentStartRequest({ reference: reused }))).kind).toBe('started');
    // The same INIT again is answered the same; another amount under the same reference is not.
    expect((await adapter.init(paymentStartRequest({ reference: reused }))).kind).toBe('started');
    expect(await adapter.init(paymentStartRequest({ reference: reused, amount: 1 }))).toMatchObject(
      { kind: 'refused', code: '3' },
    );
    // A QUERY signed with the wrong secret is the deployment's fault: permanent, not retried.
    const error = await failureOf(adapterFor({ secret: 'not-the-secret' }).query(reused));
    expect(error).toMatchObject({ code: PaymentPlatformErrorCode.Rejected, platformCode: '01' });
  });

  it('times out a slow platform as Unavailable', async () => {
    const adapter = adapterFor({ timeoutMs: 300, breaker: { volumeThreshold: 100 } });
    await mock.faults({ mode: 'slow', latencyMs: 3_000 });
    const error = await failureOf(
      adapter.init(paymentStartRequest({ reference: nextReference() })),
    );
    expect(error).toMatchObject({
      code: PaymentPlatformErrorCode.Unavailable,
      platformCode: 'TIMEOUT',
      transient: true,
    });
  });

  it('opens the breaker when the platform fails, fails fast, and closes after recovery', async () => {
    const adapter = adapterFor({
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1_000 },
    });
    const transitions: string[] = [];
    adapter.onBreakerChange((state) => transitions.push(state));
    await mock.faults({ mode: 'down' });
    for (let i = 0; i < 3; i++) {
      const error = await failureOf(adapter.query(nextReference()));
      expect(error).toMatchObject({
        code: PaymentPlatformErrorCode.Unavailable,
        platformCode: 'HTTP 503',
      });
    }
    expect(adapter.breakerState()).toBe('open');
    const fast = await failureOf(adapter.init(paymentStartRequest({ reference: nextReference() })));
    expect(fast).toMatchObject({ platformCode: 'BREAKER_OPEN', transient: true });
    expect(fast.retryAfterMs).toBeGreaterThan(0);

    await mock.faults({ mode: 'up' });
    await new Promise<void>((resolve) => {
      const stop = adapter.onBreakerChange((state) => {
        if (state === 'half-open') {
          stop();
          resolve();
        }
      });
    });
    expect(await adapter.query(nextReference())).toEqual({ kind: 'unknown-reference' });
    expect(adapter.breakerState()).toBe('closed');
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('refuses an invalid request before calling the platform', async () => {
    const error = await failureOf(adapterFor().init(paymentStartRequest({ amount: 1.5 })));
    expect(error).toMatchObject({
      code: PaymentPlatformErrorCode.InvalidRequest,
      transient: false,
    });
    const held = (await (await fetch(`${mock.origin}/__mock/payments`)).json()) as unknown[];
    expect(held).toEqual([]);
  });
});
