import { z } from 'zod';
import { ProblemException } from '@hub/observability';

export const MAX_BULK_REPLAY = 500;

const schema = z.object({
  eventIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_BULK_REPLAY),
});

export type BulkReplayCommand = z.output<typeof schema>;

/** Validates a bulk replay request; a bad one is a 400 naming every bad field. */
export function parseBulkReplay(body: unknown): BulkReplayCommand {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ProblemException(
    400,
    'INVALID_REPLAY_REQUEST',
    'Invalid replay request',
    'The body must be {"eventIds": [...]} with 1 to 500 event ids.',
    parsed.error.issues.map((i) => ({
      path: ['body', ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
        .join('.')
        .replace(/\.\[/g, '['),
      message: i.message,
    })),
  );
}
