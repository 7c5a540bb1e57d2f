import { z } from 'zod';
import { caseCode, deadline, enterpriseCode, isoDate, timestamp } from './primitives';

/**
 * Events of the once-only service on `hub.profile-events.v1`. Personal data minimisation (Law
 * 91/2025/QH15): no personal ID, name, date of birth or address travels in clear. A citizen is
 * named by `subjectRef`, the hub's keyed hash (HMAC-SHA256) of the personal ID: stable, so
 * consumers can correlate a subject's events, but not reversible without the hub's key. An
 * enterprise code is public registry data and is included, since consumers need it to act.
 * Field names (never values) say what was verified or differs; values stay in the hub, behind
 * the access-logged prefill API.
 */
export const PROFILE_VERIFIED = 'profile.verified' as const;
export const PROFILE_MISMATCH = 'profile.mismatch' as const;
export const RESULT_REGISTERED = 'result.registered' as const;
export const PROFILE_EVENTS_SOURCE = '/hub/once-only' as const;

export const subjectKinds = ['citizen', 'enterprise'] as const;
export const registries = ['population', 'business'] as const;

const subjectRef = z
  .string()
  .regex(/^[a-f0-9]{64}$/, 'must be the hub keyed hash of the subject (64 hex)');

const subject = {
  subjectKind: z.enum(subjectKinds),
  subjectRef,
  /** Only for enterprises (public data); never a personal ID. */
  enterpriseCode: enterpriseCode.optional(),
};

const envelope = {
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.literal(PROFILE_EVENTS_SOURCE),
  /** The case code the event concerns. */
  subject: caseCode,
  time: timestamp,
  datacontenttype: z.literal('application/json').optional(),
};

export const profileVerifiedV1 = z.strictObject({
  ...envelope,
  type: z.literal(PROFILE_VERIFIED),
  data: z.strictObject({
    caseCode,
    ...subject,
    registry: z.enum(registries),
    /** The registry request id (MaYeuCau) of the lookup the profile came from. */
    requestId: z.string().min(1),
    fetchedAt: timestamp,
    verifiedFields: z.array(z.string()),
    matchedFields: z.array(z.string()),
    mismatchedFields: z.array(z.string()),
    /** e.g. `enterprise-inactive` for a suspended or dissolved enterprise. */
    flags: z.array(z.string()),
  }),
});

export const profileMismatchV1 = z.strictObject({
  ...envelope,
  type: z.literal(PROFILE_MISMATCH),
  data: z.strictObject({
    caseCode,
    ...subject,
    registry: z.enum(registries),
    requestId: z.string().min(1),
    /** Declared field names that differ from the registry (values are not published). */
    fields: z.array(z.string()).min(1),
  }),
});

export const resultRegisteredV1 = z.strictObject({
  ...envelope,
  type: z.literal(RESULT_REGISTERED),
  data: z.strictObject({
    caseCode,
    ownerKind: z.enum(subjectKinds),
    ownerRef: subjectRef,
    enterpriseCode: enterpriseCode.optional(),
    documentCode: z.string().min(1),
    documentNo: z.string().min(1),
    sha256: z.string().regex(/^[a-f0-9]{64}$/),
    url: z.url(),
    validUntil: z.union([isoDate, deadline]).optional(),
  }),
});

export const profileEventSchemas = {
  [PROFILE_VERIFIED]: profileVerifiedV1,
  [PROFILE_MISMATCH]: profileMismatchV1,
  [RESULT_REGISTERED]: resultRegisteredV1,
} as const;

export type ProfileVerifiedEvent = z.output<typeof profileVerifiedV1>;
export type ProfileMismatchEvent = z.output<typeof profileMismatchV1>;
export type ResultRegisteredEvent = z.output<typeof resultRegisteredV1>;
export type ProfileEvent = ProfileVerifiedEvent | ProfileMismatchEvent | ResultRegisteredEvent;
export type ProfileEventType = keyof typeof profileEventSchemas;
