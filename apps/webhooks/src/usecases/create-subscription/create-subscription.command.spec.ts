import { CreateSubscriptionCommand } from './create-subscription.command';

describe('CreateSubscriptionCommand', () => {
  it('applies defaults: every event type, every department, structured mode', () => {
    const built = CreateSubscriptionCommand.create('admin', { url: 'https://hooks.partner.vn/' });
    expect(built).toMatchObject({
      ok: true,
      command: { actor: 'admin', eventTypes: [], departments: [], contentMode: 'structured' },
    });
  });

  it('names every bad field', () => {
    const built = CreateSubscriptionCommand.create('admin', {
      eventTypes: ['case.received', 'case.deleted'],
      departments: ['S T P'],
      contentMode: 'xml',
      colour: 'blue',
    });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors.map((e) => e.path).sort()).toEqual(
      ['colour', 'contentMode', 'departments[0]', 'eventTypes[1]', 'url'].sort(),
    );
    expect(built.errors.find((e) => e.path === 'url')?.message).toBe('is required');
  });

  it('refuses a body that is not an object', () => {
    expect(CreateSubscriptionCommand.create('admin', [])).toEqual({
      ok: false,
      errors: [{ path: '(root)', message: 'must be a JSON object' }],
    });
  });
});
