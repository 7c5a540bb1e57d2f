import { z } from 'zod';
import { type ConfigOf, env, variable } from '@hub/config';
import type { RegistryProfilesOptions } from './registry-profiles.module';
import { base64KeyProblem } from './subject-protector';

const key = (bytes: number, exact: boolean) =>
  z.string().superRefine((s, ctx) => {
    const problem = base64KeyProblem(s, bytes, exact);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Variables shared by every app that reads or writes verified profiles (gateway, once-only). */
export const registryProfileVariables = {
  PII_ENCRYPTION_KEY: variable(
    key(32, true),
    'AES-256-GCM key for personal IDs and registry records at rest, base64 of 32 bytes',
    { sensitive: true },
  ),
  PII_HASH_KEY: variable(
    key(32, false),
    'HMAC-SHA256 key for personal ID lookup hashes, base64 of ≥ 32 bytes (not the encryption key)',
    { sensitive: true },
  ),
  PROFILE_FRESHNESS_MS: variable(
    env.int(24 * 3600_000, 1000),
    'how long a verified profile is served without asking the registry again',
  ),
  POPULATION_URL: variable(z.url('must be a URL'), 'national population database lookup base URL'),
  BUSINESS_URL: variable(z.url('must be a URL'), 'national business registry base URL'),
  REGISTRY_TIMEOUT_MS: variable(env.int(5000, 100), 'per-call timeout to a registry'),
  REGISTRY_OFFICIAL_CODE: variable(
    z.string().min(1).default('HUB-SYSTEM'),
    'MaCanBo sent with the hub’s own lookups',
  ),
  REGISTRY_BREAKER_RESET_MS: variable(
    env.int(10_000, 100),
    'how long a registry breaker stays open before a trial call',
  ),
  RESULTS_STORE_URL: variable(
    z.url('must be a URL'),
    "the portal's national store of digitised results: base URL (once-only registers results, prefill looks them up)",
  ),
  RESULTS_STORE_CALLER_CODE: variable(
    z.string().min(1).default('000.00.00.H26'),
    "the hub's agency code at the results store (MaDonVi on registrations)",
  ),
  RESULTS_STORE_REQUESTER_NAME: variable(
    z.string().min(1).default('Hệ thống liên thông Hà Nội'),
    'HoTenNguoiYeuCau on lookups (the requester is REGISTRY_OFFICIAL_CODE)',
  ),
  RESULTS_STORE_TIMEOUT_MS: variable(env.int(5000, 100), 'per-call timeout to the results store'),
  RESULTS_STORE_BREAKER_RESET_MS: variable(
    env.int(10_000, 100),
    "how long the results store's breaker stays open before a trial call",
  ),
};

export type RegistryProfileConfig = ConfigOf<typeof registryProfileVariables>;

/**
 * The module's options from those variables, the same in every app; `maxSockets` bounds each
 * adapter's keep-alive sockets (an app with many calls in flight wants more).
 */
export function registryProfilesOptions(
  config: RegistryProfileConfig,
  maxSockets?: number,
): RegistryProfilesOptions {
  const adapter = (baseUrl: string, timeoutMs: number, resetTimeoutMs: number) => ({
    baseUrl,
    timeoutMs,
    ...(maxSockets ? { maxSockets } : {}),
    breaker: { resetTimeoutMs },
  });
  const registry = (baseUrl: string) =>
    adapter(baseUrl, config.REGISTRY_TIMEOUT_MS, config.REGISTRY_BREAKER_RESET_MS);
  return {
    encryptionKey: config.PII_ENCRYPTION_KEY,
    hashKey: config.PII_HASH_KEY,
    freshnessMs: config.PROFILE_FRESHNESS_MS,
    officialCode: config.REGISTRY_OFFICIAL_CODE,
    population: registry(config.POPULATION_URL),
    business: registry(config.BUSINESS_URL),
    resultsStore: {
      ...adapter(
        config.RESULTS_STORE_URL,
        config.RESULTS_STORE_TIMEOUT_MS,
        config.RESULTS_STORE_BREAKER_RESET_MS,
      ),
      callerCode: config.RESULTS_STORE_CALLER_CODE,
    },
  };
}
