import { isIP } from 'node:net';
import { CASE_CODE_PATTERN, startPaymentBodySchema, toViolations } from '@hub/contracts';
import type { FieldError } from '@hub/observability';

/** Where the payer's address comes from when the department does not say. */
const UNKNOWN_IP = '127.0.0.1';

/**
 * A department's request to start paying a case's fees online. Validates itself when built
 * (the body against the contract's `startPaymentBodySchema`), so every transport gets the same
 * checks; every bad field is named, the case code as `caseCode`.
 */
export class StartPaymentCommand {
  private constructor(
    readonly department: string,
    readonly caseCode: string,
    /** The fee codes to pay; undefined: every fee due. */
    readonly fees: readonly string[] | undefined,
    readonly payerIp: string,
    readonly bankCode: string | undefined,
  ) {}

  static create(input: {
    department: string;
    caseCode: string;
    /** The JSON body; undefined when there was none. */
    body: unknown;
    /** The address the request came from: the payer's default. */
    requestIp: string | undefined;
  }): { ok: true; command: StartPaymentCommand } | { ok: false; errors: FieldError[] } {
    const errors: FieldError[] = [];
    if (!CASE_CODE_PATTERN.test(input.caseCode)) {
      errors.push({
        path: 'caseCode',
        message: 'must be a case code like 000.00.01.H26-260312-00042',
      });
    }
    const body = input.body === undefined ? {} : input.body;
    const parsed = startPaymentBodySchema.safeParse(body);
    if (!parsed.success) errors.push(...toViolations(parsed.error, body));
    if (!parsed.success || errors.length > 0) return { ok: false, errors };
    const { fees, payerIp, bankCode } = parsed.data;
    const fallback =
      input.requestIp !== undefined && isIP(input.requestIp) !== 0 ? input.requestIp : UNKNOWN_IP;
    return {
      ok: true,
      command: new StartPaymentCommand(
        input.department,
        input.caseCode,
        fees,
        payerIp ?? fallback,
        bankCode,
      ),
    };
  }
}
