import { z } from 'zod';
import { caseCode, deadline, isoDate, text, timestamp } from '../primitives';

export const CASE_RESULT_ISSUED = 'case.result-issued' as const;

export const caseResultIssuedV1 = z.strictObject({
  caseCode,
  issuedAt: timestamp,
  electronic: z.boolean(),
  documents: z
    .array(
      z.strictObject({
        code: text(100),
        name: text(500),
        documentNo: text(100),
        url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
        sha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be a lower-case hex SHA-256'),
        validUntil: z.union([isoDate, deadline]).optional(),
      }),
    )
    .min(1, 'must list at least one result document')
    .max(50),
  delivery: z.enum(['counter', 'post', 'online']),
});

export type CaseResultIssuedV1 = z.output<typeof caseResultIssuedV1>;
