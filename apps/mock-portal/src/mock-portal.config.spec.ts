import { ConfigError, loadConfig } from '@hub/config';
import { mockPortalConfigSpec } from './mock-portal.config';

describe('mock portal config', () => {
  it('has working defaults', () => {
    const config = loadConfig(mockPortalConfigSpec, {});
    expect(config.MOCK_PORTAL_PORT).toBe(4001);
    expect(config.MOCK_PORTAL_HOST).toBe('127.0.0.1');
    expect(config.MOCK_PORTAL_SESSION_TTL_MS).toBe(1_800_000);
    expect([...config.MOCK_PORTAL_USERS]).toEqual([['hanoi-hub', 'demo-secret']]);
    // Unset (or empty): the shipped apps/mock-portal/config/catalog.json.
    expect(config.MOCK_PORTAL_CATALOG_FILE).toBeUndefined();
    expect(loadConfig(mockPortalConfigSpec, { MOCK_PORTAL_CATALOG_FILE: '' })).toMatchObject({
      MOCK_PORTAL_CATALOG_FILE: undefined,
    });
    expect(
      loadConfig(mockPortalConfigSpec, { MOCK_PORTAL_CATALOG_FILE: 'my/catalog.json' })
        .MOCK_PORTAL_CATALOG_FILE,
    ).toBe('my/catalog.json');
  });

  it('reports every bad variable without echoing credentials', () => {
    let error: unknown;
    try {
      loadConfig(mockPortalConfigSpec, {
        MOCK_PORTAL_PORT: 'eighty',
        MOCK_PORTAL_USERS: 'no-password-here',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.variable)).toEqual(['MOCK_PORTAL_PORT', 'MOCK_PORTAL_USERS']);
    expect((error as ConfigError).message).not.toContain('no-password-here');
  });
});
