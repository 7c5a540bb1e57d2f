import { Inject, Injectable } from '@nestjs/common';
import {
  type ConfirmAnswerReading,
  type ConfirmMessage,
  readConfirmAnswer,
} from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import { MOCK_PAYMENT_CONFIG, type MockPaymentConfig } from '../mock-payment.config';

/** What became of one CONFIRM sent to the hub. */
export type ConfirmDelivery =
  | { kind: 'not-configured' }
  | {
      kind: 'answered';
      status: number;
      body: unknown;
      /** The hub's answer as the platform reads it: signed with the secret, accepted ("00"). */
      reading: ConfirmAnswerReading;
    }
  | { kind: 'failed'; error: string };

/** POSTs CONFIRMs to the hub's callback (MOCK_PAYMENT_CONFIRM_URL), as the platform does. */
@Injectable()
export class ConfirmSender {
  constructor(
    @Inject(MOCK_PAYMENT_CONFIG) private readonly config: MockPaymentConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async send(confirm: ConfirmMessage): Promise<ConfirmDelivery> {
    const url = this.config.MOCK_PAYMENT_CONFIRM_URL;
    if (url === undefined) return { kind: 'not-configured' };
    let delivery: ConfirmDelivery;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(confirm),
        signal: AbortSignal.timeout(this.config.MOCK_PAYMENT_CONFIRM_TIMEOUT_MS),
      });
      const text = await response.text();
      const body = parse(text);
      delivery = {
        kind: 'answered',
        status: response.status,
        body,
        reading: readConfirmAnswer(body, this.config.MOCK_PAYMENT_SECRET),
      };
    } catch (error) {
      delivery = { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    this.logger.event(delivery.kind === 'answered' ? 'info' : 'warn', 'confirm sent', {
      reference: confirm.MaThamChieu,
      outcome: delivery.kind,
      ...(delivery.kind === 'answered'
        ? {
            status: delivery.status,
            accepted: delivery.reading.ok && delivery.reading.accepted,
          }
        : {}),
    });
    return delivery;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
