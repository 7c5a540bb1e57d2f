import { z } from 'zod';
import { type Built, labelInput, parseInput, rateLimitInput } from '../../admin/admin-input';

const schema = z.strictObject({
  label: labelInput.optional(),
  rateLimit: rateLimitInput.nullable().optional(),
});

/** Change a key's label or its rate limit override (`rateLimit: null`: back to the default). */
export class UpdateDepartmentKeyCommand {
  private constructor(
    readonly actor: string,
    readonly keyId: string,
    readonly changes: { label?: string; rateLimit?: { perSecond: number; burst: number } | null },
  ) {}

  static create(actor: string, keyId: string, body: unknown): Built<UpdateDepartmentKeyCommand> {
    const parsed = parseInput(schema, body);
    if (!parsed.ok) return parsed;
    const { label, rateLimit } = parsed.value;
    if (label === undefined && rateLimit === undefined) {
      return {
        ok: false,
        errors: [{ path: '(root)', message: 'must change label or rateLimit' }],
      };
    }
    return {
      ok: true,
      command: new UpdateDepartmentKeyCommand(actor, keyId, {
        ...(label !== undefined ? { label } : {}),
        ...(rateLimit !== undefined ? { rateLimit } : {}),
      }),
    };
  }
}
