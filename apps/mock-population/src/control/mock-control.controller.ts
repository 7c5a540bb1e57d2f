import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ProblemException } from '@hub/observability';
import { CitizenStore } from '../citizens/citizen-store.service';
import { type CongDan, congDanPatchSchema } from '../citizens/congdan.wire';
import { type FaultConfig, issuesOf, parseFaultRequest } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import {
  type LookupRecord,
  type PopulationStats,
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
    @Inject(CitizenStore) private readonly citizens: CitizenStore,
  ) {}

  @Post('faults')
  @HttpCode(200)
  setFaults(@Body() body: unknown): FaultConfig {
    const parsed = parseFaultRequest(body);
    if (!parsed.ok)
      throw invalid('INVALID_FAULT_CONFIG', 'Invalid fault configuration', parsed.errors);
    return this.control.configureFaults(parsed.request);
  }

  @Get('faults')
  getFaults(): FaultConfig {
    return this.faults.current();
  }

  @Get('stats')
  stats(): PopulationStats {
    return this.state.stats();
  }

  /** The mock's own audit trail of lookups (IDs masked), newest last. */
  @Get('lookups')
  lookups(): LookupRecord[] {
    return this.state.recent();
  }

  @Get('citizens/:id')
  citizen(@Param('id') personalId: string): CongDan {
    const citizen = this.citizens.find(personalId);
    if (citizen === undefined) throw notFound();
    return citizen;
  }

  /** Partial patch of a record (freshness and mismatch tests); later lookups see it. */
  @Put('citizens/:id')
  overrideCitizen(@Param('id') personalId: string, @Body() body: unknown): CongDan {
    const parsed = congDanPatchSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw invalid('INVALID_OVERRIDE', 'Invalid citizen override', issuesOf(parsed.error.issues));
    }
    const patched = this.control.overrideCitizen(personalId, parsed.data);
    if (patched === undefined) throw notFound();
    return patched;
  }

  @Delete('state')
  @HttpCode(204)
  reset(): void {
    this.control.reset();
  }
}

function invalid(
  code: string,
  title: string,
  errors: { path: string; message: string }[],
): ProblemException {
  return new ProblemException(
    400,
    code,
    title,
    errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  );
}

function notFound(): ProblemException {
  // Never echo the ID: it is personal data.
  return new ProblemException(
    404,
    'CITIZEN_NOT_FOUND',
    'Citizen not found',
    'The mock population database holds no citizen with this ID (see README: which IDs exist)',
  );
}
