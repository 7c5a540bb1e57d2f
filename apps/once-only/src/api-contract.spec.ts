import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import { onceOnlyConfigSpec } from './config';
import { OnceOnlyModule } from './once-only.module';

describe('once-only HTTP API contract (contracts/openapi/once-only.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(onceOnlyConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: '127.0.0.1:1',
      PII_ENCRYPTION_KEY: 'KNxo2nucFREOwaSizzhKE6MujD58yWufNVyUQQTozlA=',
      PII_HASH_KEY: 'BMsz22w7dO1ZKNdlHWp2WHzFDx7PhOGDSDFh4ymITwU=',
      POPULATION_URL: 'http://127.0.0.1:1',
      BUSINESS_URL: 'http://127.0.0.1:1',
      RESULTS_STORE_URL: 'http://127.0.0.1:1',
    });
    const module = OnceOnlyModule.forRoot(config, HubLogger.for('once-only', 'error'));
    expect(await routeCoverageOf(module, 'once-only')).toEqual({
      undocumented: [],
      unimplemented: [],
    });
  });
});
