import { z } from 'zod';
import { type Built, parseInput } from '../../admin/admin-input';

const schema = z.strictObject({
  reason: z.string().trim().max(500, 'must be at most 500 characters').optional(),
});

/** Revoke a key: it stops working at once (on other replicas within the cache TTL). */
export class RevokeDepartmentKeyCommand {
  private constructor(
    readonly actor: string,
    readonly keyId: string,
    readonly reason: string | null,
  ) {}

  static create(actor: string, keyId: string, body: unknown): Built<RevokeDepartmentKeyCommand> {
    const parsed = parseInput(schema, body ?? {});
    if (!parsed.ok) return parsed;
    return {
      ok: true,
      command: new RevokeDepartmentKeyCommand(actor, keyId, parsed.value.reason || null),
    };
  }
}
