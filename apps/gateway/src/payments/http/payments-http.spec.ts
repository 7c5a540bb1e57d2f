import type { Server } from 'node:http';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeyAuthModule } from '@hub/auth';
import { CONFIRM_CODES, readConfirmAnswer } from '@hub/national-adapters';
import { HubLogger, ObservabilityModule } from '@hub/observability';
import fc from 'fast-check';
import request from 'supertest';
import { ConfirmPaymentHandler } from '../confirm-payment/confirm-payment.handler';
import { PAYMENT_SETTINGS } from '../payment-config';
import {
  type CompletionOutcome,
  type FailureOutcome,
  PaymentCompletion,
  type PaymentCompletionPort,
} from '../payment-completion.service';
import {
  StartPaymentHandler,
  type StartPaymentOutcome,
} from '../start-payment/start-payment.handler';
import type { StartPaymentCommand } from '../start-payment/start-payment.command';
import {
  CASE_CODE,
  FEES,
  TEST_SECRET,
  confirmMessage,
  paymentSettings,
  storedPayment,
  withOneDigitChanged,
} from '../test/payment-fixtures';
import { PaymentConfirmController } from './payment-confirm.controller';
import { PaymentsController } from './payments.controller';

/*
 * The two payment endpoints over HTTP, in process, with the use cases' effects faked: what a
 * department or the platform sends that the hub cannot take is a 4xx naming the field (or, for a
 * CONFIRM, a refusal in the platform's format), never a 5xx.
 */

class FakeStart {
  commands: StartPaymentCommand[] = [];
  execute(command: StartPaymentCommand): Promise<StartPaymentOutcome> {
    this.commands.push(command);
    return Promise.resolve({
      kind: 'started',
      created: true,
      payment: {
        reference: 'LT260312ABCDEFGH2345',
        paymentUrl: 'http://pay.example/LT260312ABCDEFGH2345',
        amount: 11_000,
        fees: FEES,
        state: 'started',
      },
    });
  }
}

class FakeCompletion implements PaymentCompletionPort {
  completed = 0;
  complete(): Promise<CompletionOutcome> {
    this.completed += 1;
    return Promise.resolve({
      kind: 'completed',
      payment: storedPayment(),
      eventId: 'hub-payment-x',
    });
  }
  fail(): Promise<FailureOutcome> {
    return Promise.resolve('failed');
  }
}

const start = new FakeStart();
const completion = new FakeCompletion();
let app: INestApplication;

beforeAll(async () => {
  @Module({
    imports: [
      ObservabilityModule.forRoot('gateway', HubLogger.for('gateway', 'error')),
      ApiKeyAuthModule.forKeys('STP:spec-key-stp-123', 'HUB_API_KEYS'),
    ],
    controllers: [PaymentsController, PaymentConfirmController],
    providers: [
      { provide: StartPaymentHandler, useValue: start },
      { provide: PaymentCompletion, useValue: completion },
      { provide: PAYMENT_SETTINGS, useValue: paymentSettings() },
      ConfirmPaymentHandler,
    ],
  })
  class PaymentsApiModule {}
  app = await NestFactory.create(PaymentsApiModule, { logger: false, bodyParser: false });
  await app.init();
});

afterAll(async () => {
  await app?.close();
});

const api = () => request(app.getHttpServer() as Server);
const auth = { authorization: 'Bearer spec-key-stp-123' };
const paymentsOf = (caseCode: string) => `/v1/cases/${encodeURIComponent(caseCode)}/payments`;
const CONFIRM_PATH = '/v1/national/payment-platform/confirm';

describe('POST /v1/cases/{caseCode}/payments', () => {
  it('starts with no body at all, and with a JSON body', async () => {
    const res = await api().post(paymentsOf(CASE_CODE)).set(auth);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reference: 'LT260312ABCDEFGH2345', state: 'started' });
    const withBody = await api()
      .post(paymentsOf(CASE_CODE))
      .set(auth)
      .set('content-type', 'application/json')
      .send({ fees: ['LP-KS'], payerIp: '203.0.113.9' });
    expect(withBody.status).toBe(201);
    expect(start.commands.at(-1)).toMatchObject({ fees: ['LP-KS'], payerIp: '203.0.113.9' });
  });

  it('refuses a missing key before anything else', async () => {
    expect((await api().post(paymentsOf(CASE_CODE))).status).toBe(401);
  });

  it('answers 400 naming the field for a bad body, and 415 for another media type', async () => {
    const bad = await api()
      .post(paymentsOf(CASE_CODE))
      .set(auth)
      .set('content-type', 'application/json')
      .send({ fees: ['LP-KS', 'LP-KS'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'INVALID_REQUEST',
      errors: [{ path: 'fees[1]', message: 'is listed twice' }],
    });
    const text = await api()
      .post(paymentsOf(CASE_CODE))
      .set(auth)
      .set('content-type', 'text/plain')
      .send('fees');
    expect(text.status).toBe(415);
    const broken = await api()
      .post(paymentsOf(CASE_CODE))
      .set(auth)
      .set('content-type', 'application/json')
      .send('{"fees": [');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('answers every generated request with a 2xx or a 4xx naming a field, never a 5xx', async () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.constantFrom('\u0000', '\ud800', '', ' ', '001090164571', '1.1.1.1', 'LP-KS'),
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          fees: fc.oneof(hostile, fc.array(hostile, { maxLength: 60 })),
          payerIp: hostile,
          bankCode: hostile,
        },
        { requiredKeys: [] },
      ),
    );
    const caseCode = fc.oneof(fc.constant(CASE_CODE), fc.string({ maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(body, caseCode, async (b, code) => {
        const res = await api()
          .post(paymentsOf(code))
          .set(auth)
          .set('content-type', 'application/json')
          .send(JSON.stringify(b) ?? 'null');
        expect(res.status).toBeLessThan(500);
        if (res.status === 400) {
          const errors = (res.body as { errors?: { path: string; message: string }[] }).errors;
          expect(errors?.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('POST /v1/national/payment-platform/confirm', () => {
  const post = (body: string) =>
    api().post(CONFIRM_PATH).set('content-type', 'application/json').send(body);

  it('takes a signed CONFIRM and answers in the platform’s format, signed', async () => {
    const before = completion.completed;
    const res = await post(JSON.stringify(confirmMessage()));
    expect(res.status).toBe(200);
    expect(readConfirmAnswer(res.body, TEST_SECRET)).toMatchObject({
      ok: true,
      accepted: true,
      code: CONFIRM_CODES.success,
    });
    expect(completion.completed).toBe(before + 1);
  });

  it('refuses a CONFIRM with one changed digit in MaXacThuc, without completing anything', async () => {
    const before = completion.completed;
    const message = confirmMessage();
    const res = await post(
      JSON.stringify({ ...message, MaXacThuc: withOneDigitChanged(message.MaXacThuc) }),
    );
    expect(res.status).toBe(200);
    expect(readConfirmAnswer(res.body, TEST_SECRET)).toMatchObject({
      ok: true,
      accepted: false,
      code: CONFIRM_CODES.badChecksum,
    });
    expect(completion.completed).toBe(before);
  });

  it('answers junk with a signed refusal (HTTP 200), never a 5xx, and completes nothing', async () => {
    const before = completion.completed;
    let taken = 0;
    const body = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
      fc
        .dictionary(fc.constantFrom(...Object.keys(confirmMessage())), fc.anything())
        .map((d) => JSON.stringify({ ...confirmMessage(), ...d }) ?? '{}'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await post(b);
        expect(res.status).toBe(200);
        const reading = readConfirmAnswer(res.body, TEST_SECRET);
        // A generated body that happens to be the valid CONFIRM unchanged is taken.
        if (reading.ok && reading.accepted) {
          taken += 1;
          return;
        }
        expect(reading).toMatchObject({ ok: true, accepted: false });
      }),
      { numRuns: 300 },
    );
    expect(completion.completed - before).toBe(taken);
  });
});
