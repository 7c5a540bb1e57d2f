import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import { portalSyncConfigSpec } from './config';
import { PortalSyncModule } from './portal-sync.module';

describe('portal-sync HTTP API contract (contracts/openapi/portal-sync.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(portalSyncConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: '127.0.0.1:1',
      PORTAL_URL: 'http://127.0.0.1:1/dvcqg/api',
      PORTAL_USERNAME: 'unused',
      PORTAL_PASSWORD: 'unused',
      PORTAL_AGENCY_CODE: '000.00.01.H26',
    });
    const module = PortalSyncModule.forRoot(config, HubLogger.for('portal-sync', 'error'));
    expect(await routeCoverageOf(module, 'portal-sync')).toEqual({
      undocumented: [],
      unimplemented: [],
    });
  });
});
