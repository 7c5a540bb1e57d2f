import { departmentCode } from '@hub/contracts';
import { z } from 'zod';
import { type Built, labelInput, parseInput, rateLimitInput } from '../../admin/admin-input';

/** The departments a key may be issued for (`ConfiguredDepartments`). */
export interface KnownDepartments {
  has(department: string): boolean;
  readonly names: string[];
}

/**
 * A key for a department the hub is not configured for would authenticate a principal that owns
 * no agency codes and no limits of its own: refused, naming the configured ones.
 */
const schemaFor = (departments: KnownDepartments) =>
  z.strictObject({
    // A malformed name already has its own message: one problem per field.
    department: departmentCode.refine(
      (d) => !departmentCode.safeParse(d).success || departments.has(d),
      {
        message: `is not a configured department (${departments.names.join(', ') || 'none configured: set HUB_DEPARTMENTS'})`,
      },
    ),
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

  static create(
    actor: string,
    body: unknown,
    nowMs: number,
    departments: KnownDepartments,
  ): Built<CreateDepartmentKeyCommand> {
    const parsed = parseInput(schemaFor(departments), body);
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
