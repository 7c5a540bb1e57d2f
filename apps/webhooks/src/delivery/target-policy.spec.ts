import { isPublicAddress, TargetPolicy, type Resolver } from './target-policy';

const resolverOf =
  (table: Record<string, string[]>): Resolver =>
  (host) =>
    table[host] ? Promise.resolve(table[host]) : Promise.reject(new Error('ENOTFOUND'));

const dns = resolverOf({
  'hooks.partner.vn': ['203.113.10.5'],
  'api.sub.partner.vn': ['203.113.10.6'],
  'evil.partner.vn': ['169.254.169.254'],
  'mixed.partner.vn': ['203.113.10.7', '10.0.0.8'],
  'internal.city.vn': ['10.20.0.5'],
  localhost: ['127.0.0.1', '::1'],
});

describe('TargetPolicy', () => {
  it('knows which addresses are not public', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ])
      expect([ip, isPublicAddress(ip)]).toEqual([ip, false]);
    for (const ip of ['203.113.10.5', '8.8.8.8', '2001:4860:4860::8888'])
      expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
  });

  it('accepts an allow-listed public host and refuses hosts not on the list', async () => {
    const policy = new TargetPolicy('hooks.partner.vn,*.sub.partner.vn', false, dns);
    expect(await policy.check('https://hooks.partner.vn/in')).toMatchObject({ ok: true });
    expect(await policy.check('https://api.sub.partner.vn/in')).toMatchObject({ ok: true });
    expect(await policy.check('https://sub.partner.vn.attacker.com/in')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not in WEBHOOK_ALLOWED_TARGETS') as unknown,
    });
    expect(await policy.check('https://other.vn/')).toMatchObject({ ok: false });
  });

  it('refuses a listed name that resolves to a private, loopback or metadata address', async () => {
    const policy = new TargetPolicy('*', false, dns);
    for (const url of [
      'https://evil.partner.vn/',
      'https://mixed.partner.vn/',
      'https://internal.city.vn/',
      'https://localhost/',
      'https://127.0.0.1/',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/',
    ]) {
      expect([url, (await policy.check(url)).ok]).toEqual([url, false]);
    }
  });

  it('allows a private address only when the list names it as an IP or CIDR', async () => {
    const policy = new TargetPolicy('*,127.0.0.1,10.20.0.0/16', true, dns);
    expect(await policy.check('http://127.0.0.1:4100/hook')).toMatchObject({ ok: true });
    expect(await policy.check('https://internal.city.vn/')).toMatchObject({ ok: true });
    // localhost also resolves to ::1, which is not listed.
    expect(await policy.check('http://localhost:4100/')).toMatchObject({ ok: false });
    expect(await policy.check('http://127.0.0.2/')).toMatchObject({ ok: false });
  });

  it('requires https unless http is allowed, and refuses credentials and garbage', async () => {
    const strict = new TargetPolicy('*', false, dns);
    expect(await strict.check('http://hooks.partner.vn/')).toEqual({
      ok: false,
      reason: 'must use https',
    });
    expect(await strict.check('ftp://hooks.partner.vn/')).toMatchObject({ ok: false });
    expect(await strict.check('https://u:p@hooks.partner.vn/')).toMatchObject({ ok: false });
    expect(await strict.check('not a url')).toMatchObject({ ok: false });
    expect(await strict.check('https://unknown.example/')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not resolve') as unknown,
    });
  });

  it("resolves a delivery's connection only to addresses the policy allows", async () => {
    const policy = new TargetPolicy('*,10.20.0.0/16', false, dns);
    const lookup = (host: string, all: boolean) =>
      new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) =>
        policy.lookup(host, { all }, (err, address, family) => resolve({ err, address, family })),
      );
    expect(await lookup('hooks.partner.vn', false)).toEqual({
      err: null,
      address: '203.113.10.5',
      family: 4,
    });
    expect((await lookup('internal.city.vn', true)).address).toEqual([
      { address: '10.20.0.5', family: 4 },
    ]);
    for (const host of ['evil.partner.vn', 'mixed.partner.vn', 'localhost', 'nowhere.vn']) {
      const { err } = await lookup(host, true);
      expect(err).toMatchObject({ name: 'TargetRefusedError', code: 'TARGET_REFUSED' });
      expect(err?.message).toContain(`host ${host}`);
    }
  });

  it('validates allow-list syntax for the config check', () => {
    expect(TargetPolicy.problemWith('*,hooks.partner.vn,*.city.vn,10.0.0.0/8,::1')).toBeUndefined();
    expect(TargetPolicy.problemWith('10.0.0.0/40')).toMatch(/prefix/);
    expect(TargetPolicy.problemWith('https://x.vn')).toMatch(/neither/);
    expect(TargetPolicy.problemWith('a.*.vn')).toMatch(/neither/);
  });
});
