import { Test } from '@nestjs/testing';
import { NationalAdaptersModule } from './national-adapters.module';
import { PortalAdapter } from './portal/portal-adapter';
import { BusinessAdapter } from './registries/business-adapter';
import { PopulationAdapter } from './registries/population-adapter';
import type { PortalAdapterOptions } from './portal/portal-options';

const options: PortalAdapterOptions = {
  // Never called: these specs only wire the module.
  url: 'http://127.0.0.1:9/dvcqg/api',
  username: 'hanoi-hub',
  password: 'not-used',
  agencyCode: '000.00.01.H26',
};

describe('NationalAdaptersModule', () => {
  it('provides a PortalAdapter built from static options', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [NationalAdaptersModule.forPortal(options)],
    }).compile();
    const adapter = moduleRef.get(PortalAdapter);
    expect(adapter).toBeInstanceOf(PortalAdapter);
    expect(adapter.breakerState()).toBe('closed');
    await moduleRef.close();
  });

  it('builds the options with an injected factory and closes the adapter with the module', async () => {
    const CONFIG = Symbol('CONFIG');
    const moduleRef = await Test.createTestingModule({
      imports: [
        NationalAdaptersModule.forPortalAsync({
          imports: [
            {
              module: class ConfigModule {},
              providers: [{ provide: CONFIG, useValue: { PORTAL_URL: options.url } }],
              exports: [CONFIG],
              global: false,
            },
          ],
          inject: [CONFIG],
          useFactory: (config: { PORTAL_URL: string }) => ({ ...options, url: config.PORTAL_URL }),
        }),
      ],
    }).compile();
    const adapter = moduleRef.get(PortalAdapter);
    const close = jest.spyOn(adapter, 'close');
    await moduleRef.close();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('constructs without Nest', () => {
    const adapter = new PortalAdapter(options);
    expect(adapter.breakerState()).toBe('closed');
    adapter.close();
  });

  it('provides the registry adapters side by side with the portal adapter, closed with the module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        NationalAdaptersModule.forPortal(options),
        NationalAdaptersModule.forPopulation({ baseUrl: 'http://127.0.0.1:9/csdlqgdc/api/v1' }),
        NationalAdaptersModule.forBusinessAsync({
          useFactory: () => ({ baseUrl: 'http://127.0.0.1:9/dkkd/api/v1', timeoutMs: 1000 }),
        }),
      ],
    }).compile();
    const population = moduleRef.get(PopulationAdapter);
    const business = moduleRef.get(BusinessAdapter);
    expect(population).toBeInstanceOf(PopulationAdapter);
    expect(business).toBeInstanceOf(BusinessAdapter);
    expect(moduleRef.get(PortalAdapter)).toBeInstanceOf(PortalAdapter);
    expect(population.breakerState()).toBe('closed');
    const closePopulation = jest.spyOn(population, 'close');
    const closeBusiness = jest.spyOn(business, 'close');
    await moduleRef.close();
    expect(closePopulation).toHaveBeenCalledTimes(1);
    expect(closeBusiness).toHaveBeenCalledTimes(1);
  });
});
