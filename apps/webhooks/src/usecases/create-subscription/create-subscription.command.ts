import { z } from 'zod';
import { caseEventTypes, departmentCode, toViolations } from '@hub/contracts';
import type { FieldError } from '@hub/observability';
import type { ContentMode } from '../../subscriptions/subscription.repository';

const body = z.strictObject({
  url: z.string({ message: 'must be a URL string' }).max(2000, 'must be at most 2000 characters'),
  eventTypes: z
    .array(z.enum(caseEventTypes as [string, ...string[]]))
    .max(caseEventTypes.length)
    .optional(),
  departments: z.array(departmentCode).max(100).optional(),
  contentMode: z.enum(['structured', 'binary']).optional(),
  description: z.string().max(500).optional(),
});

/**
 * An admin's request for a webhook subscription. Validates itself when built (shape, known event
 * types, department codes); the target's allow-list and DNS checks are the handler's, because
 * they need the network.
 */
export class CreateSubscriptionCommand {
  private constructor(
    readonly actor: string,
    readonly url: string,
    readonly eventTypes: string[],
    readonly departments: string[],
    readonly contentMode: ContentMode,
    readonly description: string | undefined,
  ) {}

  static create(
    actor: string,
    input: unknown,
  ): { ok: true; command: CreateSubscriptionCommand } | { ok: false; errors: FieldError[] } {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return { ok: false, errors: [{ path: '(root)', message: 'must be a JSON object' }] };
    }
    const parsed = body.safeParse(input);
    if (!parsed.success) return { ok: false, errors: toViolations(parsed.error, input) };
    const v = parsed.data;
    return {
      ok: true,
      command: new CreateSubscriptionCommand(
        actor,
        v.url,
        [...new Set(v.eventTypes ?? [])],
        [...new Set(v.departments ?? [])],
        v.contentMode ?? 'structured',
        v.description,
      ),
    };
  }
}
