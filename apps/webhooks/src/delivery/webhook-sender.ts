import { Injectable } from '@nestjs/common';
import { type ContentMode } from '../subscriptions/subscription.repository';
import { signWebhook, WEBHOOK_HEADERS } from './signature';

export interface OutgoingWebhook {
  url: string;
  /** Unique per attempt: a receiver refuses an id it has already accepted (a replay). */
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
  headers[WEBHOOK_HEADERS.signature] = signWebhook(w.secret, timestamp, body);
  headers[WEBHOOK_HEADERS.subscription] = w.subscriptionId;
  headers['user-agent'] = 'lienthong-hub-webhooks/1';
  return { headers, body };
}

/**
 * The one place that calls subscribers: Node's fetch with a hard timeout, no redirects (a 3xx
 * could point anywhere, past the allow-list), the response body discarded. 2xx is success.
 */
@Injectable()
export class WebhookSender {
  async send(w: OutgoingWebhook): Promise<SendResult> {
    const { headers, body } = buildRequest(w);
    try {
      const res = await fetch(w.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(w.timeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      return { ok: false, status: res.status, error: `HTTP ${res.status}` };
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      const error =
        name === 'TimeoutError'
          ? `timed out after ${w.timeoutMs} ms`
          : `network error: ${e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e)}`;
      return { ok: false, status: null, error };
    }
  }
}
