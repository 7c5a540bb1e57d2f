import { createHash } from 'node:crypto';
import {
  type CaseEvent,
  departmentOfSource,
  parseCaseEvent,
  sourceOfDepartment,
} from '@hub/contracts';
import type { FieldError } from '@hub/observability';
import type { BodyKind } from '../../http/request-body';
import { GatewayErrorCode } from '../../gateway.errors';

export interface ValidatedEvent {
  index: number;
  event: CaseEvent;
  /** SHA-256 of the canonical parsed event: equal for a harmless re-send. */
  contentHash: string;
}

export type CommandError = { code: GatewayErrorCode; detail: string; errors: FieldError[] };

/**
 * A department's request to accept events. It validates itself when built, so the same checks
 * apply whether the events came over HTTP or (later) another transport.
 */
export class AcceptEventsCommand {
  private constructor(
    readonly department: string,
    readonly events: ValidatedEvent[],
  ) {}

  static create(input: {
    department: string;
    body: unknown;
    kind: BodyKind;
    maxBatch: number;
  }): { ok: true; command: AcceptEventsCommand } | { ok: false; error: CommandError } {
    const { department, body, kind, maxBatch } = input;
    const isBatch = Array.isArray(body);
    if (kind === 'single' && isBatch) {
      return fail(
        GatewayErrorCode.InvalidEvent,
        'application/cloudevents+json carries one event; send a batch as application/cloudevents-batch+json.',
        [{ path: '(root)', message: 'must be one CloudEvent object, not an array' }],
      );
    }
    if (kind === 'batch' && !isBatch) {
      return fail(
        GatewayErrorCode.InvalidEvent,
        'application/cloudevents-batch+json must be a JSON array of events.',
        [{ path: '(root)', message: 'must be a JSON array of CloudEvents' }],
      );
    }
    const items: unknown[] = isBatch ? (body as unknown[]) : [body];
    if (items.length === 0) {
      return fail(GatewayErrorCode.InvalidEvent, 'The batch is empty.', [
        { path: '(root)', message: 'must contain at least one event' },
      ]);
    }
    if (items.length > maxBatch) {
      return fail(
        GatewayErrorCode.PayloadTooLarge,
        `A batch holds at most ${maxBatch} events; split it.`,
        [{ path: '(root)', message: `has ${items.length} events, more than ${maxBatch}` }],
      );
    }

    const invalid: FieldError[] = [];
    const forbidden: FieldError[] = [];
    const events: ValidatedEvent[] = [];
    items.forEach((item, index) => {
      const parsed = parseCaseEvent(item);
      if (!parsed.ok) {
        for (const v of parsed.violations) invalid.push({ index, ...v });
        return;
      }
      if (parsed.value.hubsequence !== undefined) {
        forbidden.push({
          index,
          path: 'hubsequence',
          message: `is set only by the hub, on events it originates; send source ${sourceOfDepartment(department)} without it`,
        });
        return;
      }
      const owner = departmentOfSource(parsed.value.source);
      if (owner !== department) {
        forbidden.push({
          index,
          path: 'source',
          message: `names department ${owner}; this key may only send events with source ${sourceOfDepartment(department)}`,
        });
        return;
      }
      events.push({ index, event: parsed.value, contentHash: contentHash(parsed.value) });
    });

    // Within one batch an id, or a case's sequence number, may appear only once.
    const byId = new Map<string, number>();
    const bySequence = new Map<string, number>();
    for (const { index, event } of events) {
      const sameId = byId.get(event.id);
      const seqKey = `${event.subject}#${event.sequence}`;
      const sameSequence = bySequence.get(seqKey);
      if (sameId !== undefined) {
        invalid.push({
          index,
          path: 'id',
          message: `repeats the id of the event at index ${sameId}`,
        });
      } else if (sameSequence !== undefined) {
        invalid.push({
          index,
          path: 'sequence',
          message: `repeats sequence ${event.sequence} of case ${event.subject} (event at index ${sameSequence})`,
        });
      }
      byId.set(event.id, byId.get(event.id) ?? index);
      bySequence.set(seqKey, bySequence.get(seqKey) ?? index);
    }

    if (invalid.length > 0) {
      invalid.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      return fail(
        GatewayErrorCode.InvalidEvent,
        `${new Set(invalid.map((e) => e.index)).size} of ${items.length} events are invalid; nothing was stored.`,
        invalid,
      );
    }
    if (forbidden.length > 0) {
      return fail(
        GatewayErrorCode.ForbiddenSource,
        'A key may only send events of its own department; nothing was stored.',
        forbidden,
      );
    }
    return { ok: true, command: new AcceptEventsCommand(department, events) };
  }
}

function fail(
  code: GatewayErrorCode,
  detail: string,
  errors: FieldError[],
): { ok: false; error: CommandError } {
  return { ok: false, error: { code, detail, errors } };
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
