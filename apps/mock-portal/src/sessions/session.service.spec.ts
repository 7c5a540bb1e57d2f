import { loadConfig } from '@hub/config';
import { mockPortalConfigSpec } from '../mock-portal.config';
import { SessionService } from './session.service';

describe('SessionService', () => {
  const config = loadConfig(mockPortalConfigSpec, {
    MOCK_PORTAL_USERS: 'hanoi-hub:demo-secret,ops:pa:ss',
    MOCK_PORTAL_SESSION_TTL_MS: '1000',
  });
  let now = 0;
  const sessions = (): SessionService => new SessionService(config, () => new Date(now));

  beforeEach(() => {
    now = Date.parse('2026-03-12T01:00:00Z');
  });

  it('opens a session for known credentials only', () => {
    const service = sessions();
    const token = service.login('hanoi-hub', 'demo-secret');
    expect(token).toEqual(expect.any(String));
    expect(service.accountOf(token)).toBe('hanoi-hub');
    expect(service.login('hanoi-hub', 'wrong')).toBeUndefined();
    expect(service.login('nobody', 'demo-secret')).toBeUndefined();
    expect(service.login(42, 'demo-secret')).toBeUndefined();
  });

  it('keeps a colon inside a password', () => {
    expect(sessions().login('ops', 'pa:ss')).toEqual(expect.any(String));
  });

  it('expires a session after the TTL from login', () => {
    const service = sessions();
    const token = service.login('hanoi-hub', 'demo-secret');
    now += 999;
    expect(service.accountOf(token)).toBe('hanoi-hub');
    now += 1;
    expect(service.accountOf(token)).toBeUndefined();
  });

  it('forgets every session on expireAll', () => {
    const service = sessions();
    const token = service.login('hanoi-hub', 'demo-secret');
    service.expireAll();
    expect(service.accountOf(token)).toBeUndefined();
    expect(service.accountOf(undefined)).toBeUndefined();
  });
});
