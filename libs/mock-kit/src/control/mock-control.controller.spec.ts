import { Inject, Injectable, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Test, type TestingModule } from '@nestjs/testing';
import { ProblemException } from '@hub/observability';
import { FaultService } from '../faults/fault.service';
import { LookupRecorder } from '../lookups/lookup-recorder';
import { MockKitModule } from '../mock-kit.module';
import { MockKitProblemCode } from '../mock-kit.problems';
import { RecordStore } from '../records/record-store';
import { CLOCK, type Clock } from '../runtime';
import {
  type Licence,
  type LicencePatch,
  capturingLogger,
  licenceCode,
  licenceLookup,
  missingLicenceCode,
  testRegistry,
} from '../test/test-registry.factory';
import { MockControlController } from './mock-control.controller';

interface RecordRoutes {
  find(key: string): Licence;
  override(key: string, body: unknown): Licence;
}

/** What a registry mock's own lookup service injects from the kit. */
@Injectable()
class LookupProbe {
  constructor(
    @Inject(RecordStore) readonly records: RecordStore<Licence, LicencePatch>,
    @Inject(FaultService) readonly faults: FaultService,
    @Inject(LookupRecorder) readonly recorder: LookupRecorder,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}
}

function thrown(fn: () => unknown): ProblemException {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('the /__mock control surface', () => {
  const AT = new Date('2026-03-12T08:30:00Z');
  let moduleRef: TestingModule;
  let control: MockControlController;
  let records: RecordRoutes;
  let recordController: Type<unknown>;
  let probe: LookupProbe;
  let logLines: () => Record<string, unknown>[];

  beforeEach(async () => {
    const { logger, lines } = capturingLogger();
    logLines = lines;
    const kit = MockKitModule.forRegistry(testRegistry(), { logger, clock: () => AT });
    recordController = kit.controllers?.[1] as Type<unknown>;
    moduleRef = await Test.createTestingModule({
      imports: [kit],
      providers: [LookupProbe],
    }).compile();
    control = moduleRef.get(MockControlController);
    records = moduleRef.get<RecordRoutes>(recordController);
    probe = moduleRef.get(LookupProbe);
  });

  afterEach(async () => {
    await moduleRef.close();
  });

  it('exports what a registry lookup needs: records, faults, the recorder, the clock', () => {
    expect(probe.records.find(licenceCode())?.code).toBe(licenceCode());
    expect(probe.faults.decide()).toEqual({ kind: 'pass' });
    expect(probe.clock()).toBe(AT);
    probe.recorder.record(licenceLookup(), 'found');
    expect(control.lookups()).toEqual([expect.objectContaining({ at: AT.toISOString() })]);
  });

  it('replaces the whole fault config, answers it back and logs it', () => {
    expect(control.setFaults({ mode: 'down', unlicensedServiceCodes: ['2.000777'] })).toMatchObject(
      {
        mode: 'down',
        status: 500,
        unlicensedServiceCodes: ['2.000777'],
      },
    );
    expect(control.setFaults({ mode: 'slow' })).toMatchObject({
      mode: 'slow',
      unlicensedServiceCodes: [],
    });
    expect(control.getFaults().mode).toBe('slow');
    expect(logLines()).toContainEqual(
      expect.objectContaining({ msg: 'faults configured', mode: 'down' }),
    );
  });

  it('refuses a bad fault config with a 400 problem naming every field, and keeps the old one', () => {
    control.setFaults({ mode: 'down' });
    const problem = thrown(() => control.setFaults({ mode: 'sideways', colour: 'red' }));
    expect(problem.status).toBe(400);
    expect(problem.code).toBe(MockKitProblemCode.InvalidFaultConfig);
    expect(problem.title).toBe('Invalid fault configuration');
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['colour', 'mode']);
    expect(problem.detail).toContain('colour: is not a known field');
    expect(control.getFaults().mode).toBe('down');
  });

  it('serves and patches records at /__mock/{segment}/:{param}', () => {
    expect(Reflect.getMetadata(PATH_METADATA, recordController)).toBe('__mock');
    const find = Object.getOwnPropertyDescriptor(recordController.prototype, 'find')
      ?.value as object;
    const override = Object.getOwnPropertyDescriptor(recordController.prototype, 'override')
      ?.value as object;
    expect(Reflect.getMetadata(PATH_METADATA, find)).toBe('licences/:code');
    expect(Reflect.getMetadata(METHOD_METADATA, find)).toBe(RequestMethod.GET);
    expect(Reflect.getMetadata(PATH_METADATA, override)).toBe('licences/:code');
    expect(Reflect.getMetadata(METHOD_METADATA, override)).toBe(RequestMethod.PUT);
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, recordController, 'find') as Record<
      string,
      { data: unknown }
    >;
    expect(Object.values(args).map((a) => a.data)).toEqual(['code']);
  });

  it('shows a patch on the record and in the stats; reset drops it', () => {
    expect(records.override(licenceCode(), { status: 'revoked' }).status).toBe('revoked');
    expect(records.find(licenceCode()).status).toBe('revoked');
    expect(control.stats().overrides).toBe(1);
    expect(logLines()).toContainEqual(
      expect.objectContaining({
        msg: 'licence overridden',
        maskedCode: '10****',
        fields: ['status'],
        applied: true,
      }),
    );
    expect(JSON.stringify(logLines())).not.toContain(licenceCode());
    control.reset();
    expect(records.find(licenceCode()).status).toBe('active');
    expect(logLines()).toContainEqual(expect.objectContaining({ msg: 'state reset' }));
  });

  it('refuses a bad patch with a 400 problem in the registry’s words, and keeps nothing', () => {
    const problem = thrown(() => records.override(licenceCode(), { code: '1', status: 'lost' }));
    expect(problem.status).toBe(400);
    expect(problem.code).toBe(MockKitProblemCode.InvalidOverride);
    expect(problem.title).toBe('Invalid licence override');
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['code', 'status']);
    expect(control.stats().overrides).toBe(0);
  });

  it('takes a missing body as an empty patch', () => {
    expect(records.override(licenceCode(), undefined)).toEqual(records.find(licenceCode()));
    expect(records.find(licenceCode()).holder).toBe(`Holder ${licenceCode()}`);
  });

  it('answers the registry’s own 404 for a key nobody holds, and logs the patch as not applied', () => {
    expect(thrown(() => records.find(missingLicenceCode())).code).toBe('LICENCE_NOT_FOUND');
    expect(thrown(() => records.override(missingLicenceCode(), { holder: 'A' })).status).toBe(404);
    expect(logLines()).toContainEqual(
      expect.objectContaining({ msg: 'licence overridden', applied: false }),
    );
  });

  it('resets counters, trail and faults together', () => {
    probe.recorder.record(licenceLookup(), 'not-found');
    control.setFaults({ mode: 'down' });
    control.reset();
    expect(control.stats()).toMatchObject({ lookups: 0, byOutcome: { 'not-found': 0 } });
    expect(control.lookups()).toEqual([]);
    expect(control.getFaults().mode).toBe('up');
  });
});
