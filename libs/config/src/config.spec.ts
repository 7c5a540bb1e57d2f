import { z } from 'zod';
import { ConfigError, env, loadConfig, variable } from './config';

describe('loadConfig', () => {
  const spec = {
    PORT: variable(env.port(3000), 'HTTP port'),
    DATABASE_URL: variable(z.string().startsWith('postgres'), 'Postgres URL', { sensitive: true }),
    BROKERS: variable(env.list(), 'Kafka brokers'),
  };

  it('applies defaults and transforms', () => {
    const cfg = loadConfig(spec, { DATABASE_URL: 'postgres://x', BROKERS: 'a:1, b:2' });
    expect(cfg).toEqual({ PORT: 3000, DATABASE_URL: 'postgres://x', BROKERS: ['a:1', 'b:2'] });
  });

  it('names every bad variable at once and never echoes a sensitive value', () => {
    let caught: unknown;
    try {
      loadConfig(spec, { PORT: 'eighty', DATABASE_URL: 'mysql://secret-password' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.problems.map((p) => p.variable)).toEqual(['PORT', 'DATABASE_URL', 'BROKERS']);
    expect(err.message).toContain('got "eighty"');
    expect(err.message).not.toContain('secret-password');
  });
});
