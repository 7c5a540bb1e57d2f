import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  type Type,
} from '@nestjs/common';
import { type FaultConfig, issuesOf, parseFaultRequest } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import { MockKitProblemCode, invalidRequest } from '../mock-kit.problems';
import { MOCK_REGISTRY_OPTIONS, type MockRecordsOptions } from '../mock-registry.options';
import { RecordStore } from '../records/record-store';
import {
  type LookupRecord,
  type RegistryStats,
  RegistryStateService,
} from '../state/registry-state.service';
import { MockControlService } from './mock-control.service';

/** Control and inspection for tests and demos; deliberately outside the registry's protocol. */
@Controller('__mock')
export class MockControlController {
  constructor(
    @Inject(MockControlService) private readonly control: MockControlService,
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(RegistryStateService) private readonly state: RegistryStateService,
  ) {}

  @Post('faults')
  @HttpCode(200)
  setFaults(@Body() body: unknown): FaultConfig {
    const parsed = parseFaultRequest(body);
    if (!parsed.ok) {
      throw invalidRequest(
        MockKitProblemCode.InvalidFaultConfig,
        'Invalid fault configuration',
        parsed.errors,
      );
    }
    return this.control.configureFaults(parsed.request);
  }

  @Get('faults')
  getFaults(): FaultConfig {
    return this.faults.current();
  }

  @Get('stats')
  stats(): RegistryStats {
    return this.state.stats();
  }

  /** The mock's own audit trail of lookups (personal IDs masked), newest last. */
  @Get('lookups')
  lookups(): LookupRecord[] {
    return this.state.recent();
  }

  @Delete('state')
  @HttpCode(204)
  reset(): void {
    this.control.reset();
  }
}

/**
 * `GET` and `PUT /__mock/{segment}/:{param}` for one registry's records. Made per registry because
 * the path is part of each mock's documented control surface and of its HTTP metrics' route label.
 */
export function recordControlController<TRecord, TPatch>(
  records: Pick<MockRecordsOptions<TRecord, TPatch>, 'segment' | 'param'>,
): Type<unknown> {
  const route = `${records.segment}/:${records.param}`;

  @Controller('__mock')
  class RecordControlController {
    constructor(
      @Inject(MockControlService) private readonly control: MockControlService<TRecord, TPatch>,
      @Inject(RecordStore) private readonly store: RecordStore<TRecord, TPatch>,
      @Inject(MOCK_REGISTRY_OPTIONS)
      private readonly options: { records: MockRecordsOptions<TRecord, TPatch> },
    ) {}

    @Get(route)
    find(@Param(records.param) key: string): TRecord {
      const record = this.store.find(key);
      if (record === undefined) throw this.options.records.notFound(key);
      return record;
    }

    /** Partial patch of a record (freshness and mismatch tests); later lookups see it. */
    @Put(route)
    override(@Param(records.param) key: string, @Body() body: unknown): TRecord {
      const parsed = this.options.records.patchSchema.safeParse(body ?? {});
      if (!parsed.success) {
        throw invalidRequest(
          MockKitProblemCode.InvalidOverride,
          this.options.records.invalidOverrideTitle,
          issuesOf(parsed.error.issues),
        );
      }
      const patched = this.control.overrideRecord(key, parsed.data);
      if (patched === undefined) throw this.options.records.notFound(key);
      return patched;
    }
  }

  return RecordControlController;
}
