import { RotateDepartmentKeyCommand } from './rotate-department-key.command';

describe('RotateDepartmentKeyCommand', () => {
  it('takes the overlap from the body, else the configured default', () => {
    const given = RotateDepartmentKeyCommand.create('admin', 'abc', { overlapSeconds: 60 }, 86_400);
    const fallback = RotateDepartmentKeyCommand.create('admin', 'abc', undefined, 86_400);
    expect(given.ok && given.command.overlapSeconds).toBe(60);
    expect(fallback.ok && fallback.command.overlapSeconds).toBe(86_400);
  });

  it.each([-1, 1.5, 30 * 24 * 3600 + 1, '60'])('refuses overlapSeconds %p', (overlapSeconds) => {
    const built = RotateDepartmentKeyCommand.create('admin', 'abc', { overlapSeconds }, 60);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.errors[0].path).toBe('overlapSeconds');
  });
});
