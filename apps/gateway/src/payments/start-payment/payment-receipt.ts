import { formatPath } from '@hub/contracts';
import { type PaymentStartRequest, paymentStartRequestSchema } from '@hub/national-adapters';
import type { FieldError } from '@hub/observability';
import { z } from 'zod';
import type { Beneficiary } from '../payment-config';
import type { PaymentFee, StoredPayment } from '../payment.repository';

/**
 * The parts of a stored case.received a payment reads. Tolerant: the event was checked against
 * the contract when it was accepted, and fields this does not need may have changed since.
 */
const receivedSchema = z.object({
  procedureCode: z.string(),
  procedureName: z.string(),
  agencyCode: z.string(),
  agencyName: z.string(),
  applicant: z.object({
    kind: z.string(),
    fullName: z.string(),
    personalId: z.string().optional(),
    enterpriseCode: z.string().optional(),
    address: z.string().optional(),
  }),
  fees: z.array(z.object({ code: z.string(), name: z.string(), amount: z.number() })),
});

/** A case.received's data as a payment reads it (holds the applicant's ID: never log it). */
export type ReceivedForPayment = z.output<typeof receivedSchema>;

export function readReceived(data: unknown): ReceivedForPayment | undefined {
  const parsed = receivedSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** What a request to pay comes to, given what the case owes and what is started already. */
export type FeeDecision =
  | { kind: 'charge'; fees: PaymentFee[] }
  /** A started payment of exactly these fees: answered again rather than started twice. */
  | { kind: 'existing'; payment: StoredPayment }
  | { kind: 'none-due'; detail: string }
  | { kind: 'unknown-fee'; errors: FieldError[] }
  | { kind: 'not-due'; errors: FieldError[] };

const sameCodes = (fees: readonly PaymentFee[], codes: ReadonlySet<string>): boolean => {
  const own = new Set(fees.map((f) => f.code));
  return own.size === codes.size && [...own].every((c) => codes.has(c));
};

/**
 * Which fees to charge. `requested` are the codes the department named (undefined: every fee
 * due). A fee is due when it costs something and no payment covers it; a fee in a started
 * payment is not charged a second time while that payment may still be paid.
 */
export function decideFees(input: {
  caseFees: readonly PaymentFee[];
  paid: ReadonlySet<string>;
  started: readonly StoredPayment[];
  requested?: readonly string[];
}): FeeDecision {
  const { caseFees, paid, started, requested } = input;
  const pathOf = (code: string): string => {
    const at = requested?.indexOf(code) ?? -1;
    return at >= 0 ? `fees[${at}]` : 'fees';
  };
  let target: PaymentFee[];
  if (requested === undefined) {
    target = caseFees.filter((f) => f.amount > 0 && !paid.has(f.code));
    if (target.length === 0) {
      return {
        kind: 'none-due',
        detail:
          caseFees.length === 0
            ? 'The case has no fees (its case.received lists none).'
            : 'Every fee of the case is paid, or costs nothing.',
      };
    }
  } else {
    const known = new Set(caseFees.map((f) => f.code));
    const listed = caseFees.map((f) => f.code).join(', ') || 'none';
    const unknown = requested.flatMap((code, i) =>
      known.has(code)
        ? []
        : [{ path: `fees[${i}]`, message: `is not a fee of the case (its fees: ${listed})` }],
    );
    if (unknown.length > 0) return { kind: 'unknown-fee', errors: unknown };
    const notDue = requested.flatMap((code, i) => {
      if (paid.has(code)) return [{ path: `fees[${i}]`, message: 'is paid already' }];
      if (caseFees.every((f) => f.code !== code || f.amount <= 0)) {
        return [{ path: `fees[${i}]`, message: 'costs nothing (0 VND): there is nothing to pay' }];
      }
      return [];
    });
    if (notDue.length > 0) return { kind: 'not-due', errors: notDue };
    const wanted = new Set(requested);
    target = caseFees.filter((f) => wanted.has(f.code) && f.amount > 0);
  }
  const codes = new Set(target.map((f) => f.code));
  const same = started.find((p) => sameCodes(p.fees, codes));
  if (same?.paymentUrl) return { kind: 'existing', payment: same };
  const busy = started.flatMap((p) =>
    p.fees
      .filter((f) => codes.has(f.code))
      .map((f) => ({
        path: pathOf(f.code),
        message:
          p === same
            ? `${f.code} is being started in payment ${p.reference}; ask again in a moment`
            : `${f.code} is being paid in payment ${p.reference} (fees ${p.fees.map((x) => x.code).join(', ')}); ask for exactly those fees to get that payment again`,
      })),
  );
  if (busy.length > 0) return { kind: 'not-due', errors: busy };
  return { kind: 'charge', fees: target };
}

/** `LoaiPhiLePhi`: the portal's fee kind; the hub sends every fee as "1", as portal sync does. */
const FEE_KIND = '1';

const cut = (value: string, max: number): string => [...value].slice(0, max).join('');

export interface ReceiptInput {
  reference: string;
  startedAt: Date;
  caseCode: string;
  received: ReceivedForPayment;
  /** The national catalog's name of the procedure, when it has the procedure. */
  catalogProcedureName: string | null;
  fees: readonly PaymentFee[];
  beneficiary: Beneficiary;
  /** `MaDichVu` (PAYMENT_SERVICE_CODE). */
  serviceCode: string;
  payerIp: string;
  bankCode?: string;
}

/**
 * The INIT the hub sends for `fees` of a case: the receipt (ThongTinBienLai) from the case's
 * case.received, the catalog's procedure name and the department's collecting account. Errors
 * name the case's data that cannot go into an INIT (an applicant without an ID number, a fee
 * code longer than the platform takes), in the case.received's own field names.
 */
export function buildStartRequest(
  input: ReceiptInput,
): { ok: true; request: PaymentStartRequest } | { ok: false; errors: FieldError[] } {
  const { received, fees, caseCode } = input;
  const applicant = received.applicant;
  // The platform's SoCMNDNguoiNop: the payer's personal ID, or an enterprise's code.
  const idNumber =
    applicant.kind === 'enterprise'
      ? (applicant.enterpriseCode ?? applicant.personalId)
      : (applicant.personalId ?? applicant.enterpriseCode);
  if (idNumber === undefined) {
    return {
      ok: false,
      errors: [
        {
          path: 'case.received data.applicant',
          message:
            'has neither personalId nor enterpriseCode: the payment platform needs the payer’s ID number',
        },
      ],
    };
  }
  const amount = fees.reduce((sum, f) => sum + f.amount, 0);
  const procedureName = input.catalogProcedureName ?? received.procedureName;
  const request: PaymentStartRequest = {
    reference: input.reference,
    amount,
    startedAt: input.startedAt.toISOString(),
    // What the payer and the bank statement show; plain ASCII as the public one-stop client sends.
    description: `THANH TOAN HO SO ${caseCode}`,
    payerIp: input.payerIp,
    ...(input.bankCode ? { bankCode: input.bankCode } : {}),
    receipt: {
      serviceCode: input.serviceCode,
      // The procedure's online public service: the catalog gives no separate code for it.
      publicServiceCode: received.procedureCode,
      publicServiceName: procedureName,
      procedureCode: received.procedureCode,
      procedureName,
      agencyCode: received.agencyCode,
      agencyName: cut(received.agencyName, 250),
      caseCode,
      beneficiary: { ...input.beneficiary },
      payer: {
        fullName: cut(applicant.fullName, 250),
        idNumber,
        address: cut(applicant.address ?? '', 500),
      },
      purpose: cut(`${fees.map((f) => f.name).join('; ')} - hồ sơ ${caseCode}`, 500),
      fees: fees.map((f) => ({
        kind: FEE_KIND,
        code: f.code,
        name: cut(f.name, 250),
        amount: f.amount,
      })),
      items: fees.map((f) => ({ description: cut(f.name, 250), amount: f.amount })),
    },
  };
  const checked = paymentStartRequestSchema.safeParse(request);
  if (!checked.success) {
    return {
      ok: false,
      errors: checked.error.issues.map((issue) => ({
        path: `init.${formatPath(issue.path)}`,
        message: issue.message,
      })),
    };
  }
  return { ok: true, request };
}
