import { CreateDepartmentKeyCommand } from './create-department-key.command';

describe('CreateDepartmentKeyCommand', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  const departments = { has: (d: string) => ['STP', 'SXD'].includes(d), names: ['STP', 'SXD'] };

  it('builds from a valid body, trimming the label', () => {
    const built = CreateDepartmentKeyCommand.create(
      'admin',
      {
        department: 'STP',
        label: '  STP system ',
        expiresAt: '2027-01-01T00:00:00+07:00',
        rateLimit: { perSecond: 2.5, burst: 10 },
      },
      now,
      departments,
    );
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    expect(built.command).toMatchObject({
      actor: 'admin',
      department: 'STP',
      label: 'STP system',
      expiresAt: new Date('2026-12-31T17:00:00Z'),
      rateLimit: { perSecond: 2.5, burst: 10 },
    });
  });

  it('names every bad field', () => {
    const built = CreateDepartmentKeyCommand.create(
      'admin',
      { department: 'S T P', rateLimit: { perSecond: -1, burst: 0 }, key: 'mine' },
      now,
      departments,
    );
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors.map((e) => e.path).sort()).toEqual(
      ['department', 'key', 'label', 'rateLimit.burst', 'rateLimit.perSecond'].sort(),
    );
    expect(built.errors.find((e) => e.path === 'label')?.message).toBe('is required');
  });

  it('refuses a label Postgres cannot store (NUL, lone surrogate), naming it: not a 500', () => {
    for (const label of ['STP\u0000system', 'STP \ud800 system']) {
      const built = CreateDepartmentKeyCommand.create(
        'admin',
        { department: 'STP', label },
        now,
        departments,
      );
      expect(built).toEqual({
        ok: false,
        errors: [{ path: 'label', message: expect.stringMatching(/^must not contain/) as string }],
      });
    }
  });

  it('refuses an expiry in the past and a body that is not an object', () => {
    const past = CreateDepartmentKeyCommand.create(
      'admin',
      { department: 'STP', label: 'x', expiresAt: '2026-11-22T09:59:59Z' },
      now,
      departments,
    );
    expect(past).toEqual({
      ok: false,
      errors: [{ path: 'expiresAt', message: 'must be in the future' }],
    });
    const notObject = CreateDepartmentKeyCommand.create('admin', [1], now, departments);
    expect(notObject.ok).toBe(false);
  });

  it('refuses a department the hub is not configured for, naming the field', () => {
    const built = CreateDepartmentKeyCommand.create(
      'admin',
      { department: 'SYT', label: 'x' },
      now,
      departments,
    );
    expect(built).toEqual({
      ok: false,
      errors: [{ path: 'department', message: 'is not a configured department (STP, SXD)' }],
    });
  });
});
