import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import { relayConfigSpec } from './config';
import { RelayModule } from './relay.module';

describe('relay HTTP API contract (contracts/openapi/relay.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(relayConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    const module = RelayModule.forRoot(config, HubLogger.for('relay', 'error'));
    expect(await routeCoverageOf(module, 'relay')).toEqual({ undocumented: [], unimplemented: [] });
  });
});
