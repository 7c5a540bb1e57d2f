import { type ConfigOf, env, variable } from '@hub/config';
import { z } from 'zod';

/** `user:password` pairs; a password may itself contain ':' (only the first one splits). */
const credentials = z
  .string()
  .default('hanoi-hub:demo-secret')
  .transform((raw, ctx): ReadonlyMap<string, string> => {
    const accounts = new Map<string, string>();
    const pairs = raw
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    for (const pair of pairs) {
      const colon = pair.indexOf(':');
      if (colon <= 0 || colon === pair.length - 1) {
        // Never quote the pair: it holds a password.
        ctx.addIssue({ code: 'custom', message: 'each entry must be user:password' });
        return z.NEVER;
      }
      accounts.set(pair.slice(0, colon), pair.slice(colon + 1));
    }
    if (accounts.size === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one user:password is needed' });
      return z.NEVER;
    }
    return accounts;
  });

export const mockPortalConfigSpec = {
  MOCK_PORTAL_PORT: variable(env.port(4001), 'HTTP port of the mock national portal (DVCQG)'),
  MOCK_PORTAL_HOST: variable(
    z.string().min(1).default('127.0.0.1'),
    'Interface to listen on; loopback unless a container needs 0.0.0.0',
  ),
  MOCK_PORTAL_USERS: variable(
    credentials,
    'Comma-separated user:password pairs the mock accepts at login',
    { sensitive: true },
  ),
  MOCK_PORTAL_SESSION_TTL_MS: variable(
    env.int(1_800_000, 1),
    'How long a login session stays valid, in milliseconds',
  ),
  MOCK_PORTAL_CATALOG_FILE: variable(
    z.string().optional(),
    'JSON file with the procedures and agencies the catalog services answer (relative paths from ' +
      'the working directory; default: apps/mock-portal/config/catalog.json found above the running code)',
  ),
};

export type MockPortalConfig = ConfigOf<typeof mockPortalConfigSpec>;

export const MOCK_PORTAL_CONFIG = Symbol('MOCK_PORTAL_CONFIG');
