import {
  DepartmentKeyVerifier,
  departmentKeyState,
  generateDepartmentKey,
  hashDepartmentKey,
  rotatedKeyExpiry,
} from '@hub/auth';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import { createDataSource, queryRows, runMigrations } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { AdminAuditRepository, DepartmentKeyRepository } from './department-key.repository';

jest.setTimeout(30_000);

describe('DepartmentKeyRepository (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let keys: DepartmentKeyRepository;
  let audit: AdminAuditRepository;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 5 });
    await ds.initialize();
    keys = new DepartmentKeyRepository(ds);
    audit = new AdminAuditRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE department_keys, admin_audit_log');
  });

  async function create(
    department = 'STP',
    rateLimit: { perSecond: number; burst: number } | null = null,
  ) {
    const k = generateDepartmentKey();
    const row = await keys.create(
      {
        keyId: k.keyId,
        department,
        label: `${department} case system`,
        secretHash: k.secretHash,
        rateLimit,
        expiresAt: null,
      },
      'admin',
    );
    return { ...k, row };
  }

  const rotate = (keyId: string, overlapSeconds: number, now = Date.now()) =>
    keys.rotate({
      keyId,
      successor: generateDepartmentKey(),
      expiryOf: (current) => rotatedKeyExpiry(current, now, overlapSeconds),
      isActive: (k) => departmentKeyState(k, now) === 'active',
      actor: 'admin',
      overlapSeconds,
    });

  it('stores only the hash of a key, and finds it by key id', async () => {
    const { keyId, key, row } = await create('SXD', { perSecond: 2.5, burst: 5 });
    expect(row).toMatchObject({ keyId, department: 'SXD', createdBy: 'admin', revokedAt: null });
    const found = await keys.findByKeyId(keyId);
    expect(found?.secretHash.equals(hashDepartmentKey(key))).toBe(true);
    expect(found?.rateLimit).toEqual({ perSecond: 2.5, burst: 5 });
    const [stored] = await queryRows<Record<string, unknown>>(ds, 'SELECT * FROM department_keys');
    expect(JSON.stringify(stored)).not.toContain(key.slice(17));
    expect(await keys.findByKeyId('000000000000')).toBeUndefined();
  });

  it('rotates: a successor with the same department, label and limit; the old one ends after the overlap', async () => {
    const old = await create('STP', { perSecond: 1, burst: 2 });
    const now = Date.now();
    const result = await rotate(old.keyId, 600, now);
    if (result.kind !== 'rotated') throw new Error(result.kind);
    expect(result.previous.expiresAt?.getTime()).toBe(now + 600_000);
    expect(result.previous.rotatedTo).toBe(result.current.keyId);
    expect(result.current).toMatchObject({
      department: 'STP',
      label: 'STP case system',
      rateLimit: { perSecond: 1, burst: 2 },
      rotatedFrom: old.keyId,
      expiresAt: null,
    });
    // A key is handed over once; its successor can be rotated in turn.
    expect((await rotate(old.keyId, 600)).kind).toBe('already-rotated');
    expect((await rotate(result.current.keyId, 600)).kind).toBe('rotated');
    expect((await rotate('000000000000', 600)).kind).toBe('not-found');
  });

  it('gives the successor the end date of a key made to expire', async () => {
    const k = generateDepartmentKey();
    const end = new Date(Date.now() + 86_400_000);
    await keys.create(
      {
        keyId: k.keyId,
        department: 'STP',
        label: 'contractor',
        secretHash: k.secretHash,
        rateLimit: null,
        expiresAt: end,
      },
      'admin',
    );
    const result = await rotate(k.keyId, 60);
    if (result.kind !== 'rotated') throw new Error(result.kind);
    expect(result.current.expiresAt?.getTime()).toBe(end.getTime());
    expect(result.previous.expiresAt!.getTime()).toBeLessThan(end.getTime());
  });

  it('does not rotate a revoked or expired key', async () => {
    const a = await create();
    await keys.revoke(a.keyId, 'admin', null);
    expect((await rotate(a.keyId, 60)).kind).toBe('inactive');
    const b = await create();
    await rotate(b.keyId, 0);
    const c = await keys.findByKeyId(b.keyId);
    expect(departmentKeyState(c!, Date.now())).toBe('expired');
  });

  it('lets only one of two concurrent rotations hand the key over', async () => {
    const { keyId } = await create();
    const results = await Promise.all([rotate(keyId, 60), rotate(keyId, 60)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already-rotated', 'rotated']);
    const [{ count }] = await queryRows<{ count: string }>(
      ds,
      `SELECT count(*) FROM department_keys WHERE rotated_from = $1`,
      [keyId],
    );
    expect(Number(count)).toBe(1);
  });

  it('revokes at once and is idempotent', async () => {
    const { keyId } = await create();
    const first = await keys.revoke(keyId, 'alice', 'leaked in a ticket');
    expect(first?.alreadyRevoked).toBe(false);
    expect(first?.key.revokedBy).toBe('alice');
    const second = await keys.revoke(keyId, 'bob', null);
    expect(second?.alreadyRevoked).toBe(true);
    expect(second?.key.revokedBy).toBe('alice');
    expect(await keys.revoke('000000000000', 'bob', null)).toBeUndefined();
  });

  it('sets and clears a rate limit override', async () => {
    const { keyId } = await create();
    expect(
      (await keys.update(keyId, { rateLimit: { perSecond: 3, burst: 6 } }, 'admin'))?.rateLimit,
    ).toEqual({
      perSecond: 3,
      burst: 6,
    });
    const relabelled = await keys.update(keyId, { label: 'new label' }, 'admin');
    expect(relabelled).toMatchObject({ label: 'new label', rateLimit: { perSecond: 3, burst: 6 } });
    expect((await keys.update(keyId, { rateLimit: null }, 'admin'))?.rateLimit).toBeNull();
    expect(await keys.update('000000000000', { label: 'x' }, 'admin')).toBeUndefined();
  });

  it('audits every change with actor, action, target and no secret, newest first', async () => {
    const { keyId, key } = await create('SYT');
    const rotated = await rotate(keyId, 60);
    if (rotated.kind !== 'rotated') throw new Error(rotated.kind);
    await keys.update(rotated.current.keyId, { rateLimit: { perSecond: 1, burst: 1 } }, 'admin');
    await keys.revoke(rotated.current.keyId, 'admin', 'test');
    const entries = await audit.list({ limit: 10, offset: 0 });
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ['key.revoked', rotated.current.keyId],
      ['key.updated', rotated.current.keyId],
      ['key.rotated', keyId],
      ['key.created', keyId],
    ]);
    expect(entries.every((e) => e.actor === 'admin' && e.at instanceof Date)).toBe(true);
    expect(entries[2].details).toMatchObject({
      successorKeyId: rotated.current.keyId,
      overlapSeconds: 60,
    });
    expect(JSON.stringify(entries)).not.toContain(key.slice(17));
    expect(await audit.list({ target: keyId, limit: 10, offset: 0 })).toHaveLength(2);
    expect(await audit.list({ action: 'key.created', limit: 10, offset: 0 })).toHaveLength(1);
    expect(await audit.list({ limit: 1, offset: 1 })).toEqual([entries[1]]);
  });

  it('feeds the verifier: cached for the TTL, revocation seen once it passes, overlap exact', async () => {
    let now = Date.now();
    const verifier = new DepartmentKeyVerifier(keys, { ttlMs: 5000, now: () => now });
    const a = await create('STP');
    expect(await verifier.verify(a.key)).toMatchObject({ keyId: a.keyId, department: 'STP' });

    // Revoked in Postgres (e.g. by another replica): this replica's cache still has the row…
    await keys.revoke(a.keyId, 'admin', null);
    expect(await verifier.verify(a.key)).toBeDefined();
    now += 5000;
    // …until the TTL runs out: then the revocation is read.
    expect(await verifier.verify(a.key)).toBeUndefined();

    const b = await create('STP');
    expect(await verifier.verify(b.key)).toBeDefined();
    const rotated = await keys.rotate({
      keyId: b.keyId,
      successor: generateDepartmentKey(),
      expiryOf: (current) => rotatedKeyExpiry(current, now, 30),
      isActive: () => true,
      actor: 'admin',
      overlapSeconds: 30,
    });
    if (rotated.kind !== 'rotated') throw new Error(rotated.kind);
    now += 5000; // cache refreshed: the row now carries the overlap's end
    expect(await verifier.verify(b.key)).toBeDefined();
    now = rotated.previous.expiresAt!.getTime() - 1;
    expect(await verifier.verify(b.key)).toBeDefined();
    now += 1;
    expect(await verifier.verify(b.key)).toBeUndefined();
  });
});
