import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ProblemException } from '@hub/observability';
import { EnterpriseStore } from '../enterprises/enterprise-store.service';
import { type EntCert, entCertPatchSchema } from '../enterprises/getentcert.wire';
import { type FaultConfig, issuesOf, parseFaultRequest } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import {
  type BusinessStats,
  type LookupRecord,
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
    @Inject(EnterpriseStore) private readonly enterprises: EnterpriseStore,
  ) {}

  @Post('faults')
  @HttpCode(200)
  setFaults(@Body() body: unknown): FaultConfig {
    const parsed = parseFaultRequest(body);
    if (!parsed.ok) {
      throw invalid('INVALID_FAULT_CONFIG', 'Invalid fault configuration', parsed.errors);
    }
    return this.control.configureFaults(parsed.request);
  }

  @Get('faults')
  getFaults(): FaultConfig {
    return this.faults.current();
  }

  @Get('stats')
  stats(): BusinessStats {
    return this.state.stats();
  }

  /** The mock's own audit trail of lookups, newest last. */
  @Get('lookups')
  lookups(): LookupRecord[] {
    return this.state.recent();
  }

  @Get('enterprises/:msdn')
  enterprise(@Param('msdn') enterpriseCode: string): EntCert {
    const enterprise = this.enterprises.find(enterpriseCode);
    if (enterprise === undefined) throw notFound(enterpriseCode);
    return enterprise;
  }

  /** Partial patch of a record (freshness and mismatch tests); later lookups see it. */
  @Put('enterprises/:msdn')
  overrideEnterprise(@Param('msdn') enterpriseCode: string, @Body() body: unknown): EntCert {
    const parsed = entCertPatchSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw invalid(
        'INVALID_OVERRIDE',
        'Invalid enterprise override',
        issuesOf(parsed.error.issues),
      );
    }
    const patched = this.control.overrideEnterprise(enterpriseCode, parsed.data);
    if (patched === undefined) throw notFound(enterpriseCode);
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

function notFound(enterpriseCode: string): ProblemException {
  return new ProblemException(
    404,
    'ENTERPRISE_NOT_FOUND',
    'Enterprise not found',
    `The mock business registry holds no enterprise ${enterpriseCode.slice(0, 20)} (see README: which codes exist)`,
  );
}
