import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '@hub/observability';
import { ApiKeyGuard, type AuthenticatedRequest, RateLimiting } from './api-key.guard';
import { generateDepartmentKey } from './department-key';
import { DepartmentKeyVerifier, type StoredDepartmentKey } from './department-key-verifier';
import { ApiKeyring } from './keyring';
import { RateLimitPolicy, TokenBucketLimiter } from './token-bucket';

function context(authorization?: string): {
  ctx: ExecutionContext;
  req: AuthenticatedRequest;
  headers: Record<string, string>;
} {
  const req = { headers: authorization ? { authorization } : {} } as AuthenticatedRequest;
  const headers: Record<string, string> = {};
  const res = { set: (h: Record<string, string>) => Object.assign(headers, h) };
  const ctx = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { ctx, req, headers };
}

async function problemOf(p: Promise<unknown>): Promise<ProblemException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProblemException) return e;
    throw e;
  }
  throw new Error('expected a problem');
}

describe('ApiKeyGuard', () => {
  const now = 1_000_000;
  const ring = ApiKeyring.parse('STP:env-key-for-stp', 'HUB_API_KEYS');
  const dbKey = generateDepartmentKey();
  const rows = new Map<string, StoredDepartmentKey>([
    [
      dbKey.keyId,
      {
        keyId: dbKey.keyId,
        department: 'SXD',
        secretHash: dbKey.secretHash,
        expiresAt: null,
        revokedAt: null,
        rateLimit: { perSecond: 1, burst: 2 },
      },
    ],
  ]);
  let storeDown = false;
  const store = {
    findByKeyId: (keyId: string) =>
      storeDown ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve(rows.get(keyId)),
  };
  const guard = () =>
    new ApiKeyGuard(
      ring,
      new DepartmentKeyVerifier(store, { ttlMs: 5000, now: () => now }),
      new RateLimiting(
        new TokenBucketLimiter(() => now),
        new RateLimitPolicy({ perSecond: 10, burst: 20 }),
      ),
    );

  beforeEach(() => {
    storeDown = false;
  });

  it('lets an env key through as its department, with rate limit headers', async () => {
    const { ctx, req, headers } = context('Bearer env-key-for-stp');
    expect(await guard().canActivate(ctx)).toBe(true);
    expect(req.principal).toBe('STP');
    expect(req.keyId).toBe('env:STP:0');
    expect(headers).toEqual({
      'RateLimit-Limit': '20',
      'RateLimit-Remaining': '19',
      'RateLimit-Reset': '1',
    });
  });

  it('lets a database key through as its department', async () => {
    const { ctx, req } = context(`Bearer ${dbKey.key}`);
    expect(await guard().canActivate(ctx)).toBe(true);
    expect(req.principal).toBe('SXD');
    expect(req.keyId).toBe(dbKey.keyId);
  });

  it.each([undefined, 'Bearer nope-nope-nope', `Bearer ${generateDepartmentKey().key}`])(
    'answers 401 for %p',
    async (header) => {
      const problem = await problemOf(guard().canActivate(context(header).ctx));
      expect(problem.status).toBe(401);
      expect(problem.code).toBe('UNAUTHENTICATED');
      expect(problem.headers['WWW-Authenticate']).toContain('Bearer');
    },
  );

  it('answers 429 RATE_LIMITED with Retry-After once the key has spent its burst', async () => {
    const g = guard();
    await g.canActivate(context(`Bearer ${dbKey.key}`).ctx);
    await g.canActivate(context(`Bearer ${dbKey.key}`).ctx);
    const problem = await problemOf(g.canActivate(context(`Bearer ${dbKey.key}`).ctx));
    expect(problem.status).toBe(429);
    expect(problem.code).toBe('RATE_LIMITED');
    expect(problem.headers).toMatchObject({
      'Retry-After': '1',
      'RateLimit-Limit': '2',
      'RateLimit-Remaining': '0',
    });
    // Another key's bucket is untouched.
    expect(await g.canActivate(context('Bearer env-key-for-stp').ctx)).toBe(true);
  });

  it('answers 503 with Retry-After when the key store cannot be reached', async () => {
    storeDown = true;
    const problem = await problemOf(guard().canActivate(context(`Bearer ${dbKey.key}`).ctx));
    expect(problem.status).toBe(503);
    expect(problem.headers['Retry-After']).toBe('5');
  });

  it('without a verifier (ops) knows only the env keys and limits nothing', async () => {
    const plain = new ApiKeyGuard(ring);
    const { ctx, headers } = context('Bearer env-key-for-stp');
    expect(await plain.canActivate(ctx)).toBe(true);
    expect(headers).toEqual({});
    expect((await problemOf(plain.canActivate(context(`Bearer ${dbKey.key}`).ctx))).status).toBe(
      401,
    );
  });
});
