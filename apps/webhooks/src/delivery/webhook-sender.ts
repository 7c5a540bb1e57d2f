import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { type ContentMode } from '../subscriptions/subscription.repository';
import { signWebhook, WEBHOOK_HEADERS } from './signature';
import { TargetPolicy } from './target-policy';

export interface OutgoingWebhook {
  url: string;
  /** The same on every retry of one delivery (`webhookIdOf`): receivers deduplicate on it. */
  webhookId: string;
  subscriptionId: string;
  secret: string;
  contentMode: ContentMode;
  event: Record<string, unknown>;
  timeoutMs: number;
  now?: Date;
}

export type SendResult =
  { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** CloudEvents HTTP binding: the body and headers of one delivery, signed. */
export function buildRequest(w: OutgoingWebhook): {
  headers: Record<string, string>;
  body: string;
} {
  const timestamp = Math.floor((w.now ?? new Date()).getTime() / 1000);
  let body: string;
  const headers: Record<string, string> = {};
  if (w.contentMode === 'structured') {
    body = JSON.stringify(w.event);
    headers['content-type'] = 'application/cloudevents+json';
  } else {
    // Binary mode: attributes as ce-* headers, the body is the event's data.
    const { data, datacontenttype, ...attributes } = w.event;
    body = JSON.stringify(data ?? null);
    headers['content-type'] =
      typeof datacontenttype === 'string' ? datacontenttype : 'application/json';
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === null) continue;
      headers[`ce-${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  headers[WEBHOOK_HEADERS.id] = w.webhookId;
  headers[WEBHOOK_HEADERS.timestamp] = String(timestamp);
  headers[WEBHOOK_HEADERS.signature] = signWebhook([w.secret], {
    id: w.webhookId,
    timestamp,
    body,
  });
  headers[WEBHOOK_HEADERS.subscription] = w.subscriptionId;
  headers['user-agent'] = 'lienthong-hub-webhooks/1';
  return { headers, body };
}

/**
 * The one place that calls subscribers: node:http(s) with a hard timeout, no redirects (a 3xx
 * could point anywhere, past the allow-list), the response body discarded. 2xx is success. The
 * connection resolves the host through the target policy, so it can only reach an address that
 * passed the policy at that moment.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(TargetPolicy) private readonly policy: TargetPolicy) {}

  send(w: OutgoingWebhook): Promise<SendResult> {
    const { headers, body } = buildRequest(w);
    const url = new URL(w.url);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const signal = AbortSignal.timeout(w.timeoutMs);
    return new Promise<SendResult>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: this.policy.lookup,
          signal,
        },
        (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          resolve(
            status >= 200 && status < 300
              ? { ok: true, status }
              : { ok: false, status, error: `HTTP ${status}` },
          );
        },
      );
      req.on('error', (e: Error & { code?: string }) => {
        let error: string;
        if (signal.aborted) error = `timed out after ${w.timeoutMs} ms`;
        else if (e.code === 'TARGET_REFUSED') error = `target refused: ${e.message}`;
        else error = `network error: ${e.message}`;
        resolve({ ok: false, status: null, error });
      });
      req.end(body);
    });
  }
}
