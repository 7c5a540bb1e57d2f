import { exampleCase, type CaseEventInput } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { waitFor } from '@hub/testing';
import type { AcceptResult, ProblemBody } from './hub-client';

/**
 * Department keys end to end: two gateway replicas (processes) on one Postgres; keys issued,
 * rotated and revoked through the admin API on one replica and used on both.
 */
jest.setTimeout(300_000);

const CACHE_TTL_MS = 5000;

interface KeyView {
  keyId: string;
  prefix: string;
  department: string;
  label: string;
  state: string;
  expiresAt: string | null;
  revokedAt: string | null;
  rotatedTo: string | null;
  rateLimit: { perSecond: number; burst: number; source: string };
}
type IssuedKey = KeyView & { key: string };

interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

async function request<T>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: res.headers,
  };
}

let stack: Stack;
let replicaA: string;
let replicaB: string;
let caseNumber = 0;

const admin = <T>(path: string, method = 'GET', body?: unknown, key = stack.keys.admin) =>
  request<T>(`${replicaA}/v1/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });

async function issue(body: Record<string, unknown>): Promise<IssuedKey> {
  const res = await admin<IssuedKey>('/keys', 'POST', body);
  if (res.status !== 201)
    throw new Error(`create answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A fresh case's first event, so every post is a new accepted event. */
function nextEvent(department = 'STP'): { caseCode: string; event: CaseEventInput } {
  caseNumber += 1;
  const c = exampleCase({ department, day: '261120', number: caseNumber });
  return { caseCode: c.caseCode, event: c.events[0] };
}

function post(base: string, key: string, event: CaseEventInput) {
  return request<AcceptResult | ProblemBody>(`${base}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify(event),
  });
}

const postStatus = async (base: string, key: string): Promise<number> =>
  (await post(base, key, nextEvent().event)).status;

beforeAll(async () => {
  stack = await startStack({
    ports: 'ephemeral',
    apps: ['gateway'],
    replicas: { gateway: 2 },
    env: { gateway: { KEY_CACHE_TTL_MS: String(CACHE_TTL_MS) } },
  });
  [replicaA, replicaB] = stack.apps.gateway.map((app) => app.url);
});

afterAll(async () => {
  await stack?.stop();
});

describe('department keys', () => {
  it('1. a key created through the admin API posts events on every replica; the list never shows it', async () => {
    const issued = await issue({ department: 'STP', label: 'STP one-stop system' });
    expect(issued.key).toMatch(new RegExp(`^${issued.prefix}[0-9a-f]{64}$`));
    expect(issued).toMatchObject({
      department: 'STP',
      state: 'active',
      rateLimit: { source: 'default' },
    });
    for (const base of [replicaA, replicaB]) {
      const { event } = nextEvent();
      const res = await post(base, issued.key, event);
      expect(res.status).toBe(202);
      expect((res.body as AcceptResult).accepted).toBe(1);
      expect(res.headers.get('ratelimit-limit')).toBe('200');
    }
    // A department key only speaks for its department.
    const foreign = await post(replicaA, issued.key, nextEvent('SXD').event);
    expect(foreign.status).toBe(403);

    const list = await admin<{ items: KeyView[] }>('/keys?department=STP');
    expect(list.status).toBe(200);
    expect(list.body.items.map((k) => k.keyId)).toContain(issued.keyId);
    const secret = issued.key.slice(issued.prefix.length);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify((await admin(`/keys/${issued.keyId}`)).body)).not.toContain(secret);
    // The env list keeps working beside the database keys.
    expect(await postStatus(replicaB, stack.keys.departments.STP)).toBe(202);
  });

  it('2. a rotated key works on both replicas through the overlap and is refused (401) after it', async () => {
    const old = await issue({ department: 'STP', label: 'rotation' });
    expect(await postStatus(replicaB, old.key)).toBe(202); // replica B caches the old row

    const rotated = await admin<IssuedKey & { previous: KeyView }>(
      `/keys/${old.keyId}/rotate`,
      'POST',
      { overlapSeconds: 20 },
    );
    expect(rotated.status).toBe(201);
    const successor = rotated.body;
    expect(successor.keyId).not.toBe(old.keyId);
    expect(successor.previous).toMatchObject({
      keyId: old.keyId,
      rotatedTo: successor.keyId,
      state: 'active',
    });
    const overlapEnd = Date.parse(successor.previous.expiresAt ?? '');
    expect(overlapEnd).toBeGreaterThan(Date.now());

    for (const base of [replicaA, replicaB]) {
      expect(await postStatus(base, successor.key)).toBe(202);
      expect(await postStatus(base, old.key)).toBe(202);
    }
    // A rotated key is handed over once.
    const again = await admin<ProblemBody>(`/keys/${old.keyId}/rotate`, 'POST', {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('KEY_ALREADY_ROTATED');

    await waitFor('the overlap to end', () => Date.now() > overlapEnd + 100, 60_000, 200);
    for (const base of [replicaA, replicaB]) {
      const refused = await post(base, old.key, nextEvent().event);
      expect(refused.status).toBe(401);
      expect((refused.body as ProblemBody).code).toBe('UNAUTHENTICATED');
      expect(await postStatus(base, successor.key)).toBe(202);
    }
    const listed = await admin<KeyView>(`/keys/${old.keyId}`);
    expect(listed.body.state).toBe('expired');
  });

  it(`3. a revoked key is refused on every replica within the cache TTL (${CACHE_TTL_MS} ms)`, async () => {
    const issued = await issue({ department: 'STP', label: 'to revoke' });
    for (const base of [replicaA, replicaB]) expect(await postStatus(base, issued.key)).toBe(202);

    const revoked = await admin<KeyView>(`/keys/${issued.keyId}/revoke`, 'POST', {
      reason: 'test',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('revoked');
    const revokedAt = Date.now();
    // The replica that revoked it forgets it at once.
    expect(await postStatus(replicaA, issued.key)).toBe(401);
    // The other one within the TTL (a deadline with room for a loaded machine, not a timing claim).
    await waitFor(
      'replica B to refuse the revoked key',
      async () => (await postStatus(replicaB, issued.key)) === 401,
      CACHE_TTL_MS + 15_000,
      200,
    );
    process.stdout.write(
      `revocation seen by the other replica after ${Date.now() - revokedAt} ms\n`,
    );
    expect(await postStatus(replicaB, issued.key)).toBe(401);
  });

  it('4. past its rate limit a key gets 429 with Retry-After, and the refused request stores nothing', async () => {
    const issued = await issue({
      department: 'STP',
      label: 'rate limited',
      rateLimit: { perSecond: 0.05, burst: 2 },
    });
    expect(issued.rateLimit).toEqual({ perSecond: 0.05, burst: 2, source: 'key' });
    expect(await postStatus(replicaA, issued.key)).toBe(202);
    expect(await postStatus(replicaA, issued.key)).toBe(202);

    const { caseCode, event } = nextEvent();
    const refused = await post(replicaA, issued.key, event);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((refused.body as ProblemBody).code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    // Nothing was stored: the department's other key does not find the case.
    const lookup = await request(`${replicaA}/v1/cases/${caseCode}`, {
      headers: { authorization: `Bearer ${stack.keys.departments.STP}` },
    });
    expect(lookup.status).toBe(404);

    // Lifting the override (back to the default) lets the key through on this replica.
    const updated = await admin<KeyView>(`/keys/${issued.keyId}`, 'PATCH', { rateLimit: null });
    expect(updated.body.rateLimit.source).toBe('default');
    expect((await post(replicaA, issued.key, event)).status).toBe(202);
  });

  it('5. every admin change is in the audit list, with the actor and without secrets', async () => {
    const res = await admin<{
      items: { actor: string; action: string; target: string; details: Record<string, unknown> }[];
    }>('/audit?limit=100');
    expect(res.status).toBe(200);
    const actions = new Set(res.body.items.map((e) => e.action));
    for (const action of ['key.created', 'key.rotated', 'key.revoked', 'key.updated']) {
      expect(actions).toContain(action);
    }
    expect(res.body.items.every((e) => e.actor === 'admin')).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/lth_[0-9a-f]{12}_[0-9a-f]{64}/);
    const created = await admin<{ items: unknown[] }>('/audit?action=key.created');
    expect(created.body.items.length).toBeGreaterThanOrEqual(4);
  });

  it('6. admin routes refuse department keys and missing keys; event routes refuse the admin key', async () => {
    const departmentKey = await issue({ department: 'SXD', label: 'not an admin' });
    for (const key of [departmentKey.key, stack.keys.departments.STP, 'not-a-key']) {
      const res = await admin<ProblemBody>('/keys', 'GET', undefined, key);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const none = await request<ProblemBody>(`${replicaA}/v1/admin/audit`);
    expect(none.status).toBe(401);
    expect(await postStatus(replicaA, stack.keys.admin)).toBe(401);
  });

  it('7. bad admin input is a 400 naming each field; unknown key ids are 404', async () => {
    const bad = await admin<ProblemBody>('/keys', 'POST', {
      department: 'not a code',
      label: '',
      rateLimit: { perSecond: 0, burst: 1.5 },
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.code).toBe('INVALID_REQUEST');
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(
      ['department', 'extra', 'label', 'rateLimit.burst', 'rateLimit.perSecond'].sort(),
    );
    const overlap = await admin<ProblemBody>(`/keys/${'0'.repeat(12)}/rotate`, 'POST', {
      overlapSeconds: -1,
    });
    expect(overlap.status).toBe(400);
    expect(overlap.body.errors?.[0].path).toBe('overlapSeconds');
    for (const [path, method] of [
      [`/keys/${'0'.repeat(12)}/rotate`, 'POST'],
      [`/keys/${'0'.repeat(12)}/revoke`, 'POST'],
      [`/keys/${'0'.repeat(12)}`, 'GET'],
      ['/keys/not-a-key-id/revoke', 'POST'],
    ] as const) {
      const res = await admin<ProblemBody>(path, method);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('KEY_NOT_FOUND');
    }
    const audit = await admin<ProblemBody>('/audit?limit=-1');
    expect(audit.status).toBe(400);
    expect(audit.body.errors?.[0].path).toBe('query.limit');
  });
});
