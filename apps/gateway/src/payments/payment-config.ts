import { z } from 'zod';
import { type ConfigOf, env, variable } from '@hub/config';
import { departmentCode } from '@hub/contracts';
import type { PaymentPlatformOptions } from '@hub/national-adapters';

/** The account a department's fees are paid into (`TKThuHuong`, `MaNHThuHuong`, `TenTKThuHuong`). */
export interface Beneficiary {
  accountNumber: string;
  bankCode: string;
  accountName: string;
}

/**
 * `PAYMENT_BENEFICIARIES=DEPT:account|bankCode|accountName,…`: each department's collecting
 * account. An account name may hold spaces and Vietnamese letters but not `,` or `|` (the list's
 * own separators). Throws an Error whose message names the bad entry.
 */
export function parseBeneficiaries(spec: string): Map<string, Beneficiary> {
  const out = new Map<string, Beneficiary>();
  for (const [i, raw] of spec.split(',').entries()) {
    const part = raw.trim();
    if (part === '') continue;
    const where = `entry ${i + 1}`;
    const sep = part.indexOf(':');
    const department = sep > 0 ? part.slice(0, sep) : '';
    const fields = sep > 0 ? part.slice(sep + 1).split('|') : [];
    const [accountNumber, bankCode, accountName] = fields.map((f) => f.trim());
    if (
      !departmentCode.safeParse(department).success ||
      fields.length !== 3 ||
      !accountNumber ||
      !bankCode ||
      !accountName
    ) {
      throw new Error(
        `${where} must be DEPT:account|bankCode|accountName (e.g. STP:3711.0.1055123|KBNN|Sở Tư pháp Hà Nội)`,
      );
    }
    if (out.has(department)) throw new Error(`${where}: department ${department} is listed twice`);
    if (accountNumber.length > 50 || bankCode.length > 20 || accountName.length > 250) {
      throw new Error(
        `${where}: account at most 50, bank code at most 20, account name at most 250 characters`,
      );
    }
    out.set(department, { accountNumber, bankCode, accountName });
  }
  return out;
}

/**
 * The national payment platform (docs/national-systems.md). Online payment is off while
 * `PAYMENT_PLATFORM_URL` is unset: the payment endpoints then answer 503 PAYMENTS_NOT_CONFIGURED
 * and the QUERY reconciliation does not run, so a deployment without the platform still starts.
 */
export const paymentVariables = {
  PAYMENT_PLATFORM_URL: variable(
    z.url('must be a URL').optional(),
    'the national payment platform: base URL of INIT and QUERY (unset: online payment is off)',
  ),
  PAYMENT_PARTNER_CODE: variable(
    z.string().trim().min(1).max(50, 'must be at most 50 characters').optional(),
    "MaDoiTac, the hub's partner code at the payment platform (required with PAYMENT_PLATFORM_URL)",
  ),
  PAYMENT_SECRET: variable(
    z.string().min(8, 'must be at least 8 characters').optional(),
    'the secret shared with the payment platform; signs every message both ways (required with PAYMENT_PLATFORM_URL)',
    { sensitive: true },
  ),
  PAYMENT_SERVICE_CODE: variable(
    z.string().trim().min(1).max(50).default('1'),
    "MaDichVu on the INIT's receipt: the platform's service code for collecting fees",
  ),
  PAYMENT_BENEFICIARIES: variable(
    z
      .string()
      .default('')
      .superRefine((s, ctx) => {
        try {
          parseBeneficiaries(s);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
        }
      }),
    "each department's collecting account as DEPT:account|bankCode|accountName,… (no , or | in a name); a department without one cannot start payments",
  ),
  PAYMENT_TIMEOUT_MS: variable(env.int(10_000, 100), 'per-call timeout to the payment platform'),
  PAYMENT_BREAKER_RESET_MS: variable(
    env.int(10_000, 100),
    "how long the payment platform's breaker stays open before a trial call",
  ),
  PAYMENT_QUERY_AFTER_MS: variable(
    env.int(300_000, 100),
    'how long a started payment waits for its CONFIRM before the hub asks the platform (QUERY); also the first retry interval',
  ),
  PAYMENT_QUERY_MAX_INTERVAL_MS: variable(
    env.int(3_600_000, 100),
    'longest wait between two QUERYs of a payment still pending (the interval doubles up to it)',
  ),
  PAYMENT_QUERY_POLL_MS: variable(
    env.int(5_000, 50),
    'how often the gateway looks for started payments due a QUERY',
  ),
};

export type PaymentConfig = ConfigOf<typeof paymentVariables>;

/** Cross-variable check: the platform's URL needs the partner code and the secret. */
export function paymentConfigProblems(
  config: PaymentConfig,
): { variable: string; message: string }[] {
  if (config.PAYMENT_PLATFORM_URL === undefined) return [];
  const problems: { variable: string; message: string }[] = [];
  if (config.PAYMENT_PARTNER_CODE === undefined) {
    problems.push({
      variable: 'PAYMENT_PARTNER_CODE',
      message: 'is required when PAYMENT_PLATFORM_URL is set',
    });
  }
  if (config.PAYMENT_SECRET === undefined) {
    problems.push({
      variable: 'PAYMENT_SECRET',
      message: 'is required when PAYMENT_PLATFORM_URL is set',
    });
  }
  return problems;
}

/** What the payment use cases need, read once from the config. */
export interface PaymentSettings {
  partnerCode: string;
  secret: string;
  serviceCode: string;
  beneficiaries: ReadonlyMap<string, Beneficiary>;
  /** Per call to the platform: how long an INIT may still be in flight. */
  initTimeoutMs: number;
  queryAfterMs: number;
  queryMaxIntervalMs: number;
  queryPollMs: number;
}

/** The settings when online payment is configured; undefined when it is off. */
export function paymentSettings(config: PaymentConfig): PaymentSettings | undefined {
  if (
    config.PAYMENT_PLATFORM_URL === undefined ||
    config.PAYMENT_PARTNER_CODE === undefined ||
    config.PAYMENT_SECRET === undefined
  ) {
    return undefined;
  }
  return {
    partnerCode: config.PAYMENT_PARTNER_CODE,
    secret: config.PAYMENT_SECRET,
    serviceCode: config.PAYMENT_SERVICE_CODE,
    beneficiaries: parseBeneficiaries(config.PAYMENT_BENEFICIARIES),
    initTimeoutMs: config.PAYMENT_TIMEOUT_MS,
    queryAfterMs: config.PAYMENT_QUERY_AFTER_MS,
    queryMaxIntervalMs: config.PAYMENT_QUERY_MAX_INTERVAL_MS,
    queryPollMs: config.PAYMENT_QUERY_POLL_MS,
  };
}

/** The adapter's options from those variables (as `registryProfilesOptions` does for registries). */
export function paymentPlatformOptions(config: PaymentConfig): PaymentPlatformOptions | undefined {
  const settings = paymentSettings(config);
  if (settings === undefined || config.PAYMENT_PLATFORM_URL === undefined) return undefined;
  return {
    baseUrl: config.PAYMENT_PLATFORM_URL,
    partnerCode: settings.partnerCode,
    secret: settings.secret,
    timeoutMs: config.PAYMENT_TIMEOUT_MS,
    breaker: { resetTimeoutMs: config.PAYMENT_BREAKER_RESET_MS },
  };
}

export const PAYMENT_SETTINGS = Symbol('PAYMENT_SETTINGS');
export const PAYMENT_PLATFORM = Symbol('PAYMENT_PLATFORM');
