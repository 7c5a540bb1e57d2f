import { z } from 'zod';
import { type Built, MAX_OVERLAP_SECONDS, parseInput } from '../../admin/admin-input';

const schema = z.strictObject({
  overlapSeconds: z
    .number({ message: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(MAX_OVERLAP_SECONDS, `must be at most ${MAX_OVERLAP_SECONDS} (30 days)`)
    .optional(),
});

/**
 * Rotate a key: a successor now, the old key valid for `overlapSeconds` more (the configured
 * default when the body leaves it out), so the department can switch without downtime.
 */
export class RotateDepartmentKeyCommand {
  private constructor(
    readonly actor: string,
    readonly keyId: string,
    readonly overlapSeconds: number,
  ) {}

  static create(
    actor: string,
    keyId: string,
    body: unknown,
    defaultOverlapSeconds: number,
  ): Built<RotateDepartmentKeyCommand> {
    const parsed = parseInput(schema, body ?? {});
    if (!parsed.ok) return parsed;
    return {
      ok: true,
      command: new RotateDepartmentKeyCommand(
        actor,
        keyId,
        parsed.value.overlapSeconds ?? defaultOverlapSeconds,
      ),
    };
  }
}
