import { z } from 'zod';
import {
  agencyCode,
  birthDate,
  caseCode,
  deadline,
  enterpriseCode,
  personalId,
  procedureCode,
  text,
  timestamp,
  vnd,
} from '../primitives';

export const CASE_RECEIVED = 'case.received' as const;

export const applicantKinds = ['citizen', 'enterprise', 'agency', 'organisation'] as const;
export const intakeChannels = ['in_person', 'online', 'postal'] as const;

export const applicantV1 = z
  .strictObject({
    kind: z.enum(applicantKinds),
    personalId: personalId.optional(),
    enterpriseCode: enterpriseCode.optional(),
    fullName: text(200),
    email: z.email('must be an email address').optional(),
    phone: z
      .string()
      .regex(/^\+?\d[\d .-]{7,18}$/, 'must be a phone number')
      .optional(),
    address: text(500).optional(),
    dateOfBirth: birthDate.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'citizen' && !a.personalId) {
      ctx.addIssue({ code: 'custom', path: ['personalId'], message: 'is required for a citizen' });
    }
    if (a.kind === 'enterprise' && !a.enterpriseCode) {
      ctx.addIssue({
        code: 'custom',
        path: ['enterpriseCode'],
        message: 'is required for an enterprise',
      });
    }
  });

export const caseReceivedV1 = z.strictObject({
  caseCode,
  procedureCode,
  procedureName: text(500),
  agencyCode,
  agencyName: text(300),
  channel: z.enum(intakeChannels),
  initialStatus: z.enum(['registered', 'accepted']).default('accepted'),
  applicant: applicantV1,
  receivedAt: timestamp,
  dueAt: deadline,
  documents: z
    .array(
      z.strictObject({
        code: text(100),
        name: text(500),
        fileRef: text(2000).optional(),
        digitised: z.boolean(),
        reusedFrom: text(200).optional(),
      }),
    )
    .max(200),
  fees: z
    .array(z.strictObject({ code: text(100), name: text(300), amount: vnd }))
    .max(50),
  summary: text(2000).optional(),
});

export type CaseReceivedV1 = z.output<typeof caseReceivedV1>;
export type Applicant = CaseReceivedV1['applicant'];
