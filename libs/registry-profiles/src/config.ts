import { z } from 'zod';
import { env, variable } from '@hub/config';
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
};
