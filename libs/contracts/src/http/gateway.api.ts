import { isIP } from 'node:net';
import { z } from 'zod';
import { type CaseEventType, eventSchemas } from '../envelope';
import {
  CASE_CODE_PATTERN,
  departmentCode,
  enterpriseCode,
  personalId,
  text,
  unstorableString,
} from '../primitives';
import { commonRoutes } from './common';
import { type HttpApiContract, componentRef } from './route-catalog';

/** The gateway's answer to accepted events (202). */
export const acceptedEventsSchema = z.object({
  accepted: z.number().int().min(0).describe('events stored now'),
  duplicates: z.number().int().min(0).describe('events already stored with the same id and content'),
  results: z.array(
    z.object({ id: z.string(), status: z.enum(['accepted', 'duplicate']) }),
  ).describe('one per event, in request order'),
  warnings: z
    .array(z.object({ index: z.number().int().optional(), path: z.string(), message: z.string() }))
    .optional()
    .describe(
      'only with INTAKE_CATALOG_CHECK=warn: what strict mode would refuse (a procedure the national catalog lacks, an agency that does not perform it), accepted anyway',
    ),
});

const syncStates = ['pending', 'retrying', 'synced', 'dead'] as const;

/** A fee of a payment: the case.received's code, name and amount (whole VND). */
const paymentFeeSchema = z.object({
  code: z.string(),
  name: z.string(),
  amount: z.number().int().describe('whole VND'),
});

export const paymentStates = ['started', 'confirmed', 'failed'] as const;

/** A payment through the national payment platform, as the case API shows it. */
export const casePaymentSchema = z.object({
  reference: z.string().describe("the hub's reference (MaThamChieu) for this payment"),
  state: z
    .enum(paymentStates)
    .describe('started: sent to the platform, not paid yet; confirmed: paid (payment.completed appended); failed: refused, unreachable or not paid'),
  amount: z.number().int().describe('whole VND'),
  fees: z.array(paymentFeeSchema),
  startedAt: z.string().describe('when the hub sent the INIT (UTC)'),
  confirmedBy: z
    .enum(['confirm', 'query'])
    .nullable()
    .describe("how the hub learned of the payment: the platform's CONFIRM, or its own QUERY; null until confirmed"),
  paidAt: z.string().nullable().describe('when the payer paid, as the platform says (UTC)'),
  transactionId: z.string().nullable().describe("the platform's transaction id (MaGiaoDich)"),
});

/** A case as its department sees it (GET /v1/cases/{caseCode}). */
export const caseViewSchema = z.object({
  caseCode: z.string(),
  department: z.string(),
  status: z.string().nullable().describe('the latest status the hub knows, null before any'),
  lastSequence: z.number().int(),
  sync: z.object({ total: z.number().int(), synced: z.number().int() }),
  payments: z
    .array(casePaymentSchema)
    .describe('payments started through the national payment platform (POST /v1/cases/{caseCode}/payments), oldest first'),
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      sequence: z.number().int(),
      hubSequence: z
        .number()
        .int()
        .optional()
        .describe('only on an event the hub originated (a confirmed payment): its place after department event `sequence`'),
      time: z.string().describe('the event time (UTC)'),
      acceptedAt: z.string().describe('when the gateway committed it (UTC)'),
      sync: z.object({
        state: z.enum(syncStates),
        attempts: z.number().int(),
        lastError: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
        syncedAt: z.string().nullable(),
        nextAttemptAt: z.string().nullable(),
      }),
    }),
  ),
});

const eventTypes = Object.keys(eventSchemas) as CaseEventType[];
const oneEvent = { oneOf: eventTypes.map((t) => componentRef(t).json) };
const batch = { type: 'array', items: oneEvent, minItems: 1, maxItems: 500 };
/** Binary mode: the body is the event's `data` alone, its schema given by `ce-type`. */
const binaryData = {
  title: 'data (binary mode)',
  description: 'With a ce-specversion header: the `data` of the one event the ce-* headers describe',
  oneOf: eventTypes.map((t) => ({
    $ref: `#/components/schemas/${t}/properties/data`,
  })),
};

/** CloudEvents HTTP binding, binary content mode: the attributes as `ce-*` headers. */
const binaryModeHeaders = z.object({
  'ce-specversion': z.literal('1.0').optional().describe('binary mode: "1.0"; its presence makes an application/json body the data of one event'),
  'ce-id': z.string().optional().describe('binary mode: the event id (idempotency key)'),
  'ce-source': z.string().optional().describe('binary mode: /departments/<DEPARTMENT CODE>'),
  'ce-type': z.enum(eventTypes as [string, ...string[]]).optional().describe('binary mode: the event type'),
  'ce-subject': z.string().optional().describe('binary mode: the case code'),
  'ce-time': z.string().optional().describe('binary mode: RFC 3339 date-time with an offset'),
  'ce-sequence': z.string().regex(/^\d+$/).optional().describe('binary mode: the sequence extension, as decimal digits'),
  'ce-dataschema': z.string().optional().describe('binary mode: optional dataschema URL'),
  'ce-traceparent': z.string().optional().describe('binary mode: optional W3C traceparent extension'),
  'ce-tracestate': z.string().optional().describe('binary mode: optional W3C tracestate extension'),
});

/** A fee code as a department names it: the case.received's `fees[].code`. */
const feeCode = text(100).superRefine((value, ctx) => {
  const reason = unstorableString(value);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});

/** POST /v1/cases/{caseCode}/payments: every field optional; the body may be left out. */
export const startPaymentBodySchema = z.strictObject({
  fees: z
    .array(feeCode)
    .min(1, 'must name at least one fee (or leave fees out to pay every fee due)')
    .max(50, 'must name at most 50 fees')
    .superRefine((codes, ctx) => {
      codes.forEach((code, index) => {
        if (codes.indexOf(code) !== index) {
          ctx.addIssue({ code: 'custom', path: [index], message: 'is listed twice' });
        }
      });
    })
    .optional()
    .describe("the codes of the case's fees to pay (its case.received `fees[].code`); default: every fee not paid yet"),
  payerIp: z
    .string()
    .max(64, 'must be at most 64 characters')
    .refine((value) => isIP(value) !== 0, 'must be an IPv4 or IPv6 address')
    .optional()
    .describe("the payer's address as the one-stop system saw it (the platform's Ip); default: the address the request came from"),
  bankCode: z
    .string()
    .regex(/^[A-Za-z0-9]{1,20}$/, 'must be 1 to 20 letters or digits')
    .optional()
    .describe("a bank chosen in advance (MaNganHang); default: the payer chooses on the platform's page"),
});

/** The answer to POST /v1/cases/{caseCode}/payments. */
export const startedPaymentSchema = z.object({
  reference: z.string().describe("the hub's reference (MaThamChieu): CONFIRM, QUERY and the case API use it"),
  paymentUrl: z.string().describe("the platform's page to send the payer to (UrlThanhToan)"),
  amount: z.number().int().describe('whole VND: the sum of the fees'),
  fees: z.array(paymentFeeSchema),
  state: z.literal('started'),
});

/** CONFIRM as the national payment platform sends it (docs/national-systems.md). */
export const paymentConfirmBodySchema = z
  .object({
    LoaiBanTin: z.literal('CONFIRM'),
    MaLoi: z.string().describe('"00": the payment succeeded; anything else: it failed'),
    MaDoiTac: z.string().describe("the hub's partner code (PAYMENT_PARTNER_CODE)"),
    MaThamChieu: z.string().describe("the hub's reference of the payment"),
    SoTien: z.string().describe('the amount paid, whole VND as digits'),
    MaTienTe: z.literal('VND'),
    MaGiaoDich: z.string().describe("the platform's transaction id: the hub is idempotent by it"),
    MaNganHang: z.string(),
    ThoiGianGD: z.string().describe('yyyyMMddHHmmss, Hanoi time'),
    ThongTinGiaoDich: z.string(),
    MaXacThuc: z
      .string()
      .describe('lowercase hex SHA-256 of the values above joined by |, then | and the shared secret'),
  })
  .describe('every value a string; unknown fields are ignored');

/** The hub's answer to a CONFIRM, in the platform's format (always HTTP 200). */
export const paymentConfirmAnswerSchema = z.object({
  MaLoi: z
    .string()
    .describe('the CONFIRM\'s own MaLoi echoed when taken (also for a repeat); a refusal: 01 bad checksum or partner, 02 malformed, 03 unknown reference, 04 amount mismatch, 99 try again later'),
  MoTaLoi: z.string().optional().describe('why, in Vietnamese; empty when taken'),
  MaDoiTac: z.string().describe('echoed'),
  ThoiGianGD: z.string().describe('echoed'),
  MaXacThuc: z.string().describe('SHA-256 of MaLoi|MaDoiTac|ThoiGianGD|secret, lowercase hex'),
});

/** One verified field of a prefill answer. */
export const prefillFieldSchema = z.object({
  name: z.string().describe('the form field, e.g. fullName, permanentAddress.wardCode'),
  value: z.union([z.string(), z.boolean()]),
  source: z.object({
    registry: z.enum(['population', 'business']),
    requestId: z.string().describe('MaYeuCau of the registry lookup the value came from'),
    fetchedAt: z.string(),
  }),
  ageSeconds: z.number().describe('how old the registry answer is'),
});

/** A result issued earlier that a later procedure may take in place of a document. */
export const reusableResultSchema = z.object({
  documentCode: z.string(),
  documentName: z.string(),
  documentNo: z.string(),
  sha256: z.string(),
  url: z.string(),
  validUntil: z.string().nullable(),
  caseCode: z.string().describe('the case that issued it'),
  issuedAt: z.string(),
  source: z.literal('hub').describe('issued on a case this hub received'),
});

/** A result the portal's national store of digitised results holds for the applicant. */
export const nationalResultSchema = z.object({
  resultCode: z.string().describe('the catalog result code (MAKETQUA)'),
  documentName: z.string(),
  documentNo: z.string(),
  issuingAgency: z.string().describe('the agency whose store holds it (CoQuanChuQuan)'),
  files: z.array(z.object({ name: z.string(), url: z.string() })),
  source: z.literal('national-store').describe('found in the national store: issued anywhere in the country'),
});

/** GET /v1/prefill: verified fields and reusable results for a form. */
export const prefillViewSchema = z.object({
  subjectKind: z.enum(['citizen', 'enterprise']),
  purpose: z.string(),
  procedureCode: z.string(),
  stale: z.boolean().describe('the registry could not be reached and the data is older than the freshness window'),
  flags: z.array(z.string()).describe('e.g. deceased, enterprise-inactive: check before accepting the case'),
  fields: z.array(prefillFieldSchema),
  documents: z.object({
    required: z.array(z.string()).nullable().describe("the procedure's document codes; null when the procedure is not in the hub's catalog"),
    reusable: z.array(reusableResultSchema),
    nationalStore: z
      .object({
        available: z.boolean().describe('false when the national store could not be asked: the hub results alone'),
        results: z.array(nationalResultSchema),
      })
      .describe("the national store's results for required codes the hub's own do not cover"),
    missing: z.array(z.string()).describe('required documents neither the hub nor the national store covers'),
  }),
});

/** One read of a subject's personal data (GET /v1/access-log). */
export const accessLogEntrySchema = z.object({
  id: z.string(),
  department: z.string(),
  principal: z.string().describe('the key name (department or service) that read it'),
  purpose: z.string(),
  procedureCode: z.string().nullable(),
  action: z.string(),
  fields: z.array(z.string()).describe('the field names read (never their values)'),
  requestId: z.string().nullable(),
  accessedAt: z.string(),
});

const KEY_ID = /^[0-9a-f]{12}$/;

/** A department key as admins see it: everything but the key (and its hash). */
export const departmentKeyViewSchema = z.object({
  keyId: z.string().regex(KEY_ID),
  prefix: z.string().describe('the start of the key, to recognise it in a department configuration'),
  department: z.string(),
  label: z.string(),
  state: z.enum(['active', 'expired', 'revoked']),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  rotatedFrom: z.string().nullable(),
  rotatedTo: z.string().nullable(),
  rateLimit: z
    .object({ perSecond: z.number(), burst: z.number().int(), source: z.enum(['key', 'department', 'default']) })
    .describe('the limit in force and where it comes from'),
});

/** A key with its secret: only in the answer that created it (create, rotate). */
export const issuedDepartmentKeySchema = departmentKeyViewSchema.extend({
  key: z.string().describe('the key itself: shown once, store it now'),
});

export const rotatedDepartmentKeySchema = issuedDepartmentKeySchema.extend({
  previous: departmentKeyViewSchema.describe('the old key, now expiring at the end of the overlap'),
});

export const adminAuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().describe('the admin key name'),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
});

const rateLimitInput = z.strictObject({
  perSecond: z.number().positive().max(100_000),
  burst: z.number().int().min(1).max(1_000_000),
});
const labelInput = z.string().min(1).max(200).describe('1 to 200 characters (trimmed)');

/** The admin API's request bodies (the same rules as apps/gateway/src/usecases/*-department-key). */
export const createDepartmentKeyBodySchema = z.strictObject({
  department: departmentCode.describe("one of the gateway's configured departments (HUB_DEPARTMENTS, else those of HUB_API_KEYS and RATE_LIMIT_DEPARTMENTS); another is 400 naming department"),
  label: labelInput,
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('RFC 3339 with offset, in the future; without it the key does not expire'),
  rateLimit: rateLimitInput.optional().describe("this key's own limit; without it the department's or the default"),
});
export const updateDepartmentKeyBodySchema = z
  .strictObject({
    label: labelInput.optional(),
    rateLimit: rateLimitInput.nullable().optional().describe('null: back to the department or default limit'),
  })
  .describe('at least one of label, rateLimit');
export const rotateDepartmentKeyBodySchema = z.strictObject({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600)
    .optional()
    .describe('how long the old key keeps working (default KEY_ROTATION_OVERLAP_SECONDS; at most 30 days)'),
});
export const revokeDepartmentKeyBodySchema = z.strictObject({
  reason: z.string().max(500).optional(),
});

const keyIdParam = z.object({ keyId: z.string().describe('12 lowercase hex characters (any other value is a 404)') });

const adminProblems = {
  400: 'INVALID_REQUEST (`errors` names every bad field) or MALFORMED_JSON',
  404: 'KEY_NOT_FOUND: no such key id',
  413: 'PAYLOAD_TOO_LARGE: body over 1 MiB',
  415: 'UNSUPPORTED_MEDIA_TYPE: admin bodies are application/json',
};

const auditText = z.string().min(1).max(200);

/** An administrator's override of the catalog's reuse links for one procedure. */
export const reuseOverrideSchema = z.object({
  procedureCode: z.string(),
  resultCodes: z
    .array(z.string())
    .describe('the result codes that may stand in for the procedure\'s documents (empty: none)'),
  reason: z.string(),
  setBy: z.string().describe('the admin key name'),
  setAt: z.string(),
});

export const reuseOverrideBodySchema = z.strictObject({
  resultCodes: z.array(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/)).max(50).describe('no code twice'),
  reason: z.string().min(1).max(500).describe('why the catalog is overridden (kept in the audit log)'),
});

const procedureCodeParam = z.object({
  procedureCode: z.string().describe('a national procedure code like 1.001193'),
});

const gatewayProblems = {
  400: 'MALFORMED_JSON (the body is not JSON) or INVALID_EVENT (an event breaks the contract); `errors` names every bad field with its event `index`',
  422: 'NOT_IN_CATALOG: a case.received names a procedure the national catalog does not have (`data.procedureCode`) or an agency that does not perform it (`data.agencyCode`); the message gives the catalog\'s refresh time; nothing stored',
  403: "FORBIDDEN_SOURCE: `source` (or the case) belongs to another department, or `subject` is a case code under an agency code not among the department's (HUB_DEPARTMENTS)",
  409: "ID_CONFLICT: an `id` re-used with different content, or a case's `sequence` already taken",
  413: 'PAYLOAD_TOO_LARGE: body over 1 MiB or batch over MAX_BATCH_EVENTS (500)',
  415: 'UNSUPPORTED_MEDIA_TYPE: any other content type',
  503: 'UNAVAILABLE: Postgres cannot be reached (to store events or check the key); send the same request again after Retry-After',
};

export const gatewayApi: HttpApiContract = {
  app: 'gateway',
  title: 'Lienthong Hub gateway',
  description:
    'Departments send case events (CloudEvents 1.0, structured JSON) and read where their cases stand; a 202 is sent only after the events are committed. Forms are prefilled from the national registries (once-only), every read of personal data is in the access log for auditors, and admins manage department keys. Errors are application/problem+json naming every bad field.',
  port: 3000,
  securitySchemes: {
    bearer:
      "a department's key (HUB_API_KEYS or issued by the admin API); it may only send events whose source is /departments/<its department>",
    admin: 'an admin key (HUB_ADMIN_KEYS)',
    auditor: 'an auditor key (HUB_AUDITOR_KEYS)',
  },
  components: Object.fromEntries(eventTypes.map((t) => [t, eventSchemas[t]])),
  routes: [
    {
      method: 'post',
      path: '/v1/events',
      operationId: 'acceptEvents',
      summary: 'Send one case event or a batch (all-or-nothing)',
      description:
        'Structured mode (application/cloudevents+json), batch mode (application/cloudevents-batch+json), or binary mode: one event whose attributes are `ce-*` headers (percent-encoded where the CloudEvents HTTP binding says so) and whose `data` is the application/json body; in binary mode `errors[].path` names the header (`headers.ce-time`) or the data path (`data.receivedAt`). Re-sending an id with the same content is a `duplicate` with no second effect, so after a network error just send again. Rules beyond the schemas: data.caseCode equals subject; sequence is 1 for case.received and 2, 3, … without gaps per case; payment fees add up to amount; strings hold no NUL or lone surrogate; dates and offsets within the ranges of contracts/README.md ("What the hub can store").',
      tags: ['events'],
      security: 'bearer',
      rateLimited: true,
      requestBody: {
        description:
          'One event, or a JSON array of at most 500 events, or (binary mode, with ce-* headers) the data of one event; body at most 1 MiB',
        content: {
          'application/cloudevents+json': { json: oneEvent },
          'application/cloudevents-batch+json': { json: batch },
          'application/json': { json: { oneOf: [oneEvent, batch, binaryData] } },
        },
      },
      headers: binaryModeHeaders,
      responses: {
        202: { description: 'every event is stored (or was already)', content: { 'application/json': acceptedEventsSchema } },
      },
      problems: gatewayProblems,
    },
    {
      method: 'get',
      path: '/v1/cases/{caseCode}',
      operationId: 'getCase',
      summary: "A case's status and each event's way to the national portal",
      tags: ['cases'],
      security: 'bearer',
      rateLimited: true,
      pathParams: z.object({
        caseCode: z.string().regex(CASE_CODE_PATTERN).describe('the case code (mã hồ sơ), e.g. 000.00.01.H26-260312-00042'),
      }),
      responses: { 200: { description: 'the case', content: { 'application/json': caseViewSchema } } },
      problems: {
        400: 'INVALID_EVENT: the case code is malformed',
        404: 'CASE_NOT_FOUND: no such case of your department',
        503: 'UNAVAILABLE: the key store (Postgres) cannot be reached; try again after Retry-After',
      },
    },
    {
      method: 'post',
      path: '/v1/cases/{caseCode}/payments',
      operationId: 'startPayment',
      summary: "Start an online payment of a case's fees through the national payment platform",
      description:
        "The hub builds the platform's INIT from the case's stored case.received (applicant, agency, fees) and the national procedure catalog, with the department's collecting account (PAYMENT_BENEFICIARIES), and answers the page to send the payer to. A fee a confirmed payment (or a payment.completed the department sent) already covers is never charged again. Asking again for the same fees while their payment is started answers that payment (200) instead of starting another. When the platform confirms the payment (its CONFIRM, or the hub's own QUERY if the CONFIRM never comes) the hub appends payment.completed to the case (id hub-payment-<MaGiaoDich>, in the case order after the department's last event: its `sequence` and the extension `hubsequence`), which reaches the portal and subscribers like any event. The applicant's ID goes to the platform only and is not stored with the payment.",
      tags: ['payments'],
      security: 'bearer',
      rateLimited: true,
      pathParams: z.object({
        caseCode: z.string().regex(CASE_CODE_PATTERN).describe('the case code (mã hồ sơ), e.g. 000.00.01.H26-260312-00042'),
      }),
      requestBody: {
        description: 'may be left out (no body, or Content-Length: 0): every fee due is paid',
        required: false,
        content: { 'application/json': startPaymentBodySchema },
      },
      responses: {
        201: { description: 'started: send the payer to paymentUrl', content: { 'application/json': startedPaymentSchema } },
        200: { description: 'a started payment of exactly these fees already exists: that one', content: { 'application/json': startedPaymentSchema } },
      },
      problems: {
        400: 'INVALID_REQUEST (`errors` names every bad field, `caseCode` included) or MALFORMED_JSON',
        403: 'FORBIDDEN_CASE: the case belongs to another department (`errors` names caseCode)',
        404: 'CASE_NOT_FOUND: the hub has no such case',
        409: 'NO_FEES_DUE (no fee left to pay, or the case.received has not arrived) or FEE_NOT_DUE (`errors` names the fee already paid, or being paid in another started payment)',
        413: 'PAYLOAD_TOO_LARGE: body over 1 MiB',
        415: 'UNSUPPORTED_MEDIA_TYPE: the body is application/json',
        422: "UNKNOWN_FEE (`errors` names a fee code the case does not have) or PAYMENT_REFUSED: the platform refused the INIT; `platform` holds its `code` and `message`; the payment is kept as failed",
        503: 'PAYMENT_PLATFORM_UNAVAILABLE: the platform cannot be reached or its breaker is open (send again after Retry-After; the attempt is kept as failed and nothing is charged); PAYMENTS_NOT_CONFIGURED: online payment is off here (PAYMENT_PLATFORM_URL) or the department has no collecting account (PAYMENT_BENEFICIARIES); UNAVAILABLE: Postgres cannot be reached',
      },
    },
    {
      method: 'post',
      path: '/v1/national/payment-platform/confirm',
      operationId: 'confirmPayment',
      summary: "The national payment platform's CONFIRM: a payment succeeded or failed",
      description:
        "Called by the platform, not by departments: no key; the message's MaXacThuc (SHA-256 with the shared secret PAYMENT_SECRET) and partner code authenticate it. The hub checks the fields, the checksum, the reference and that SoTien equals the amount it started; a successful one marks the payment confirmed and appends payment.completed to the case in the same transaction. Idempotent by MaGiaoDich: the same CONFIRM again changes nothing and is answered as taken again. A refusal stores nothing, is logged and counted (hub_payment_confirms_total). Every answer is HTTP 200 in the platform's format, refusals included.",
      tags: ['payments'],
      security: 'none',
      requestBody: { description: 'the CONFIRM message, application/json', content: { 'application/json': paymentConfirmBodySchema } },
      responses: {
        200: { description: "taken (MaLoi echoed) or refused (another MaLoi), signed with the shared secret", content: { 'application/json': paymentConfirmAnswerSchema } },
      },
      problems: {
        503: 'PAYMENTS_NOT_CONFIGURED: online payment is off here, so there is no secret to check or sign with',
      },
    },
    {
      method: 'get',
      path: '/v1/prefill',
      operationId: 'getPrefill',
      summary: 'Verified fields and reusable results for a form (once-only)',
      description:
        "Exactly one of personalId, enterpriseCode. `purpose` must be the case code of a case of the caller's department whose `case.received` applicant is that subject (send the case.received first); anything else is 403 PURPOSE_NOT_ALLOWED, checked before any data is read, and the refusal is itself recorded in the access log (action `prefill-refused`). Results another department issued are offered only for documents the purpose case's own procedure asks for. Answers from the hub profile while fresh, else asks the national registry. Every answer with data leaves an access-log record (who, purpose, fields) before it is sent.",
      tags: ['once-only'],
      security: 'bearer',
      rateLimited: true,
      query: z.object({
        personalId: personalId.optional().describe('a citizen: 12 digits (or enterpriseCode)'),
        enterpriseCode: enterpriseCode.optional().describe('an enterprise: 10 digits, optionally -NNN for a branch (or personalId)'),
        procedureCode: z.string().regex(/^\d{1,2}\.\d{6}$/).describe('the procedure (MaTTHC) the form is for, e.g. 1.005092'),
        purpose: z
          .string()
          .regex(/^[\x21-\x7e][\x20-\x7e]{0,199}$/)
          .describe(
            "the case code the data is read for: a case of the caller's department whose applicant is the subject (1 to 200 printable ASCII characters, else 400; any other value is 403)",
          ),
      }),
      responses: { 200: { description: 'the verified fields', content: { 'application/json': prefillViewSchema } } },
      problems: {
        400: 'INVALID_QUERY: `errors` names every bad or missing parameter',
        403: "PURPOSE_NOT_ALLOWED: `purpose` (named in `errors`) is not a case of the caller's department whose applicant is the subject; recorded in the access log",
        404: 'SUBJECT_NOT_FOUND: the national registry has no record of this subject',
        502: 'REGISTRY_REFUSED: the registry refused the lookup (not licensed / not authorised / rejected)',
        503: 'REGISTRY_UNAVAILABLE: the registry cannot be reached and the hub holds nothing for this subject yet (try again after Retry-After); or UNAVAILABLE: the key store cannot be reached',
      },
    },
    {
      method: 'get',
      path: '/v1/access-log',
      operationId: 'getAccessLog',
      summary: "Who read a subject's personal data, when, for what and which fields (auditors)",
      tags: ['once-only'],
      security: 'auditor',
      query: z.object({
        personalId: personalId.optional().describe('a citizen (exactly one of personalId, enterpriseCode)'),
        enterpriseCode: enterpriseCode.optional().describe('an enterprise (exactly one of personalId, enterpriseCode)'),
        limit: z.coerce.number().int().min(1).max(1000).optional().describe('1 to 1000 (default 100)'),
      }),
      responses: {
        200: {
          description: 'the newest reads first',
          content: { 'application/json': z.object({ items: z.array(accessLogEntrySchema) }) },
        },
      },
      problems: { 400: 'INVALID_QUERY: `errors` names every bad or missing parameter' },
    },
    {
      method: 'post',
      path: '/v1/admin/keys',
      operationId: 'createDepartmentKey',
      summary: 'Issue a new key for a department (the key is shown only in this answer)',
      tags: ['admin'],
      security: 'admin',
      requestBody: { description: 'the new key', content: { 'application/json': createDepartmentKeyBodySchema } },
      responses: { 201: { description: 'created; store `key` now', content: { 'application/json': issuedDepartmentKeySchema } } },
      problems: { 400: adminProblems[400], 413: adminProblems[413], 415: adminProblems[415] },
    },
    {
      method: 'get',
      path: '/v1/admin/keys',
      operationId: 'listDepartmentKeys',
      summary: 'Department keys (never the keys themselves)',
      tags: ['admin'],
      security: 'admin',
      query: z.object({
        department: departmentCode.optional().describe('only this department'),
        state: z.enum(['active', 'all']).optional().describe('active: only keys that work now (default all)'),
      }),
      responses: {
        200: { description: 'the keys', content: { 'application/json': z.object({ items: z.array(departmentKeyViewSchema) }) } },
      },
      problems: { 400: 'INVALID_REQUEST: `errors` names the bad parameter' },
    },
    {
      method: 'get',
      path: '/v1/admin/keys/{keyId}',
      operationId: 'getDepartmentKey',
      summary: 'One department key',
      tags: ['admin'],
      security: 'admin',
      pathParams: keyIdParam,
      responses: { 200: { description: 'the key', content: { 'application/json': departmentKeyViewSchema } } },
      problems: { 404: adminProblems[404] },
    },
    {
      method: 'patch',
      path: '/v1/admin/keys/{keyId}',
      operationId: 'updateDepartmentKey',
      summary: "Change a key's label or rate limit",
      tags: ['admin'],
      security: 'admin',
      pathParams: keyIdParam,
      requestBody: { description: 'the changes', content: { 'application/json': updateDepartmentKeyBodySchema } },
      responses: { 200: { description: 'the key as changed', content: { 'application/json': departmentKeyViewSchema } } },
      problems: adminProblems,
    },
    {
      method: 'post',
      path: '/v1/admin/keys/{keyId}/rotate',
      operationId: 'rotateDepartmentKey',
      summary: 'A successor key now; the old one keeps working for overlapSeconds',
      tags: ['admin'],
      security: 'admin',
      pathParams: keyIdParam,
      requestBody: {
        description: 'may be left out (no body, or Content-Length: 0); when sent it is application/json',
        required: false,
        content: { 'application/json': rotateDepartmentKeyBodySchema },
      },
      responses: {
        201: { description: 'the new key (shown only here) and the old one', content: { 'application/json': rotatedDepartmentKeySchema } },
      },
      problems: {
        ...adminProblems,
        409: 'KEY_INACTIVE (the key is revoked or expired) or KEY_ALREADY_ROTATED (rotate its successor instead)',
      },
    },
    {
      method: 'post',
      path: '/v1/admin/keys/{keyId}/revoke',
      operationId: 'revokeDepartmentKey',
      summary: 'Revoke a key: it stops working at once (other replicas within the cache TTL)',
      tags: ['admin'],
      security: 'admin',
      pathParams: keyIdParam,
      requestBody: {
        description: 'may be left out (no body, or Content-Length: 0); when sent it is application/json',
        required: false,
        content: { 'application/json': revokeDepartmentKeyBodySchema },
      },
      responses: { 200: { description: 'the revoked key', content: { 'application/json': departmentKeyViewSchema } } },
      problems: adminProblems,
    },
    {
      method: 'get',
      path: '/v1/admin/procedure-reuse',
      operationId: 'listReuseOverrides',
      summary: "Overrides of the national catalog's reuse links (which results stand in for a procedure's documents)",
      tags: ['admin'],
      security: 'admin',
      responses: {
        200: { description: 'every override', content: { 'application/json': z.object({ items: z.array(reuseOverrideSchema) }) } },
      },
    },
    {
      method: 'put',
      path: '/v1/admin/procedure-reuse/{procedureCode}',
      operationId: 'setReuseOverride',
      summary: "Set which results stand in for a procedure's documents, over the catalog; audited",
      tags: ['admin'],
      security: 'admin',
      pathParams: procedureCodeParam,
      requestBody: { description: 'the override', content: { 'application/json': reuseOverrideBodySchema } },
      responses: { 200: { description: 'the override as stored', content: { 'application/json': reuseOverrideSchema } } },
      problems: {
        400: 'INVALID_REQUEST (`errors` names every bad field, `procedureCode` included) or MALFORMED_JSON',
        413: adminProblems[413],
        415: adminProblems[415],
      },
    },
    {
      method: 'delete',
      path: '/v1/admin/procedure-reuse/{procedureCode}',
      operationId: 'removeReuseOverride',
      summary: "Back to the catalog's reuse links for a procedure; audited",
      tags: ['admin'],
      security: 'admin',
      pathParams: procedureCodeParam,
      responses: { 200: { description: 'the override removed', content: { 'application/json': reuseOverrideSchema } } },
      problems: { 404: 'OVERRIDE_NOT_FOUND: the procedure has no override' },
    },
    {
      method: 'get',
      path: '/v1/admin/audit',
      operationId: 'listAdminAudit',
      summary: 'Every admin change, newest first',
      tags: ['admin'],
      security: 'admin',
      query: z.object({
        actor: auditText.optional().describe('only this admin (1 to 200 characters)'),
        action: auditText.optional().describe('only this action, e.g. key.created'),
        target: auditText.optional().describe('only this target, e.g. a key id'),
        limit: z.coerce.number().int().min(0).max(1000).optional().describe('0 to 1000 (default 100)'),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of the audit log',
          content: {
            'application/json': z.object({ items: z.array(adminAuditEntrySchema), limit: z.number().int(), offset: z.number().int() }),
          },
        },
      },
      problems: { 400: 'INVALID_REQUEST: `errors` names the bad parameter' },
    },
    ...commonRoutes,
  ],
};
