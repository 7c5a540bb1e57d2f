import { departmentCode } from '@hub/contracts';
import { z } from 'zod';
import { type Built, labelInput, parseInput, rateLimitInput } from '../../admin/admin-input';

const schema = z.strictObject({
  department: departmentCode,
  label: labelInput,
  expiresAt: z.iso
    .datetime({ offset: true, message: 'must be an RFC 3339 time with offset' })
    .optional(),
  rateLimit: rateLimitInput.optional(),
});

/** An admin's request for a new key of a department. Validates itself when built. */
export class CreateDepartmentKeyCommand {
  private constructor(
    readonly actor: string,
    readonly department: string,
    readonly label: string,
    readonly expiresAt: Date | null,
    readonly rateLimit: { perSecond: number; burst: number } | null,
  ) {}

  static create(actor: string, body: unknown, nowMs: number): Built<CreateDepartmentKeyCommand> {
    const parsed = parseInput(schema, body);
    if (!parsed.ok) return parsed;
    const { department, label, expiresAt, rateLimit } = parsed.value;
    const expires = expiresAt ? new Date(expiresAt) : null;
    if (expires && expires.getTime() <= nowMs) {
      return { ok: false, errors: [{ path: 'expiresAt', message: 'must be in the future' }] };
    }
    return {
      ok: true,
      command: new CreateDepartmentKeyCommand(actor, department, label, expires, rateLimit ?? null),
    };
  }
}
